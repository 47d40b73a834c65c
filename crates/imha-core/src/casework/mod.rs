//! Casework (issue 7): the case an accepted referral opens, and what the advocate does on it.
//! A case is open, paused or closed with a reason, and reopened when the patient asks again;
//! its advocacy is instructed, or non-instructed for a patient who lacks capacity to instruct.
//! On a case the advocate records the issues the patient raises ([`issues`]), each visit, call
//! or meeting with the time spent ([`contacts`]), requests to see the patient's records under
//! MHA 1983 s130B ([`records`]) and the outcome of the whole case ([`outcome`]).
//!
//! **Who may work on a case** ([`may_work`]): a service manager on every case, an advocate on
//! the cases allocated to them (`cases.advocate_id`), nobody else. Every function here checks
//! it and answers [`CaseError::NotFound`] otherwise, so a case nobody may see looks exactly like
//! one that does not exist.
//!
//! Every change writes its `case_events` row (for the case's life) and its audit entry in the
//! same transaction as the change; reading a case for a person ([`view`]) is audited. Audit
//! entries carry ids and codes, never notes or the patient's words.

pub mod contacts;
pub mod demo;
pub mod issues;
pub mod outcome;
pub mod records;

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::accounts::Role;
use crate::audit::{self, Action};
use crate::db::{Database, StorageError, Tx};
use crate::nhs_number::NhsNumber;
use crate::referrals::{Actor, FieldError, MAX_LONG, code_enum};
use crate::{on_pool, on_tx};

pub use demo::seed_demo;

code_enum! {
    /// Where a case is in its life.
    CaseStatus {
        Open => "open", "Open";
        Paused => "paused", "Paused";
        Closed => "closed", "Closed";
    }
}

code_enum! {
    /// Instructed advocacy, or non-instructed for a patient who lacks capacity to instruct an
    /// advocate (the advocate then acts without the person's instructions).
    Advocacy {
        Instructed => "instructed", "Instructed advocacy";
        NonInstructed => "non-instructed", "Non-instructed advocacy";
    }
}

code_enum! {
    /// Why a case closed.
    CloseReason {
        IssuesResolved => "issues-resolved", "The patient's issues are resolved";
        NoLongerWants => "no-longer-wants-help", "The patient no longer wants help";
        NotQualifying => "no-longer-qualifying", "No longer a qualifying patient";
        MovedOrTransferred => "moved-or-transferred", "The patient moved or was transferred";
        NoContact => "could-not-make-contact", "Could not make contact";
        Died => "patient-died", "The patient died";
        Other => "other", "Another reason";
    }
}

code_enum! {
    /// What happened in a case's life (`case_events.kind`).
    EventKind {
        Opened => "opened", "Case opened";
        Allocated => "allocated", "Allocated to an advocate";
        Paused => "paused", "Case paused";
        Resumed => "resumed", "Case resumed";
        Closed => "closed", "Case closed";
        Reopened => "reopened", "Case reopened";
        AdvocacyChanged => "advocacy-changed", "Advocacy changed";
        HomeAuthorityChanged => "home-authority-changed", "Home council changed";
    }
}

/// Who is working: a signed-in member of staff, with their role (for [`may_work`]) and their
/// address (for the audit trail).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Worker {
    pub user_id: String,
    pub role: Role,
    pub client: Option<String>,
}

impl Worker {
    pub fn new(user_id: impl Into<String>, role: Role, client: Option<String>) -> Worker {
        Worker {
            user_id: user_id.into(),
            role,
            client,
        }
    }

    pub fn actor(&self) -> Actor {
        Actor::User {
            id: self.user_id.clone(),
            client: self.client.clone(),
        }
    }
}

/// The record-level rule: a service manager may work on every case; an advocate only on the
/// cases allocated to them; nobody else on any.
pub fn may_work(role: Role, user_id: &str, advocate_id: Option<&str>) -> bool {
    match role {
        Role::ServiceManager => true,
        Role::Advocate => advocate_id == Some(user_id),
        Role::Admin | Role::HospitalReferrer | Role::Commissioner => false,
    }
}

/// Something a case's status does not allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Pause,
    Resume,
    Close,
    Reopen,
    ChangeAdvocacy,
    /// Issues, contacts and records-access requests: only on a case that is not closed.
    Record,
    /// The case outcome: only on a closed case.
    RecordOutcome,
}

/// Why a case could not be read or changed.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// No such case, or not one this person may work on.
    #[error("not found")]
    NotFound,
    /// The case's status does not allow the change (closing a closed case, say).
    #[error("{}", not_allowed_message(*.status, *.change))]
    NotAllowed { status: CaseStatus, change: Change },
    #[error("the answers have problems: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for CaseError {
    fn from(e: sqlx::Error) -> Self {
        CaseError::Storage(StorageError::Query(e))
    }
}

/// Plain English for [`CaseError::NotAllowed`], for the error summary.
pub fn not_allowed_message(status: CaseStatus, change: Change) -> String {
    let state = match status {
        CaseStatus::Open => "open",
        CaseStatus::Paused => "paused",
        CaseStatus::Closed => "closed",
    };
    match change {
        Change::Pause => format!("This case is {state}: only an open case can be paused"),
        Change::Resume => format!("This case is {state}: only a paused case can be resumed"),
        Change::Close => "This case is already closed".to_string(),
        Change::Reopen => format!("This case is {state}: only a closed case can be reopened"),
        Change::ChangeAdvocacy => {
            "This case is closed: reopen it before changing the advocacy".to_string()
        }
        Change::Record => "This case is closed: reopen it to record more".to_string(),
        Change::RecordOutcome => {
            format!("This case is {state}: the case outcome is recorded when it closes")
        }
    }
}

pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> CaseError {
    CaseError::Invalid(vec![FieldError {
        field,
        message: message.into(),
    }])
}

/// Text typed by a person: trimmed, `None` when blank; an error when longer than `max`.
pub(crate) fn words(
    text: Option<&str>,
    field: &'static str,
    what: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let t = text.map(str::trim).filter(|t| !t.is_empty())?;
    if t.chars().count() > max {
        errors.push(FieldError {
            field,
            message: format!("{what} must be {max} characters or fewer"),
        });
    }
    Some(t.to_string())
}

/// A case with what the summary shows about the patient (from the referral that opened it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    pub id: String,
    pub referral_id: String,
    pub reference: String,
    pub status: CaseStatus,
    pub advocacy: Advocacy,
    pub opened_at: Timestamp,
    pub advocate_id: Option<String>,
    pub advocate_name: Option<String>,
    pub allocated_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub close_reason: Option<CloseReason>,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<Date>,
    pub nhs_number: Option<NhsNumber>,
    pub hospital_name: Option<String>,
    pub ward: Option<String>,
    /// The patient record from the opt-out feed, when the referral is linked to one.
    pub patient_id: Option<String>,
    /// The council responsible for the patient's after-care (organisation id), when known:
    /// out-of-area placements in the reports come from it ([`set_home_authority`]).
    pub home_authority_id: Option<String>,
}

impl Case {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    /// Whether `worker` may work on this case ([`may_work`]).
    pub fn may_be_worked_by(&self, worker: &Worker) -> bool {
        may_work(worker.role, &worker.user_id, self.advocate_id.as_deref())
    }
}

const SELECT_CASE: &str = "SELECT c.id, c.referral_id, r.reference, c.status, c.advocacy, \
    c.opened_at, c.advocate_id, u.name AS advocate_name, c.allocated_at, c.closed_at, \
    c.close_reason, r.given_name, r.family_name, r.date_of_birth, r.nhs_number, \
    r.hospital_name, r.ward, r.patient_id, c.home_authority_id \
    FROM cases c JOIN referrals r ON r.id = c.referral_id LEFT JOIN users u ON u.id = c.advocate_id";

pub(crate) fn time(s: &str) -> Option<Timestamp> {
    s.parse().ok()
}

fn case_from_row<R: sqlx::Row>(row: &R) -> Result<Case, sqlx::Error>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let bad = |col: &str| sqlx::Error::ColumnDecode {
        index: col.to_string(),
        source: "unexpected value".into(),
    };
    let status: String = row.try_get("status")?;
    let advocacy: String = row.try_get("advocacy")?;
    let opened_at: String = row.try_get("opened_at")?;
    let opt_time = |col: &str| -> Result<Option<Timestamp>, sqlx::Error> {
        Ok(row
            .try_get::<Option<String>, _>(col)?
            .as_deref()
            .and_then(time))
    };
    Ok(Case {
        id: row.try_get("id")?,
        referral_id: row.try_get("referral_id")?,
        reference: row.try_get("reference")?,
        status: CaseStatus::parse(&status).ok_or_else(|| bad("status"))?,
        advocacy: Advocacy::parse(&advocacy).ok_or_else(|| bad("advocacy"))?,
        opened_at: time(&opened_at).ok_or_else(|| bad("opened_at"))?,
        advocate_id: row.try_get("advocate_id")?,
        advocate_name: row.try_get("advocate_name")?,
        allocated_at: opt_time("allocated_at")?,
        closed_at: opt_time("closed_at")?,
        close_reason: row
            .try_get::<Option<String>, _>("close_reason")?
            .as_deref()
            .and_then(CloseReason::parse),
        given_name: row.try_get("given_name")?,
        family_name: row.try_get("family_name")?,
        date_of_birth: row
            .try_get::<Option<String>, _>("date_of_birth")?
            .as_deref()
            .and_then(imha_law::dates::parse_date),
        nhs_number: row
            .try_get::<Option<String>, _>("nhs_number")?
            .and_then(|n| NhsNumber::parse(&n).ok()),
        hospital_name: row.try_get("hospital_name")?,
        ward: row.try_get("ward")?,
        patient_id: row.try_get("patient_id")?,
        home_authority_id: row.try_get("home_authority_id")?,
    })
}

/// A case by id, without auditing and without the access rule: imha's own use. Screens use
/// [`view`]; a worker's reads use [`get_for`].
pub async fn get(db: &Database, id: &str) -> Result<Option<Case>, StorageError> {
    let sql = format!("{SELECT_CASE} WHERE c.id = $1");
    Ok(
        on_pool!(db, p => match sqlx::query(&sql).bind(id).fetch_optional(p).await {
            Ok(Some(row)) => case_from_row(&row).map(Some),
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        })?,
    )
}

/// A case `worker` may work on (without auditing: for forms that show only the name).
/// [`CaseError::NotFound`] when there is no such case or they may not work on it.
pub async fn get_for(db: &Database, id: &str, worker: &Worker) -> Result<Case, CaseError> {
    match get(db, id).await? {
        Some(c) if c.may_be_worked_by(worker) => Ok(c),
        _ => Err(CaseError::NotFound),
    }
}

/// A case `worker` may work on, for a form about it. The form shows the patient's name (and
/// what it changes), so the view is audited, with `form` naming the form.
pub async fn get_for_form(
    db: &Database,
    id: &str,
    worker: &Worker,
    form: &str,
) -> Result<Case, CaseError> {
    let case = get_for(db, id, worker).await?;
    audit::record_now(
        db,
        worker
            .actor()
            .entry(Action::RecordViewed)
            .on_record("case", id)
            .with_detail(format!("form={form}")),
    )
    .await?;
    Ok(case)
}

/// The case, read inside a change's transaction, after the access rule.
async fn case_in_tx(tx: &mut Tx, id: &str, worker: &Worker) -> Result<Case, CaseError> {
    let sql = format!("{SELECT_CASE} WHERE c.id = $1");
    let case = on_tx!(tx, c => match sqlx::query(&sql).bind(id).fetch_optional(c).await {
        Ok(Some(row)) => case_from_row(&row).map(Some),
        Ok(None) => Ok(None),
        Err(e) => Err(e),
    })?;
    match case {
        Some(c) if c.may_be_worked_by(worker) => Ok(c),
        _ => Err(CaseError::NotFound),
    }
}

/// The case for a change that needs it not closed (issues, contacts, records access).
pub(crate) async fn open_case_in_tx(
    tx: &mut Tx,
    id: &str,
    worker: &Worker,
) -> Result<Case, CaseError> {
    let case = case_in_tx(tx, id, worker).await?;
    if case.status == CaseStatus::Closed {
        return Err(CaseError::NotAllowed {
            status: case.status,
            change: Change::Record,
        });
    }
    Ok(case)
}

/// One thing in a case's life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseEvent {
    pub id: String,
    pub at: Timestamp,
    pub by_name: Option<String>,
    /// The stored kind (an [`EventKind`] id; others' kinds are kept as they are).
    pub kind: String,
    /// The person's words, where the change asks for them (for a close: see
    /// [`CaseEvent::close_reason`]).
    pub reason: Option<String>,
}

impl CaseEvent {
    pub fn kind(&self) -> Option<EventKind> {
        EventKind::parse(&self.kind)
    }

    /// What people read: "Case paused", or the stored kind when it is not one of ours.
    pub fn label(&self) -> String {
        match self.kind() {
            Some(k) => k.label().to_string(),
            None => self.kind.replace('-', " "),
        }
    }

    /// A close event's reason code and words (stored as `code` or `code: words`).
    pub fn close_reason(&self) -> Option<(CloseReason, Option<&str>)> {
        if self.kind() != Some(EventKind::Closed) {
            return None;
        }
        let r = self.reason.as_deref()?;
        match r.split_once(": ") {
            Some((code, words)) => CloseReason::parse(code).map(|c| (c, Some(words))),
            None => CloseReason::parse(r).map(|c| (c, None)),
        }
    }
}

/// Everything on the case page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRecord {
    pub case: Case,
    /// Oldest first, starting with the opening.
    pub events: Vec<CaseEvent>,
    pub issues: Vec<issues::Issue>,
    /// Oldest first.
    pub contacts: Vec<contacts::Contact>,
    pub records_requests: Vec<records::RecordsRequest>,
    pub outcome: Option<outcome::CaseOutcome>,
}

impl CaseRecord {
    /// Time spent on every contact, in minutes.
    pub fn total_minutes(&self) -> i64 {
        self.contacts.iter().map(|c| c.minutes).sum()
    }

    /// Why the case closed (code and words), from the latest close.
    pub fn close_reason(&self) -> Option<(CloseReason, Option<&str>)> {
        self.events.iter().rev().find_map(CaseEvent::close_reason)
    }

    /// The case's life and its contacts in one list, oldest first.
    pub fn timeline(&self) -> Vec<TimelineItem<'_>> {
        let mut items: Vec<TimelineItem<'_>> = self
            .events
            .iter()
            .map(TimelineItem::Event)
            .chain(self.contacts.iter().map(TimelineItem::Contact))
            .collect();
        items.sort_by_key(|i| i.at());
        items
    }
}

/// One line of a case's timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineItem<'a> {
    Event(&'a CaseEvent),
    Contact(&'a contacts::Contact),
}

impl TimelineItem<'_> {
    pub fn at(&self) -> Timestamp {
        match self {
            TimelineItem::Event(e) => e.at,
            TimelineItem::Contact(c) => c.happened_at,
        }
    }
}

async fn events(db: &Database, case: &Case) -> Result<Vec<CaseEvent>, StorageError> {
    let sql = "SELECT e.id, e.at, u.name, e.kind, e.reason FROM case_events e \
               LEFT JOIN users u ON u.id = e.by_user WHERE e.case_id = $1 ORDER BY e.at, e.id";
    type Row = (String, String, Option<String>, String, Option<String>);
    let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as(sql).bind(&case.id).fetch_all(p).await)?;
    let mut out: Vec<CaseEvent> = rows
        .into_iter()
        .filter_map(|(id, at, by_name, kind, reason)| {
            Some(CaseEvent {
                id,
                at: time(&at)?,
                by_name,
                kind,
                reason,
            })
        })
        .collect();
    // Accepting a referral opens the case without an event row: the case says when.
    if !out.iter().any(|e| e.kind() == Some(EventKind::Opened)) {
        let sql = "SELECT u.name FROM cases c LEFT JOIN users u ON u.id = c.opened_by \
                   WHERE c.id = $1";
        let by: Option<Option<String>> =
            on_pool!(db, p => sqlx::query_scalar(sql).bind(&case.id).fetch_optional(p).await)?;
        out.insert(
            0,
            CaseEvent {
                id: format!("{}-opened", case.id),
                at: case.opened_at,
                by_name: by.flatten(),
                kind: EventKind::Opened.id().to_string(),
                reason: None,
            },
        );
    }
    Ok(out)
}

/// Everything about a case, without auditing (imha's own use and tests). Screens use [`view`].
pub async fn record(db: &Database, case: Case) -> Result<CaseRecord, StorageError> {
    let events = events(db, &case).await?;
    let issues = issues::for_case(db, &case.id).await?;
    let contacts = contacts::for_case(db, &case.id).await?;
    let records_requests = records::for_case(db, &case.id).await?;
    let outcome = outcome::for_case(db, &case.id).await?;
    Ok(CaseRecord {
        case,
        events,
        issues,
        contacts,
        records_requests,
        outcome,
    })
}

/// Show a case to `worker`: everything on it (contact notes included), with the view recorded
/// in the audit trail. [`CaseError::NotFound`] for a case they may not work on (nothing is
/// recorded then: nothing was shown).
pub async fn view(db: &Database, id: &str, worker: &Worker) -> Result<CaseRecord, CaseError> {
    let case = get_for(db, id, worker).await?;
    let rec = record(db, case).await?;
    audit::record_now(
        db,
        worker
            .actor()
            .entry(Action::RecordViewed)
            .on_record("case", id),
    )
    .await?;
    Ok(rec)
}

/// One line of the cases list.
pub type CaseSummary = Case;

/// Cases on one page of the cases list.
pub const CASES_PER_PAGE: i64 = 100;

/// One page of the cases list.
#[derive(Debug)]
pub struct CaseList {
    /// At most [`CASES_PER_PAGE`] cases, newest first.
    pub cases: Vec<CaseSummary>,
    /// How many cases match in all pages.
    pub total: i64,
}

/// Page `page` (1-based; below 1 counts as 1) of the cases `worker` may work on, newest first:
/// an advocate's own, every case for a manager (none for anyone else); only those with
/// `status` when given. Listing shows names, so it is audited with the ids listed.
pub async fn list(
    db: &Database,
    worker: &Worker,
    status: Option<CaseStatus>,
    page: i64,
) -> Result<CaseList, StorageError> {
    let mut conditions = Vec::new();
    let mut params: Vec<String> = Vec::new();
    match worker.role {
        Role::ServiceManager => {}
        Role::Advocate => {
            params.push(worker.user_id.clone());
            conditions.push(format!("c.advocate_id = ${}", params.len()));
        }
        _ => {
            return Ok(CaseList {
                cases: Vec::new(),
                total: 0,
            });
        }
    }
    if let Some(s) = status {
        params.push(s.id().to_string());
        conditions.push(format!("c.status = ${}", params.len()));
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    let offset = (page.max(1) - 1).saturating_mul(CASES_PER_PAGE);
    let sql = format!(
        "{SELECT_CASE}{filter} ORDER BY c.opened_at DESC, c.id DESC LIMIT {CASES_PER_PAGE} OFFSET {offset}"
    );
    let count_sql = format!("SELECT COUNT(*) FROM cases c{filter}");
    let (cases, total): (Vec<Case>, i64) = on_pool!(db, p => {
        let mut q = sqlx::query(&sql);
        let mut count = sqlx::query_scalar(&count_sql);
        for v in &params {
            q = q.bind(v);
            count = count.bind(v);
        }
        match (q.fetch_all(p).await, count.fetch_one(p).await) {
            (Ok(rows), Ok(total)) => rows
                .iter()
                .map(case_from_row)
                .collect::<Result<Vec<_>, _>>()
                .map(|cases| (cases, total)),
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    })?;
    let ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    audit::record_now(
        db,
        worker
            .actor()
            .entry(Action::RecordViewed)
            .on_record("case-list", status.map(|s| s.id()).unwrap_or("all"))
            .with_detail(format!("cases={}", ids.join(","))),
    )
    .await?;
    Ok(CaseList { cases, total })
}

/// Write a case event and its audit entry.
async fn event(
    tx: &mut Tx,
    case_id: &str,
    kind: EventKind,
    reason: Option<&str>,
    worker: &Worker,
    at: Timestamp,
    detail: String,
) -> Result<(), CaseError> {
    let sql = "INSERT INTO case_events (id, case_id, at, by_user, kind, reason) \
               VALUES ($1, $2, $3, $4, $5, $6)";
    let id = uuid::Uuid::now_v7().to_string();
    on_tx!(tx, c => sqlx::query(sql).bind(&id).bind(case_id).bind(at.to_string()).bind(&worker.user_id).bind(kind.id()).bind(reason).execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        worker
            .actor()
            .entry(Action::RecordChanged)
            .on_record("case", case_id)
            .with_detail(detail),
    )
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
/// Set the status from `from` to `to`, or say what the status is now (someone else changed it
/// since it was read).
async fn set_status(
    tx: &mut Tx,
    case: &Case,
    from: &[CaseStatus],
    to: CaseStatus,
    change: Change,
    extra: &str,
    binds: (Option<String>, Option<String>),
    at: Timestamp,
) -> Result<(), CaseError> {
    if !from.contains(&case.status) {
        return Err(CaseError::NotAllowed {
            status: case.status,
            change,
        });
    }
    let sql = format!(
        "UPDATE cases SET status = $1, updated_at = $2{extra} WHERE id = $3 AND status = $4"
    );
    let changed = on_tx!(tx, c => {
        let q = sqlx::query(&sql)
            .bind(to.id())
            .bind(at.to_string())
            .bind(&case.id)
            .bind(case.status.id());
        let q = if extra.is_empty() { q } else { q.bind(&binds.0).bind(&binds.1) };
        q.execute(c).await.map(|r| r.rows_affected())
    })?;
    if changed == 0 {
        let now: Option<String> = on_tx!(tx, c => sqlx::query_scalar("SELECT status FROM cases WHERE id = $1").bind(&case.id).fetch_optional(c).await)?;
        let status = now
            .as_deref()
            .and_then(CaseStatus::parse)
            .ok_or(CaseError::NotFound)?;
        return Err(CaseError::NotAllowed { status, change });
    }
    Ok(())
}

fn required_reason(reason: &str, field: &'static str, message: &str) -> Result<String, CaseError> {
    let mut errors = Vec::new();
    match words(Some(reason), field, "Reason", MAX_LONG, &mut errors) {
        None => Err(invalid(field, message)),
        Some(_) if !errors.is_empty() => Err(CaseError::Invalid(errors)),
        Some(r) => Ok(r),
    }
}

/// Pause an open case (the patient is on leave, unwell, asked for a break...), with the reason.
pub async fn pause(
    tx: &mut Tx,
    id: &str,
    reason: &str,
    worker: &Worker,
    at: Timestamp,
) -> Result<(), CaseError> {
    let case = case_in_tx(tx, id, worker).await?;
    let reason = required_reason(reason, "reason", "Enter why the case is paused")?;
    set_status(
        tx,
        &case,
        &[CaseStatus::Open],
        CaseStatus::Paused,
        Change::Pause,
        "",
        (None, None),
        at,
    )
    .await?;
    event(
        tx,
        id,
        EventKind::Paused,
        Some(&reason),
        worker,
        at,
        "case-paused".into(),
    )
    .await
}

/// Resume a paused case.
pub async fn resume(
    tx: &mut Tx,
    id: &str,
    worker: &Worker,
    at: Timestamp,
) -> Result<(), CaseError> {
    let case = case_in_tx(tx, id, worker).await?;
    set_status(
        tx,
        &case,
        &[CaseStatus::Paused],
        CaseStatus::Open,
        Change::Resume,
        "",
        (None, None),
        at,
    )
    .await?;
    event(
        tx,
        id,
        EventKind::Resumed,
        None,
        worker,
        at,
        "case-resumed".into(),
    )
    .await
}

/// How a case closes: the reason, words (needed for [`CloseReason::Other`]) and, optionally,
/// the case outcome recorded with it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Closing {
    pub reason: Option<CloseReason>,
    pub words: Option<String>,
    pub outcome: Option<outcome::NewOutcome>,
}

/// Close an open or paused case with its reason (and its outcome, when given).
pub async fn close(
    tx: &mut Tx,
    id: &str,
    closing: &Closing,
    worker: &Worker,
    at: Timestamp,
) -> Result<(), CaseError> {
    let case = case_in_tx(tx, id, worker).await?;
    if case.status == CaseStatus::Closed {
        return Err(CaseError::NotAllowed {
            status: case.status,
            change: Change::Close,
        });
    }
    let mut errors = Vec::new();
    let words = words(
        closing.words.as_deref(),
        "close_detail",
        "Details",
        MAX_LONG,
        &mut errors,
    );
    match closing.reason {
        None => errors.insert(
            0,
            FieldError {
                field: "close_reason",
                message: "Select why the case is closing".into(),
            },
        ),
        Some(CloseReason::Other) if words.is_none() => errors.push(FieldError {
            field: "close_detail",
            message: "Enter why the case is closing".into(),
        }),
        _ => {}
    }
    if let Some(o) = &closing.outcome {
        errors.extend(outcome::check(o));
    }
    let Some(reason) = closing.reason.filter(|_| errors.is_empty()) else {
        return Err(CaseError::Invalid(errors));
    };
    set_status(
        tx,
        &case,
        &[CaseStatus::Open, CaseStatus::Paused],
        CaseStatus::Closed,
        Change::Close,
        ", closed_at = $5, close_reason = $6",
        (Some(at.to_string()), Some(reason.id().to_string())),
        at,
    )
    .await?;
    let stored = match &words {
        Some(w) => format!("{}: {w}", reason.id()),
        None => reason.id().to_string(),
    };
    event(
        tx,
        id,
        EventKind::Closed,
        Some(&stored),
        worker,
        at,
        format!("case-closed reason={}", reason.id()),
    )
    .await?;
    if let Some(o) = &closing.outcome {
        outcome::store(tx, id, o, worker, at).await?;
    }
    Ok(())
}

/// Reopen a closed case when the patient asks again, with the reason.
pub async fn reopen(
    tx: &mut Tx,
    id: &str,
    reason: &str,
    worker: &Worker,
    at: Timestamp,
) -> Result<(), CaseError> {
    let case = case_in_tx(tx, id, worker).await?;
    if case.status != CaseStatus::Closed {
        return Err(CaseError::NotAllowed {
            status: case.status,
            change: Change::Reopen,
        });
    }
    let reason = required_reason(reason, "reason", "Enter why the case is reopened")?;
    set_status(
        tx,
        &case,
        &[CaseStatus::Closed],
        CaseStatus::Open,
        Change::Reopen,
        ", closed_at = $5, close_reason = $6",
        (None, None),
        at,
    )
    .await?;
    event(
        tx,
        id,
        EventKind::Reopened,
        Some(&reason),
        worker,
        at,
        "case-reopened".into(),
    )
    .await
}

/// Change instructed to non-instructed advocacy or back, with the reason (the patient's
/// capacity to instruct an advocate).
pub async fn change_advocacy(
    tx: &mut Tx,
    id: &str,
    to: Advocacy,
    reason: &str,
    worker: &Worker,
    at: Timestamp,
) -> Result<(), CaseError> {
    let case = case_in_tx(tx, id, worker).await?;
    if case.status == CaseStatus::Closed {
        return Err(CaseError::NotAllowed {
            status: case.status,
            change: Change::ChangeAdvocacy,
        });
    }
    if case.advocacy == to {
        return Err(invalid(
            "advocacy",
            format!("This case is already {}", to.label().to_lowercase()),
        ));
    }
    let reason = required_reason(
        reason,
        "reason",
        "Enter why the advocacy is changing (the patient's capacity to instruct an advocate)",
    )?;
    let sql = "UPDATE cases SET advocacy = $1, updated_at = $2 WHERE id = $3";
    on_tx!(tx, c => sqlx::query(sql).bind(to.id()).bind(at.to_string()).bind(id).execute(c).await.map(|_| ()))?;
    event(
        tx,
        id,
        EventKind::AdvocacyChanged,
        Some(&format!("{}: {reason}", to.id())),
        worker,
        at,
        format!("advocacy={}", to.id()),
    )
    .await
}

/// Record the council responsible for the patient's after-care (a local authority's
/// organisation id), or that it is not known (`None`). Any case, whatever its status: it is a
/// fact about the patient, and the reports count out-of-area placements from it. The change, its
/// case event and its audit entry commit together.
pub async fn set_home_authority(
    tx: &mut Tx,
    id: &str,
    authority_id: Option<&str>,
    worker: &Worker,
    at: Timestamp,
) -> Result<(), CaseError> {
    let case = case_in_tx(tx, id, worker).await?;
    let authority_id = authority_id.map(str::trim).filter(|a| !a.is_empty());
    // The event keeps the council's name (the timeline shows it as written then); the audit
    // entry keeps its id.
    let mut name = "Not known".to_string();
    if let Some(a) = authority_id {
        let org: Option<(String, String)> = on_tx!(tx, c => sqlx::query_as("SELECT kind, name FROM organisations WHERE id = $1").bind(a).fetch_optional(c).await)?;
        match org {
            Some((kind, n)) if kind == crate::organisations::Kind::LocalAuthority.id() => name = n,
            _ => {
                return Err(invalid(
                    "home_authority",
                    "Select the council responsible for the patient's after-care",
                ));
            }
        }
    }
    if case.home_authority_id.as_deref() == authority_id {
        return Ok(());
    }
    let sql = "UPDATE cases SET home_authority_id = $1, updated_at = $2 WHERE id = $3";
    on_tx!(tx, c => sqlx::query(sql).bind(authority_id).bind(at.to_string()).bind(id).execute(c).await.map(|_| ()))?;
    event(
        tx,
        id,
        EventKind::HomeAuthorityChanged,
        Some(&name),
        worker,
        at,
        format!("home-authority={}", authority_id.unwrap_or("not-known")),
    )
    .await
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Change::Pause => "pause",
            Change::Resume => "resume",
            Change::Close => "close",
            Change::Reopen => "reopen",
            Change::ChangeAdvocacy => "change advocacy",
            Change::Record => "record",
            Change::RecordOutcome => "record outcome",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managers_work_on_every_case_advocates_on_their_own_and_nobody_else_on_any() {
        for role in Role::ALL {
            let own = may_work(role, "u1", Some("u1"));
            let other = may_work(role, "u1", Some("u2"));
            let none = may_work(role, "u1", None);
            match role {
                Role::ServiceManager => assert!(own && other && none),
                Role::Advocate => assert!(own && !other && !none),
                _ => assert!(!own && !other && !none, "{role:?}"),
            }
        }
    }

    #[test]
    fn a_close_event_keeps_its_code_and_words() {
        let e = CaseEvent {
            id: "e".into(),
            at: Timestamp::UNIX_EPOCH,
            by_name: None,
            kind: "closed".into(),
            reason: Some("other: Moved abroad: no forwarding address".into()),
        };
        assert_eq!(
            e.close_reason(),
            Some((
                CloseReason::Other,
                Some("Moved abroad: no forwarding address")
            ))
        );
        let e = CaseEvent {
            reason: Some("issues-resolved".into()),
            ..e
        };
        assert_eq!(e.close_reason(), Some((CloseReason::IssuesResolved, None)));
    }

    #[test]
    fn messages_name_the_status() {
        assert_eq!(
            CaseError::NotAllowed {
                status: CaseStatus::Closed,
                change: Change::Close
            }
            .to_string(),
            "This case is already closed"
        );
        assert_eq!(
            not_allowed_message(CaseStatus::Open, Change::Resume),
            "This case is open: only a paused case can be resumed"
        );
    }
}
