//! Tasks and a case's legal dates on both databases: tasks on a case and the advocate's own,
//! done and not done, audited without their titles; a case's deadlines from the patient's
//! feed record, or from the status the advocate recorded, recalculated when the feed changes.

use imha_core::accounts::{self, Role};
use imha_core::audit::{self, Filter};
use imha_core::case_dates::{self, ApplicationError, Recorded, Source};
use imha_core::deadlines::DeadlineKind;
use imha_core::feed::import::{self, Options};
use imha_core::organisations::{self, Kind};
use imha_core::referrals::{self, Actor, Decision, RawReferral};
use imha_core::storage_test;
use imha_core::tasks::{self, NewTask, TaskKind};
use imha_law::input::Applicant;
use imha_law::{LawConfig, Status};
use jiff::Timestamp;
use jiff::civil::{Date, date};

const HEADER: &str = "episode_id,hospital,nhs_number,local_patient_id,given_name,family_name,date_of_birth,legal_status,start,end,ward";

async fn advocate(db: &imha_core::Database, email: &str) -> (String, Actor) {
    let mut tx = db.begin().await.unwrap();
    let u = accounts::create_user(&mut tx, email, "Ada Advocate", Role::Advocate, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let actor = Actor::User {
        id: u.id.clone(),
        client: Some("127.0.0.1".into()),
    };
    (u.id, actor)
}

async fn hospital(db: &imha_core::Database) {
    let mut tx = db.begin().await.unwrap();
    organisations::create(
        &mut tx,
        Kind::Hospital,
        "Northshire General",
        Some("RZZ01"),
        "england",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn accept(db: &imha_core::Database, referral_id: &str) -> String {
    let mut tx = db.begin().await.unwrap();
    let d = referrals::decide(
        &mut tx,
        referral_id,
        &Decision::Accept,
        &Actor::System,
        Timestamp::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    d.case_id.unwrap()
}

/// A case from a public-form style referral (no patient record).
async fn form_case(db: &imha_core::Database) -> String {
    let raw = RawReferral {
        referrer: Some("self".into()),
        given_name: Some("Sam".into()),
        family_name: Some("Okafor".into()),
        date_of_birth: Some("1990-05-01".into()),
        whereabouts: Some("hospital".into()),
        hospital_ods: Some("RZZ01".into()),
        help: vec!["tribunal".into()],
        phone: Some("01632 960 001".into()),
        ..RawReferral::default()
    };
    let mut tx = db.begin().await.unwrap();
    let c = referrals::create(
        &mut tx,
        &raw,
        referrals::Channel::PublicForm,
        &Actor::Public { client: None },
        Timestamp::now(),
        &LawConfig::default(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    accept(db, &c.id).await
}

async fn feed(db: &imha_core::Database, rows: &[&str], today: Date) {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    let summary = import::import(
        db,
        std::io::Cursor::new(s.into_bytes()),
        &Options::default(),
        &Actor::System,
        today,
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(summary.rejected, 0, "{:?}", summary.errors);
}

fn task(kind: TaskKind, title: &str, due_on: Date) -> NewTask {
    NewTask {
        kind,
        title: title.into(),
        due_on,
        due_time: None,
    }
}

storage_test!(tasks_on_a_case_and_the_advocates_own, |t| {
    hospital(&t.db).await;
    let (ada, actor) = advocate(&t.db, "ada@example.org").await;
    let (bo, _) = advocate(&t.db, "bo@example.org").await;
    let case_id = form_case(&t.db).await;
    let today = date(2027, 3, 1);

    let ward_round = tasks::create(
        &t.db,
        Some(&case_id),
        &ada,
        &task(
            TaskKind::WardRound,
            "Ward round with Sam Okafor",
            date(2027, 3, 3),
        ),
        &actor,
    )
    .await
    .unwrap();
    let overdue = tasks::create(
        &t.db,
        Some(&case_id),
        &ada,
        &task(
            TaskKind::Task,
            "Ask for the tribunal papers",
            date(2027, 2, 26),
        ),
        &actor,
    )
    .await
    .unwrap();
    let later = tasks::create(
        &t.db,
        None,
        &ada,
        &task(TaskKind::Meeting, "Team meeting", date(2027, 3, 30)),
        &actor,
    )
    .await
    .unwrap();
    tasks::create(
        &t.db,
        None,
        &bo,
        &task(TaskKind::Task, "Someone else's", date(2027, 3, 2)),
        &actor,
    )
    .await
    .unwrap();

    // Ada's work for the next fortnight: the overdue task first, then the ward round; not the
    // meeting at the end of the month, nor Bo's task.
    let open = tasks::open_for(&t.db, &ada, date(2027, 3, 15))
        .await
        .unwrap();
    let ids: Vec<_> = open.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, [overdue.as_str(), ward_round.as_str()]);
    assert!(open[0].overdue(today));
    assert!(!open[1].overdue(today));
    assert_eq!(open[1].patient_name.as_deref(), Some("Sam Okafor"));
    assert_eq!(open[1].kind, TaskKind::WardRound);

    // Done: it leaves the open list and moves to the end of the case's list.
    assert!(
        tasks::set_done(&t.db, &overdue, true, &actor)
            .await
            .unwrap()
    );
    let open = tasks::open_for(&t.db, &ada, date(2027, 3, 15))
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
    let on_case = tasks::for_case(&t.db, &case_id).await.unwrap();
    assert_eq!(on_case.len(), 2);
    assert_eq!(on_case[0].id, ward_round);
    assert_eq!(on_case[1].id, overdue);
    assert!(on_case[1].done_at.is_some());
    // Marking it done again changes nothing; not done brings it back.
    assert!(
        tasks::set_done(&t.db, &overdue, true, &actor)
            .await
            .unwrap()
    );
    assert!(
        tasks::set_done(&t.db, &overdue, false, &actor)
            .await
            .unwrap()
    );
    assert!(
        tasks::get(&t.db, &overdue)
            .await
            .unwrap()
            .unwrap()
            .done_at
            .is_none()
    );
    assert!(
        !tasks::set_done(&t.db, "no-such-task", true, &actor)
            .await
            .unwrap()
    );
    assert!(tasks::get(&t.db, &later).await.unwrap().is_some());

    // Audited: created and changed, by the advocate, never with the title.
    let entries = audit::search(
        &t.db,
        &Filter {
            record_id: Some(overdue.clone()),
            limit: 100,
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    let actions: Vec<_> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["record-changed", "record-changed", "record-created"]
    );
    let all = audit::search(
        &t.db,
        &Filter {
            limit: 1000,
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    assert!(
        all.iter()
            .all(|e| !format!("{e:?}").contains("tribunal papers")),
        "a task's title never reaches the audit trail"
    );
});

storage_test!(a_cases_dates_come_from_the_status_recorded_on_it, |t| {
    hospital(&t.db).await;
    let (_, actor) = advocate(&t.db, "ada@example.org").await;
    let case_id = form_case(&t.db).await;
    let law = LawConfig::default();
    let today = date(2027, 3, 3);

    // Nothing to read yet: no patient record, no status recorded.
    let dates = case_dates::for_case(&t.db, &case_id, today, &law)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dates.source, Source::Unknown);
    assert!(dates.output.is_none());
    assert!(dates.deadlines.is_empty());
    assert!(
        case_dates::for_case(&t.db, "no-such-case", today, &law)
            .await
            .unwrap()
            .is_none()
    );

    let recorded = Recorded {
        legal_status: Some(Status::S2),
        started_on: Some(date(2027, 3, 1)),
        first_medication_on: None,
    };
    assert!(
        case_dates::record(&t.db, &case_id, &recorded, &actor)
            .await
            .unwrap()
    );
    let dates = case_dates::for_case(&t.db, &case_id, today, &law)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dates.source, Source::RecordedOnCase);
    assert_eq!(dates.recorded, recorded);
    let window = dates
        .deadlines
        .iter()
        .find(|d| d.kind == DeadlineKind::TribunalWindowCloses)
        .unwrap();
    assert_eq!(window.on, date(2027, 3, 15));
    let end = dates
        .deadlines
        .iter()
        .find(|d| d.kind == DeadlineKind::AuthorityEnds)
        .unwrap();
    assert_eq!(end.on, date(2027, 3, 28));
    assert!(
        !case_dates::record(&t.db, "no-such-case", &recorded, &actor)
            .await
            .unwrap()
    );

    // The patient applies to the tribunal on day 2: one application per period (s77(2)), so
    // the window's last day is no longer a deadline.
    let e = case_dates::record_application(
        &t.db,
        &case_id,
        date(2027, 3, 4),
        Applicant::Patient,
        today,
        &actor,
    )
    .await
    .unwrap_err();
    assert!(matches!(e, ApplicationError::Invalid(_)), "{e:?}");
    let application = case_dates::record_application(
        &t.db,
        &case_id,
        date(2027, 3, 2),
        Applicant::Patient,
        today,
        &actor,
    )
    .await
    .unwrap();
    let dates = case_dates::for_case(&t.db, &case_id, today, &law)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dates.applications.len(), 1);
    assert!(
        !dates
            .deadlines
            .iter()
            .any(|d| d.kind == DeadlineKind::TribunalWindowCloses)
    );
    // Withdrawn (not before it was made): the window's last day is back.
    let e = case_dates::withdraw_application(
        &t.db,
        &case_id,
        &application,
        date(2027, 3, 1),
        today,
        &actor,
    )
    .await
    .unwrap_err();
    assert!(matches!(e, ApplicationError::Invalid(_)), "{e:?}");
    case_dates::withdraw_application(&t.db, &case_id, &application, today, today, &actor)
        .await
        .unwrap();
    let later = date(2027, 3, 5);
    let dates = case_dates::for_case(&t.db, &case_id, later, &law)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dates.applications[0].withdrawn_on, Some(today));
    assert!(
        dates
            .deadlines
            .iter()
            .any(|d| d.kind == DeadlineKind::TribunalWindowCloses)
    );
    // Withdrawing twice, or another case's application, is "not found".
    let e = case_dates::withdraw_application(&t.db, &case_id, &application, today, today, &actor)
        .await
        .unwrap_err();
    assert!(matches!(e, ApplicationError::NotFound), "{e:?}");
});

storage_test!(a_cases_dates_follow_the_patients_feed_record, |t| {
    hospital(&t.db).await;
    let law = LawConfig::default();
    // Admitted under section 2 on 1 March 2027: an opt-out referral, accepted.
    feed(
        &t.db,
        &["E1,RZZ01,9434765919,L1,Sam,Okafor,1990-05-01,s2,2027-03-01,,Willow"],
        date(2027, 3, 1),
    )
    .await;
    let referral_id: String = imha_core::on_pool!(&t.db, p => sqlx::query_scalar(
        "SELECT id FROM referrals WHERE channel = 'opt-out'").fetch_one(p).await)
    .unwrap();
    let case_id = accept(&t.db, &referral_id).await;
    let today = date(2027, 3, 3);
    let dates = case_dates::for_case(&t.db, &case_id, today, &law)
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(dates.source, Source::PatientRecord(_)));
    assert!(
        dates
            .deadlines
            .iter()
            .any(|d| d.kind == DeadlineKind::TribunalWindowCloses && d.on == date(2027, 3, 15))
    );

    // The hospital sends the section 3 that followed on 20 March: the case's dates change
    // with it, with nothing recalculated by hand.
    feed(
        &t.db,
        &[
            "E1,RZZ01,9434765919,L1,Sam,Okafor,1990-05-01,s2,2027-03-01,2027-03-20,Willow",
            "E2,RZZ01,9434765919,L1,Sam,Okafor,1990-05-01,s3,2027-03-20,,Willow",
        ],
        date(2027, 3, 20),
    )
    .await;
    let dates = case_dates::for_case(&t.db, &case_id, date(2027, 3, 21), &law)
        .await
        .unwrap()
        .unwrap();
    let end = dates
        .deadlines
        .iter()
        .find(|d| d.kind == DeadlineKind::AuthorityEnds)
        .unwrap();
    assert_eq!(
        end.on,
        date(2027, 9, 19),
        "six months of section 3 from 20 March"
    );
    assert!(end.what.contains("renewed"));
});
