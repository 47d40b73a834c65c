# "What are my dates?" (/my-dates: src/pages/rights.rs, templates/pages/my_dates.html). The
# dates are the rights engine's, shown with i18n::long_date; the footnotes cite the Act
# (elig-basis); the engine's own notes come from engine.ftl (src/i18n/engine.rs).

dates-title = What are my dates?
dates-intro = Find out when your section ends, and when you can ask a tribunal to end it. We do not save what you enter.
dates-start-legend = When did it start?
dates-start-hint = The day you were admitted, or the day the order was made. For example, 27 3 2026
dates-show = Show my dates
dates-result-title = Your dates
dates-error-enter = Enter the date it started
dates-error-include = The date it started must include { $parts }
dates-missing-day = a day
dates-missing-month = a month
dates-missing-year = a year
dates-and = and
dates-error-real = The date it started must be a real date
dates-error-year = The year must include 4 numbers
dates-error-future = The date it started must be today or in the past
dates-error-1983 = The date it started must be after 1983
dates-error-status = Select the section or order you are on
dates-window-open = You can apply now, until { $to }.
dates-window-passed = The time to apply was { $from } to { $to }. It has passed.
dates-window-next = Your next chance to apply is from { $from } to { $to }.
dates-window-closed-day = The last day is a day the tribunal office is closed, so an application that arrives on { $date } must still be accepted.
dates-ends-hours = It lasts at most { $hours } hours from when it started. Ask the staff for the exact time.
dates-ends-extended = It would have ended on { $date }, but it has been extended:
dates-first-period = first period
dates-renewal = renewal { $n }
dates-ends-on = { $end } ({ $period }, which started on { $start }). It can be renewed before then.
dates-no-end = There is no fixed end date.
dates-no-end-decides = There is no fixed end date. The hospital or a tribunal decides when it ends.
dates-cannot-apply = You cannot apply to a tribunal while you are on this section.
dates-reference-on = { $who ->
    [hospital] The hospital
   *[secretary-of-state] The Secretary of State for Justice
} must ask a tribunal to look at your case on { $date }, if nobody has applied before then.
dates-reference-asap = { $who ->
    [hospital] The hospital
   *[secretary-of-state] The Secretary of State for Justice
} must ask a tribunal to look at your case as soon as possible after { $date }, if nobody has applied before then.
dates-imha-yes = Yes. You can have an IMHA now.
dates-imha-no = Not on this section. Use "Can I get an IMHA?" to check other ways you might.
dates-key-ends = When it ends
dates-key-tribunal = Applying to a tribunal
dates-key-reference = If you do not apply
dates-key-imha = Can I get an IMHA?
dates-how-heading = How to apply to a tribunal
dates-how-wales = Write to the Mental Health Review Tribunal for Wales. An IMHA or a solicitor can help you. You can get a solicitor for a tribunal free of charge. Legal aid pays, whatever your income or savings.
dates-how-england = Apply to the First-tier Tribunal (Mental Health) on form T110, or write a letter. An IMHA or a solicitor can help you. You can get a solicitor for a tribunal free of charge. Legal aid pays, whatever your income or savings.
dates-warning = Warning
dates-check-them = These dates are worked out from what you told us. Ask the hospital's Mental Health Act office to check them.
dates-notes-for-staff = Notes for advocates and staff
dates-where-from = Where these dates come from
dates-law-note = The law for this, note
dates-check-other = Check other dates
