//! Casework on both databases: a case's life (pause, resume, close with a reason and outcome,
//! reopen, advocacy), who may work on it, issues with outcomes, contacts with time spent,
//! records-access requests (s130B), the audit trail of each (never a note), and the demo.

use imha_core::accounts::{self, Role};
use imha_core::audit::{self, AuditEntry, Filter};
use imha_core::casework::contacts::{self, ContactMode, NewContact, WithWhom};
use imha_core::casework::issues::{self, IssueKind, IssueStatus, IssueUpdate, Measure, Measures};
use imha_core::casework::outcome::{self, NewOutcome};
use imha_core::casework::records::{
    self, NewRequest, RecordsBasis, RecordsDecision, RecordsStatus,
};
use imha_core::casework::{
    self, Advocacy, CaseError, CaseStatus, Change, CloseReason, Closing, EventKind, Worker,
};
use imha_core::referrals::{self, Actor, Channel, Decision, RawReferral};
use imha_core::{Database, storage_test};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

const NOTE: &str = "Spoke about her daughter's visit; worried about the ward round";

struct World {
    case: String,
    other_case: String,
    advocate: Worker,
    other_advocate: Worker,
    manager: Worker,
    referrer: Worker,
}

async fn user(db: &Database, email: &str, role: Role) -> Worker {
    let mut tx = db.begin().await.unwrap();
    let u = accounts::create_user(&mut tx, email, "Test Person", role, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    Worker::new(u.id, role, Some("127.0.0.1".into()))
}

async fn accepted_case(db: &Database, given: &str, manager: &Worker) -> String {
    let raw = RawReferral {
        referrer: Some("self".into()),
        given_name: Some(given.into()),
        family_name: Some("Okafor".into()),
        date_of_birth: Some("1990-05-01".into()),
        whereabouts: Some("hospital".into()),
        hospital_name: Some("Northshire General".into()),
        ward: Some("Willow".into()),
        legal_status: Some("s3".into()),
        help: vec!["rights".into()],
        ..RawReferral::default()
    };
    let mut tx = db.begin().await.unwrap();
    let at = Timestamp::now()
        .checked_sub(SignedDuration::from_hours(48))
        .unwrap();
    let c = referrals::create(
        &mut tx,
        &raw,
        Channel::PublicForm,
        &Actor::System,
        at,
        &imha_law::LawConfig::default(),
    )
    .await
    .unwrap();
    let d = referrals::decide(&mut tx, &c.id, &Decision::Accept, &manager.actor(), at)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    d.case_id.unwrap()
}

/// Allocation is another part of issue 7: the tests set the advocate directly.
async fn allocate(db: &Database, case: &str, advocate: &Worker) {
    imha_core::on_pool!(db, p => sqlx::query("UPDATE cases SET advocate_id = $1 WHERE id = $2").bind(&advocate.user_id).bind(case).execute(p).await.map(|_| ()))
        .unwrap();
}

async fn world(db: &Database) -> World {
    let advocate = user(db, "ash@example.org", Role::Advocate).await;
    let other_advocate = user(db, "bo@example.org", Role::Advocate).await;
    let manager = user(db, "mo@example.org", Role::ServiceManager).await;
    let referrer = user(db, "ri@example.org", Role::HospitalReferrer).await;
    let case = accepted_case(db, "Sam", &manager).await;
    let other_case = accepted_case(db, "Kim", &manager).await;
    allocate(db, &case, &advocate).await;
    allocate(db, &other_case, &other_advocate).await;
    World {
        case,
        other_case,
        advocate,
        other_advocate,
        manager,
        referrer,
    }
}

fn now() -> Timestamp {
    Timestamp::now()
}

fn today() -> Date {
    referrals::uk_date(now())
}

fn fields(e: &CaseError) -> Vec<&'static str> {
    match e {
        CaseError::Invalid(v) => v.iter().map(|f| f.field).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn case_audit(db: &Database, case: &str) -> Vec<AuditEntry> {
    audit::search(
        db,
        &Filter {
            record_id: Some(case.to_string()),
            ..Filter::default()
        },
    )
    .await
    .unwrap()
}

storage_test!(a_case_is_paused_resumed_closed_and_reopened, |t| {
    let w = world(&t.db).await;
    let db = &t.db;
    let a = &w.advocate;

    // Pausing needs a reason.
    let mut tx = db.begin().await.unwrap();
    let e = casework::pause(&mut tx, &w.case, "  ", a, now())
        .await
        .unwrap_err();
    assert_eq!(fields(&e), vec!["reason"]);
    casework::pause(&mut tx, &w.case, "Patient on leave for a week", a, now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let e = casework::pause(&mut tx, &w.case, "again", a, now())
        .await
        .unwrap_err();
    assert!(matches!(
        e,
        CaseError::NotAllowed {
            status: CaseStatus::Paused,
            change: Change::Pause
        }
    ));
    casework::resume(&mut tx, &w.case, a, now()).await.unwrap();
    let e = casework::resume(&mut tx, &w.case, a, now())
        .await
        .unwrap_err();
    assert!(matches!(
        e,
        CaseError::NotAllowed {
            status: CaseStatus::Open,
            change: Change::Resume
        }
    ));
    tx.commit().await.unwrap();

    // Closing needs a reason; "another reason" needs words.
    let mut tx = db.begin().await.unwrap();
    let e = casework::close(&mut tx, &w.case, &Closing::default(), a, now())
        .await
        .unwrap_err();
    assert_eq!(fields(&e), vec!["close_reason"]);
    let e = casework::close(
        &mut tx,
        &w.case,
        &Closing {
            reason: Some(CloseReason::Other),
            ..Closing::default()
        },
        a,
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(fields(&e), vec!["close_detail"]);
    let closing = Closing {
        reason: Some(CloseReason::IssuesResolved),
        words: None,
        outcome: Some(NewOutcome {
            measures: Measures {
                felt_heard: Some(Measure::Yes),
                rights_understood: Some(Measure::Partly),
                patient_words: Some("You listened to me.".into()),
                ..Measures::default()
            },
            share_story: true,
        }),
    };
    casework::close(&mut tx, &w.case, &closing, a, now())
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let rec = casework::record(db, casework::get(db, &w.case).await.unwrap().unwrap())
        .await
        .unwrap();
    assert_eq!(rec.case.status, CaseStatus::Closed);
    assert_eq!(rec.case.close_reason, Some(CloseReason::IssuesResolved));
    assert!(rec.case.closed_at.is_some());
    assert_eq!(
        rec.close_reason(),
        Some((CloseReason::IssuesResolved, None))
    );
    let o = rec.outcome.as_ref().unwrap();
    assert!(o.share_story);
    assert_eq!(o.measures.felt_heard, Some(Measure::Yes));
    assert_eq!(
        o.measures.patient_words.as_deref(),
        Some("You listened to me.")
    );

    // A closed case cannot be closed again, nor take new issues.
    let mut tx = db.begin().await.unwrap();
    let e = casework::close(&mut tx, &w.case, &closing, a, now())
        .await
        .unwrap_err();
    assert!(matches!(
        e,
        CaseError::NotAllowed {
            status: CaseStatus::Closed,
            change: Change::Close
        }
    ));
    assert_eq!(e.to_string(), "This case is already closed");
    let e = issues::add(
        &mut tx,
        &w.case,
        &issues::NewIssue {
            kind: Some(IssueKind::Rights),
            detail: None,
            raised_on: Some(today()),
        },
        a,
        now(),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        e,
        CaseError::NotAllowed {
            change: Change::Record,
            ..
        }
    ));
    // The outcome can be corrected after closing.
    outcome::record(
        &mut tx,
        &w.case,
        &NewOutcome {
            measures: Measures {
                felt_heard: Some(Measure::Partly),
                ..Measures::default()
            },
            share_story: false,
        },
        a,
        now(),
    )
    .await
    .unwrap();
    // Reopening needs a reason, and only a closed case reopens.
    let e = casework::reopen(&mut tx, &w.case, "", a, now())
        .await
        .unwrap_err();
    assert_eq!(fields(&e), vec!["reason"]);
    casework::reopen(
        &mut tx,
        &w.case,
        "Asked for help with the tribunal",
        a,
        now(),
    )
    .await
    .unwrap();
    let e = casework::reopen(&mut tx, &w.case, "again", a, now())
        .await
        .unwrap_err();
    assert!(matches!(
        e,
        CaseError::NotAllowed {
            status: CaseStatus::Open,
            change: Change::Reopen
        }
    ));
    // The outcome of an open case waits for its closing.
    let e = outcome::record(&mut tx, &w.case, &NewOutcome::default(), a, now())
        .await
        .unwrap_err();
    assert!(matches!(
        e,
        CaseError::NotAllowed {
            change: Change::RecordOutcome,
            ..
        }
    ));
    tx.commit().await.unwrap();

    let rec = casework::record(db, casework::get(db, &w.case).await.unwrap().unwrap())
        .await
        .unwrap();
    assert_eq!(rec.case.status, CaseStatus::Open);
    assert_eq!(rec.case.close_reason, None);
    assert_eq!(rec.case.closed_at, None);
    let kinds: Vec<Option<EventKind>> = rec.events.iter().map(|e| e.kind()).collect();
    assert_eq!(
        kinds,
        vec![
            Some(EventKind::Opened),
            Some(EventKind::Paused),
            Some(EventKind::Resumed),
            Some(EventKind::Closed),
            Some(EventKind::Reopened)
        ]
    );
    assert_eq!(
        rec.events[1].reason.as_deref(),
        Some("Patient on leave for a week")
    );
    assert_eq!(rec.events[1].by_name.as_deref(), Some("Test Person"));
    // Every change has its audit entry, with codes and no words.
    let details: Vec<String> = case_audit(db, &w.case)
        .await
        .into_iter()
        .filter_map(|e| e.detail)
        .collect();
    for d in [
        "case-paused",
        "case-resumed",
        "case-closed reason=issues-resolved",
        "case-outcome share-story=true",
        "case-outcome share-story=false",
        "case-reopened",
    ] {
        assert!(details.iter().any(|x| x == d), "{d} in {details:?}");
    }
    let all = format!("{:?}", case_audit(db, &w.case).await);
    assert!(!all.contains("leave for a week") && !all.contains("listened"));
});

storage_test!(advocacy_changes_with_the_reason, |t| {
    let w = world(&t.db).await;
    let db = &t.db;
    let mut tx = db.begin().await.unwrap();
    let e = casework::change_advocacy(
        &mut tx,
        &w.case,
        Advocacy::Instructed,
        "x",
        &w.advocate,
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(fields(&e), vec!["advocacy"]);
    let e = casework::change_advocacy(
        &mut tx,
        &w.case,
        Advocacy::NonInstructed,
        "",
        &w.advocate,
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(fields(&e), vec!["reason"]);
    casework::change_advocacy(
        &mut tx,
        &w.case,
        Advocacy::NonInstructed,
        "Lacks capacity to instruct an advocate (assessed by the RC)",
        &w.advocate,
        now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let c = casework::get(db, &w.case).await.unwrap().unwrap();
    assert_eq!(c.advocacy, Advocacy::NonInstructed);
    assert!(
        case_audit(db, &w.case)
            .await
            .iter()
            .any(|e| e.detail.as_deref() == Some("advocacy=non-instructed"))
    );
});

storage_test!(
    only_the_allocated_advocate_and_managers_work_on_a_case,
    |t| {
        let w = world(&t.db).await;
        let db = &t.db;
        // Another advocate, a hospital referrer: as if the case did not exist.
        for who in [&w.other_advocate, &w.referrer] {
            assert!(matches!(
                casework::view(db, &w.case, who).await,
                Err(CaseError::NotFound)
            ));
            let mut tx = db.begin().await.unwrap();
            assert!(matches!(
                casework::pause(&mut tx, &w.case, "reason", who, now()).await,
                Err(CaseError::NotFound)
            ));
            assert!(matches!(
                contacts::add(&mut tx, &w.case, &contact(Some(30)), who, now()).await,
                Err(CaseError::NotFound)
            ));
        }
        assert!(matches!(
            casework::view(db, "no-such-case", &w.manager).await,
            Err(CaseError::NotFound)
        ));
        // The advocate and a manager see it; the view is audited.
        let rec = casework::view(db, &w.case, &w.advocate).await.unwrap();
        assert_eq!(rec.case.full_name(), "Sam Okafor");
        assert_eq!(
            rec.case.advocate_id.as_deref(),
            Some(w.advocate.user_id.as_str())
        );
        casework::view(db, &w.case, &w.manager).await.unwrap();
        let views: Vec<AuditEntry> = case_audit(db, &w.case)
            .await
            .into_iter()
            .filter(|e| e.action == "record-viewed" && e.record_type.as_deref() == Some("case"))
            .collect();
        assert_eq!(views.len(), 2, "one entry per view, none for refusals");
        // Lists: an advocate's own, every case for a manager, none for anyone else.
        let mine = casework::list(db, &w.advocate, None, 1).await.unwrap();
        assert_eq!(
            mine.cases.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            vec![w.case.as_str()]
        );
        assert_eq!(
            casework::list(db, &w.manager, None, 1).await.unwrap().total,
            2
        );
        assert!(
            casework::list(db, &w.referrer, None, 1)
                .await
                .unwrap()
                .cases
                .is_empty()
        );
        let mut tx = db.begin().await.unwrap();
        casework::pause(&mut tx, &w.other_case, "On leave", &w.manager, now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let paused = casework::list(db, &w.manager, Some(CaseStatus::Paused), 1)
            .await
            .unwrap()
            .cases;
        assert_eq!(paused.len(), 1);
        assert_eq!(paused[0].id, w.other_case);
        assert!(
            casework::list(db, &w.advocate, Some(CaseStatus::Paused), 1)
                .await
                .unwrap()
                .cases
                .is_empty()
        );
    }
);

fn contact(minutes: Option<i64>) -> NewContact {
    NewContact {
        happened_at: Some(now().checked_sub(SignedDuration::from_hours(2)).unwrap()),
        minutes,
        mode: Some(ContactMode::FaceToFace),
        with_whom: vec![WithWhom::Patient, WithWhom::Nurse],
        issue_id: None,
        note: Some(NOTE.into()),
    }
}

storage_test!(issues_are_raised_worked_and_given_outcomes, |t| {
    let w = world(&t.db).await;
    let db = &t.db;
    let a = &w.advocate;
    let mut tx = db.begin().await.unwrap();
    let e = issues::add(
        &mut tx,
        &w.case,
        &issues::NewIssue {
            kind: Some(IssueKind::Other),
            detail: None,
            raised_on: Some(imha_law::dates::add_days(today(), 2)),
        },
        a,
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(fields(&e), vec!["detail", "raised_on"]);
    let e = issues::add(
        &mut tx,
        &w.case,
        &issues::NewIssue {
            kind: None,
            detail: None,
            raised_on: None,
        },
        a,
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(fields(&e), vec!["kind", "raised_on"]);
    let tribunal = issues::add(
        &mut tx,
        &w.case,
        &issues::NewIssue {
            kind: Some(IssueKind::TribunalApplication),
            detail: Some("Wants to apply this week".into()),
            raised_on: Some(today()),
        },
        a,
        now(),
    )
    .await
    .unwrap();
    let e = issues::update(
        &mut tx,
        &w.case,
        &tribunal,
        &IssueUpdate {
            status: None,
            measures: Measures::default(),
        },
        a,
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(fields(&e), vec!["status"]);
    issues::update(
        &mut tx,
        &w.case,
        &tribunal,
        &IssueUpdate {
            status: Some(IssueStatus::Resolved),
            measures: Measures {
                rights_upheld: Some(Measure::Yes),
                concern_resolved: Some(Measure::Partly),
                patient_words: Some("The tribunal heard me.".into()),
                ..Measures::default()
            },
        },
        a,
        now(),
    )
    .await
    .unwrap();
    // An issue of another case is not found through this one.
    let e = issues::update(
        &mut tx,
        &w.other_case,
        &tribunal,
        &IssueUpdate {
            status: Some(IssueStatus::Open),
            measures: Measures::default(),
        },
        &w.manager,
        now(),
    )
    .await
    .unwrap_err();
    assert!(matches!(e, CaseError::NotFound));
    tx.commit().await.unwrap();
    let list = issues::for_case(db, &w.case).await.unwrap();
    assert_eq!(list.len(), 1);
    let i = &list[0];
    assert_eq!(i.kind, IssueKind::TribunalApplication);
    assert_eq!(i.status, IssueStatus::Resolved);
    assert_eq!(i.closed_on, Some(today()));
    assert_eq!(i.measures.rights_upheld, Some(Measure::Yes));
    assert_eq!(i.measures.felt_heard, None);
    assert_eq!(
        i.measures.patient_words.as_deref(),
        Some("The tribunal heard me.")
    );
    let details: Vec<String> = case_audit(db, &w.case)
        .await
        .into_iter()
        .filter_map(|e| e.detail)
        .collect();
    assert!(
        details
            .iter()
            .any(|d| d == &format!("issue-added issue={tribunal} kind=tribunal-application"))
    );
    assert!(!format!("{details:?}").contains("heard me"));
});

storage_test!(
    contacts_record_time_spent_and_keep_notes_out_of_the_audit,
    |t| {
        let w = world(&t.db).await;
        let db = &t.db;
        let a = &w.advocate;
        let mut tx = db.begin().await.unwrap();
        for (minutes, field) in [
            (Some(0), "minutes"),
            (Some(24 * 60 + 1), "minutes"),
            (None, "minutes"),
        ] {
            let e = contacts::add(&mut tx, &w.case, &contact(minutes), a, now())
                .await
                .unwrap_err();
            assert_eq!(fields(&e), vec![field]);
        }
        let mut future = contact(Some(30));
        future.happened_at = Some(now().checked_add(SignedDuration::from_hours(3)).unwrap());
        future.with_whom.clear();
        let e = contacts::add(&mut tx, &w.case, &future, a, now())
            .await
            .unwrap_err();
        assert_eq!(fields(&e), vec!["happened_on", "with_whom"]);
        // The issue must be this case's.
        let theirs = issues::add(
            &mut tx,
            &w.other_case,
            &issues::NewIssue {
                kind: Some(IssueKind::Rights),
                detail: None,
                raised_on: Some(today()),
            },
            &w.manager,
            now(),
        )
        .await
        .unwrap();
        let mut wrong = contact(Some(30));
        wrong.issue_id = Some(theirs);
        let e = contacts::add(&mut tx, &w.case, &wrong, a, now())
            .await
            .unwrap_err();
        assert_eq!(fields(&e), vec!["issue"]);
        let first = contacts::add(&mut tx, &w.case, &contact(Some(45)), a, now())
            .await
            .unwrap();
        contacts::add(&mut tx, &w.case, &contact(Some(24 * 60)), a, now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let rec = casework::record(db, casework::get(db, &w.case).await.unwrap().unwrap())
            .await
            .unwrap();
        assert_eq!(rec.contacts.len(), 2);
        assert_eq!(rec.total_minutes(), 45 + 24 * 60);
        let c = rec.contacts.iter().find(|c| c.id == first).unwrap();
        assert_eq!(c.with_whom, vec![WithWhom::Patient, WithWhom::Nurse]);
        assert_eq!(c.note.as_deref(), Some(NOTE));
        assert!(rec.timeline().len() >= 3, "opening and two contacts");
        let entries = format!("{:?}", audit::search(db, &Filter::default()).await.unwrap());
        assert!(
            entries.contains("minutes=45 mode=face-to-face"),
            "{entries}"
        );
        assert!(
            !entries.contains("daughter"),
            "a note reached the audit trail"
        );
    }
);

storage_test!(records_access_has_its_basis_and_the_holders_decision, |t| {
    let w = world(&t.db).await;
    let db = &t.db;
    let a = &w.advocate;
    let mut tx = db.begin().await.unwrap();
    let e = records::add(&mut tx, &w.case, &NewRequest::default(), a, now())
        .await
        .unwrap_err();
    assert_eq!(
        fields(&e),
        vec!["requested_on", "record_holder", "records", "basis"]
    );
    let consent = NewRequest {
        requested_on: Some(today()),
        record_holder: Some("Ward manager".into()),
        records: Some("Care plan".into()),
        basis: Some(RecordsBasis::PatientConsent),
        consent_on: None,
    };
    let e = records::add(&mut tx, &w.case, &consent, a, now())
        .await
        .unwrap_err();
    assert_eq!(fields(&e), vec!["consent_on"]);
    let granted = records::add(
        &mut tx,
        &w.case,
        &NewRequest {
            consent_on: Some(today()),
            ..consent.clone()
        },
        a,
        now(),
    )
    .await
    .unwrap();
    let refused = records::add(
        &mut tx,
        &w.case,
        &NewRequest {
            basis: Some(RecordsBasis::RecordHolderDecision),
            ..consent.clone()
        },
        a,
        now(),
    )
    .await
    .unwrap();
    let e = records::decide(
        &mut tx,
        &w.case,
        &refused,
        &RecordsDecision {
            status: Some(RecordsStatus::Refused),
            decided_on: Some(today()),
            refusal_reason: None,
        },
        a,
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(fields(&e), vec!["refusal_reason"]);
    records::decide(
        &mut tx,
        &w.case,
        &refused,
        &RecordsDecision {
            status: Some(RecordsStatus::Refused),
            decided_on: Some(today()),
            refusal_reason: Some("Conflicts with the deputy's decision".into()),
        },
        a,
        now(),
    )
    .await
    .unwrap();
    records::decide(
        &mut tx,
        &w.case,
        &granted,
        &RecordsDecision {
            status: Some(RecordsStatus::Granted),
            decided_on: Some(today()),
            refusal_reason: Some("ignored when granted".into()),
        },
        a,
        now(),
    )
    .await
    .unwrap();
    // A decision is recorded once.
    let e = records::decide(
        &mut tx,
        &w.case,
        &granted,
        &RecordsDecision {
            status: Some(RecordsStatus::Refused),
            decided_on: Some(today()),
            refusal_reason: Some("changed mind".into()),
        },
        a,
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(fields(&e), vec!["decision"]);
    tx.commit().await.unwrap();
    let list = records::for_case(db, &w.case).await.unwrap();
    assert_eq!(list.len(), 2);
    let g = list.iter().find(|r| r.id == granted).unwrap();
    assert_eq!(g.status, RecordsStatus::Granted);
    assert_eq!(g.consent_on, Some(today()));
    assert_eq!(g.refusal_reason, None);
    let r = list.iter().find(|r| r.id == refused).unwrap();
    assert_eq!(r.status, RecordsStatus::Refused);
    assert_eq!(r.consent_on, None);
    assert_eq!(
        r.refusal_reason.as_deref(),
        Some("Conflicts with the deputy's decision")
    );
    assert_eq!(r.basis.citation(), "MHA 1983 s130B(3)(c) and (4)(b)");
});

storage_test!(the_demo_has_casework_to_show, |t| {
    imha_core::demo::fill(&t.db).await.unwrap();
    let advocate = accounts::user_by_email(&t.db, "advocate@demo.imha.invalid")
        .await
        .unwrap()
        .unwrap();
    let worker = Worker::new(advocate.id, Role::Advocate, None);
    let cases = casework::list(&t.db, &worker, None, 1).await.unwrap().cases;
    assert!(cases.len() >= 2, "{cases:?}");
    let mut closed_with_outcome = false;
    let mut open_with_work = false;
    for c in cases {
        let rec = casework::view(&t.db, &c.id, &worker).await.unwrap();
        if rec.case.status == CaseStatus::Closed && rec.outcome.is_some() {
            closed_with_outcome = true;
            assert_eq!(rec.case.advocacy, Advocacy::NonInstructed);
            assert!(
                rec.records_requests
                    .iter()
                    .any(|r| r.status == RecordsStatus::Refused)
            );
        }
        if rec.case.status == CaseStatus::Open
            && rec.issues.len() >= 2
            && !rec.contacts.is_empty()
            && !rec.records_requests.is_empty()
        {
            open_with_work = true;
        }
    }
    assert!(closed_with_outcome && open_with_work);
    assert!(audit::verify(&t.db).await.unwrap().ok);
});

storage_test!(the_cases_list_comes_in_pages_with_the_total, |t| {
    let db = &t.db;
    let manager = user(db, "mo@example.org", Role::ServiceManager).await;
    let n = casework::CASES_PER_PAGE + 2;
    let mut made = Vec::new();
    for i in 0..n {
        made.push(accepted_case(db, &format!("Sam{i}"), &manager).await);
    }
    let first = casework::list(db, &manager, None, 1).await.unwrap();
    let second = casework::list(db, &manager, None, 2).await.unwrap();
    let beyond = casework::list(db, &manager, None, 3).await.unwrap();
    assert_eq!(first.total, n);
    assert_eq!(second.total, n);
    assert_eq!(first.cases.len() as i64, casework::CASES_PER_PAGE);
    assert_eq!(second.cases.len(), 2);
    assert!(beyond.cases.is_empty());
    assert_eq!(beyond.total, n);
    // Newest first across the pages, each case exactly once.
    let ids: Vec<String> = first
        .cases
        .iter()
        .chain(&second.cases)
        .map(|c| c.id.clone())
        .collect();
    let mut newest_first = made.clone();
    newest_first.reverse();
    assert_eq!(ids, newest_first);
    // A page number below 1 is the first page.
    let zero = casework::list(db, &manager, None, 0).await.unwrap();
    assert_eq!(
        zero.cases.iter().map(|c| &c.id).collect::<Vec<_>>(),
        first.cases.iter().map(|c| &c.id).collect::<Vec<_>>()
    );
    // The status filter counts only its own cases.
    let mut tx = db.begin().await.unwrap();
    casework::pause(&mut tx, &made[0], "On leave", &manager, now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let paused = casework::list(db, &manager, Some(CaseStatus::Paused), 1)
        .await
        .unwrap();
    assert_eq!(paused.total, 1);
    assert_eq!(paused.cases[0].id, made[0]);
});
