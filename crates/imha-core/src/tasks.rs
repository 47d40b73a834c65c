//! The advocate's own tasks and meetings: visits to the patient, ward rounds, care programme
//! approach (CPA) reviews, tribunal and managers' hearings, other meetings and things to do,
//! on a case or not. A
//! task's title can name a patient, so titles are personal data: never logged, and the audit
//! trail records only the task's id.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::{Date, Time};

use crate::audit::{self, Action};
use crate::db::{Database, StorageError};
use crate::referrals::{Actor, FieldError, code_enum};
use crate::{on_pool, on_tx};

/// Longest task title.
pub const MAX_TITLE: usize = 200;

code_enum! {
    /// What a task is.
    TaskKind {
        Visit => "visit", "Visit to the patient";
        Task => "task", "Something to do";
        WardRound => "ward-round", "Ward round";
        CpaReview => "cpa-review", "Care programme approach (CPA) review";
        TribunalHearing => "tribunal-hearing", "Tribunal hearing";
        ManagersHearing => "managers-hearing", "Hospital managers' hearing";
        Meeting => "meeting", "Other meeting";
    }
}

/// A task as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub id: String,
    pub case_id: Option<String>,
    pub assigned_to: String,
    pub kind: TaskKind,
    pub title: String,
    pub due_on: Date,
    pub due_time: Option<Time>,
    pub done_at: Option<Timestamp>,
    /// The patient's name, for tasks on a case ("Given Family").
    pub patient_name: Option<String>,
}

impl Task {
    /// Not done and due before `today`.
    pub fn overdue(&self, today: Date) -> bool {
        self.done_at.is_none() && self.due_on < today
    }
}

/// A task as a form or the API gives it, before validation.
#[derive(Clone, Debug, Default)]
pub struct RawTask {
    pub kind: String,
    pub title: String,
    /// The due date as read from the form (a date input's own problems, such as "must be a
    /// real date", are the form's to report).
    pub due_on: Option<Date>,
    /// HH:MM, optional.
    pub due_time: String,
}

/// A valid new task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTask {
    pub kind: TaskKind,
    pub title: String,
    pub due_on: Date,
    pub due_time: Option<Time>,
}

/// Check a task: every problem against its field, in form order. A due date may be in the
/// past (recording a meeting that was missed off) but not more than a year either way.
pub fn validate(raw: &RawTask, today: Date) -> Result<NewTask, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = TaskKind::parse(raw.kind.trim());
    if kind.is_none() {
        errors.push(FieldError::new("kind", "Select what kind of task this is"));
    }
    let title = raw.title.trim().to_string();
    if title.is_empty() {
        errors.push(FieldError::new("title", "Enter what the task is"));
    } else if title.chars().count() > MAX_TITLE {
        errors.push(FieldError::new(
            "title",
            format!("What the task is must be {MAX_TITLE} characters or fewer"),
        ));
    }
    let due_on = match raw.due_on {
        Some(d) if (d - today).get_days().abs() > 366 => {
            errors.push(FieldError::new(
                "due",
                "The due date must be within a year of today",
            ));
            None
        }
        Some(d) => Some(d),
        None => {
            errors.push(FieldError::new("due", "Enter the due date"));
            None
        }
    };
    let due_time = match raw.due_time.trim() {
        "" => None,
        t => match parse_time(t) {
            Some(t) => Some(t),
            None => {
                errors.push(FieldError::new(
                    "due_time",
                    "Enter the time as hours and minutes, for example 14:30",
                ));
                None
            }
        },
    };
    match (kind, due_on, errors.is_empty()) {
        (Some(kind), Some(due_on), true) => Ok(NewTask {
            kind,
            title,
            due_on,
            due_time,
        }),
        _ => Err(errors),
    }
}

/// "14:30", "9:05" or "0930" as a time of day.
fn parse_time(s: &str) -> Option<Time> {
    let (h, m) = match s.split_once([':', '.']) {
        Some(parts) => parts,
        None if s.len() == 4 => s.split_at(2),
        None => return None,
    };
    let h: i8 = h.trim().parse().ok()?;
    let m: i8 = m.trim().parse().ok()?;
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    Time::new(h, m, 0, 0).ok()
}

fn fmt_time(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// Add a task for `assigned_to` (on `case_id`, if given), audited.
pub async fn create(
    db: &Database,
    case_id: Option<&str>,
    assigned_to: &str,
    task: &NewTask,
    actor: &Actor,
) -> Result<String, StorageError> {
    let id = uuid::Uuid::now_v7().to_string();
    let now = Timestamp::now().to_string();
    let mut tx = db.begin().await?;
    let sql = "INSERT INTO tasks (id, case_id, assigned_to, kind, title, due_on, due_time, \
               created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
    on_tx!(&mut tx, c => sqlx::query(sql)
        .bind(&id)
        .bind(case_id)
        .bind(assigned_to)
        .bind(task.kind.id())
        .bind(&task.title)
        .bind(task.due_on.to_string())
        .bind(task.due_time.map(fmt_time))
        .bind(actor.user_id())
        .bind(&now)
        .execute(c).await.map(|_| ()))?;
    let detail = match case_id {
        Some(case_id) => format!("kind={} case={case_id}", task.kind.id()),
        None => format!("kind={}", task.kind.id()),
    };
    audit::record(
        &mut tx,
        actor
            .entry(Action::RecordCreated)
            .on_record("task", &id)
            .with_detail(detail),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Mark a task done (or not done again), audited. `false` if there is no such task.
pub async fn set_done(
    db: &Database,
    id: &str,
    done: bool,
    actor: &Actor,
) -> Result<bool, StorageError> {
    let now = Timestamp::now().to_string();
    let mut tx = db.begin().await?;
    let changed = if done {
        let sql = "UPDATE tasks SET done_at = $1, done_by = $2 WHERE id = $3 AND done_at IS NULL";
        on_tx!(&mut tx, c => sqlx::query(sql).bind(&now).bind(actor.user_id()).bind(id)
            .execute(c).await.map(|r| r.rows_affected()))?
    } else {
        let sql = "UPDATE tasks SET done_at = NULL, done_by = NULL \
                   WHERE id = $1 AND done_at IS NOT NULL";
        on_tx!(&mut tx, c => sqlx::query(sql).bind(id).execute(c).await.map(|r| r.rows_affected()))?
    };
    if changed == 0 {
        // Already in that state, or no such task: nothing to audit.
        let exists = get_in(&mut tx, id).await?.is_some();
        tx.commit().await?;
        return Ok(exists);
    }
    audit::record(
        &mut tx,
        actor
            .entry(Action::RecordChanged)
            .on_record("task", id)
            .with_detail(if done { "done" } else { "not-done" }),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

const SELECT_TASK: &str = "SELECT t.id, t.case_id, t.assigned_to, t.kind, t.title, t.due_on, \
    t.due_time, t.done_at, r.given_name, r.family_name \
    FROM tasks t LEFT JOIN cases c ON c.id = t.case_id \
    LEFT JOIN referrals r ON r.id = c.referral_id";

type TaskRow = (
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn task_from_row(r: TaskRow) -> Option<Task> {
    Some(Task {
        id: r.0,
        case_id: r.1,
        assigned_to: r.2,
        kind: TaskKind::parse(&r.3)?,
        title: r.4,
        due_on: r.5.parse().ok()?,
        due_time: r.6.as_deref().and_then(parse_time),
        done_at: r.7.as_deref().and_then(|t| t.parse().ok()),
        patient_name: match (r.8, r.9) {
            (Some(g), Some(f)) => Some(format!("{g} {f}")),
            _ => None,
        },
    })
}

async fn get_in(tx: &mut crate::db::Tx, id: &str) -> Result<Option<Task>, StorageError> {
    let sql = format!("{SELECT_TASK} WHERE t.id = $1");
    let row: Option<TaskRow> =
        on_tx!(tx, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)?;
    Ok(row.and_then(task_from_row))
}

/// A task by id.
pub async fn get(db: &Database, id: &str) -> Result<Option<Task>, StorageError> {
    let sql = format!("{SELECT_TASK} WHERE t.id = $1");
    let row: Option<TaskRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?;
    Ok(row.and_then(task_from_row))
}

/// A case's tasks: not done first (soonest due first), then done ones (latest due first).
pub async fn for_case(db: &Database, case_id: &str) -> Result<Vec<Task>, StorageError> {
    let sql = format!(
        "{SELECT_TASK} WHERE t.case_id = $1 \
         ORDER BY CASE WHEN t.done_at IS NULL THEN 0 ELSE 1 END, t.due_on, t.due_time, t.id"
    );
    let rows: Vec<TaskRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(case_id).fetch_all(p).await)?;
    let mut tasks: Vec<Task> = rows.into_iter().filter_map(task_from_row).collect();
    // Done tasks: latest first.
    let split = tasks
        .iter()
        .position(|t| t.done_at.is_some())
        .unwrap_or(tasks.len());
    tasks[split..].reverse();
    Ok(tasks)
}

/// A person's tasks not yet done and due on or before `until` (overdue ones included), soonest
/// first.
pub async fn open_for(
    db: &Database,
    user_id: &str,
    until: Date,
) -> Result<Vec<Task>, StorageError> {
    let sql = format!(
        "{SELECT_TASK} WHERE t.assigned_to = $1 AND t.done_at IS NULL AND t.due_on <= $2 \
         ORDER BY t.due_on, t.due_time, t.id"
    );
    let rows: Vec<TaskRow> = on_pool!(db, p => sqlx::query_as(&sql)
        .bind(user_id)
        .bind(until.to_string())
        .fetch_all(p).await)?;
    Ok(rows.into_iter().filter_map(task_from_row).collect())
}

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the title: it may name a patient.
        write!(
            f,
            "task {} ({}) due {}",
            self.id,
            self.kind.id(),
            self.due_on
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn raw(kind: &str, title: &str, due: Option<Date>, t: &str) -> RawTask {
        RawTask {
            kind: kind.into(),
            title: title.into(),
            due_on: due,
            due_time: t.into(),
        }
    }

    #[test]
    fn a_valid_task_and_its_time() {
        let today = date(2027, 3, 1);
        let t = validate(
            &raw("ward-round", " Ward round ", Some(date(2027, 3, 4)), "9:30"),
            today,
        )
        .unwrap();
        assert_eq!(t.kind, TaskKind::WardRound);
        assert_eq!(t.title, "Ward round");
        assert_eq!(t.due_on, date(2027, 3, 4));
        assert_eq!(t.due_time, Some(time(9, 30, 0, 0)));
        let t = validate(&raw("task", "Call", Some(date(2027, 3, 4)), ""), today).unwrap();
        assert_eq!(t.due_time, None);
    }

    #[test]
    fn every_problem_is_named_against_its_field() {
        let today = date(2027, 3, 1);
        let errors = validate(&raw("party", "", None, "25:00"), today).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["kind", "title", "due", "due_time"]);
        let errors = validate(&raw("task", "x", None, ""), today).unwrap_err();
        assert_eq!(errors[0].message, "Enter the due date");
        let errors = validate(&raw("task", "x", Some(date(2029, 3, 1)), ""), today).unwrap_err();
        assert_eq!(
            errors[0].message,
            "The due date must be within a year of today"
        );
        let long = "x".repeat(MAX_TITLE + 1);
        let errors = validate(&raw("task", &long, Some(date(2027, 3, 1)), ""), today).unwrap_err();
        assert_eq!(errors[0].field, "title");
    }

    #[test]
    fn times_are_read_as_people_write_them() {
        assert_eq!(parse_time("14:30"), Some(time(14, 30, 0, 0)));
        assert_eq!(parse_time("0930"), Some(time(9, 30, 0, 0)));
        assert_eq!(parse_time("9.05"), Some(time(9, 5, 0, 0)));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("noon"), None);
    }
}
