//! The issues a patient raises on a case (the help s130B(1)-(2) describes: rights, the
//! tribunal, the managers' hearing, concerns and complaints, treatment, meetings and care
//! planning, conditions and restrictions, s117 after-care, anything else), each with a status
//! and, once worked on, its outcome measures and what the patient said in their words.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;

use super::{CaseError, Worker, invalid, open_case_in_tx, time, words};
use crate::audit::{self, Action};
use crate::db::{Database, StorageError, Tx};
use crate::referrals::{FieldError, MAX_LONG, code_enum};
use crate::{on_pool, on_tx};

code_enum! {
    /// What an issue is about.
    IssueKind {
        Rights => "rights", "Rights";
        TribunalApplication => "tribunal-application", "Tribunal application";
        TribunalRepresentation => "tribunal-representation", "Tribunal representation (finding a solicitor)";
        TribunalHearing => "tribunal-hearing", "Tribunal hearing";
        ManagersHearing => "managers-hearing", "Hospital managers' hearing";
        Concerns => "concerns-complaints", "Concerns and complaints";
        Treatment => "treatment-information", "Information about treatment (including second-opinion doctors)";
        Meetings => "meetings-care-planning", "Meetings, ward rounds and care planning (CPA)";
        Conditions => "conditions-restrictions", "Conditions and restrictions (leave, CTO conditions)";
        AfterCare => "s117-after-care", "Section 117 after-care";
        Other => "other", "Something else";
    }
}

code_enum! {
    /// Where an issue is.
    IssueStatus {
        Open => "open", "Open";
        InProgress => "in-progress", "In progress";
        Resolved => "resolved", "Resolved";
        ClosedUnresolved => "closed-unresolved", "Closed without resolution";
    }
}

impl IssueStatus {
    /// Resolved or closed without resolution.
    pub fn is_finished(self) -> bool {
        matches!(self, IssueStatus::Resolved | IssueStatus::ClosedUnresolved)
    }
}

code_enum! {
    /// An answer to an outcome measure.
    Measure {
        Yes => "yes", "Yes";
        Partly => "partly", "Partly";
        No => "no", "No";
        NotKnown => "not-known", "Not known";
    }
}

/// The outcome measures (of an issue or of the whole case), each optional, and what the
/// patient said in their own words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Measures {
    pub felt_heard: Option<Measure>,
    pub felt_involved: Option<Measure>,
    pub rights_understood: Option<Measure>,
    pub rights_upheld: Option<Measure>,
    pub care_changed: Option<Measure>,
    pub concern_resolved: Option<Measure>,
    pub patient_words: Option<String>,
}

/// Each measure: the form's field name (and the column's) and the question people read.
pub const MEASURES: [(&str, &str); 6] = [
    ("felt_heard", "Did the patient feel heard?"),
    (
        "felt_involved",
        "Did the patient feel involved in decisions about them?",
    ),
    (
        "rights_understood",
        "Does the patient understand their rights?",
    ),
    ("rights_upheld", "Were the patient's rights upheld?"),
    ("care_changed", "Did their care or treatment change?"),
    ("concern_resolved", "Was their concern resolved?"),
];

impl Measures {
    /// The answer to the measure named `field` (one of [`MEASURES`]).
    pub fn get(&self, field: &str) -> Option<Measure> {
        match field {
            "felt_heard" => self.felt_heard,
            "felt_involved" => self.felt_involved,
            "rights_understood" => self.rights_understood,
            "rights_upheld" => self.rights_upheld,
            "care_changed" => self.care_changed,
            "concern_resolved" => self.concern_resolved,
            _ => None,
        }
    }

    /// Set the measure named `field`.
    pub fn set(&mut self, field: &str, value: Option<Measure>) {
        match field {
            "felt_heard" => self.felt_heard = value,
            "felt_involved" => self.felt_involved = value,
            "rights_understood" => self.rights_understood = value,
            "rights_upheld" => self.rights_upheld = value,
            "care_changed" => self.care_changed = value,
            "concern_resolved" => self.concern_resolved = value,
            _ => {}
        }
    }

    /// Whether anything is recorded.
    pub fn is_empty(&self) -> bool {
        MEASURES.iter().all(|(f, _)| self.get(f).is_none()) && self.patient_words.is_none()
    }

    pub(crate) fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        words(
            self.patient_words.as_deref(),
            "patient_words",
            "What the patient said",
            MAX_LONG,
            &mut errors,
        );
        errors
    }

    pub(crate) fn codes(&self) -> [Option<&'static str>; 6] {
        MEASURES.map(|(f, _)| self.get(f).map(Measure::id))
    }

    pub(crate) fn from_codes(codes: [Option<String>; 6], patient_words: Option<String>) -> Self {
        let mut m = Measures {
            patient_words,
            ..Measures::default()
        };
        for ((field, _), code) in MEASURES.iter().zip(codes) {
            m.set(field, code.as_deref().and_then(Measure::parse));
        }
        m
    }
}

/// An issue on a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub id: String,
    pub case_id: String,
    pub kind: IssueKind,
    pub detail: Option<String>,
    pub status: IssueStatus,
    pub raised_on: Date,
    pub closed_on: Option<Date>,
    pub measures: Measures,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Issue {
    /// "Tribunal application", or "Something else: <detail>".
    pub fn title(&self) -> String {
        match (&self.kind, &self.detail) {
            (IssueKind::Other, Some(d)) => d.clone(),
            (k, _) => k.label().to_string(),
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title())
    }
}

const SELECT_ISSUE: &str = "SELECT id, case_id, kind, detail, status, raised_on, closed_on, \
    felt_heard, felt_involved, rights_understood, rights_upheld, care_changed, \
    concern_resolved, patient_words, created_at, updated_at FROM case_issues";

type IssueRow = (
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
);

fn issue_from_row(r: IssueRow) -> Option<Issue> {
    Some(Issue {
        id: r.0,
        case_id: r.1,
        kind: IssueKind::parse(&r.2)?,
        detail: r.3,
        status: IssueStatus::parse(&r.4)?,
        raised_on: imha_law::dates::parse_date(&r.5)?,
        closed_on: r.6.as_deref().and_then(imha_law::dates::parse_date),
        measures: Measures::from_codes([r.7, r.8, r.9, r.10, r.11, r.12], r.13),
        created_at: time(&r.14)?,
        updated_at: time(&r.15)?,
    })
}

/// A case's issues, in the order they were raised.
pub async fn for_case(db: &Database, case_id: &str) -> Result<Vec<Issue>, StorageError> {
    let sql = format!("{SELECT_ISSUE} WHERE case_id = $1 ORDER BY raised_on, created_at, id");
    let rows: Vec<IssueRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(case_id).fetch_all(p).await)?;
    Ok(rows.into_iter().filter_map(issue_from_row).collect())
}

/// An issue on a case, when `case_id` holds it (without auditing: forms show it inside the
/// audited case).
pub async fn get(db: &Database, case_id: &str, id: &str) -> Result<Option<Issue>, StorageError> {
    let sql = format!("{SELECT_ISSUE} WHERE case_id = $1 AND id = $2");
    let row: Option<IssueRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(case_id).bind(id).fetch_optional(p).await)?;
    Ok(row.and_then(issue_from_row))
}

/// A new issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewIssue {
    pub kind: Option<IssueKind>,
    /// Needed for [`IssueKind::Other`]; optional words for the others.
    pub detail: Option<String>,
    pub raised_on: Option<Date>,
}

/// Record an issue the patient raised, open, with its audit entry. The day it was raised cannot
/// be in the future.
pub async fn add(
    tx: &mut Tx,
    case_id: &str,
    new: &NewIssue,
    worker: &Worker,
    at: Timestamp,
) -> Result<String, CaseError> {
    open_case_in_tx(tx, case_id, worker).await?;
    let today = crate::referrals::uk_date(at);
    let mut errors = Vec::new();
    if new.kind.is_none() {
        errors.push(FieldError {
            field: "kind",
            message: "Select what the issue is about".into(),
        });
    }
    let detail = words(
        new.detail.as_deref(),
        "detail",
        "Details",
        MAX_LONG,
        &mut errors,
    );
    if new.kind == Some(IssueKind::Other) && detail.is_none() {
        errors.push(FieldError {
            field: "detail",
            message: "Enter what the issue is about".into(),
        });
    }
    match new.raised_on {
        None => errors.push(FieldError {
            field: "raised_on",
            message: "Enter the date the patient raised the issue".into(),
        }),
        Some(d) if d > today => errors.push(FieldError {
            field: "raised_on",
            message: "The date the issue was raised must be today or in the past".into(),
        }),
        _ => {}
    }
    let (Some(kind), Some(raised_on)) = (new.kind, new.raised_on) else {
        return Err(CaseError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(CaseError::Invalid(errors));
    }
    let id = uuid::Uuid::now_v7().to_string();
    let sql = "INSERT INTO case_issues (id, case_id, kind, detail, status, raised_on, \
               created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $7)";
    on_tx!(tx, c => sqlx::query(sql).bind(&id).bind(case_id).bind(kind.id()).bind(&detail).bind(raised_on.to_string()).bind(&worker.user_id).bind(at.to_string()).execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        worker
            .actor()
            .entry(Action::RecordChanged)
            .on_record("case", case_id)
            .with_detail(format!("issue-added issue={id} kind={}", kind.id())),
    )
    .await?;
    Ok(id)
}

/// An issue's status and outcome, as the advocate updates them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssueUpdate {
    pub status: Option<IssueStatus>,
    pub measures: Measures,
}

/// Change an issue's status and record its outcome. A finished issue (resolved, or closed
/// without resolution) gets the day it finished; reopening it clears that.
pub async fn update(
    tx: &mut Tx,
    case_id: &str,
    issue_id: &str,
    change: &IssueUpdate,
    worker: &Worker,
    at: Timestamp,
) -> Result<(), CaseError> {
    open_case_in_tx(tx, case_id, worker).await?;
    let current: Option<(String, Option<String>)> = on_tx!(tx, c => sqlx::query_as("SELECT status, closed_on FROM case_issues WHERE id = $1 AND case_id = $2").bind(issue_id).bind(case_id).fetch_optional(c).await)?;
    let Some((was, closed_on)) = current else {
        return Err(CaseError::NotFound);
    };
    let Some(status) = change.status else {
        return Err(invalid("status", "Select where the issue is now"));
    };
    let errors = change.measures.check();
    if !errors.is_empty() {
        return Err(CaseError::Invalid(errors));
    }
    let closed_on = if status.is_finished() {
        closed_on.or_else(|| Some(crate::referrals::uk_date(at).to_string()))
    } else {
        None
    };
    let m = &change.measures;
    let codes = m.codes();
    let sql = "UPDATE case_issues SET status = $1, closed_on = $2, felt_heard = $3, \
               felt_involved = $4, rights_understood = $5, rights_upheld = $6, \
               care_changed = $7, concern_resolved = $8, patient_words = $9, updated_at = $10 \
               WHERE id = $11 AND case_id = $12";
    on_tx!(tx, c => sqlx::query(sql)
        .bind(status.id())
        .bind(&closed_on)
        .bind(codes[0])
        .bind(codes[1])
        .bind(codes[2])
        .bind(codes[3])
        .bind(codes[4])
        .bind(codes[5])
        .bind(m.patient_words.as_deref().map(str::trim).filter(|w| !w.is_empty()))
        .bind(at.to_string())
        .bind(issue_id)
        .bind(case_id)
        .execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        worker
            .actor()
            .entry(Action::RecordChanged)
            .on_record("case", case_id)
            .with_detail(format!(
                "issue-updated issue={issue_id} status={}{}",
                status.id(),
                if was == status.id() {
                    ""
                } else {
                    " (status changed)"
                }
            )),
    )
    .await?;
    Ok(())
}
