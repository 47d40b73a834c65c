# The rights engine's own words (imha_law::text and imha_law::Warning), as shown on the public
# pages (/eligibility, /my-dates) and in the rights letter: src/i18n/engine.rs. The English here
# must be exactly the engine's (a test compares them), so English pages are unchanged; the
# point of this file is the Welsh one beside it. Ids are engine-{note,rule,date,reason}-{the
# text's id in imha_law::text}. Legal citations stay as the engine writes them.

# Warnings made from parts (imha_law::Warning's Display).
engine-month-end = The { $what } ({ $date }) falls on day 28 or later of a month, or on 1 March, where the counting methods used in practice differ by one to three days: ask the MHA office to confirm it.
engine-uncertain = Uncertain rule (confidence { $confidence }): { $rule }
engine-confidence-medium = M
engine-confidence-low = L
engine-closed-day = The window's last day { $date } is a day the tribunal office is closed: an application received on { $next } must be accepted (R (Modaresi) v SSH [2011] EWCA Civ 1359).
engine-holidays-not-covered = Bank holidays for { $year } are not in imha's list: only weekends were checked for the tribunal office being closed.
engine-clock-change = The clocks change between GMT and BST during this period: { $time } is counted on the clock, so the elapsed time differs by one hour; check the exact expiry.
engine-medication-before-period = first_medication { $first } is before the current period of liability to detention began ({ $start }): the s58 three months run from the first medicine given in this period, so give that date.

# Notes (imha_law::text::notes).
engine-note-hours-without-time = No time was given for the start of a status measured in hours: the hours are counted from 00:00 that day, so give the time.
engine-note-s2-extended-pending = The s2 is extended while the application to displace the nearest relative is pending in the county court (s29(4)): it has no fixed end until the application is disposed of, plus 7 days if an order is made.
engine-note-mha2025-s29-periods = MHA 2025 s29 detention periods (3, 3, 6, then 12 months) are applied because they are configured as commenced; the transitional provisions were not read.
engine-note-s58a-no-date-of-birth = s58A treatment is being discussed but date_of_birth was not given: a patient qualifies by that route only if under 18 (s130C(3)(b)).
engine-note-mha2025-sch3 = MHA 2025 Sch 3 (s130CA, s130DA) is applied because it is configured as commenced: the copy of the information goes to the nominated person.
engine-note-last-status-ended = The last status in the history had ended (its end date) before as_of.
engine-note-last-status-lapsed = The last status in the history had come to the end of its authority before as_of, and no later status is recorded.
engine-note-s68-6-no-date-of-birth = date_of_birth not given: the s68(6) reference uses the 3-year period; it is 1 year for a patient under 18.
engine-note-no-hearing-s68-6-episode = No tribunal hearing is recorded: the s68(6) period is counted from the start of the episode.
engine-note-cto-first-in-history = The history starts with a CTO, so the s68 applicable day (the s3 or earlier s2 admission) is unknown: only the 3-year reference is given.
engine-note-hearing-taken-as-exercised = A tribunal hearing in the s68 six-month period is taken to mean that a right was exercised or a reference made; record tribunal_applications to be exact.
engine-note-no-hearing-since-applicable-day = No tribunal hearing is recorded since the s68 applicable day: the s68(6) period is counted from the six-month reference or the application instead.
engine-note-mha2025-s31-references = The MHA 2025 s31 reference regime is applied because it is configured as commenced; the transitional provisions were not read.
engine-note-no-hearing-s71-2 = No tribunal hearing is recorded: the s71(2) period is counted from the start of the order or direction.
engine-note-dol-conditions-not-in-force = Conditions amounting to a deprivation of liberty are recorded, but the MHA 2025 s75 provisions are not in force on as_of: the s75(2) windows are used.
engine-note-barring-not-told-day = The day the nearest relative was told of the barring report was not given: the window is counted from the report day.
engine-note-barring-on-s2 = A barring report on an s2 patient gives the nearest relative no tribunal right (s66(1)(g) covers only s3 and CTO patients).

# Uncertain rules (imha_law::text::rules).
engine-rule-s136b-extension = MHA 1983 s136B: the extension of up to 12 hours (s136B was not read; legal reference §5.2).
engine-rule-s4-converted-28-days = MHA 1983 s4(4), s2(4): a converted s4 continues as s2, with the 28 days counted from the day of admission under s4 (legal reference §5.2).
engine-rule-s29-4-further-7-days = MHA 1983 s29(4): the further 7 days after an order is made are counted as the 7 days after the day of disposal.
engine-rule-cto-periods = MHA 1983 s20A: CTO periods of 6, 6, then 12 months (s17A-s17G and s20A were not read in the reference text; legal reference §5.2).
engine-rule-part3-s20-cycle = MHA 1983 s40(4), Sch 1 Pt 1: Part 3 orders and directions run in the s20 cycle (the Schedule's detail is M in legal reference §5.2).
engine-rule-cto-revoked-fresh-period = MHA 1983 s17G(5): after a CTO is revoked a fresh 6-month period begins with the day of revocation (legal reference §5.2).
engine-rule-renewal-counting = MHA 1983 s20(2): each renewal is counted from the day after the previous expiry (legal reference §5.1); some offices anchor every expiry to the original day.
engine-rule-s58a-general-knowledge = MHA 1983 s58A: the certificate rules for ECT come from general knowledge (the section was not in the text read; legal reference §8).
engine-rule-s58-three-months = MHA 1983 s58(1)(b): the certificate is taken as needed from the corresponding date three months after the first medicine (conservative); a strict Dodds count gives the day after (legal reference §8).
engine-rule-s130c-4-proposed-treatment = MHA 1983 s130C(4): a patient told that s57/s58A treatment is proposed stays qualifying until the proposal is withdrawn or the treatment is completed or discontinued (legal reference §1.1).
engine-rule-s130c-3-discussion = MHA 1983 s130C(3), s130D(2)(e): qualification through a s57/s58A discussion and the duty of the clinician who first discusses it (legal reference §1.1, §2.1: source text cut off).
engine-rule-s4-converted-qualifies = MHA 1983 s130C(2)(a) with s4(4): a converted s4 patient is taken to qualify from the time the managers receive the second medical recommendation (legal reference §1.2).
engine-rule-s37-guardianship-copy = MHA 1983 s130D(5): a s37 guardianship patient is not liable to be detained under Part 3, so the nearest relative is taken to get a copy.
engine-rule-s44-cpia-liable = MHA 1983 s130C(2)(a): s44 and CP(I)A 1964 patients are taken to be liable to be detained under the Act (legal reference §1.1).
engine-rule-wales-s135-s136-excluded = MHA 1983 s130I(2): s135 and s136 patients are believed to be excluded in Wales as in England; the text of s130I(2) was not retrieved (verify).
engine-rule-wales-s5-qualifies = MHA 1983 s130I(2): s5(2) and s5(4) patients are taken to qualify in Wales (SI 2011/2501 reg 6 confirms s4; s5 is M in legal reference §1.3).
engine-rule-wales-duty-mirrors = MHA 1983 s130K: the Welsh duty to inform mirrors s130D, including the copy to the nearest relative (legal reference §2.2).
engine-rule-s68-6-under-18-age = MHA 1983 s68(6): the under-18 one-year period is applied by the patient's age on the day the duty would fall due (legal reference §7).
engine-rule-part3-unrestricted-s68 = MHA 1983 s68, Sch 1 Pt 1 para 10: for Part 3 unrestricted patients only the 3-year (under-18: 1-year) reference applies (legal reference §7).
engine-rule-s75-1-a-one-month = MHA 1983 s75(1)(a): "within one month of the day" of return is taken as the corresponding date a month later (Dodds v Walker; legal reference §5.1).
engine-rule-s4-converted-window = MHA 1983 s66(1)(a) with s4(1): a converted s4 patient's s2 window is counted from the day of admission under s4 (legal reference §6).
engine-rule-modaresi = R (Modaresi) v SSH [2011] EWCA Civ 1359: the s2 window extends to the next day the tribunal office is open (known from a secondary summary).
engine-rule-s69-2-a-restriction-ends = MHA 1983 s69(2)(a): a patient treated as under a hospital order when a restriction ends is taken to have a window in the first 6 months (not in the legal reference; verify).
engine-rule-s37-no-first-6-months = MHA 1983 s40(4), Sch 1 Pt 1 para 9: no s37 application in the first 6 months; the first right comes with the first renewal (Sch 1 detail M).
engine-rule-s47-s48-windows = MHA 1983 s69(2)(b): a s47 or s48 patient may apply within 6 months of the direction, then once in each renewal period (legal reference §6).
engine-rule-restricted-transfer-first-6-months = MHA 1983 s69(2)(b): a restricted transfer patient may also apply within the first 6 months of the direction (legal reference §6).
engine-rule-cpia-as-s37-41 = CP(I)A 1964: treated as a hospital order with a restriction order (s37/41); if the court made no restriction order, record s37 instead (legal reference §10).
engine-rule-s45a-no-first-6-months = MHA 1983 s70, s69(2): a s45A patient has no right in the first 6 months (patients sentenced before 3 Nov 2008 keep the old right; legal reference §6).
engine-rule-s44-no-right = MHA 1983 s44: no patient tribunal right is given for s44 in the legal reference (the Crown Court decides the case); verify.
engine-rule-nr-s47-s48-as-s37 = MHA 1983 s69(1)(a) with s55(4): the nearest relative of a s47 or s48 patient may apply in the same periods as for s37 (legal reference §6).

# Dates a month-end warning names (imha_law::text::dates), read after "The".
engine-date-interim-order-maximum = maximum end of the interim hospital order
engine-date-status-start = start of the status
engine-date-period-start = start of the current period
engine-date-period-end = end of the current period
engine-date-s58-certificate = s58 certificate date
engine-date-s68-6-reference = s68(6) reference due
engine-date-s68-six-month-end = s68 six-month period end
engine-date-s68-reference = s68 reference due
engine-date-s75-1-a-reference = s75(1)(a) reference due
engine-date-s71-2-reference = s71(2) reference due
engine-date-s75-reference = s75 reference due
engine-date-window-start = tribunal window start
engine-date-window-end = tribunal window end

# Why a period runs past its nominal end (imha_law::text::reasons).
engine-reason-nr-displacement-pending = an application to displace the nearest relative on ground (c) or (d) was made while the s2 ran
