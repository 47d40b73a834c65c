//! Patients from the opt-out feed, as staff see them: the record with its episodes and
//! referrals, the legal timeline the rights engine draws from the episodes, search, likely
//! matches a person confirms, the s130D duty to inform, and what happened on opt-out referrals.
//!
//! Every screen reads a patient through [`view`], which records the view in the audit trail;
//! every change records its audit entry in the same transaction as the change.

use imha_law::{Entry, Input, Jurisdiction, LawConfig, Output, Status, When, evaluate};
use jiff::Timestamp;
use jiff::civil::Date;

use crate::audit::{self, Action};
use crate::db::{Database, StorageError, Tx};
use crate::nhs_number::NhsNumber;
use crate::referrals::{
    self, Actor, Decision, FieldError, MAX_LONG, PatientDecision, ReferralError, ReferralStatus,
};
use crate::{on_pool, on_tx};

/// Why a change to a patient, an episode or a referral could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PatientError {
    #[error("not found")]
    NotFound,
    /// The match or referral was decided already (what it was decided as).
    #[error("already decided ({0})")]
    AlreadyDecided(String),
    #[error("the answers have problems: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Other(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for PatientError {
    fn from(e: sqlx::Error) -> Self {
        PatientError::Storage(StorageError::Query(e))
    }
}

impl From<ReferralError> for PatientError {
    fn from(e: ReferralError) -> Self {
        match e {
            ReferralError::NotFound => PatientError::NotFound,
            ReferralError::AlreadyDecided(s) => PatientError::AlreadyDecided(s.id().to_string()),
            ReferralError::Invalid(v) => PatientError::Invalid(v),
            ReferralError::Random(m) => PatientError::Other(m),
            ReferralError::Storage(s) => PatientError::Storage(s),
        }
    }
}

fn invalid(field: &'static str, message: impl Into<String>) -> PatientError {
    PatientError::Invalid(vec![FieldError {
        field,
        message: message.into(),
    }])
}

/// A patient record as the feed built it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patient {
    pub id: String,
    pub nhs_number: Option<String>,
    pub hospital_id: Option<String>,
    /// The name of the hospital whose local patient id this record holds.
    pub hospital_name: Option<String>,
    pub local_patient_id: Option<String>,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<Date>,
    pub ethnicity: Option<String>,
    pub gender: Option<String>,
    /// The record this one was merged into, after a person confirmed they are one person.
    pub merged_into: Option<String>,
}

impl Patient {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    /// The NHS number as people read it ("943 476 5919").
    pub fn nhs_number_spaced(&self) -> Option<String> {
        self.nhs_number
            .as_deref()
            .map(|n| NhsNumber::parse(n).map(|n| n.spaced()).unwrap_or(n.into()))
    }
}

type PatientRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

const SELECT_PATIENT: &str = "SELECT p.id, p.nhs_number, p.hospital_id, o.name, \
    p.local_patient_id, p.given_name, p.family_name, p.date_of_birth, p.ethnicity, p.gender, \
    p.merged_into FROM patients p LEFT JOIN organisations o ON o.id = p.hospital_id";

fn patient_from_row(r: PatientRow) -> Patient {
    Patient {
        id: r.0,
        nhs_number: r.1,
        hospital_id: r.2,
        hospital_name: r.3,
        local_patient_id: r.4,
        given_name: r.5,
        family_name: r.6,
        date_of_birth: imha_law::dates::parse_date(&r.7),
        ethnicity: r.8,
        gender: r.9,
        merged_into: r.10,
    }
}

/// One legal-status episode as a hospital sent it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Episode {
    pub id: String,
    pub hospital_id: String,
    pub hospital_name: String,
    /// The hospital's own id of the episode.
    pub episode_id: String,
    /// The canonical status id as stored.
    pub legal_status: String,
    /// As sent: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`.
    pub start_at: String,
    pub end_at: Option<String>,
    pub ward: Option<String>,
    pub jurisdiction: Jurisdiction,
    pub told_orally_on: Option<Date>,
    pub told_in_writing_on: Option<Date>,
    pub qualifies: bool,
    pub eligibility_basis: String,
}

impl Episode {
    pub fn status(&self) -> Option<Status> {
        Status::parse(&self.legal_status).ok()
    }

    pub fn start(&self) -> Option<When> {
        imha_law::dates::parse_when(&self.start_at)
    }

    pub fn end(&self) -> Option<When> {
        self.end_at.as_deref().and_then(imha_law::dates::parse_when)
    }
}

type EpisodeRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    bool,
    String,
);

const SELECT_EPISODE: &str = "SELECT e.id, e.hospital_id, o.name, e.episode_id, \
    e.legal_status, e.start_at, e.end_at, e.ward, e.jurisdiction, e.told_orally_on, \
    e.told_in_writing_on, e.qualifies, e.eligibility_basis \
    FROM episodes e JOIN organisations o ON o.id = e.hospital_id";

fn episode_from_row(r: EpisodeRow) -> Episode {
    Episode {
        id: r.0,
        hospital_id: r.1,
        hospital_name: r.2,
        episode_id: r.3,
        legal_status: r.4,
        start_at: r.5,
        end_at: r.6,
        ward: r.7,
        jurisdiction: Jurisdiction::parse(&r.8).unwrap_or(Jurisdiction::England),
        told_orally_on: r.9.as_deref().and_then(imha_law::dates::parse_date),
        told_in_writing_on: r.10.as_deref().and_then(imha_law::dates::parse_date),
        qualifies: r.11,
        eligibility_basis: r.12,
    }
}

/// A referral (and the case it opened, if any) for a patient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatientReferral {
    pub id: String,
    pub reference: String,
    pub channel: String,
    pub status: String,
    pub received_at: String,
    pub visit_due_on: Option<String>,
    pub outcome: Option<String>,
    pub case_id: Option<String>,
    pub case_status: Option<String>,
    pub advocacy: Option<String>,
}

/// A patient with their episodes (oldest first) and referrals (newest first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatientRecord {
    pub patient: Patient,
    pub episodes: Vec<Episode>,
    pub referrals: Vec<PatientReferral>,
}

/// A patient by id, without auditing (imha's own use). Screens use [`view`].
pub async fn get(db: &Database, id: &str) -> Result<Option<PatientRecord>, StorageError> {
    let sql = format!("{SELECT_PATIENT} WHERE p.id = $1");
    let row: Option<PatientRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let sql = format!("{SELECT_EPISODE} WHERE e.patient_id = $1 ORDER BY e.start_at, e.id");
    let episodes: Vec<EpisodeRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(id).fetch_all(p).await)?;
    let sql = "SELECT r.id, r.reference, r.channel, r.status, r.received_at, r.visit_due_on, \
               r.outcome, c.id, c.status, c.advocacy \
               FROM referrals r LEFT JOIN cases c ON c.referral_id = r.id \
               WHERE r.patient_id = $1 ORDER BY r.received_at DESC, r.id";
    type RefRow = (
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let refs: Vec<RefRow> = on_pool!(db, p => sqlx::query_as(sql).bind(id).fetch_all(p).await)?;
    Ok(Some(PatientRecord {
        patient: patient_from_row(row),
        episodes: episodes.into_iter().map(episode_from_row).collect(),
        referrals: refs
            .into_iter()
            .map(|r| PatientReferral {
                id: r.0,
                reference: r.1,
                channel: r.2,
                status: r.3,
                received_at: r.4,
                visit_due_on: r.5,
                outcome: r.6,
                case_id: r.7,
                case_status: r.8,
                advocacy: r.9,
            })
            .collect(),
    }))
}

/// Show a patient to a person: reads the record and records the view in the audit trail.
pub async fn view(
    db: &Database,
    id: &str,
    actor: &Actor,
) -> Result<Option<PatientRecord>, StorageError> {
    let Some(record) = get(db, id).await? else {
        return Ok(None);
    };
    audit::record_now(
        db,
        actor.entry(Action::RecordViewed).on_record("patient", id),
    )
    .await?;
    Ok(Some(record))
}

/// The legal timeline: the rights engine's answers for the patient's episodes as they stand
/// on `today`. `None` when there are no episodes the engine can read.
pub fn timeline(record: &PatientRecord, today: Date, law: &LawConfig) -> Option<Output> {
    timeline_input(record, today).map(|input| evaluate(&input, law))
}

/// What the rights engine is asked about a patient on `today`: their episodes as a history,
/// the country of the latest, their date of birth. Callers may add what they know besides
/// (the first medicine's date, say). `None` when there are no episodes the engine can read.
pub fn timeline_input(record: &PatientRecord, today: Date) -> Option<Input> {
    let history: Vec<Entry> = record
        .episodes
        .iter()
        .filter_map(|e| {
            let mut entry = Entry::new(e.status()?, e.start()?);
            entry.end = e.end();
            Some(entry)
        })
        .collect();
    if history.is_empty() {
        return None;
    }
    // The latest episode says where the patient is now, so which country's law applies.
    let jurisdiction = record
        .episodes
        .last()
        .map(|e| e.jurisdiction)
        .unwrap_or(Jurisdiction::England);
    let mut input = Input::new(jurisdiction, When::Day(today), history);
    input.date_of_birth = record.patient.date_of_birth;
    Some(input)
}

/// How a search was made, for the audit trail (never the terms themselves).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchBy {
    NhsNumber,
    Name,
}

/// Patients whose NHS number is `query` (when it is a valid one) or whose name contains it,
/// ignoring case; merged records are left out (their survivor is found instead). The search
/// is audited with how it was made and how many it found, not what was typed.
pub async fn search(
    db: &Database,
    query: &str,
    actor: &Actor,
) -> Result<(SearchBy, Vec<Patient>), StorageError> {
    let query = query.trim();
    let (by, rows): (SearchBy, Vec<PatientRow>) = match NhsNumber::parse(query) {
        Ok(n) => {
            // A merged record may still hold the number: show the record it was merged into.
            let sql = format!(
                "{SELECT_PATIENT} WHERE p.merged_into IS NULL AND (p.nhs_number = $1 OR p.id IN \
                 (SELECT merged_into FROM patients WHERE nhs_number = $1)) \
                 ORDER BY p.family_name, p.given_name, p.id LIMIT 50"
            );
            let rows = on_pool!(db, p => sqlx::query_as(&sql).bind(n.as_str()).fetch_all(p).await)?;
            (SearchBy::NhsNumber, rows)
        }
        Err(_) => {
            let pattern = format!(
                "%{}%",
                query
                    .to_lowercase()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace(['%', '_'], "")
            );
            let sql = format!(
                "{SELECT_PATIENT} WHERE p.merged_into IS NULL AND \
                 (lower(p.given_name || ' ' || p.family_name) LIKE $1 \
                 OR lower(p.family_name || ' ' || p.given_name) LIKE $1) \
                 ORDER BY p.family_name, p.given_name, p.id LIMIT 50"
            );
            let rows = on_pool!(db, p => sqlx::query_as(&sql).bind(&pattern).fetch_all(p).await)?;
            (SearchBy::Name, rows)
        }
    };
    let mut entry = actor.entry(Action::RecordViewed).with_detail(format!(
        "patient-search by={} results={}",
        match by {
            SearchBy::NhsNumber => "nhs-number",
            SearchBy::Name => "name",
        },
        rows.len()
    ));
    entry.record_type = Some("patient".into());
    audit::record_now(db, entry).await?;
    Ok((by, rows.into_iter().map(patient_from_row).collect()))
}

// ---------------------------------------------------------------------------------------------
// Likely matches

/// Two records that are probably one person, for someone to confirm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LikelyMatch {
    /// The newer record (the one that survives a merge).
    pub patient: Patient,
    /// The record it may be the same person as.
    pub candidate: Patient,
    pub created_at: String,
}

/// Open likely matches, oldest first, between records not merged since.
pub async fn open_matches(db: &Database) -> Result<Vec<LikelyMatch>, StorageError> {
    let sql = "SELECT patient_id, candidate_id, created_at FROM patient_matches \
               WHERE status = 'open' ORDER BY created_at, patient_id, candidate_id";
    let rows: Vec<(String, String, String)> =
        on_pool!(db, p => sqlx::query_as(sql).fetch_all(p).await)?;
    let mut out = Vec::new();
    for (p, c, at) in rows {
        let one = format!("{SELECT_PATIENT} WHERE p.id = $1");
        let a: Option<PatientRow> =
            on_pool!(db, pool => sqlx::query_as(&one).bind(&p).fetch_optional(pool).await)?;
        let b: Option<PatientRow> =
            on_pool!(db, pool => sqlx::query_as(&one).bind(&c).fetch_optional(pool).await)?;
        if let (Some(a), Some(b)) = (a, b) {
            let (a, b) = (patient_from_row(a), patient_from_row(b));
            if a.merged_into.is_none() && b.merged_into.is_none() {
                out.push(LikelyMatch {
                    patient: a,
                    candidate: b,
                    created_at: at,
                });
            }
        }
    }
    Ok(out)
}

/// Record a person's decision on a likely match. `same`: merge the candidate into the patient
/// (episodes and referrals move; a missing NHS number or local id is copied; the candidate
/// points at the patient from then on). `different`: only the decision is kept. Audited.
pub async fn resolve_match(
    tx: &mut Tx,
    patient_id: &str,
    candidate_id: &str,
    same: bool,
    actor: &Actor,
    at: Timestamp,
) -> Result<(), PatientError> {
    let sql = "SELECT status FROM patient_matches WHERE patient_id = $1 AND candidate_id = $2";
    let status: Option<String> = on_tx!(tx, c => sqlx::query_scalar(sql).bind(patient_id).bind(candidate_id).fetch_optional(c).await)?;
    match status.as_deref() {
        None => return Err(PatientError::NotFound),
        Some("open") => {}
        Some(s) => return Err(PatientError::AlreadyDecided(s.to_string())),
    }
    let decision = if same { "same" } else { "different" };
    let sql = "UPDATE patient_matches SET status = $1, decided_by = $2, decided_at = $3 \
               WHERE patient_id = $4 AND candidate_id = $5 AND status = 'open'";
    let changed = on_tx!(tx, c => sqlx::query(sql).bind(decision).bind(actor.user_id()).bind(at.to_string()).bind(patient_id).bind(candidate_id).execute(c).await.map(|r| r.rows_affected()))?;
    if changed == 0 {
        // Decided by someone else between our read and this update (READ COMMITTED).
        return Err(PatientError::AlreadyDecided("decided".into()));
    }
    audit::record(
        tx,
        actor
            .entry(Action::RecordChanged)
            .on_record("patient", patient_id)
            .with_detail(format!("match={candidate_id} decision={decision}")),
    )
    .await?;
    if same {
        merge(tx, patient_id, candidate_id, actor, at).await?;
    }
    Ok(())
}

async fn merge(
    tx: &mut Tx,
    into: &str,
    from: &str,
    actor: &Actor,
    at: Timestamp,
) -> Result<(), PatientError> {
    type Ids = (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let sql = "SELECT nhs_number, hospital_id, local_patient_id, merged_into FROM patients \
               WHERE id = $1";
    let survivor: Option<Ids> =
        on_tx!(tx, c => sqlx::query_as(sql).bind(into).fetch_optional(c).await)?;
    let merged: Option<Ids> =
        on_tx!(tx, c => sqlx::query_as(sql).bind(from).fetch_optional(c).await)?;
    let (Some(survivor), Some(merged)) = (survivor, merged) else {
        return Err(PatientError::NotFound);
    };
    if survivor.3.is_some() || merged.3.is_some() || into == from {
        return Err(PatientError::AlreadyDecided("merged".into()));
    }
    let now = at.to_string();
    // The two records' opt-out referrals may no longer carry their patient's NHS number and
    // name (the survivor's differ, or the candidate gives its NHS number up): the duplicate
    // check must find them through the referral indexes again (migration 0014).
    let sql = "UPDATE referrals SET keys_on_patient = FALSE \
               WHERE patient_id IN ($1, $2) AND keys_on_patient";
    on_tx!(tx, c => sqlx::query(sql).bind(into).bind(from).execute(c).await.map(|_| ()))?;
    for sql in [
        "UPDATE episodes SET patient_id = $1 WHERE patient_id = $2",
        "UPDATE referrals SET patient_id = $1 WHERE patient_id = $2",
        // Records merged into the candidate earlier now point at the survivor too, so the
        // importer follows one step at most.
        "UPDATE patients SET merged_into = $1 WHERE merged_into = $2",
    ] {
        on_tx!(tx, c => sqlx::query(sql).bind(into).bind(from).execute(c).await.map(|_| ()))?;
    }
    // The identifiers are unique, so the candidate gives up the ones it hands over.
    let mut moved = Vec::new();
    if survivor.0.is_none() && merged.0.is_some() {
        let sql = "UPDATE patients SET nhs_number = NULL WHERE id = $1";
        on_tx!(tx, c => sqlx::query(sql).bind(from).execute(c).await.map(|_| ()))?;
        let sql = "UPDATE patients SET nhs_number = $1 WHERE id = $2";
        on_tx!(tx, c => sqlx::query(sql).bind(&merged.0).bind(into).execute(c).await.map(|_| ()))?;
        moved.push("nhs-number");
    }
    if survivor.2.is_none() && merged.2.is_some() {
        let sql = "UPDATE patients SET local_patient_id = NULL WHERE id = $1";
        on_tx!(tx, c => sqlx::query(sql).bind(from).execute(c).await.map(|_| ()))?;
        let sql = "UPDATE patients SET hospital_id = $1, local_patient_id = $2 WHERE id = $3";
        on_tx!(tx, c => sqlx::query(sql).bind(&merged.1).bind(&merged.2).bind(into).execute(c).await.map(|_| ()))?;
        moved.push("local-id");
    }
    let sql = "UPDATE patients SET merged_into = $1, updated_at = $2 WHERE id = $3";
    on_tx!(tx, c => sqlx::query(sql).bind(into).bind(&now).bind(from).execute(c).await.map(|_| ()))?;
    let sql = "UPDATE patients SET updated_at = $1 WHERE id = $2";
    on_tx!(tx, c => sqlx::query(sql).bind(&now).bind(into).execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        actor
            .entry(Action::RecordChanged)
            .on_record("patient", from)
            .with_detail(format!("merged-into={into}")),
    )
    .await?;
    audit::record(
        tx,
        actor
            .entry(Action::RecordChanged)
            .on_record("patient", into)
            .with_detail(format!("merged-from={from} moved={}", moved.join(","))),
    )
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The duty to inform (s130D, Wales s130K/L)

/// A qualifying episode still in force whose patient has not been told both orally and in
/// writing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DutyItem {
    pub episode: Episode,
    pub patient_id: String,
    pub patient_name: String,
    pub start_on: Date,
    /// Working days from the episode's start to today (England and Wales bank holidays).
    pub working_days: i32,
    /// More working days than the provider's threshold.
    pub overdue: bool,
}

/// The duty-to-inform list, by hospital then oldest first. `hospital`: only that hospital's
/// episodes (hospital staff see their own). Audited as one view naming how many were listed.
pub async fn duty_list(
    db: &Database,
    hospital: Option<&str>,
    today: Date,
    overdue_after_working_days: i32,
    actor: &Actor,
) -> Result<Vec<DutyItem>, StorageError> {
    let today_text = today.to_string();
    let base = "SELECT e.id, e.hospital_id, o.name, e.episode_id, e.legal_status, e.start_at, \
        e.end_at, e.ward, e.jurisdiction, e.told_orally_on, e.told_in_writing_on, e.qualifies, \
        e.eligibility_basis, p.id, p.given_name, p.family_name \
        FROM episodes e JOIN organisations o ON o.id = e.hospital_id \
        JOIN patients p ON p.id = e.patient_id \
        WHERE e.qualifies = TRUE AND (e.end_at IS NULL OR substr(e.end_at, 1, 10) >= $1) \
        AND (e.told_orally_on IS NULL OR e.told_in_writing_on IS NULL)";
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        bool,
        String,
        String,
        String,
        String,
    );
    let rows: Vec<Row> = match hospital {
        Some(h) => {
            let sql = format!("{base} AND e.hospital_id = $2 ORDER BY o.name, e.start_at, e.id");
            on_pool!(db, p => sqlx::query_as(&sql).bind(&today_text).bind(h).fetch_all(p).await)?
        }
        None => {
            let sql = format!("{base} ORDER BY o.name, e.start_at, e.id");
            on_pool!(db, p => sqlx::query_as(&sql).bind(&today_text).fetch_all(p).await)?
        }
    };
    let mut out = Vec::new();
    for r in rows {
        let episode = episode_from_row((
            r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10, r.11, r.12,
        ));
        let Some(start_on) = episode.start().map(When::date) else {
            continue;
        };
        let working_days = if start_on < today {
            imha_law::holidays::working_days_between(start_on, today)
        } else {
            0
        };
        out.push(DutyItem {
            episode,
            patient_id: r.13,
            patient_name: format!("{} {}", r.14, r.15),
            start_on,
            working_days,
            overdue: working_days > overdue_after_working_days,
        });
    }
    let mut entry = actor
        .entry(Action::RecordViewed)
        .with_detail(format!("duty-list episodes={}", out.len()));
    entry.record_type = Some("episode".into());
    audit::record_now(db, entry).await?;
    Ok(out)
}

/// One episode by id (for the duty form), without auditing.
pub async fn episode(db: &Database, id: &str) -> Result<Option<Episode>, StorageError> {
    let sql = format!("{SELECT_EPISODE} WHERE e.id = $1");
    let row: Option<EpisodeRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?;
    Ok(row.map(episode_from_row))
}

/// Record that the patient was told about IMHA help orally and/or in writing. Dates cannot be
/// in the future or before the episode started; a date already recorded is kept unless a new
/// one is given. `hospital`: the episode must be that hospital's (hospital staff).
pub async fn record_duty(
    tx: &mut Tx,
    episode_id: &str,
    told_orally_on: Option<Date>,
    told_in_writing_on: Option<Date>,
    today: Date,
    hospital: Option<&str>,
    actor: &Actor,
) -> Result<(), PatientError> {
    let sql = "SELECT hospital_id, start_at FROM episodes WHERE id = $1";
    let row: Option<(String, String)> =
        on_tx!(tx, c => sqlx::query_as(sql).bind(episode_id).fetch_optional(c).await)?;
    let (hospital_id, start_at) = row.ok_or(PatientError::NotFound)?;
    if hospital.is_some_and(|h| h != hospital_id) {
        return Err(PatientError::NotFound);
    }
    let start = imha_law::dates::parse_when(&start_at)
        .map(When::date)
        .ok_or(PatientError::NotFound)?;
    let mut errors = Vec::new();
    if told_orally_on.is_none() && told_in_writing_on.is_none() {
        errors.push(FieldError {
            field: "told_orally_on",
            message: "Enter the date the patient was told, orally or in writing".into(),
        });
    }
    for (field, what, d) in [
        ("told_orally_on", "Date told orally", told_orally_on),
        (
            "told_in_writing_on",
            "Date given in writing",
            told_in_writing_on,
        ),
    ] {
        match d {
            Some(d) if d > today => errors.push(FieldError {
                field,
                message: format!("{what} must be today or in the past"),
            }),
            Some(d) if d < start => errors.push(FieldError {
                field,
                message: format!("{what} must be on or after the day the section started"),
            }),
            _ => {}
        }
    }
    if !errors.is_empty() {
        return Err(PatientError::Invalid(errors));
    }
    let sql = "UPDATE episodes SET told_orally_on = COALESCE($1, told_orally_on), \
               told_in_writing_on = COALESCE($2, told_in_writing_on), updated_at = $3 \
               WHERE id = $4";
    on_tx!(tx, c => sqlx::query(sql)
        .bind(told_orally_on.map(|d| d.to_string()))
        .bind(told_in_writing_on.map(|d| d.to_string()))
        .bind(Timestamp::now().to_string())
        .bind(episode_id)
        .execute(c).await.map(|_| ()))?;
    let what: Vec<&str> = [
        told_orally_on.map(|_| "told-orally"),
        told_in_writing_on.map(|_| "told-in-writing"),
    ]
    .into_iter()
    .flatten()
    .collect();
    audit::record(
        tx,
        actor
            .entry(Action::RecordChanged)
            .on_record("episode", episode_id)
            .with_detail(format!("duty={}", what.join(","))),
    )
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Outcomes of opt-out referrals

/// What happened when the advocate went to see a patient referred by the opt-out feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The advocate visited; nothing decided yet (the referral stays new).
    Visited,
    /// The patient wants an IMHA: the referral is accepted and a case opened.
    Accepted,
    /// The patient does not want an IMHA.
    Declined,
    /// The patient could not be seen (the referral stays new so someone tries again).
    NotSeen,
    /// The patient lacks capacity to decide: a non-instructed case is opened.
    LacksCapacity,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Visited,
        Outcome::Accepted,
        Outcome::Declined,
        Outcome::NotSeen,
        Outcome::LacksCapacity,
    ];

    pub const fn id(self) -> &'static str {
        match self {
            Outcome::Visited => "visited",
            Outcome::Accepted => "accepted",
            Outcome::Declined => "declined",
            Outcome::NotSeen => "not-seen",
            Outcome::LacksCapacity => "lacks-capacity",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Outcome::Visited => "Visited: the patient is thinking about it",
            Outcome::Accepted => "The patient wants an advocate",
            Outcome::Declined => "The patient does not want an advocate",
            Outcome::NotSeen => "Could not see the patient",
            Outcome::LacksCapacity => "The patient lacks capacity to decide",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.id() == s)
    }

    /// Whether a reason must be given.
    pub const fn needs_reason(self) -> bool {
        matches!(self, Outcome::Declined | Outcome::NotSeen)
    }
}

/// An opt-out referral's feed details.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptOut {
    pub patient_id: Option<String>,
    pub episode_id: Option<String>,
    pub visit_due_on: Option<Date>,
    pub outcome: Option<Outcome>,
    pub outcome_reason: Option<String>,
    pub outcome_at: Option<Timestamp>,
}

/// The opt-out details of a referral, `None` for referrals from other channels.
pub async fn opt_out(db: &Database, referral_id: &str) -> Result<Option<OptOut>, StorageError> {
    type Row = (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let sql = "SELECT patient_id, episode_id, visit_due_on, outcome, outcome_reason, outcome_at \
               FROM referrals WHERE id = $1 AND channel = 'opt-out'";
    let row: Option<Row> =
        on_pool!(db, p => sqlx::query_as(sql).bind(referral_id).fetch_optional(p).await)?;
    Ok(row.map(|r| OptOut {
        patient_id: r.0,
        episode_id: r.1,
        visit_due_on: r.2.as_deref().and_then(imha_law::dates::parse_date),
        outcome: r.3.as_deref().and_then(Outcome::parse),
        outcome_reason: r.4,
        outcome_at: r.5.and_then(|t| t.parse().ok()),
    }))
}

/// What [`record_outcome`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeRecorded {
    pub status: ReferralStatus,
    pub case_id: Option<String>,
}

/// Record what happened on an opt-out referral (see [`Outcome`]), with its audit entries, in
/// `tx`. Accepting and "lacks capacity" open a case through `referrals::decide`; declining
/// records the patient's decision. Only a new referral can take an outcome.
pub async fn record_outcome(
    tx: &mut Tx,
    referral_id: &str,
    outcome: Outcome,
    reason: Option<&str>,
    at: Timestamp,
    actor: &Actor,
) -> Result<OutcomeRecorded, PatientError> {
    let sql = "SELECT channel, status FROM referrals WHERE id = $1";
    let row: Option<(String, String)> =
        on_tx!(tx, c => sqlx::query_as(sql).bind(referral_id).fetch_optional(c).await)?;
    let (channel, status) = row.ok_or(PatientError::NotFound)?;
    if channel != "opt-out" {
        return Err(invalid(
            "outcome",
            "Outcomes are recorded for opt-out referrals only",
        ));
    }
    if status != ReferralStatus::New.id() {
        return Err(PatientError::AlreadyDecided(status));
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if outcome.needs_reason() && reason.is_none() {
        return Err(invalid(
            "outcome_reason",
            match outcome {
                Outcome::Declined => "Enter the patient's reason for not wanting an advocate",
                _ => "Enter why the patient could not be seen",
            },
        ));
    }
    if reason.is_some_and(|r| r.chars().count() > MAX_LONG) {
        return Err(invalid(
            "outcome_reason",
            format!("Reason must be {MAX_LONG} characters or fewer"),
        ));
    }
    let decided = match outcome {
        Outcome::Visited | Outcome::NotSeen => None,
        Outcome::Accepted | Outcome::LacksCapacity => {
            Some(referrals::decide(tx, referral_id, &Decision::Accept, actor, at).await?)
        }
        Outcome::Declined => Some(
            referrals::decide(
                tx,
                referral_id,
                &Decision::PatientDeclined {
                    code: PatientDecision::DoesNotWant,
                    reason: reason.map(str::to_string),
                },
                actor,
                at,
            )
            .await?,
        ),
    };
    if outcome == Outcome::LacksCapacity
        && let Some(case_id) = decided.as_ref().and_then(|d| d.case_id.as_deref())
    {
        let sql = "UPDATE cases SET advocacy = 'non-instructed' WHERE id = $1";
        on_tx!(tx, c => sqlx::query(sql).bind(case_id).execute(c).await.map(|_| ()))?;
    }
    // A visit at which the advocate saw the patient is the referral's first contact (the
    // response time runs to it), unless one was recorded already; "could not see" is not.
    let seen = outcome != Outcome::NotSeen;
    let by = match actor {
        Actor::User { id, .. } => Some(id.as_str()),
        _ => None,
    };
    let sql = "UPDATE referrals SET outcome = $1, outcome_reason = $2, outcome_at = $3, \
               first_contact_at = CASE WHEN $5 THEN COALESCE(first_contact_at, $3) \
                 ELSE first_contact_at END, \
               first_contact_by = CASE WHEN $5 AND first_contact_at IS NULL THEN $6 \
                 ELSE first_contact_by END \
               WHERE id = $4";
    on_tx!(tx, c => sqlx::query(sql).bind(outcome.id()).bind(reason).bind(at.to_string()).bind(referral_id).bind(seen).bind(by).execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        actor
            .entry(Action::RecordChanged)
            .on_record("referral", referral_id)
            .with_detail(format!("outcome={}", outcome.id())),
    )
    .await?;
    Ok(match decided {
        Some(d) => OutcomeRecorded {
            status: d.status,
            case_id: d.case_id,
        },
        None => OutcomeRecorded {
            status: ReferralStatus::New,
            case_id: None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_round_trip_and_say_which_need_a_reason() {
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.id()), Some(o));
        }
        assert!(Outcome::Declined.needs_reason() && Outcome::NotSeen.needs_reason());
        assert!(!Outcome::Visited.needs_reason() && !Outcome::LacksCapacity.needs_reason());
    }
}
