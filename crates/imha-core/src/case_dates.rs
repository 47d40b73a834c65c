//! A case's legal dates: the rights engine's answer for the patient, and the deadlines it gives
//! (`deadlines`). The history comes from the patient's record when the case has one (the
//! opt-out feed's episodes), otherwise from the legal status the advocate recorded on the case
//! (a referral from the form, say). Computed each time they are shown, never stored, so they
//! follow every change to the timeline.

use imha_law::input::{Applicant, TribunalApplication};
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
    /// Tribunal applications recorded on the case, oldest first.
    pub applications: Vec<Application>,
}

/// An application to the tribunal recorded on a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    pub id: String,
    pub made_on: Date,
    pub applicant: Applicant,
    pub withdrawn_on: Option<Date>,
}

type ApplicationRow = (String, String, String, Option<String>);

fn application_from(r: ApplicationRow) -> Option<Application> {
    Some(Application {
        id: r.0,
        made_on: imha_law::dates::parse_date(&r.1)?,
        applicant: Applicant::parse(&r.2)?,
        withdrawn_on: r.3.as_deref().and_then(imha_law::dates::parse_date),
    })
}

/// An application by id, with its case's id.
pub async fn application(
    db: &Database,
    id: &str,
) -> Result<Option<(String, Application)>, StorageError> {
    let sql = "SELECT case_id, id, made_on, applicant, withdrawn_on FROM tribunal_applications \
               WHERE id = $1";
    let row: Option<(String, String, String, String, Option<String>)> =
        on_pool!(db, p => sqlx::query_as(sql).bind(id).fetch_optional(p).await)?;
    Ok(row.and_then(|r| Some((r.0, application_from((r.1, r.2, r.3, r.4))?))))
}

/// A case's tribunal applications, oldest first.
pub async fn applications(db: &Database, case_id: &str) -> Result<Vec<Application>, StorageError> {
    let sql = "SELECT id, made_on, applicant, withdrawn_on FROM tribunal_applications \
               WHERE case_id = $1 ORDER BY made_on, id";
    let rows: Vec<ApplicationRow> =
        on_pool!(db, p => sqlx::query_as(sql).bind(case_id).fetch_all(p).await)?;
    Ok(rows.into_iter().filter_map(application_from).collect())
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
    let applications = applications(db, case_id).await?;
    let output = input.map(|mut i| {
        i.first_medication = recorded.first_medication_on;
        i.tribunal_applications = applications
            .iter()
            .map(|a| TribunalApplication {
                date: a.made_on,
                withdrawn: a.withdrawn_on,
                by: a.applicant,
            })
            .collect();
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
        applications,
    }))
}

/// Why a tribunal application could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum ApplicationError {
    #[error("{0}")]
    Invalid(String),
    #[error("there is no such case or application")]
    NotFound,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for ApplicationError {
    fn from(e: sqlx::Error) -> Self {
        ApplicationError::Storage(StorageError::Query(e))
    }
}

/// Record an application to the tribunal made on `made_on` by `applicant`, audited. It cannot
/// be in the future.
pub async fn record_application(
    db: &Database,
    case_id: &str,
    made_on: Date,
    applicant: Applicant,
    today: Date,
    actor: &Actor,
) -> Result<String, ApplicationError> {
    if made_on > today {
        return Err(ApplicationError::Invalid(
            "The date of the application must be today or in the past".into(),
        ));
    }
    if applicant == Applicant::Section67Reference {
        return Err(ApplicationError::Invalid(
            "Select who applied: the patient or their nearest relative".into(),
        ));
    }
    let id = uuid::Uuid::now_v7().to_string();
    let now = Timestamp::now().to_string();
    let mut tx = db.begin().await?;
    let exists: Option<String> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT id FROM cases WHERE id = $1").bind(case_id).fetch_optional(c).await)?;
    if exists.is_none() {
        return Err(ApplicationError::NotFound);
    }
    let sql = "INSERT INTO tribunal_applications (id, case_id, made_on, applicant, recorded_by, \
               recorded_at) VALUES ($1, $2, $3, $4, $5, $6)";
    on_tx!(&mut tx, c => sqlx::query(sql)
        .bind(&id)
        .bind(case_id)
        .bind(made_on.to_string())
        .bind(applicant.id())
        .bind(actor.user_id())
        .bind(&now)
        .execute(c).await.map(|_| ()))?;
    audit::record(
        &mut tx,
        actor
            .entry(Action::RecordCreated)
            .on_record("tribunal-application", &id)
            .with_detail(format!("case={case_id}")),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Record that an application was withdrawn on `on` (not before it was made, not in the
/// future), audited.
pub async fn withdraw_application(
    db: &Database,
    case_id: &str,
    application_id: &str,
    on: Date,
    today: Date,
    actor: &Actor,
) -> Result<(), ApplicationError> {
    let mut tx = db.begin().await?;
    let made: Option<String> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT made_on FROM tribunal_applications WHERE id = $1 AND case_id = $2 \
         AND withdrawn_on IS NULL")
        .bind(application_id).bind(case_id).fetch_optional(c).await)?;
    let Some(made) = made.as_deref().and_then(imha_law::dates::parse_date) else {
        return Err(ApplicationError::NotFound);
    };
    if on > today {
        return Err(ApplicationError::Invalid(
            "The date it was withdrawn must be today or in the past".into(),
        ));
    }
    if on < made {
        return Err(ApplicationError::Invalid(format!(
            "The date it was withdrawn must be on or after the application ({made})"
        )));
    }
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE tribunal_applications SET withdrawn_on = $1 WHERE id = $2")
        .bind(on.to_string()).bind(application_id).execute(c).await.map(|_| ()))?;
    audit::record(
        &mut tx,
        actor
            .entry(Action::RecordChanged)
            .on_record("tribunal-application", application_id)
            .with_detail("withdrawn"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
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
