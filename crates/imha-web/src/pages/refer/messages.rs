//! The referral form's problem messages in the page's language.
//!
//! The rules and their English messages belong to the domain ([`referrals::validate`]) and to
//! the question pages; both stay in English (the API returns them, and tests assert them). The
//! web layer shows them in Welsh by recognising each English message by its field and kind:
//! a fixed message per field (`refer-error-<field>`), or a kind of problem with the field's
//! name in it (`refer-error-too-long` with `refer-what-<field>`, and so on). The English of
//! every catalogue message here is exactly the domain's: a message that is not recognised is
//! shown in English, and the tests below fail if any message the public form can produce is
//! not recognised.
//!
//! [`referrals::validate`]: imha_core::referrals::validate

use imha_core::referrals::{MAX_LONG, MAX_NAME, MAX_SHORT};

use crate::i18n::{self, Lang};

/// Fixed messages: (field, message id). The English of the message is the domain's (or the
/// question page's) text for that field.
const FIXED: &[(&str, &str)] = &[
    ("referrer", "refer-error-referrer"),
    ("given_name", "refer-error-given-name"),
    ("family_name", "refer-error-family-name"),
    ("whereabouts", "refer-error-whereabouts"),
    ("hospital_name", "refer-error-hospital-name"),
    ("address", "refer-error-address"),
    ("legal_status", "refer-error-section"),
    ("jurisdiction", "refer-error-country"),
    ("help", "refer-error-help"),
    ("help", "refer-error-help-list"),
    ("help_other", "refer-error-help-other"),
    ("knows_about_referral", "refer-error-knows"),
    ("agrees_to_referral", "refer-error-agrees"),
    ("phone", "refer-error-phone-or-email"),
    ("referrer_name", "refer-error-referrer-name"),
    ("referrer_phone", "refer-error-referrer-contact"),
    ("nhs_number", "refer-error-nhs-digits"),
    ("nhs_number", "refer-error-nhs-check"),
    ("communication", "refer-error-communication"),
    ("interpreter_language", "refer-error-interpreter-language"),
    ("communication_other", "refer-error-communication-other"),
    ("date_of_birth", "refer-error-dob-real"),
    ("date_of_birth", "refer-error-year-digits"),
];

/// Kinds of problem that name the field: "{what} must be today or in the past". (The only
/// date on the public form is the date of birth, whose "must be a real date" is in [`FIXED`].)
const WITH_WHAT: &[&str] = &[
    "refer-error-special",
    "refer-error-date-past",
    "refer-error-date-1900",
    "refer-error-phone-format",
    "refer-error-email-format",
];

/// The date parts, as the question page names them in "must include a day and month".
const PARTS: [&str; 3] = ["day", "month", "year"];

/// A message id and its variables.
type Message = (&'static str, Vec<(&'static str, String)>);

/// How `field`'s English problem `english` is written in the catalogues, with the variables
/// that make the English say exactly that; `None` if it is not recognised.
fn recognise(field: &str, english: &str) -> Option<Message> {
    let en = Lang::En;
    for (f, id) in FIXED {
        if *f == field && en.t(id) == english {
            return Some((id, vec![]));
        }
    }
    let what_id = format!("refer-what-{field}");
    if i18n::has_message(en, &what_id) {
        let what = en.t(&what_id);
        for id in WITH_WHAT {
            if en.t_args(id, &[("what", &what)]) == english {
                return Some((id, vec![("what", what_id)]));
            }
        }
        for max in [MAX_NAME, MAX_SHORT, MAX_LONG, 254] {
            let max = max.to_string();
            if en.t_args("refer-error-too-long", &[("what", &what), ("max", &max)]) == english {
                return Some((
                    "refer-error-too-long",
                    vec![("what", what_id), ("max", max)],
                ));
            }
        }
    }
    if field == "date_of_birth" {
        // "Date of birth must include a day and month" (the missing parts, in order).
        for mask in 1..7u8 {
            let parts: Vec<&str> = (0..3)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| PARTS[i])
                .collect();
            let joined = |lang: Lang| {
                parts
                    .iter()
                    .map(|p| lang.t(&format!("refer-part-{p}")))
                    .collect::<Vec<_>>()
                    .join(&format!(" {} ", lang.t("refer-error-and")))
            };
            if en.t_args("refer-error-dob-missing", &[("parts", &joined(en))]) == english {
                let parts = parts.iter().map(|p| format!("refer-part-{p}")).collect();
                return Some(("refer-error-dob-missing", vec![("parts", join_ids(parts))]));
            }
        }
    }
    None
}

/// Date part ids to be joined with "and" when shown (see [`show`]).
fn join_ids(ids: Vec<String>) -> String {
    format!("parts:{}", ids.join(","))
}

/// A variable's value in `lang`: the variables of [`recognise`] are message ids (the field's
/// name, the date parts) or plain values (a number).
fn value_in(v: &str, lang: Lang) -> String {
    if let Some(ids) = v.strip_prefix("parts:") {
        return ids
            .split(',')
            .map(|id| lang.t(id))
            .collect::<Vec<_>>()
            .join(&format!(" {} ", lang.t("refer-error-and")));
    }
    if v.starts_with("refer-") {
        lang.t(v)
    } else {
        v.to_string()
    }
}

fn show(message: &Message, lang: Lang) -> String {
    let values: Vec<(&str, String)> = message
        .1
        .iter()
        .map(|(k, v)| (*k, value_in(v, lang)))
        .collect();
    let args: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    lang.t_args(message.0, &args)
}

/// `field`'s problem `english` in the language of the request: unchanged in English, and in
/// English too if it is not recognised (the tests make sure that does not happen).
pub fn localise(field: &str, english: &str) -> String {
    let lang = i18n::current();
    if lang == Lang::En {
        return english.to_string();
    }
    match recognise(field, english) {
        Some(m) => show(&m, lang),
        None => {
            tracing::warn!(field, "referral problem message without a translation");
            english.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use imha_core::referrals::{Channel, RawReferral, validate};

    fn today() -> jiff::civil::Date {
        jiff::civil::date(2026, 11, 28)
    }

    /// Every problem the domain reports for a public referral's answers.
    fn domain_problems(raw: &RawReferral) -> Vec<(&'static str, String)> {
        match validate(raw, Channel::PublicForm, today()) {
            Ok(_) => vec![],
            Err(errors) => errors.into_iter().map(|e| (e.field, e.message)).collect(),
        }
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    /// Answers that break every rule the public form can break, a few at a time (each field
    /// reports only its first problem).
    fn broken_referrals() -> Vec<RawReferral> {
        let long = "x".repeat(MAX_LONG + 1);
        let short = "x".repeat(MAX_SHORT + 1);
        let control = "a\u{7}b".to_string();
        vec![
            // Nothing at all.
            RawReferral::default(),
            // Nothing but who.
            RawReferral {
                referrer: s("carer"),
                whereabouts: s("community"),
                ..RawReferral::default()
            },
            RawReferral {
                referrer: s("carer"),
                knows_about_referral: s("yes"),
                whereabouts: s("hospital"),
                help: vec!["nonsense".into()],
                ..RawReferral::default()
            },
            RawReferral {
                referrer: s("self"),
                whereabouts: s("community"),
                help: vec!["other".into()],
                ..RawReferral::default()
            },
            // Too long.
            RawReferral {
                referrer: s("professional"),
                given_name: s(&"x".repeat(MAX_NAME + 1)),
                family_name: s(&"x".repeat(MAX_NAME + 1)),
                hospital_name: s(&short),
                ward: s(&short),
                address: s(&long),
                help_other: s(&long),
                interpreter_language: s(&short),
                communication_other: s(&long),
                risk: s(&long),
                referrer_name: s(&short),
                referrer_role: s(&short),
                referrer_organisation: s(&short),
                phone: s(&short),
                email: s(&"x".repeat(255)),
                referrer_phone: s(&short),
                referrer_email: s(&"x".repeat(255)),
                ..RawReferral::default()
            },
            // Special characters.
            RawReferral {
                referrer: s("professional"),
                given_name: s(&control),
                family_name: s(&control),
                hospital_name: s(&control),
                ward: s(&control),
                address: s("a\u{0}b"),
                help_other: s("a\u{0}b"),
                interpreter_language: s(&control),
                communication_other: s("a\u{0}b"),
                risk: s("a\u{0}b"),
                referrer_name: s(&control),
                referrer_role: s(&control),
                referrer_organisation: s(&control),
                phone: s(&control),
                email: s(&control),
                referrer_phone: s(&control),
                referrer_email: s(&control),
                ..RawReferral::default()
            },
            // Wrong formats and dates.
            RawReferral {
                referrer: s("professional"),
                date_of_birth: s("2030-01-01"),
                nhs_number: s("123"),
                phone: s("call me"),
                email: s("nobody"),
                referrer_phone: s("12"),
                referrer_email: s("a@b"),
                legal_status: s("s999"),
                jurisdiction: s("france"),
                ..RawReferral::default()
            },
            RawReferral {
                date_of_birth: s("1850-01-01"),
                nhs_number: s("9434765918"),
                ..RawReferral::default()
            },
            RawReferral {
                date_of_birth: s("1990-02-30"),
                ..RawReferral::default()
            },
        ]
    }

    #[test]
    fn every_problem_the_public_form_can_report_is_in_welsh() {
        let mut seen = std::collections::BTreeSet::new();
        let mut problems: Vec<(&'static str, String)> = broken_referrals()
            .iter()
            .flat_map(domain_problems)
            .collect();
        // The question pages' own problems.
        problems.extend([
            (
                "legal_status",
                "Select the section or order, or select I'm not sure".into(),
            ),
            ("jurisdiction", "Select England or Wales".into()),
            (
                "communication",
                "Select the help needed to communicate, or select No, none of these".into(),
            ),
            (
                "interpreter_language",
                "Enter the language the interpreter should speak".into(),
            ),
            (
                "communication_other",
                "Describe the help needed to communicate".into(),
            ),
            ("date_of_birth", "Date of birth must include a day".into()),
            (
                "date_of_birth",
                "Date of birth must include a month and year".into(),
            ),
            (
                "date_of_birth",
                "Date of birth must include a day and year".into(),
            ),
            ("date_of_birth", "Date of birth must be a real date".into()),
            ("date_of_birth", "Year must include 4 numbers".into()),
        ]);
        for (field, english) in &problems {
            let m = recognise(field, english)
                .unwrap_or_else(|| panic!("not recognised: {field}: {english}"));
            assert_eq!(&show(&m, Lang::En), english, "the English is the domain's");
            let welsh = i18n::sync_scope(Lang::Cy, || localise(field, english));
            assert_ne!(&welsh, english, "{field}: {english}");
            assert!(!welsh.contains("refer-"), "{welsh}");
            assert_eq!(
                i18n::sync_scope(Lang::En, || localise(field, english)),
                *english
            );
            seen.insert(m.0);
        }
        // Every kind of problem came up at least once.
        for (_, id) in FIXED {
            assert!(seen.contains(id), "{id} never produced");
        }
        for id in WITH_WHAT {
            assert!(seen.contains(id), "{id} never produced");
        }
        assert!(seen.contains("refer-error-too-long"));
        assert!(seen.contains("refer-error-dob-missing"));
    }

    #[test]
    fn welsh_messages_read_as_expected() {
        let cy = |f, m| i18n::sync_scope(Lang::Cy, || localise(f, m));
        assert_eq!(
            cy("referrer", "Select who is making the referral"),
            Lang::Cy.t("refer-error-referrer")
        );
        assert_eq!(
            cy(
                "date_of_birth",
                "Date of birth must include a month and year"
            ),
            "Rhaid i'r dyddiad geni gynnwys mis a blwyddyn"
        );
        assert_eq!(
            cy("given_name", "First name must be 100 characters or fewer"),
            "Enw cyntaf: rhowch 100 nod neu lai"
        );
        // Not recognised: left in English rather than guessed.
        assert_eq!(cy("given_name", "Something new"), "Something new");
    }
}
