//! An advocate's work: what "My work" shows. Today's visits, meetings and tasks (and any
//! overdue), the legal deadlines in the coming days across their open and paused cases, and
//! cases newly allocated to them that nobody has contacted yet.

use imha_law::LawConfig;
use jiff::ToSpan;
use jiff::civil::Date;

use crate::audit::{self, Action};
use crate::case_dates;
use crate::db::{Database, StorageError};
use crate::deadlines::{self, Deadline};
use crate::on_pool;
use crate::referrals::Actor;
use crate::tasks::{self, Task};

/// A case as the lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRef {
    pub case_id: String,
    pub patient_name: String,
    pub status: String,
    pub allocated_at: Option<String>,
    /// Where the patient is: hospital and ward, when known.
    pub whereabouts: Option<String>,
}

/// A deadline on one of the advocate's cases.
#[derive(Clone, Debug)]
pub struct CaseDeadline {
    pub case: CaseRef,
    pub deadline: Deadline,
}

/// Everything on the advocate's "My work" page.
#[derive(Clone, Debug)]
pub struct Work {
    /// Not done, due before today.
    pub overdue: Vec<Task>,
    /// Due today (meetings by time).
    pub today: Vec<Task>,
    /// Due after today, within the horizon.
    pub coming_up: Vec<Task>,
    /// Legal deadlines within the horizon, soonest first.
    pub deadlines: Vec<CaseDeadline>,
    /// Open cases allocated to the advocate with no contact recorded yet, oldest first.
    pub new_allocations: Vec<CaseRef>,
    /// The advocate's open and paused cases.
    pub cases: Vec<CaseRef>,
}

type CaseRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

/// The advocate's open and paused cases and how many contacts each has, oldest allocation
/// first.
async fn cases_of(db: &Database, user_id: &str) -> Result<Vec<(CaseRef, i64)>, StorageError> {
    let sql = "SELECT c.id, r.given_name, r.family_name, c.status, c.allocated_at, \
               r.hospital_name, r.ward, \
               (SELECT COUNT(*) FROM case_contacts k WHERE k.case_id = c.id) \
               FROM cases c JOIN referrals r ON r.id = c.referral_id \
               WHERE c.advocate_id = $1 AND c.status IN ('open', 'paused') \
               ORDER BY c.allocated_at, c.id";
    let rows: Vec<CaseRow> =
        on_pool!(db, p => sqlx::query_as(sql).bind(user_id).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let whereabouts = match (r.5, r.6) {
                (Some(h), Some(w)) => Some(format!("{h}, {w}")),
                (Some(h), None) => Some(h),
                (None, Some(w)) => Some(w),
                (None, None) => None,
            };
            (
                CaseRef {
                    case_id: r.0,
                    patient_name: format!("{} {}", r.1, r.2),
                    status: r.3,
                    allocated_at: r.4,
                    whereabouts,
                },
                r.7,
            )
        })
        .collect())
}

/// The advocate's work on `today`, looking `horizon_days` ahead (14 on the page). Reading it
/// is audited once (it shows patients' names and legal dates), with the number of cases.
pub async fn for_advocate(
    db: &Database,
    user_id: &str,
    today: Date,
    horizon_days: i64,
    law: &LawConfig,
    actor: &Actor,
) -> Result<Work, StorageError> {
    let until = today.checked_add(horizon_days.days()).unwrap_or(today);
    let open = tasks::open_for(db, user_id, until).await?;
    let (mut overdue, mut due_today, mut coming_up) = (Vec::new(), Vec::new(), Vec::new());
    for t in open {
        if t.due_on < today {
            overdue.push(t);
        } else if t.due_on == today {
            due_today.push(t);
        } else {
            coming_up.push(t);
        }
    }
    let cases = cases_of(db, user_id).await?;
    let mut found = Vec::new();
    for (case, _) in &cases {
        if let Some(dates) = case_dates::for_case(db, &case.case_id, today, law).await? {
            for d in deadlines::within(&dates.deadlines, today, horizon_days) {
                found.push(CaseDeadline {
                    case: case.clone(),
                    deadline: d,
                });
            }
        }
    }
    found.sort_by(|a, b| {
        (a.deadline.on, &a.case.patient_name).cmp(&(b.deadline.on, &b.case.patient_name))
    });
    let new_allocations = cases
        .iter()
        .filter(|(c, contacts)| c.status == "open" && *contacts == 0)
        .map(|(c, _)| c.clone())
        .collect();
    let mut tx = db.begin().await?;
    audit::record(
        &mut tx,
        actor
            .entry(Action::RecordViewed)
            .on_record("advocate-work", user_id)
            .with_detail(format!("cases={}", cases.len())),
    )
    .await?;
    tx.commit().await?;
    Ok(Work {
        overdue,
        today: due_today,
        coming_up,
        deadlines: found,
        new_allocations,
        cases: cases.into_iter().map(|(c, _)| c).collect(),
    })
}

/// The advocate a case is allocated to: `None` if there is no such case, `Some(None)` if it
/// is not allocated.
pub async fn case_advocate(
    db: &Database,
    case_id: &str,
) -> Result<Option<Option<String>>, StorageError> {
    let row: Option<(Option<String>,)> = on_pool!(db, p => sqlx::query_as(
        "SELECT advocate_id FROM cases WHERE id = $1").bind(case_id).fetch_optional(p).await)?;
    Ok(row.map(|r| r.0))
}

/// `imha demo`: give the advocates' open cases something current to show on "My work" and
/// the case page: a visit today, a ward round and a CPA review in the coming days, an overdue
/// task, and, for cases without a patient record from the feed, a legal status whose dates
/// fall soon (a section 2 with its tribunal window closing, a section 3 due for renewal).
pub async fn seed_demo(db: &Database, today: Date) -> Result<(), StorageError> {
    use crate::tasks::{NewTask, TaskKind};
    use imha_law::Status;
    let sql = "SELECT c.id, c.advocate_id, r.patient_id, r.given_name FROM cases c \
               JOIN referrals r ON r.id = c.referral_id \
               WHERE c.advocate_id IS NOT NULL AND c.status = 'open' ORDER BY c.opened_at, c.id";
    let cases: Vec<(String, String, Option<String>, String)> =
        on_pool!(db, p => sqlx::query_as(sql).fetch_all(p).await)?;
    let day = |n: i64| today.checked_add(n.days()).unwrap_or(today);
    let at = |h: i8| jiff::civil::Time::new(h, 0, 0, 0).ok();
    for (i, (case_id, advocate, patient_id, given)) in cases.iter().enumerate() {
        let i = i as i64;
        let plan = [
            (
                TaskKind::Visit,
                format!("Visit {given} on the ward"),
                day(0),
                at(10 + (i % 6) as i8),
            ),
            (
                TaskKind::WardRound,
                format!("Ward round: support {given}"),
                day(2 + i % 3),
                at(14),
            ),
            (
                TaskKind::CpaReview,
                format!("CPA review for {given}"),
                day(9 + i % 4),
                at(11),
            ),
            (
                TaskKind::Task,
                format!("Send {given} the tribunal leaflet"),
                day(-1),
                None,
            ),
        ];
        for (kind, title, due_on, due_time) in plan {
            let task = NewTask {
                kind,
                title,
                due_on,
                due_time,
            };
            crate::tasks::create(db, Some(case_id), advocate, &task, &Actor::System).await?;
        }
        if patient_id.is_none() {
            let (status, started) = if i % 2 == 0 {
                (Status::S2, day(-5))
            } else {
                (Status::S3, day(-172))
            };
            let recorded = case_dates::Recorded {
                legal_status: Some(status),
                started_on: Some(started),
                first_medication_on: Some(day(-80).max(started)),
            };
            case_dates::record(db, case_id, &recorded, &Actor::System).await?;
        }
    }
    Ok(())
}
