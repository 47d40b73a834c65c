//! Casework for `imha demo`: the demo's accepted cases get realistic issues, contacts and
//! records-access requests, and one more case (accepted for this) is worked, made
//! non-instructed, closed with its outcome. Everything is dated relative to now.
//!
//! Until allocation exists in the demo (another part of issue 7 allocates cases through
//! `case_allocations`), a case with no advocate and no allocation is given to the demo
//! advocate directly (`cases.advocate_id`), so the advocate's screens have cases to show.

use jiff::{SignedDuration, Timestamp};

use super::contacts::{ContactMode, NewContact, WithWhom};
use super::issues::{IssueKind, IssueStatus, IssueUpdate, Measure, Measures, NewIssue};
use super::outcome::NewOutcome;
use super::records::{NewRequest, RecordsBasis, RecordsDecision, RecordsStatus};
use super::{Advocacy, CaseError, CloseReason, Closing, Worker};
use crate::accounts::Role;
use crate::db::{Database, StorageError, Tx};
use crate::demo::DemoError;
use crate::referrals::{self, Actor, Channel, Decision, RawReferral};
use crate::{on_pool, on_tx};

fn ago(now: Timestamp, hours: i64) -> Timestamp {
    now.checked_sub(SignedDuration::from_hours(hours))
        .unwrap_or(now)
}

async fn user_with_role(db: &Database, role: Role) -> Result<Option<String>, DemoError> {
    let sql = "SELECT id FROM users WHERE role = $1 AND email LIKE '%@demo.imha.invalid' \
               ORDER BY created_at, id LIMIT 1";
    Ok(
        on_pool!(db, p => sqlx::query_scalar(sql).bind(role.id()).fetch_optional(p).await)
            .map_err(StorageError::Query)?,
    )
}

/// Give a case with no advocate and no allocation to the demo advocate (demo data only).
async fn allocate_for_demo(
    tx: &mut Tx,
    case_id: &str,
    advocate_id: &str,
    at: Timestamp,
) -> Result<(), CaseError> {
    let allocated: i64 = on_tx!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM case_allocations WHERE case_id = $1").bind(case_id).fetch_one(c).await)?;
    if allocated > 0 {
        return Ok(());
    }
    let sql = "UPDATE cases SET advocate_id = $1, allocated_at = $2 \
               WHERE id = $3 AND advocate_id IS NULL";
    on_tx!(tx, c => sqlx::query(sql).bind(advocate_id).bind(at.to_string()).bind(case_id).execute(c).await.map(|_| ()))?;
    Ok(())
}

fn measures(answers: [Measure; 6], words: &str) -> Measures {
    Measures {
        felt_heard: Some(answers[0]),
        felt_involved: Some(answers[1]),
        rights_understood: Some(answers[2]),
        rights_upheld: Some(answers[3]),
        care_changed: Some(answers[4]),
        concern_resolved: Some(answers[5]),
        patient_words: Some(words.to_string()),
    }
}

fn contact(
    at: Timestamp,
    minutes: i64,
    mode: ContactMode,
    with: &[WithWhom],
    issue: Option<&str>,
    note: &str,
) -> NewContact {
    NewContact {
        happened_at: Some(at),
        minutes: Some(minutes),
        mode: Some(mode),
        with_whom: with.to_vec(),
        issue_id: issue.map(str::to_string),
        note: Some(note.to_string()),
    }
}

/// Fill the demo's cases (see the module docs). Does nothing without the demo's advocate.
pub async fn seed_demo(db: &Database) -> Result<(), DemoError> {
    let Some(advocate_id) = user_with_role(db, Role::Advocate).await? else {
        return Ok(());
    };
    let Some(manager_id) = user_with_role(db, Role::ServiceManager).await? else {
        return Ok(());
    };
    let now = Timestamp::now();
    let today = referrals::uk_date(now);
    let days_ago = |n: i32| imha_law::dates::add_days(today, -n);
    let advocate = Worker::new(advocate_id.clone(), Role::Advocate, None);
    let manager = Worker::new(manager_id.clone(), Role::ServiceManager, None);

    // One more accepted referral, so the demo has a closed case to show.
    let mut tx = db.begin().await?;
    let raw = RawReferral {
        referrer: Some("professional".into()),
        given_name: Some("Frankie".into()),
        family_name: Some("Osei".into()),
        date_of_birth: Some("1958-01-19".into()),
        nhs_number: Some("9990000050".into()),
        whereabouts: Some("hospital".into()),
        hospital_ods: Some("RZZ01".into()),
        ward: Some("Cedar Ward".into()),
        legal_status: Some("s3".into()),
        help: vec!["treatment".into(), "concerns".into()],
        referrer_name: Some("Rowan Referrer (demo)".into()),
        referrer_role: Some("Ward manager".into()),
        referrer_email: Some("referrer@demo.imha.invalid".into()),
        knows_about_referral: Some("yes".into()),
        agrees_to_referral: Some("yes".into()),
        told_orally_on: Some(days_ago(41).to_string()),
        told_in_writing_on: Some(days_ago(41).to_string()),
        nearest_relative_copy: Some("sent".into()),
        nearest_relative_copy_sent_on: Some(days_ago(40).to_string()),
        ..RawReferral::default()
    };
    let law = imha_law::LawConfig::default();
    let created = referrals::create(
        &mut tx,
        &raw,
        Channel::Staff,
        &manager.actor(),
        ago(now, 24 * 40),
        &law,
    )
    .await?;
    referrals::decide(
        &mut tx,
        &created.id,
        &Decision::Accept,
        &Actor::User {
            id: manager_id.clone(),
            client: None,
        },
        ago(now, 24 * 39),
    )
    .await?;
    tx.commit().await?;

    let cases: Vec<(String, String)> = on_pool!(db, p => sqlx::query_as("SELECT c.id, r.given_name FROM cases c JOIN referrals r ON r.id = c.referral_id WHERE c.status = 'open' ORDER BY c.opened_at, c.id").fetch_all(p).await).map_err(StorageError::Query)?;
    let mut tx = db.begin().await?;
    for (id, _) in &cases {
        allocate_for_demo(&mut tx, id, &advocate_id, ago(now, 24 * 4)).await?;
    }
    tx.commit().await?;

    for (case_id, given) in &cases {
        // The advocate works on their own cases; a manager on one allocated to someone else.
        let worker = match super::get(db, case_id).await? {
            Some(c) if c.advocate_id.as_deref() == Some(advocate_id.as_str()) => &advocate,
            Some(_) => &manager,
            None => continue,
        };
        let mut tx = db.begin().await?;
        if given == "Frankie" {
            closed_case(&mut tx, case_id, worker, now, &days_ago).await?;
        } else {
            open_case(&mut tx, case_id, worker, now, &days_ago).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

async fn open_case(
    tx: &mut Tx,
    case_id: &str,
    w: &Worker,
    now: Timestamp,
    days_ago: &impl Fn(i32) -> jiff::civil::Date,
) -> Result<(), CaseError> {
    let issue = |kind, detail: Option<&str>, days| NewIssue {
        kind: Some(kind),
        detail: detail.map(str::to_string),
        raised_on: Some(days_ago(days)),
    };
    let tribunal = super::issues::add(
        tx,
        case_id,
        &issue(
            IssueKind::TribunalApplication,
            Some("Wants to apply before the window closes"),
            3,
        ),
        w,
        ago(now, 70),
    )
    .await?;
    let rights = super::issues::add(
        tx,
        case_id,
        &issue(IssueKind::Rights, None, 3),
        w,
        ago(now, 70),
    )
    .await?;
    let cpa = super::issues::add(
        tx,
        case_id,
        &issue(IssueKind::Meetings, Some("CPA review next week"), 1),
        w,
        ago(now, 20),
    )
    .await?;
    super::contacts::add(
        tx,
        case_id,
        &contact(
            ago(now, 72),
            60,
            ContactMode::FaceToFace,
            &[WithWhom::Patient],
            Some(&rights),
            "First visit on the ward. Explained section 37 and the right to apply to the \
             tribunal; gave the easy-read leaflet.",
        ),
        w,
        now,
    )
    .await?;
    super::contacts::add(
        tx,
        case_id,
        &contact(
            ago(now, 48),
            20,
            ContactMode::Phone,
            &[WithWhom::Solicitor],
            Some(&tribunal),
            "Called a mental health solicitor from the Law Society list; they will visit.",
        ),
        w,
        now,
    )
    .await?;
    super::contacts::add(
        tx,
        case_id,
        &contact(
            ago(now, 26),
            45,
            ContactMode::FaceToFace,
            &[
                WithWhom::Patient,
                WithWhom::ResponsibleClinician,
                WithWhom::Nurse,
            ],
            Some(&cpa),
            "Ward round. Supported the patient to ask about unescorted leave.",
        ),
        w,
        now,
    )
    .await?;
    super::issues::update(
        tx,
        case_id,
        &rights,
        &IssueUpdate {
            status: Some(IssueStatus::Resolved),
            measures: measures(
                [
                    Measure::Yes,
                    Measure::Yes,
                    Measure::Yes,
                    Measure::NotKnown,
                    Measure::No,
                    Measure::Yes,
                ],
                "I know now that I can ask the tribunal to look at my section.",
            ),
        },
        w,
        ago(now, 47),
    )
    .await?;
    super::issues::update(
        tx,
        case_id,
        &tribunal,
        &IssueUpdate {
            status: Some(IssueStatus::InProgress),
            measures: Measures::default(),
        },
        w,
        ago(now, 47),
    )
    .await?;
    super::records::add(
        tx,
        case_id,
        &NewRequest {
            requested_on: Some(days_ago(2)),
            record_holder: Some("Northshire General Hospital records manager".into()),
            records: Some("Ward notes and the most recent care plan".into()),
            basis: Some(RecordsBasis::PatientConsent),
            consent_on: Some(days_ago(3)),
        },
        w,
        ago(now, 46),
    )
    .await?;
    Ok(())
}

async fn closed_case(
    tx: &mut Tx,
    case_id: &str,
    w: &Worker,
    now: Timestamp,
    days_ago: &impl Fn(i32) -> jiff::civil::Date,
) -> Result<(), CaseError> {
    let concern = super::issues::add(
        tx,
        case_id,
        &NewIssue {
            kind: Some(IssueKind::Concerns),
            detail: Some("Concern about medication side effects".into()),
            raised_on: Some(days_ago(37)),
        },
        w,
        ago(now, 24 * 37),
    )
    .await?;
    super::contacts::add(
        tx,
        case_id,
        &contact(
            ago(now, 24 * 37),
            50,
            ContactMode::FaceToFace,
            &[WithWhom::Patient],
            Some(&concern),
            "Patient finds it hard to say what they want; spent time with them and the nurse.",
        ),
        w,
        now,
    )
    .await?;
    super::change_advocacy(
        tx,
        case_id,
        Advocacy::NonInstructed,
        "Assessed as lacking capacity to instruct an advocate about the concern.",
        w,
        ago(now, 24 * 36),
    )
    .await?;
    let request = super::records::add(
        tx,
        case_id,
        &NewRequest {
            requested_on: Some(days_ago(35)),
            record_holder: Some("Northshire General Hospital records manager".into()),
            records: Some("Medication chart and nursing notes for the last month".into()),
            basis: Some(RecordsBasis::RecordHolderDecision),
            consent_on: None,
        },
        w,
        ago(now, 24 * 35),
    )
    .await?;
    super::records::decide(
        tx,
        case_id,
        &request,
        &RecordsDecision {
            status: Some(RecordsStatus::Refused),
            decided_on: Some(days_ago(33)),
            refusal_reason: Some(
                "The patient's deputy objected to the records being shared.".into(),
            ),
        },
        w,
        ago(now, 24 * 33),
    )
    .await?;
    super::contacts::add(
        tx,
        case_id,
        &contact(
            ago(now, 24 * 30),
            90,
            ContactMode::FaceToFace,
            &[WithWhom::Patient, WithWhom::ResponsibleClinician],
            Some(&concern),
            "Medication review meeting; the dose was changed.",
        ),
        w,
        now,
    )
    .await?;
    super::issues::update(
        tx,
        case_id,
        &concern,
        &IssueUpdate {
            status: Some(IssueStatus::Resolved),
            measures: measures(
                [
                    Measure::Partly,
                    Measure::Partly,
                    Measure::NotKnown,
                    Measure::Yes,
                    Measure::Yes,
                    Measure::Yes,
                ],
                "Better now.",
            ),
        },
        w,
        ago(now, 24 * 30),
    )
    .await?;
    super::close(
        tx,
        case_id,
        &Closing {
            reason: Some(CloseReason::MovedOrTransferred),
            words: Some(
                "Transferred to a hospital in another county; their IMHA service knows.".into(),
            ),
            outcome: Some(NewOutcome {
                measures: measures(
                    [
                        Measure::Partly,
                        Measure::Partly,
                        Measure::NotKnown,
                        Measure::Yes,
                        Measure::Yes,
                        Measure::Yes,
                    ],
                    "The tablets don't make me so sleepy.",
                ),
                // Agreed to share: the demo's annual impact report has a story to show.
                share_story: true,
            }),
        },
        w,
        ago(now, 24 * 28),
    )
    .await?;
    Ok(())
}
