//! A case's legal dates: the rights engine's answer for the patient, and the deadlines it gives
//! (`deadlines`). The history comes from the patient's record when the case has one (the
//! opt-out feed's episodes), otherwise from the legal status the advocate recorded on the case
//! (a referral from the form, say). Computed each time they are shown, never stored, so they
//! follow every change to the timeline.

use imha_law::{Entry, Input, Jurisdiction, LawConfig, Output, Status, When, evaluate};
use jiff::Timestamp;
use jiff::civil::Date;

use crate::audit::{self, Action};
use crate::db::{Database, StorageError};
use crate::deadlines::{self, Deadline};
use crate::patients;
use crate::referrals::{Actor, FieldError};
use crate::{on_pool, on_tx};

/// Where a case's legal history comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The patient's record from the opt-out feed (its id).
    PatientRecord(String),
    /// The legal status the advocate recorded on the case.
    RecordedOnCase,
    /// Nothing the engine can read yet.
    Unknown,
}

/// What the advocate recorded on the case.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    pub legal_status: Option<Status>,
    pub started_on: Option<Date>,
    pub first_medication_on: Option<Date>,
}

/// A case's legal dates on a day.
#[derive(Clone, Debug)]
pub struct CaseDates {
    pub case_id: String,
    pub source: Source,
    pub recorded: Recorded,
    /// The engine's answer, when there is a history to read.
    pub output: Option<Output>,
    /// Every deadline from `output`, in date order.
    pub deadlines: Vec<Deadline>,
}

type CaseRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// The legal dates of case `case_id` on `today`; `None` if there is no such case.
pub async fn for_case(
    db: &Database,
    case_id: &str,
    today: Date,
    law: &LawConfig,
) -> Result<Option<CaseDates>, StorageError> {
    let sql = "SELECT r.patient_id, c.legal_status, c.legal_status_started_on, \
               c.first_medication_on, r.date_of_birth, r.jurisdiction \
               FROM cases c JOIN referrals r ON r.id = c.referral_id WHERE c.id = $1";
    let row: Option<CaseRow> =
        on_pool!(db, p => sqlx::query_as(sql).bind(case_id).fetch_optional(p).await)?;
    let Some((patient_id, status, started, first_med, dob, jurisdiction)) = row else {
        return Ok(None);
    };
    let recorded = Recorded {
        legal_status: status.as_deref().and_then(|s| Status::parse(s).ok()),
        started_on: started.as_deref().and_then(imha_law::dates::parse_date),
        first_medication_on: first_med.as_deref().and_then(imha_law::dates::parse_date),
    };
    let mut source = Source::Unknown;
    let mut input: Option<Input> = None;
    if let Some(pid) = patient_id
        && let Some(record) = patients::get(db, &pid).await?
        && let Some(i) = patients::timeline_input(&record, today)
    {
        source = Source::PatientRecord(pid);
        input = Some(i);
    }
    if input.is_none()
        && let (Some(status), Some(start)) = (recorded.legal_status, recorded.started_on)
    {
        let j = if jurisdiction == "wales" {
            Jurisdiction::Wales
        } else {
            Jurisdiction::England
        };
        let mut i = Input::new(
            j,
            When::Day(today),
            vec![Entry::new(status, When::Day(start))],
        );
        i.date_of_birth = dob.as_deref().and_then(imha_law::dates::parse_date);
        source = Source::RecordedOnCase;
        input = Some(i);
    }
    let output = input.map(|mut i| {
        i.first_medication = recorded.first_medication_on;
        evaluate(&i, law)
    });
    let deadlines = output
        .as_ref()
        .map(|o| deadlines::from_timeline(o, today))
        .unwrap_or_default();
    Ok(Some(CaseDates {
        case_id: case_id.to_string(),
        source,
        recorded,
        output,
        deadlines,
    }))
}

/// The legal status as a form gives it, before checking.
#[derive(Clone, Debug, Default)]
pub struct RawLegalStatus {
    pub legal_status: String,
    /// Already read from the date input (its own problems are the form's to report).
    pub started_on: Option<Date>,
    pub first_medication_on: Option<Date>,
}

/// Check the legal status the advocate records: a known status (canonical id or MHSDS code),
/// and a start date, neither in the future; the first medicine not before the start.
pub fn validate(raw: &RawLegalStatus, today: Date) -> Result<Recorded, Vec<FieldError>> {
    let mut errors = Vec::new();
    let status = match raw.legal_status.trim() {
        "" => {
            errors.push(FieldError::new("legal_status", "Select the legal status"));
            None
        }
        s => match Status::parse(s) {
            Ok(s) => Some(s),
            Err(_) => {
                errors.push(FieldError::new("legal_status", "Select the legal status"));
                None
            }
        },
    };
    match raw.started_on {
        None => errors.push(FieldError::new(
            "started_on",
            "Enter the date the section or order started",
        )),
        Some(d) if d > today => errors.push(FieldError::new(
            "started_on",
            "The date it started must be today or in the past",
        )),
        Some(_) => {}
    }
    match (raw.first_medication_on, raw.started_on) {
        (Some(m), _) if m > today => errors.push(FieldError::new(
            "first_medication_on",
            "The date of the first medicine must be today or in the past",
        )),
        (Some(m), Some(s)) if m < s => errors.push(FieldError::new(
            "first_medication_on",
            "The date of the first medicine must be on or after the date the section started",
        )),
        _ => {}
    }
    if errors.is_empty() {
        Ok(Recorded {
            legal_status: status,
            started_on: raw.started_on,
            first_medication_on: raw.first_medication_on,
        })
    } else {
        Err(errors)
    }
}

/// Record the legal status on a case (replacing what was recorded), audited. For a case with
/// a patient record only the first medicine's date is used; the status and start still help
/// if the record's episodes cannot be read. `false` if there is no such case.
pub async fn record(
    db: &Database,
    case_id: &str,
    recorded: &Recorded,
    actor: &Actor,
) -> Result<bool, StorageError> {
    let now = Timestamp::now().to_string();
    let mut tx = db.begin().await?;
    let sql = "UPDATE cases SET legal_status = $1, legal_status_started_on = $2, \
               first_medication_on = $3, updated_at = $4 WHERE id = $5";
    let n = on_tx!(&mut tx, c => sqlx::query(sql)
        .bind(recorded.legal_status.map(|s| s.id()))
        .bind(recorded.started_on.map(|d| d.to_string()))
        .bind(recorded.first_medication_on.map(|d| d.to_string()))
        .bind(&now)
        .bind(case_id)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        return Ok(false);
    }
    audit::record(
        &mut tx,
        actor
            .entry(Action::RecordChanged)
            .on_record("case", case_id)
            .with_detail("legal-status"),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_legal_status_is_checked_field_by_field() {
        let today = date(2027, 3, 1);
        let ok = validate(
            &RawLegalStatus {
                legal_status: "03".into(),
                started_on: Some(date(2027, 1, 10)),
                first_medication_on: Some(date(2027, 1, 12)),
            },
            today,
        )
        .unwrap();
        assert_eq!(ok.legal_status, Some(Status::S3));
        let errors = validate(
            &RawLegalStatus {
                legal_status: "s99".into(),
                started_on: Some(date(2027, 3, 2)),
                first_medication_on: Some(date(2027, 3, 5)),
            },
            today,
        )
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["legal_status", "started_on", "first_medication_on"]
        );
        let errors = validate(
            &RawLegalStatus {
                legal_status: "s3".into(),
                started_on: Some(date(2027, 2, 1)),
                first_medication_on: Some(date(2027, 1, 5)),
            },
            today,
        )
        .unwrap_err();
        assert!(errors[0].message.contains("on or after"));
    }
}
