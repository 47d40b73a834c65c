//! Requests to see a patient's records. An IMHA may require the production of, and inspect,
//! records about the patient's detention or treatment in any hospital or registered
//! establishment, or about s117 after-care (MHA 1983 s130B(3)(c)), but only where the patient
//! has capacity (or, for a child, is competent) and consents (s130B(4)(a)), or, where they do
//! not, the record holder considers the records relevant and access appropriate, and it would
//! not conflict with a decision of an attorney, deputy or the Court of Protection
//! (s130B(4)(b)). The English subsection numbering is as `law.md` §3 gives it (marked M there).
//! Each request records its basis, and the record holder's decision, refusals included.

use jiff::Timestamp;
use jiff::civil::Date;

use super::{CaseError, Worker, invalid, open_case_in_tx, time, words};
use crate::audit::{self, Action};
use crate::db::{Database, StorageError, Tx};
use crate::referrals::{FieldError, MAX_LONG, MAX_SHORT, code_enum};
use crate::{on_pool, on_tx};

code_enum! {
    /// Why the advocate may see the records.
    RecordsBasis {
        PatientConsent => "patient-consent", "The patient consents (they have capacity, or as a child are competent)";
        RecordHolderDecision => "record-holder-decision", "The patient lacks capacity: the record holder decides";
    }
}

impl RecordsBasis {
    /// The law the basis comes from.
    pub const fn citation(self) -> &'static str {
        match self {
            RecordsBasis::PatientConsent => "MHA 1983 s130B(3)(c) and (4)(a)",
            RecordsBasis::RecordHolderDecision => "MHA 1983 s130B(3)(c) and (4)(b)",
        }
    }
}

code_enum! {
    /// Where a request is.
    RecordsStatus {
        Pending => "pending", "Waiting for a decision";
        Granted => "granted", "Granted";
        Refused => "refused", "Refused";
    }
}

/// One request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordsRequest {
    pub id: String,
    pub case_id: String,
    pub requested_on: Date,
    pub record_holder: String,
    pub records: String,
    pub basis: RecordsBasis,
    pub consent_on: Option<Date>,
    pub status: RecordsStatus,
    pub decided_on: Option<Date>,
    pub refusal_reason: Option<String>,
    pub created_at: Timestamp,
}

type Row = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    String,
);

const SELECT: &str = "SELECT id, case_id, requested_on, record_holder, records, basis, \
    consent_on, status, decided_on, refusal_reason, created_at FROM records_access_requests";

fn from_row(r: Row) -> Option<RecordsRequest> {
    let date = |s: Option<String>| s.as_deref().and_then(imha_law::dates::parse_date);
    Some(RecordsRequest {
        id: r.0,
        case_id: r.1,
        requested_on: imha_law::dates::parse_date(&r.2)?,
        record_holder: r.3,
        records: r.4,
        basis: RecordsBasis::parse(&r.5)?,
        consent_on: date(r.6),
        status: RecordsStatus::parse(&r.7)?,
        decided_on: date(r.8),
        refusal_reason: r.9,
        created_at: time(&r.10)?,
    })
}

/// A case's requests, oldest first.
pub async fn for_case(db: &Database, case_id: &str) -> Result<Vec<RecordsRequest>, StorageError> {
    let sql = format!("{SELECT} WHERE case_id = $1 ORDER BY requested_on, created_at, id");
    let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as(&sql).bind(case_id).fetch_all(p).await)?;
    Ok(rows.into_iter().filter_map(from_row).collect())
}

/// A request on a case, when `case_id` holds it.
pub async fn get(
    db: &Database,
    case_id: &str,
    id: &str,
) -> Result<Option<RecordsRequest>, StorageError> {
    let sql = format!("{SELECT} WHERE case_id = $1 AND id = $2");
    let row: Option<Row> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(case_id).bind(id).fetch_optional(p).await)?;
    Ok(row.and_then(from_row))
}

/// A new request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewRequest {
    pub requested_on: Option<Date>,
    pub record_holder: Option<String>,
    pub records: Option<String>,
    pub basis: Option<RecordsBasis>,
    /// When the patient consented (needed with [`RecordsBasis::PatientConsent`]).
    pub consent_on: Option<Date>,
}

/// Record a request, waiting for the record holder's decision.
pub async fn add(
    tx: &mut Tx,
    case_id: &str,
    new: &NewRequest,
    worker: &Worker,
    at: Timestamp,
) -> Result<String, CaseError> {
    open_case_in_tx(tx, case_id, worker).await?;
    let today = crate::referrals::uk_date(at);
    let mut errors = Vec::new();
    let push = |errors: &mut Vec<FieldError>, field: &'static str, message: &str| {
        errors.push(FieldError {
            field,
            message: message.into(),
        })
    };
    match new.requested_on {
        None => push(&mut errors, "requested_on", "Enter the date of the request"),
        Some(d) if d > today => push(
            &mut errors,
            "requested_on",
            "The date of the request must be today or in the past",
        ),
        _ => {}
    }
    let holder = words(
        new.record_holder.as_deref(),
        "record_holder",
        "Who holds the records",
        MAX_SHORT,
        &mut errors,
    );
    if holder.is_none() {
        push(
            &mut errors,
            "record_holder",
            "Enter who holds the records, for example the hospital's records manager",
        );
    }
    let records = words(
        new.records.as_deref(),
        "records",
        "Which records",
        MAX_LONG,
        &mut errors,
    );
    if records.is_none() {
        push(
            &mut errors,
            "records",
            "Enter which records you asked to see",
        );
    }
    match new.basis {
        None => push(
            &mut errors,
            "basis",
            "Select whether the patient consents or the record holder decides",
        ),
        Some(RecordsBasis::PatientConsent) => match new.consent_on {
            None => push(
                &mut errors,
                "consent_on",
                "Enter the date the patient gave their consent",
            ),
            Some(d) if d > today => push(
                &mut errors,
                "consent_on",
                "The date of consent must be today or in the past",
            ),
            _ => {}
        },
        Some(RecordsBasis::RecordHolderDecision) => {}
    }
    let (Some(requested_on), Some(holder), Some(records), Some(basis)) =
        (new.requested_on, holder, records, new.basis)
    else {
        return Err(CaseError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(CaseError::Invalid(errors));
    }
    let consent_on = (basis == RecordsBasis::PatientConsent)
        .then_some(new.consent_on)
        .flatten();
    let id = uuid::Uuid::now_v7().to_string();
    let sql = "INSERT INTO records_access_requests (id, case_id, requested_on, record_holder, \
               records, basis, consent_on, status, recorded_by, created_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9)";
    on_tx!(tx, c => sqlx::query(sql)
        .bind(&id)
        .bind(case_id)
        .bind(requested_on.to_string())
        .bind(&holder)
        .bind(&records)
        .bind(basis.id())
        .bind(consent_on.map(|d| d.to_string()))
        .bind(&worker.user_id)
        .bind(at.to_string())
        .execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        worker
            .actor()
            .entry(Action::RecordChanged)
            .on_record("case", case_id)
            .with_detail(format!(
                "records-access-requested request={id} basis={}",
                basis.id()
            )),
    )
    .await?;
    Ok(id)
}

/// The record holder's decision.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordsDecision {
    /// Granted or refused.
    pub status: Option<RecordsStatus>,
    pub decided_on: Option<Date>,
    /// Needed when refused.
    pub refusal_reason: Option<String>,
}

/// Record the record holder's decision on a pending request.
pub async fn decide(
    tx: &mut Tx,
    case_id: &str,
    id: &str,
    decision: &RecordsDecision,
    worker: &Worker,
    at: Timestamp,
) -> Result<(), CaseError> {
    open_case_in_tx(tx, case_id, worker).await?;
    let row: Option<(String, String)> = on_tx!(tx, c => sqlx::query_as("SELECT status, requested_on FROM records_access_requests WHERE id = $1 AND case_id = $2").bind(id).bind(case_id).fetch_optional(c).await)?;
    let Some((status, requested_on)) = row else {
        return Err(CaseError::NotFound);
    };
    if status != RecordsStatus::Pending.id() {
        return Err(invalid(
            "decision",
            "The record holder's decision on this request is already recorded",
        ));
    }
    let today = crate::referrals::uk_date(at);
    let mut errors = Vec::new();
    let push = |errors: &mut Vec<FieldError>, field: &'static str, message: &str| {
        errors.push(FieldError {
            field,
            message: message.into(),
        })
    };
    if !matches!(
        decision.status,
        Some(RecordsStatus::Granted | RecordsStatus::Refused)
    ) {
        push(
            &mut errors,
            "decision",
            "Select whether the record holder granted or refused the request",
        );
    }
    let requested_on = imha_law::dates::parse_date(&requested_on);
    match decision.decided_on {
        None => push(
            &mut errors,
            "decided_on",
            "Enter the date of the record holder's decision",
        ),
        Some(d) if d > today => push(
            &mut errors,
            "decided_on",
            "The date of the decision must be today or in the past",
        ),
        Some(d) if requested_on.is_some_and(|r| d < r) => push(
            &mut errors,
            "decided_on",
            "The date of the decision must be on or after the date of the request",
        ),
        _ => {}
    }
    let reason = words(
        decision.refusal_reason.as_deref(),
        "refusal_reason",
        "The reason",
        MAX_LONG,
        &mut errors,
    );
    if decision.status == Some(RecordsStatus::Refused) && reason.is_none() {
        push(
            &mut errors,
            "refusal_reason",
            "Enter the reason the record holder gave for refusing",
        );
    }
    let (Some(status), Some(decided_on)) = (decision.status, decision.decided_on) else {
        return Err(CaseError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(CaseError::Invalid(errors));
    }
    let reason = (status == RecordsStatus::Refused)
        .then_some(reason)
        .flatten();
    let sql = "UPDATE records_access_requests SET status = $1, decided_on = $2, \
               refusal_reason = $3 WHERE id = $4 AND case_id = $5 AND status = 'pending'";
    let changed = on_tx!(tx, c => sqlx::query(sql).bind(status.id()).bind(decided_on.to_string()).bind(&reason).bind(id).bind(case_id).execute(c).await.map(|r| r.rows_affected()))?;
    if changed == 0 {
        return Err(invalid(
            "decision",
            "The record holder's decision on this request is already recorded",
        ));
    }
    audit::record(
        tx,
        worker
            .actor()
            .entry(Action::RecordChanged)
            .on_record("case", case_id)
            .with_detail(format!(
                "records-access-decided request={id} status={}",
                status.id()
            )),
    )
    .await?;
    Ok(())
}
