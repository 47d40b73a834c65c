//! The legal statuses in the words patients use: the question lists on the public pages.

use imha_law::Status;

/// A status as a patient would recognise it: the section number, and what it means.
pub struct PlainStatus {
    pub status: Status,
    pub label: &'static str,
    pub hint: &'static str,
    /// The longest it can last, in plain words, for statuses measured in hours.
    pub hours: Option<&'static str>,
}

/// Every status in contracts.md section 1, most common first.
pub const PLAIN_STATUSES: &[PlainStatus] = &[
    p(
        Status::S2,
        "Section 2",
        "Kept in hospital for an assessment, for up to 28 days",
    ),
    p(
        Status::S3,
        "Section 3",
        "Kept in hospital for treatment, for 6 months at first",
    ),
    p(
        Status::Cto,
        "Community treatment order (CTO)",
        "Living in the community with conditions, after being on a section",
    ),
    h(
        Status::S4,
        "Section 4",
        "Emergency admission to hospital",
        "72 hours",
    ),
    h(
        Status::S5_2,
        "Section 5(2)",
        "Held on the ward by a doctor",
        "72 hours",
    ),
    h(
        Status::S5_4,
        "Section 5(4)",
        "Held on the ward by a nurse",
        "6 hours",
    ),
    h(
        Status::S136,
        "Section 136",
        "Taken to a place of safety by the police",
        "24 hours (36 if a doctor extends it)",
    ),
    h(
        Status::S135,
        "Section 135",
        "Taken from a home to a place of safety under a warrant",
        "24 hours (36 if a doctor extends it)",
    ),
    p(Status::S37, "Section 37", "Hospital order from a court"),
    p(
        Status::S37_41,
        "Section 37/41",
        "Hospital order from a court, with restrictions",
    ),
    p(
        Status::S35,
        "Section 35",
        "Sent to hospital by a court for a report",
    ),
    p(
        Status::S36,
        "Section 36",
        "Sent to hospital by a court for treatment before sentence",
    ),
    p(
        Status::S38,
        "Section 38",
        "Interim hospital order from a court",
    ),
    p(
        Status::S44,
        "Section 44",
        "Sent to hospital by a magistrates' court until the Crown Court decides",
    ),
    p(
        Status::S45a,
        "Section 45A",
        "Hospital direction and limitation direction from a court",
    ),
    p(
        Status::S47,
        "Section 47",
        "Moved from prison to hospital while serving a sentence",
    ),
    p(
        Status::S47_49,
        "Section 47/49",
        "Moved from prison to hospital while serving a sentence, with restrictions",
    ),
    p(
        Status::S48,
        "Section 48",
        "Moved to hospital from prison or immigration detention before sentence",
    ),
    p(
        Status::S48_49,
        "Section 48/49",
        "Moved to hospital before sentence, with restrictions",
    ),
    p(
        Status::Cpia,
        "Criminal Procedure (Insanity) Act",
        "Found unfit to plead, or not guilty by reason of insanity",
    ),
    p(
        Status::S7,
        "Guardianship (section 7)",
        "A guardian, usually the council, can make some decisions for you",
    ),
    p(
        Status::S37Guardianship,
        "Guardianship order (section 37)",
        "A court made a guardianship order",
    ),
    p(
        Status::ConditionalDischarge,
        "Conditional discharge",
        "Left hospital after a restricted order, with conditions",
    ),
    p(
        Status::Informal,
        "Informal or voluntary patient",
        "In hospital for your mental health without being on a section",
    ),
];

const fn p(status: Status, label: &'static str, hint: &'static str) -> PlainStatus {
    PlainStatus {
        status,
        label,
        hint,
        hours: None,
    }
}

const fn h(
    status: Status,
    label: &'static str,
    hint: &'static str,
    hours: &'static str,
) -> PlainStatus {
    PlainStatus {
        status,
        label,
        hint,
        hours: Some(hours),
    }
}

/// The plain description of a status.
pub fn plain(status: Status) -> Option<&'static PlainStatus> {
    PLAIN_STATUSES.iter().find(|s| s.status == status)
}

/// The status's label in `lang` (message `status-{id}`; English is [`PlainStatus::label`]).
pub fn label(s: &PlainStatus, lang: crate::i18n::Lang) -> String {
    lang.t(&format!("status-{}", s.status.id()))
}

/// The status's hint in `lang` (message `status-{id}-hint`).
pub fn hint(s: &PlainStatus, lang: crate::i18n::Lang) -> String {
    lang.t(&format!("status-{}-hint", s.status.id()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_catalogues_hold_every_status_and_the_english_matches() {
        for s in PLAIN_STATUSES {
            assert_eq!(label(s, Lang::En), s.label);
            assert_eq!(hint(s, Lang::En), s.hint);
            for id in [
                format!("status-{}", s.status.id()),
                format!("status-{}-hint", s.status.id()),
            ] {
                assert!(crate::i18n::has_message(Lang::Cy, &id), "cy lacks {id}");
            }
        }
    }
}
