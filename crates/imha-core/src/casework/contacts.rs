//! Contacts: each visit, call or meeting on a case, with when it happened, the time spent, how,
//! with whom, the issue it was about and a short note. Notes are personal data: they are never
//! logged or put in the audit trail, and are shown only on the (audited) case page.

use jiff::Timestamp;

use super::{CaseError, Worker, open_case_in_tx, time, words};
use crate::audit::{self, Action};
use crate::db::{Database, StorageError, Tx};
use crate::referrals::{FieldError, MAX_LONG, code_enum};
use crate::{on_pool, on_tx};

/// The longest contact: a day.
pub const MAX_MINUTES: i64 = 24 * 60;

code_enum! {
    /// How the contact happened.
    ContactMode {
        FaceToFace => "face-to-face", "Face to face";
        Phone => "phone", "Phone";
        Video => "video", "Video call";
        Letter => "letter", "Letter";
        Email => "email", "Email or message";
    }
}

code_enum! {
    /// Who the advocate was in contact with (one or more).
    WithWhom {
        Patient => "patient", "The patient";
        NearestRelative => "nearest-relative", "Nearest relative";
        Carer => "carer", "Family or carer";
        ResponsibleClinician => "responsible-clinician", "Responsible clinician";
        Nurse => "nurse", "Nurse or ward staff";
        SocialWorker => "social-worker", "Social worker or care coordinator";
        Solicitor => "solicitor", "Solicitor";
        HospitalManagers => "hospital-managers", "Hospital managers";
        Other => "other", "Someone else";
    }
}

/// One contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub id: String,
    pub case_id: String,
    pub happened_at: Timestamp,
    pub minutes: i64,
    pub mode: ContactMode,
    pub with_whom: Vec<WithWhom>,
    pub issue_id: Option<String>,
    pub note: Option<String>,
    pub recorded_by_name: Option<String>,
    pub recorded_at: Timestamp,
}

impl Contact {
    /// "The patient, Nurse or ward staff".
    pub fn with_whom_text(&self) -> String {
        self.with_whom
            .iter()
            .map(|w| w.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// "1 hour 30 minutes", "45 minutes", "2 hours".
pub fn duration_text(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let hours = match h {
        0 => String::new(),
        1 => "1 hour".to_string(),
        h => format!("{h} hours"),
    };
    let mins = match m {
        0 => String::new(),
        1 => "1 minute".to_string(),
        m => format!("{m} minutes"),
    };
    match (hours.is_empty(), mins.is_empty()) {
        (true, true) => "0 minutes".to_string(),
        (false, true) => hours,
        (true, false) => mins,
        (false, false) => format!("{hours} {mins}"),
    }
}

type ContactRow = (
    String,
    String,
    String,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// A case's contacts, oldest first.
pub async fn for_case(db: &Database, case_id: &str) -> Result<Vec<Contact>, StorageError> {
    let sql = "SELECT k.id, k.case_id, k.happened_at, k.minutes, k.mode, k.with_whom, \
               k.issue_id, k.note, u.name, k.recorded_at FROM case_contacts k \
               LEFT JOIN users u ON u.id = k.recorded_by \
               WHERE k.case_id = $1 ORDER BY k.happened_at, k.id";
    let rows: Vec<ContactRow> =
        on_pool!(db, p => sqlx::query_as(sql).bind(case_id).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Contact {
                id: r.0,
                case_id: r.1,
                happened_at: time(&r.2)?,
                minutes: r.3,
                mode: ContactMode::parse(&r.4)?,
                with_whom: r.5.split(',').filter_map(WithWhom::parse).collect(),
                issue_id: r.6,
                note: r.7,
                recorded_by_name: r.8,
                recorded_at: time(&r.9)?,
            })
        })
        .collect())
}

/// A new contact. `minutes` is `None` when what was typed was not a whole number (the form
/// says so itself); the rules here check the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewContact {
    pub happened_at: Option<Timestamp>,
    pub minutes: Option<i64>,
    pub mode: Option<ContactMode>,
    pub with_whom: Vec<WithWhom>,
    pub issue_id: Option<String>,
    pub note: Option<String>,
}

/// Check a contact: it happened (not in the future), took more than no time and at most a day,
/// has a mode and someone it was with; its issue is one of the case's.
pub fn check(new: &NewContact, now: Timestamp) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut push = |field: &'static str, message: &str| {
        errors.push(FieldError {
            field,
            message: message.into(),
        })
    };
    match new.happened_at {
        None => push("happened_on", "Enter the date of the contact"),
        // A few minutes' grace for a clock a little ahead of the server's.
        Some(t)
            if t > now
                .checked_add(jiff::SignedDuration::from_mins(5))
                .unwrap_or(now) =>
        {
            push(
                "happened_on",
                "The date and time of the contact must be in the past",
            )
        }
        _ => {}
    }
    match new.minutes {
        None => push(
            "minutes",
            "Enter the time spent in minutes, as a whole number, like 45",
        ),
        Some(m) if m <= 0 => push("minutes", "Time spent must be more than 0 minutes"),
        Some(m) if m > MAX_MINUTES => push(
            "minutes",
            "Time spent must be 1,440 minutes (24 hours) or fewer",
        ),
        _ => {}
    }
    if new.mode.is_none() {
        push("mode", "Select how the contact happened");
    }
    if new.with_whom.is_empty() {
        push("with_whom", "Select who the contact was with");
    }
    words(new.note.as_deref(), "note", "Note", MAX_LONG, &mut errors);
    errors
}

/// Record a contact on a case, with its audit entry (which holds the time spent and the mode,
/// never the note).
pub async fn add(
    tx: &mut Tx,
    case_id: &str,
    new: &NewContact,
    worker: &Worker,
    now: Timestamp,
) -> Result<String, CaseError> {
    open_case_in_tx(tx, case_id, worker).await?;
    let mut errors = check(new, now);
    if let Some(issue) = &new.issue_id {
        let found: Option<String> = on_tx!(tx, c => sqlx::query_scalar("SELECT id FROM case_issues WHERE id = $1 AND case_id = $2").bind(issue).bind(case_id).fetch_optional(c).await)?;
        if found.is_none() {
            errors.push(FieldError {
                field: "issue",
                message: "Select one of this case's issues, or none".into(),
            });
        }
    }
    let (Some(at), Some(minutes), Some(mode)) = (new.happened_at, new.minutes, new.mode) else {
        return Err(CaseError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(CaseError::Invalid(errors));
    }
    let mut with: Vec<&str> = Vec::new();
    for w in &new.with_whom {
        if !with.contains(&w.id()) {
            with.push(w.id());
        }
    }
    let note = new.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let id = uuid::Uuid::now_v7().to_string();
    let sql = "INSERT INTO case_contacts (id, case_id, happened_at, minutes, mode, with_whom, \
               issue_id, note, recorded_by, recorded_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    on_tx!(tx, c => sqlx::query(sql)
        .bind(&id)
        .bind(case_id)
        .bind(at.to_string())
        .bind(minutes)
        .bind(mode.id())
        .bind(with.join(","))
        .bind(&new.issue_id)
        .bind(note)
        .bind(&worker.user_id)
        .bind(now.to_string())
        .execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        worker
            .actor()
            .entry(Action::RecordChanged)
            .on_record("case", case_id)
            .with_detail(format!(
                "contact-added contact={id} minutes={minutes} mode={}",
                mode.id()
            )),
    )
    .await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(minutes: Option<i64>) -> NewContact {
        NewContact {
            happened_at: Some(Timestamp::UNIX_EPOCH),
            minutes,
            mode: Some(ContactMode::Phone),
            with_whom: vec![WithWhom::Patient],
            issue_id: None,
            note: None,
        }
    }

    #[test]
    fn time_spent_is_more_than_nothing_and_at_most_a_day() {
        let now = Timestamp::now();
        assert!(check(&contact(Some(1)), now).is_empty());
        assert!(check(&contact(Some(MAX_MINUTES)), now).is_empty());
        for bad in [Some(0), Some(-5), Some(MAX_MINUTES + 1), None] {
            let e = check(&contact(bad), now);
            assert_eq!(e.len(), 1, "{bad:?}");
            assert_eq!(e[0].field, "minutes");
        }
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_text(45), "45 minutes");
        assert_eq!(duration_text(60), "1 hour");
        assert_eq!(duration_text(90), "1 hour 30 minutes");
        assert_eq!(duration_text(121), "2 hours 1 minute");
    }
}
