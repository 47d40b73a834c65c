//! The outcome of a whole case: the same measures as an issue's, what the patient said in
//! their words, and whether they agreed to share their story, anonymised, in impact reports.
//! Recorded when the case closes ([`super::close`]) or afterwards ([`record`]).

use jiff::Timestamp;

use super::issues::Measures;
use super::{CaseError, CaseStatus, Change, Worker, case_in_tx, time};
use crate::audit::{self, Action};
use crate::db::{Database, StorageError, Tx};
use crate::referrals::FieldError;
use crate::{on_pool, on_tx};

/// An outcome as recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewOutcome {
    pub measures: Measures,
    /// The patient agreed to their story being shared, anonymised, in impact reports.
    pub share_story: bool,
}

/// A stored outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseOutcome {
    pub measures: Measures,
    pub share_story: bool,
    pub recorded_by_name: Option<String>,
    pub recorded_at: Timestamp,
}

pub(crate) fn check(o: &NewOutcome) -> Vec<FieldError> {
    o.measures.check()
}

type Row = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
    Option<String>,
    String,
);

/// The case's outcome, if recorded.
pub async fn for_case(db: &Database, case_id: &str) -> Result<Option<CaseOutcome>, StorageError> {
    let sql = "SELECT o.felt_heard, o.felt_involved, o.rights_understood, o.rights_upheld, \
               o.care_changed, o.concern_resolved, o.patient_words, o.share_story, u.name, \
               o.recorded_at FROM case_outcomes o LEFT JOIN users u ON u.id = o.recorded_by \
               WHERE o.case_id = $1";
    let row: Option<Row> =
        on_pool!(db, p => sqlx::query_as(sql).bind(case_id).fetch_optional(p).await)?;
    Ok(row.and_then(|r| {
        Some(CaseOutcome {
            measures: Measures::from_codes([r.0, r.1, r.2, r.3, r.4, r.5], r.6),
            share_story: r.7,
            recorded_by_name: r.8,
            recorded_at: time(&r.9)?,
        })
    }))
}

/// Store (or replace) the outcome and its audit entry; the caller has checked the case.
pub(crate) async fn store(
    tx: &mut Tx,
    case_id: &str,
    o: &NewOutcome,
    worker: &Worker,
    at: Timestamp,
) -> Result<(), CaseError> {
    let codes = o.measures.codes();
    let words = o
        .measures
        .patient_words
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty());
    let existed: Option<String> = on_tx!(tx, c => sqlx::query_scalar("SELECT case_id FROM case_outcomes WHERE case_id = $1").bind(case_id).fetch_optional(c).await)?;
    let sql = if existed.is_some() {
        "UPDATE case_outcomes SET felt_heard = $2, felt_involved = $3, rights_understood = $4, \
         rights_upheld = $5, care_changed = $6, concern_resolved = $7, patient_words = $8, \
         share_story = $9, recorded_by = $10, recorded_at = $11 WHERE case_id = $1"
    } else {
        "INSERT INTO case_outcomes (case_id, felt_heard, felt_involved, rights_understood, \
         rights_upheld, care_changed, concern_resolved, patient_words, share_story, \
         recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    };
    on_tx!(tx, c => sqlx::query(sql)
        .bind(case_id)
        .bind(codes[0])
        .bind(codes[1])
        .bind(codes[2])
        .bind(codes[3])
        .bind(codes[4])
        .bind(codes[5])
        .bind(words)
        .bind(o.share_story)
        .bind(&worker.user_id)
        .bind(at.to_string())
        .execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        worker
            .actor()
            .entry(Action::RecordChanged)
            .on_record("case", case_id)
            .with_detail(format!("case-outcome share-story={}", o.share_story)),
    )
    .await?;
    Ok(())
}

/// Record (or correct) the outcome of a closed case.
pub async fn record(
    tx: &mut Tx,
    case_id: &str,
    o: &NewOutcome,
    worker: &Worker,
    at: Timestamp,
) -> Result<(), CaseError> {
    let case = case_in_tx(tx, case_id, worker).await?;
    if case.status != CaseStatus::Closed {
        return Err(CaseError::NotAllowed {
            status: case.status,
            change: Change::RecordOutcome,
        });
    }
    let errors = check(o);
    if !errors.is_empty() {
        return Err(CaseError::Invalid(errors));
    }
    store(tx, case_id, o, worker, at).await
}
