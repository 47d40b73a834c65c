//! The engine's fixed words, each with a stable identity.
//!
//! Every note ([`Warning::Note`]), uncertain rule ([`Warning::Uncertain`]), month-end date
//! label ([`Warning::MonthEnd`]'s `what`) and extension reason ([`Extension::reason`]) the
//! engine can give is a [`Text`] constant here, listed in its module's `ALL`. The engine can
//! only push warnings made from these constants ([`Text`] has no public constructor), so the
//! lists are complete: a caller that shows the engine's words in another language can check
//! that it has a translation for every one (imha-web's tests do, for Welsh).
//!
//! The English is what the engine has always said: [`Output`] still carries `&'static str`
//! (the constant's [`Text::en`]), and [`Warning`]'s `Display` is unchanged.
//!
//! [`Warning::Note`]: crate::output::Warning::Note
//! [`Warning::Uncertain`]: crate::output::Warning::Uncertain
//! [`Warning::MonthEnd`]: crate::output::Warning::MonthEnd
//! [`Warning`]: crate::output::Warning
//! [`Extension::reason`]: crate::output::Extension::reason
//! [`Output`]: crate::output::Output

/// A fixed English text of the engine with its stable id (lower-case words and digits joined
/// by hyphens, unique within its list).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Text {
    id: &'static str,
    en: &'static str,
}

impl Text {
    /// The stable id, e.g. `dob-not-given-s68-6`.
    pub const fn id(self) -> &'static str {
        self.id
    }

    /// The English text, exactly as the engine gives it.
    pub const fn en(self) -> &'static str {
        self.en
    }
}

/// The [`Text`] in `all` whose English is `en` (how a `&'static str` in an [`Output`] is
/// recognised).
///
/// [`Output`]: crate::output::Output
pub fn find(all: &[Text], en: &str) -> Option<Text> {
    all.iter().copied().find(|t| t.en == en)
}

/// Defines each text as a constant and lists them all in `ALL`, so the two cannot differ.
macro_rules! texts {
    ($($(#[$doc:meta])* $name:ident $id:literal = $en:expr;)*) => {
        $($(#[$doc])* pub const $name: super::Text = super::Text { id: $id, en: $en };)*
        /// Every text of this kind, in the order defined.
        pub const ALL: &[super::Text] = &[$($name),*];
    };
}

/// Notes: facts the engine lacked, or consequences the user should know ([`Warning::Note`]).
///
/// [`Warning::Note`]: crate::output::Warning::Note
pub mod notes {
    texts! {
        HOURS_WITHOUT_TIME "hours-without-time" =
            "No time was given for the start of a status measured in hours: the hours are \
             counted from 00:00 that day, so give the time.";
        S2_EXTENDED_PENDING "s2-extended-pending" =
            "The s2 is extended while the application to displace the nearest relative is \
             pending in the county court (s29(4)): it has no fixed end until the application is \
             disposed of, plus 7 days if an order is made.";
        MHA2025_S29_PERIODS "mha2025-s29-periods" =
            "MHA 2025 s29 detention periods (3, 3, 6, then 12 months) are applied because they \
             are configured as commenced; the transitional provisions were not read.";
        S58A_NO_DATE_OF_BIRTH "s58a-no-date-of-birth" =
            "s58A treatment is being discussed but date_of_birth was not given: a patient \
             qualifies by that route only if under 18 (s130C(3)(b)).";
        MHA2025_SCH3 "mha2025-sch3" =
            "MHA 2025 Sch 3 (s130CA, s130DA) is applied because it is configured as commenced: \
             the copy of the information goes to the nominated person.";
        LAST_STATUS_ENDED "last-status-ended" =
            "The last status in the history had ended (its end date) before as_of.";
        LAST_STATUS_LAPSED "last-status-lapsed" =
            "The last status in the history had come to the end of its authority before as_of, \
             and no later status is recorded.";
        S68_6_NO_DATE_OF_BIRTH "s68-6-no-date-of-birth" =
            "date_of_birth not given: the s68(6) reference uses the 3-year period; it is 1 year \
             for a patient under 18.";
        NO_HEARING_S68_6_EPISODE "no-hearing-s68-6-episode" =
            "No tribunal hearing is recorded: the s68(6) period is counted from the start of the \
             episode.";
        CTO_FIRST_IN_HISTORY "cto-first-in-history" =
            "The history starts with a CTO, so the s68 applicable day (the s3 or earlier s2 \
             admission) is unknown: only the 3-year reference is given.";
        HEARING_TAKEN_AS_EXERCISED "hearing-taken-as-exercised" =
            "A tribunal hearing in the s68 six-month period is taken to mean that a right was \
             exercised or a reference made; record tribunal_applications to be exact.";
        NO_HEARING_SINCE_APPLICABLE_DAY "no-hearing-since-applicable-day" =
            "No tribunal hearing is recorded since the s68 applicable day: the s68(6) period is \
             counted from the six-month reference or the application instead.";
        MHA2025_S31_REFERENCES "mha2025-s31-references" =
            "The MHA 2025 s31 reference regime is applied because it is configured as commenced; \
             the transitional provisions were not read.";
        NO_HEARING_S71_2 "no-hearing-s71-2" =
            "No tribunal hearing is recorded: the s71(2) period is counted from the start of the \
             order or direction.";
        DOL_CONDITIONS_NOT_IN_FORCE "dol-conditions-not-in-force" =
            "Conditions amounting to a deprivation of liberty are recorded, but the MHA 2025 s75 \
             provisions are not in force on as_of: the s75(2) windows are used.";
        BARRING_NOT_TOLD_DAY "barring-not-told-day" =
            "The day the nearest relative was told of the barring report was not given: the \
             window is counted from the report day.";
        BARRING_ON_S2 "barring-on-s2" =
            "A barring report on an s2 patient gives the nearest relative no tribunal right \
             (s66(1)(g) covers only s3 and CTO patients).";
    }
}

/// Rules law.md marks M or L, with their citation ([`Warning::Uncertain`]).
///
/// [`Warning::Uncertain`]: crate::output::Warning::Uncertain
pub mod rules {
    texts! {
        S136B_EXTENSION "s136b-extension" =
            "MHA 1983 s136B: the extension of up to 12 hours (s136B was not read; legal \
             reference §5.2).";
        S4_CONVERTED_28_DAYS "s4-converted-28-days" =
            "MHA 1983 s4(4), s2(4): a converted s4 continues as s2, with the 28 days counted \
             from the day of admission under s4 (legal reference §5.2).";
        S29_4_FURTHER_7_DAYS "s29-4-further-7-days" =
            "MHA 1983 s29(4): the further 7 days after an order is made are counted as the 7 \
             days after the day of disposal.";
        CTO_PERIODS "cto-periods" =
            "MHA 1983 s20A: CTO periods of 6, 6, then 12 months (s17A-s17G and s20A were not \
             read in the reference text; legal reference §5.2).";
        PART3_S20_CYCLE "part3-s20-cycle" =
            "MHA 1983 s40(4), Sch 1 Pt 1: Part 3 orders and directions run in the s20 cycle \
             (the Schedule's detail is M in legal reference §5.2).";
        CTO_REVOKED_FRESH_PERIOD "cto-revoked-fresh-period" =
            "MHA 1983 s17G(5): after a CTO is revoked a fresh 6-month period begins with the day \
             of revocation (legal reference §5.2).";
        RENEWAL_COUNTING "renewal-counting" =
            "MHA 1983 s20(2): each renewal is counted from the day after the previous expiry \
             (legal reference §5.1); some offices anchor every expiry to the original day.";
        S58A_GENERAL_KNOWLEDGE "s58a-general-knowledge" =
            "MHA 1983 s58A: the certificate rules for ECT come from general knowledge (the \
             section was not in the text read; legal reference §8).";
        S58_THREE_MONTHS "s58-three-months" =
            "MHA 1983 s58(1)(b): the certificate is taken as needed from the corresponding date \
             three months after the first medicine (conservative); a strict Dodds count gives \
             the day after (legal reference §8).";
        S130C_4_PROPOSED_TREATMENT "s130c-4-proposed-treatment" =
            "MHA 1983 s130C(4): a patient told that s57/s58A treatment is proposed stays \
             qualifying until the proposal is withdrawn or the treatment is completed or \
             discontinued (legal reference §1.1).";
        S130C_3_DISCUSSION "s130c-3-discussion" =
            "MHA 1983 s130C(3), s130D(2)(e): qualification through a s57/s58A discussion and the \
             duty of the clinician who first discusses it (legal reference §1.1, §2.1: source \
             text cut off).";
        S4_CONVERTED_QUALIFIES "s4-converted-qualifies" =
            "MHA 1983 s130C(2)(a) with s4(4): a converted s4 patient is taken to qualify from \
             the time the managers receive the second medical recommendation (legal reference \
             §1.2).";
        S37_GUARDIANSHIP_COPY "s37-guardianship-copy" =
            "MHA 1983 s130D(5): a s37 guardianship patient is not liable to be detained under \
             Part 3, so the nearest relative is taken to get a copy.";
        S44_CPIA_LIABLE "s44-cpia-liable" =
            "MHA 1983 s130C(2)(a): s44 and CP(I)A 1964 patients are taken to be liable to be \
             detained under the Act (legal reference §1.1).";
        WALES_S135_S136_EXCLUDED "wales-s135-s136-excluded" =
            "MHA 1983 s130I(2): s135 and s136 patients are believed to be excluded in Wales as \
             in England; the text of s130I(2) was not retrieved (verify).";
        WALES_S5_QUALIFIES "wales-s5-qualifies" =
            "MHA 1983 s130I(2): s5(2) and s5(4) patients are taken to qualify in Wales (SI \
             2011/2501 reg 6 confirms s4; s5 is M in legal reference §1.3).";
        WALES_DUTY_MIRRORS "wales-duty-mirrors" =
            "MHA 1983 s130K: the Welsh duty to inform mirrors s130D, including the copy to the \
             nearest relative (legal reference §2.2).";
        S68_6_UNDER_18_AGE "s68-6-under-18-age" =
            "MHA 1983 s68(6): the under-18 one-year period is applied by the patient's age on \
             the day the duty would fall due (legal reference §7).";
        PART3_UNRESTRICTED_S68 "part3-unrestricted-s68" =
            "MHA 1983 s68, Sch 1 Pt 1 para 10: for Part 3 unrestricted patients only the 3-year \
             (under-18: 1-year) reference applies (legal reference §7).";
        S75_1_A_ONE_MONTH "s75-1-a-one-month" =
            "MHA 1983 s75(1)(a): \"within one month of the day\" of return is taken as the \
             corresponding date a month later (Dodds v Walker; legal reference §5.1).";
        S4_CONVERTED_WINDOW "s4-converted-window" =
            "MHA 1983 s66(1)(a) with s4(1): a converted s4 patient's s2 window is counted from \
             the day of admission under s4 (legal reference §6).";
        MODARESI "modaresi" =
            "R (Modaresi) v SSH [2011] EWCA Civ 1359: the s2 window extends to the next day the \
             tribunal office is open (known from a secondary summary).";
        S69_2_A_RESTRICTION_ENDS "s69-2-a-restriction-ends" =
            "MHA 1983 s69(2)(a): a patient treated as under a hospital order when a restriction \
             ends is taken to have a window in the first 6 months (not in the legal reference; \
             verify).";
        S37_NO_FIRST_6_MONTHS "s37-no-first-6-months" =
            "MHA 1983 s40(4), Sch 1 Pt 1 para 9: no s37 application in the first 6 months; the \
             first right comes with the first renewal (Sch 1 detail M).";
        S47_S48_WINDOWS "s47-s48-windows" =
            "MHA 1983 s69(2)(b): a s47 or s48 patient may apply within 6 months of the \
             direction, then once in each renewal period (legal reference §6).";
        RESTRICTED_TRANSFER_FIRST_6_MONTHS "restricted-transfer-first-6-months" =
            "MHA 1983 s69(2)(b): a restricted transfer patient may also apply within the first \
             6 months of the direction (legal reference §6).";
        CPIA_AS_S37_41 "cpia-as-s37-41" =
            "CP(I)A 1964: treated as a hospital order with a restriction order (s37/41); if the \
             court made no restriction order, record s37 instead (legal reference §10).";
        S45A_NO_FIRST_6_MONTHS "s45a-no-first-6-months" =
            "MHA 1983 s70, s69(2): a s45A patient has no right in the first 6 months (patients \
             sentenced before 3 Nov 2008 keep the old right; legal reference §6).";
        S44_NO_RIGHT "s44-no-right" =
            "MHA 1983 s44: no patient tribunal right is given for s44 in the legal reference \
             (the Crown Court decides the case); verify.";
        NR_S47_S48_AS_S37 "nr-s47-s48-as-s37" =
            "MHA 1983 s69(1)(a) with s55(4): the nearest relative of a s47 or s48 patient may \
             apply in the same periods as for s37 (legal reference §6).";
    }
}

/// The dates a month-end warning can name ([`Warning::MonthEnd`]'s `what`).
///
/// [`Warning::MonthEnd`]: crate::output::Warning::MonthEnd
pub mod dates {
    texts! {
        INTERIM_ORDER_MAXIMUM "interim-order-maximum" =
            "maximum end of the interim hospital order";
        STATUS_START "status-start" = "start of the status";
        PERIOD_START "period-start" = "start of the current period";
        PERIOD_END "period-end" = "end of the current period";
        S58_CERTIFICATE "s58-certificate" = "s58 certificate date";
        S68_6_REFERENCE "s68-6-reference" = "s68(6) reference due";
        S68_SIX_MONTH_END "s68-six-month-end" = "s68 six-month period end";
        S68_REFERENCE "s68-reference" = "s68 reference due";
        S75_1_A_REFERENCE "s75-1-a-reference" = "s75(1)(a) reference due";
        S71_2_REFERENCE "s71-2-reference" = "s71(2) reference due";
        S75_REFERENCE "s75-reference" = "s75 reference due";
        WINDOW_START "window-start" = "tribunal window start";
        WINDOW_END "window-end" = "tribunal window end";
    }
}

/// Why an authority runs past its nominal end ([`Extension::reason`]).
///
/// [`Extension::reason`]: crate::output::Extension::reason
pub mod reasons {
    texts! {
        NR_DISPLACEMENT_PENDING "nr-displacement-pending" =
            "an application to displace the nearest relative on ground (c) or (d) was made \
             while the s2 ran";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_texts_are_unique_and_well_formed() {
        for all in [notes::ALL, rules::ALL, dates::ALL, reasons::ALL] {
            for (i, t) in all.iter().enumerate() {
                assert!(
                    !t.id.is_empty()
                        && t.id
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                    "{}",
                    t.id
                );
                assert!(!t.en.is_empty() && t.en.trim() == t.en, "{}", t.id);
                for u in &all[i + 1..] {
                    assert_ne!(t.id, u.id);
                    assert_ne!(t.en, u.en, "{} and {}", t.id, u.id);
                }
                assert_eq!(find(all, t.en), Some(*t));
            }
        }
        assert_eq!(find(notes::ALL, "no such note"), None);
    }
}
