//! Anonymised case stories for the impact report on both databases: only outcomes the patient
//! agreed to share, with their words, only for the area's hospitals and the period, and with
//! the issue kinds and the year, never anything that identifies the patient.

use imha_core::accounts::{self, Role};
use imha_core::casework::issues::{self, IssueKind, Measures, NewIssue};
use imha_core::casework::outcome::NewOutcome;
use imha_core::casework::{self, CloseReason, Closing, Worker};
use imha_core::organisations::{self, Kind};
use imha_core::referrals::{self, Actor, Channel, Decision, RawReferral};
use imha_core::reports::Area;
use imha_core::stories::{self, Story};
use imha_core::{Database, storage_test};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

async fn org(db: &Database, kind: Kind, name: &str, ods: Option<&str>) -> String {
    let mut tx = db.begin().await.unwrap();
    let o = organisations::create(&mut tx, kind, name, ods, "england")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    o.id
}

#[allow(clippy::too_many_arguments)]
/// A case for a patient at `hospital`, with `kinds` of issue, closed with an outcome recorded
/// at `at`.
async fn closed_case(
    db: &Database,
    manager: &Worker,
    given: &str,
    hospital: &str,
    kinds: &[IssueKind],
    words: Option<&str>,
    share: bool,
    at: Timestamp,
) -> String {
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
    let opened = at.checked_sub(SignedDuration::from_hours(72)).unwrap();
    let mut tx = db.begin().await.unwrap();
    let c = referrals::create(
        &mut tx,
        &raw,
        Channel::PublicForm,
        &Actor::System,
        opened,
        &imha_law::LawConfig::default(),
    )
    .await
    .unwrap();
    let d = referrals::decide(&mut tx, &c.id, &Decision::Accept, &manager.actor(), opened)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    imha_core::on_pool!(db, p => sqlx::query("UPDATE referrals SET hospital_id = $1 WHERE id = $2").bind(hospital).bind(&c.id).execute(p).await.map(|_| ()))
        .unwrap();
    let case = d.case_id.unwrap();
    let mut tx = db.begin().await.unwrap();
    for kind in kinds {
        issues::add(
            &mut tx,
            &case,
            &NewIssue {
                kind: Some(*kind),
                detail: Some("About the ward".into()),
                raised_on: Some(referrals::uk_date(opened)),
            },
            manager,
            opened,
        )
        .await
        .unwrap();
    }
    casework::close(
        &mut tx,
        &case,
        &Closing {
            reason: Some(CloseReason::IssuesResolved),
            words: None,
            outcome: Some(NewOutcome {
                measures: Measures {
                    patient_words: words.map(str::to_string),
                    ..Measures::default()
                },
                share_story: share,
            }),
        },
        manager,
        at,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    case
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

storage_test!(
    shared_stories_are_filtered_by_consent_area_and_period,
    |t| {
        let db = &t.db;
        let mut tx = db.begin().await.unwrap();
        let m = accounts::create_user(
            &mut tx,
            "mo@example.org",
            "Mo Manager",
            Role::ServiceManager,
            None,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let manager = Worker::new(m.id, Role::ServiceManager, None);
        let inside = org(db, Kind::Hospital, "Northshire General", Some("RZZ01")).await;
        let outside = org(db, Kind::Hospital, "Southshire Royal", Some("RZZ02")).await;
        let council = org(db, Kind::LocalAuthority, "Northshire Council", None).await;
        let mut tx = db.begin().await.unwrap();
        organisations::add_to_area(&mut tx, &council, &inside)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        // In the area, shared, in the period (1 April 2025 to 31 March 2026): shown.
        closed_case(
            db,
            &manager,
            "Sam",
            &inside,
            &[IssueKind::TribunalApplication, IssueKind::Rights],
            Some("  My advocate helped me ask the tribunal.  "),
            true,
            at("2025-06-10T10:00:00Z"),
        )
        .await;
        // Not shared: never shown.
        closed_case(
            db,
            &manager,
            "Kim",
            &inside,
            &[IssueKind::Rights],
            Some("Private words."),
            false,
            at("2025-07-01T10:00:00Z"),
        )
        .await;
        // Shared but no words: nothing to show.
        closed_case(
            db,
            &manager,
            "Lee",
            &inside,
            &[IssueKind::Rights],
            None,
            true,
            at("2025-07-02T10:00:00Z"),
        )
        .await;
        // Another council's hospital.
        closed_case(
            db,
            &manager,
            "Ade",
            &outside,
            &[IssueKind::AfterCare],
            Some("They sorted my after-care."),
            true,
            at("2025-08-01T10:00:00Z"),
        )
        .await;
        // On the boundaries: 23:30 UTC on 31 March 2025 is 00:30 on 1 April in the UK (BST
        // starts on 30 March 2025), so it is in; 23:30 UTC on 31 March 2026 is 00:30 on 1 April
        // 2026, so it is out.
        closed_case(
            db,
            &manager,
            "Bea",
            &inside,
            &[IssueKind::Concerns],
            Some("First day of the year."),
            true,
            at("2025-03-31T23:30:00Z"),
        )
        .await;
        closed_case(
            db,
            &manager,
            "Cal",
            &inside,
            &[IssueKind::Concerns],
            Some("Just after the year."),
            true,
            at("2026-03-31T23:30:00Z"),
        )
        .await;

        let area = Area::LocalAuthority(council.clone());
        let got = stories::shared(db, &area, date("2025-04-01"), date("2026-03-31"))
            .await
            .unwrap();
        assert_eq!(
            got,
            vec![
                Story {
                    year: 2025,
                    words: "First day of the year.".into(),
                    issue_kinds: vec![IssueKind::Concerns],
                },
                Story {
                    year: 2025,
                    words: "My advocate helped me ask the tribunal.".into(),
                    issue_kinds: vec![IssueKind::Rights, IssueKind::TribunalApplication],
                },
            ]
        );

        // Everywhere: the other council's hospital too.
        let all = stories::shared(
            db,
            &Area::Everywhere,
            date("2025-04-01"),
            date("2026-03-31"),
        )
        .await
        .unwrap();
        let words: Vec<&str> = all.iter().map(|s| s.words.as_str()).collect();
        assert_eq!(
            words,
            vec![
                "First day of the year.",
                "My advocate helped me ask the tribunal.",
                "They sorted my after-care."
            ]
        );

        // The next year has only the late one; a council with no hospitals has none.
        let next = stories::shared(db, &area, date("2026-04-01"), date("2027-03-31"))
            .await
            .unwrap();
        assert_eq!(next.len(), 1);
        assert_eq!(next[0].words, "Just after the year.");
        assert_eq!(next[0].year, 2026);
        let empty = org(db, Kind::LocalAuthority, "Eastshire Council", None).await;
        assert!(
            stories::shared(
                db,
                &Area::LocalAuthority(empty),
                date("2025-04-01"),
                date("2026-03-31")
            )
            .await
            .unwrap()
            .is_empty()
        );
    }
);
