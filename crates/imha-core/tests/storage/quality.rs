//! The quality self-assessment on both databases: start, rate, add and complete actions,
//! finalise (then every change refused), repeat from the last one (ratings, evidence and open
//! actions carried over), compare, who sees what, and the audit trail.

use imha_core::accounts::{self, Role, User};
use imha_core::audit::{self, Filter};
use imha_core::organisations::{self, Kind};
use imha_core::quality::{
    self, Change, Editor, QualityError, Rating, RawAction, RawAssessment, RawRating, Scope, Status,
};
use imha_core::storage_test;
use jiff::Timestamp;
use jiff::civil::{Date, date};

struct Service {
    provider: String,
    manager: User,
    advocate: User,
    commissioner: User,
    other_commissioner: User,
    other_manager: User,
}

async fn user(tx: &mut imha_core::db::Tx, email: &str, name: &str, role: Role, org: &str) -> User {
    accounts::create_user(tx, email, name, role, Some(org))
        .await
        .unwrap()
}

async fn service(db: &imha_core::Database) -> Service {
    let mut tx = db.begin().await.unwrap();
    let provider = organisations::create(
        &mut tx,
        Kind::Provider,
        "Northshire Advocacy",
        None,
        "england",
    )
    .await
    .unwrap();
    let other = organisations::create(
        &mut tx,
        Kind::Provider,
        "Southshire Advocacy",
        None,
        "england",
    )
    .await
    .unwrap();
    let council = organisations::create(
        &mut tx,
        Kind::LocalAuthority,
        "Northshire Council",
        None,
        "england",
    )
    .await
    .unwrap();
    let other_council = organisations::create(
        &mut tx,
        Kind::LocalAuthority,
        "Eastshire Council",
        None,
        "england",
    )
    .await
    .unwrap();
    organisations::add_to_area(&mut tx, &council.id, &provider.id)
        .await
        .unwrap();
    let manager = user(
        &mut tx,
        "m@example.org",
        "Morgan Manager",
        Role::ServiceManager,
        &provider.id,
    )
    .await;
    let advocate = user(
        &mut tx,
        "a@example.org",
        "Ash Advocate",
        Role::Advocate,
        &provider.id,
    )
    .await;
    let commissioner = user(
        &mut tx,
        "c@example.org",
        "Casey Commissioner",
        Role::Commissioner,
        &council.id,
    )
    .await;
    let other_commissioner = user(
        &mut tx,
        "e@example.org",
        "Eden Commissioner",
        Role::Commissioner,
        &other_council.id,
    )
    .await;
    let other_manager = user(
        &mut tx,
        "s@example.org",
        "Sol Manager",
        Role::ServiceManager,
        &other.id,
    )
    .await;
    tx.commit().await.unwrap();
    Service {
        provider: provider.id,
        manager,
        advocate,
        commissioner,
        other_commissioner,
        other_manager,
    }
}

fn today() -> Date {
    imha_core::referrals::uk_date(Timestamp::now())
}

fn editor(u: &User) -> Editor {
    Editor::for_user(u, Some("192.0.2.7".into())).unwrap()
}

fn scope(u: &User) -> Scope {
    Scope::for_user(u).unwrap()
}

async fn start(
    db: &imha_core::Database,
    e: &Editor,
    title: &str,
    repeat: bool,
) -> Result<String, QualityError> {
    let mut tx = db.begin().await.unwrap();
    let raw = RawAssessment {
        title: title.into(),
        period_start: Some(date(2026, 4, 1)),
        period_end: Some(date(2026, 9, 30)),
        repeat,
    };
    let r = quality::create(&mut tx, e, &raw, today(), Timestamp::now()).await;
    if r.is_ok() {
        tx.commit().await.unwrap();
    }
    r
}

async fn rate(
    db: &imha_core::Database,
    e: &Editor,
    id: &str,
    n: u8,
    rating: &str,
    evidence: &str,
) -> Result<Rating, QualityError> {
    let mut tx = db.begin().await.unwrap();
    let raw = RawRating {
        rating: Some(rating.into()),
        evidence: evidence.into(),
    };
    let r = quality::rate(&mut tx, e, id, n, &raw, Timestamp::now()).await;
    if r.is_ok() {
        tx.commit().await.unwrap();
    }
    r
}

async fn add_action(
    db: &imha_core::Database,
    e: &Editor,
    id: &str,
    raw: &RawAction,
) -> Result<String, QualityError> {
    let mut tx = db.begin().await.unwrap();
    let r = quality::add_action(&mut tx, e, id, raw, today(), Timestamp::now()).await;
    if r.is_ok() {
        tx.commit().await.unwrap();
    }
    r
}

async fn finalise(
    db: &imha_core::Database,
    e: &Editor,
    id: &str,
    live: &[(u8, String)],
) -> Result<(), QualityError> {
    let mut tx = db.begin().await.unwrap();
    let r = quality::finalise(&mut tx, e, id, live, Timestamp::now()).await;
    if r.is_ok() {
        tx.commit().await.unwrap();
    }
    r
}

fn due(days: i64) -> Date {
    today().checked_add(jiff::Span::new().days(days)).unwrap()
}

storage_test!(a_manager_rates_adds_actions_and_finalises, |t| {
    let s = service(&t.db).await;
    let m = editor(&s.manager);
    let id = start(&t.db, &m, "Spring 2027", false).await.unwrap();
    // A second draft is refused while this one is in progress.
    match start(&t.db, &m, "Another", false).await {
        Err(QualityError::DraftExists(d)) => assert_eq!(d, id),
        other => panic!("expected DraftExists, got {other:?}"),
    }
    let full = quality::get(&t.db, &scope(&s.manager), &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(full.assessment.title, "Spring 2027");
    assert_eq!(full.assessment.status, Status::Draft);
    assert_eq!(full.assessment.provider_name, "Northshire Advocacy");
    assert_eq!(full.assessment.created_by, "Morgan Manager");
    assert_eq!(full.ratings.len(), 10);
    assert!(
        full.ratings
            .iter()
            .all(|r| r.rating.is_none() && r.evidence.is_empty())
    );

    // Rating: evidence kept, a missing rating is a field error.
    assert_eq!(
        rate(
            &t.db,
            &m,
            &id,
            8,
            "amber",
            "Uptake 62%; lower for Black patients."
        )
        .await
        .unwrap(),
        Rating::Amber
    );
    match rate(&t.db, &m, &id, 3, "purple", "").await {
        Err(QualityError::Invalid(errs)) => {
            assert_eq!(errs[0].field, "rating");
            assert_eq!(
                errs[0].message,
                "Select red, amber or green for indicator 3: Independence"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        rate(&t.db, &m, &id, 11, "red", "").await,
        Err(QualityError::NotFound)
    ));

    // Actions: to a member of staff, or to a named person without an account.
    let to_ash = add_action(
        &t.db,
        &m,
        &id,
        &RawAction {
            indicator: Some("8".into()),
            description: "Meet the community group about uptake".into(),
            owner_user_id: Some(s.advocate.id.clone()),
            owner_name: None,
            due_on: Some(due(30)),
        },
    )
    .await
    .unwrap();
    let to_name = add_action(
        &t.db,
        &m,
        &id,
        &RawAction {
            indicator: Some("4".into()),
            description: "Recruit two people with lived experience".into(),
            owner_user_id: None,
            owner_name: Some("Pat Volunteer".into()),
            due_on: Some(due(60)),
        },
    )
    .await
    .unwrap();
    // Someone from another provider cannot own an action.
    match add_action(
        &t.db,
        &m,
        &id,
        &RawAction {
            indicator: Some("4".into()),
            description: "x".into(),
            owner_user_id: Some(s.other_manager.id.clone()),
            owner_name: None,
            due_on: Some(due(1)),
        },
    )
    .await
    {
        Err(QualityError::Invalid(errs)) => assert_eq!(errs[0].field, "owner"),
        other => panic!("{other:?}"),
    }
    let mut tx = t.db.begin().await.unwrap();
    quality::complete_action(&mut tx, &m, &id, &to_name, Timestamp::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = t.db.begin().await.unwrap();
    assert!(matches!(
        quality::complete_action(&mut tx, &m, &id, "no-such-action", Timestamp::now()).await,
        Err(QualityError::NotFound)
    ));
    drop(tx);

    let full = quality::get(&t.db, &scope(&s.manager), &id)
        .await
        .unwrap()
        .unwrap();
    let r8 = full.rating(8).unwrap();
    assert_eq!(r8.rating, Some(Rating::Amber));
    assert_eq!(r8.evidence, "Uptake 62%; lower for Black patients.");
    let actions: Vec<(&str, &str, bool)> = full
        .actions
        .iter()
        .map(|a| (a.id.as_str(), a.owner.as_str(), a.done))
        .collect();
    assert_eq!(
        actions,
        vec![
            (to_name.as_str(), "Pat Volunteer", true),
            (to_ash.as_str(), "Ash Advocate", false)
        ]
    );

    // Finalising needs every indicator rated: one error per unrated indicator.
    match finalise(&t.db, &m, &id, &[]).await {
        Err(QualityError::Invalid(errs)) => {
            assert_eq!(errs.len(), 9);
            assert_eq!(errs[0].field, "indicator-1");
            assert_eq!(
                errs[0].message,
                "Rate indicator 1 (A clear role) before you finalise the assessment"
            );
            assert!(!errs.iter().any(|e| e.field == "indicator-8"));
        }
        other => panic!("{other:?}"),
    }
    for n in 1..=10u8 {
        if n != 8 {
            let colour = if n % 3 == 0 { "red" } else { "green" };
            rate(&t.db, &m, &id, n, colour, "").await.unwrap();
        }
    }
    let live = vec![
        (8u8, "Uptake 62%.".to_string()),
        (8, "Median 2.0 working days.".to_string()),
    ];
    finalise(&t.db, &m, &id, &live).await.unwrap();
    let full = quality::get(&t.db, &scope(&s.manager), &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(full.assessment.status, Status::Final);
    assert!(full.assessment.finalised_at.is_some());
    assert_eq!(
        full.assessment.finalised_by.as_deref(),
        Some("Morgan Manager")
    );
    assert_eq!(
        full.rating(8).unwrap().live_figures,
        vec!["Uptake 62%.", "Median 2.0 working days."]
    );
    assert!(full.rating(1).unwrap().live_figures.is_empty());

    // A final assessment is read-only, with a clear error.
    let err = rate(&t.db, &m, &id, 1, "amber", "changed my mind")
        .await
        .unwrap_err();
    assert!(matches!(err, QualityError::Final));
    assert!(
        err.to_string()
            .contains("final and can no longer be changed"),
        "{err}"
    );
    assert!(matches!(
        add_action(&t.db, &m, &id, &RawAction::default()).await,
        Err(QualityError::Final)
    ));
    let mut tx = t.db.begin().await.unwrap();
    assert!(matches!(
        quality::complete_action(&mut tx, &m, &id, &to_ash, Timestamp::now()).await,
        Err(QualityError::Final)
    ));
    drop(tx);
    assert!(matches!(
        finalise(&t.db, &m, &id, &[]).await,
        Err(QualityError::Final)
    ));
    assert_eq!(
        quality::get(&t.db, &scope(&s.manager), &id)
            .await
            .unwrap()
            .unwrap()
            .rating(1)
            .unwrap()
            .rating,
        Some(Rating::Green),
        "unchanged"
    );

    // Audited: ids, indicators and ratings only, never evidence or action text.
    let entries = audit::search(
        &t.db,
        &Filter {
            record_id: Some(id.clone()),
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"quality-assessment-started"));
    assert!(actions.contains(&"quality-assessment-finalised"));
    assert!(
        entries
            .iter()
            .any(|e| e.detail.as_deref() == Some("indicator=8 rating=amber"))
    );
    assert!(
        entries
            .iter()
            .any(|e| e.detail.as_deref() == Some(format!("action-done={to_name}").as_str()))
    );
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "quality-assessment-changed")
            .count(),
        13
    );
    for e in &entries {
        assert_eq!(e.actor_id.as_deref(), Some(s.manager.id.as_str()));
        assert_eq!(e.client.as_deref(), Some("192.0.2.7"));
        let d = e.detail.as_deref().unwrap_or("");
        assert!(
            !d.contains("Uptake") && !d.contains("Pat") && !d.contains("community"),
            "{d}"
        );
    }
    assert!(audit::verify(&t.db).await.unwrap().ok);
});

storage_test!(a_repeat_starts_from_the_last_one_and_the_two_compare, |t| {
    let s = service(&t.db).await;
    let m = editor(&s.manager);
    let first = start(&t.db, &m, "Autumn 2026", false).await.unwrap();
    for n in 1..=10u8 {
        let colour = match n {
            1 | 2 => "red",
            3..=6 => "amber",
            _ => "green",
        };
        rate(&t.db, &m, &first, n, colour, &format!("Evidence {n}"))
            .await
            .unwrap();
    }
    let open = add_action(
        &t.db,
        &m,
        &first,
        &RawAction {
            indicator: Some("1".into()),
            description: "Easy Read leaflet about the role".into(),
            owner_user_id: Some(s.manager.id.clone()),
            owner_name: None,
            due_on: Some(due(10)),
        },
    )
    .await
    .unwrap();
    let done = add_action(
        &t.db,
        &m,
        &first,
        &RawAction {
            indicator: Some("2".into()),
            description: "Ask patients how involved they felt".into(),
            owner_user_id: None,
            owner_name: Some("Pat Volunteer".into()),
            due_on: Some(due(5)),
        },
    )
    .await
    .unwrap();
    let mut tx = t.db.begin().await.unwrap();
    quality::complete_action(&mut tx, &m, &first, &done, Timestamp::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    finalise(&t.db, &m, &first, &[]).await.unwrap();

    // Repeat: ratings and evidence copied, the open action carried, the done one not.
    let second = start(&t.db, &m, "Spring 2027", true).await.unwrap();
    let full = quality::get(&t.db, &scope(&s.manager), &second)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(full.assessment.status, Status::Draft);
    assert_eq!(
        full.assessment.repeated_from.as_deref(),
        Some(first.as_str())
    );
    assert_eq!(full.rating(1).unwrap().rating, Some(Rating::Red));
    assert_eq!(full.rating(4).unwrap().evidence, "Evidence 4");
    assert_eq!(full.actions.len(), 1);
    let carried = &full.actions[0];
    assert_eq!(carried.carried_from.as_deref(), Some(open.as_str()));
    assert_ne!(carried.id, open);
    assert_eq!(carried.description, "Easy Read leaflet about the role");
    assert_eq!(carried.owner, "Morgan Manager");
    assert!(!carried.done);
    // Completing the carried action leaves the final assessment's own untouched.
    let mut tx = t.db.begin().await.unwrap();
    quality::complete_action(&mut tx, &m, &second, &carried.id, Timestamp::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let old = quality::get(&t.db, &scope(&s.manager), &first)
        .await
        .unwrap()
        .unwrap();
    assert!(!old.actions.iter().find(|a| a.id == open).unwrap().done);

    // Two changes: indicator 1 better, 7 worse.
    rate(&t.db, &m, &second, 1, "green", "Leaflet published")
        .await
        .unwrap();
    rate(&t.db, &m, &second, 7, "amber", "Transitions unclear")
        .await
        .unwrap();
    let then = quality::get(&t.db, &scope(&s.manager), &first)
        .await
        .unwrap()
        .unwrap();
    let now = quality::get(&t.db, &scope(&s.manager), &second)
        .await
        .unwrap()
        .unwrap();
    let cmp = quality::compare(&then, &now);
    assert_eq!(cmp[0].change, Change::Better);
    assert_eq!(cmp[0].words(), "Better: red then, green now");
    assert_eq!(cmp[6].change, Change::Worse);
    assert_eq!(cmp[6].words(), "Worse: green then, amber now");
    assert_eq!(cmp.iter().filter(|c| c.change == Change::Same).count(), 8);

    // The list: newest first, with counts.
    let list = quality::list(&t.db, &scope(&s.manager)).await.unwrap();
    let ids: Vec<&str> = list.iter().map(|x| x.assessment.id.as_str()).collect();
    assert_eq!(ids, vec![second.as_str(), first.as_str()]);
    assert_eq!(
        (list[0].red, list[0].amber, list[0].green, list[0].not_rated),
        (1, 5, 4, 0)
    );
    assert_eq!((list[1].red, list[1].amber, list[1].green), (2, 4, 4));
    assert_eq!(list[0].open_actions, 0);
    assert_eq!(list[1].open_actions, 1);
});

storage_test!(who_sees_and_changes_which_assessments, |t| {
    let s = service(&t.db).await;
    let m = editor(&s.manager);
    let final_id = start(&t.db, &m, "Autumn 2026", false).await.unwrap();
    for n in 1..=10u8 {
        rate(&t.db, &m, &final_id, n, "green", "").await.unwrap();
    }
    finalise(&t.db, &m, &final_id, &[]).await.unwrap();
    let draft_id = start(&t.db, &m, "Spring 2027", true).await.unwrap();

    // Only managers of a provider edit; advocates and commissioners do not.
    assert!(Editor::for_user(&s.advocate, None).is_none());
    assert!(Editor::for_user(&s.commissioner, None).is_none());
    // The advocate sees both, drafts included.
    assert_eq!(
        quality::list(&t.db, &scope(&s.advocate))
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        quality::get(&t.db, &scope(&s.advocate), &draft_id)
            .await
            .unwrap()
            .is_some()
    );
    // The area's commissioner sees only the final one; another council's sees none.
    let seen: Vec<String> = quality::list(&t.db, &scope(&s.commissioner))
        .await
        .unwrap()
        .into_iter()
        .map(|x| x.assessment.id)
        .collect();
    assert_eq!(seen, vec![final_id.clone()]);
    assert!(
        quality::get(&t.db, &scope(&s.commissioner), &draft_id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        quality::get(&t.db, &scope(&s.commissioner), &final_id)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        quality::list(&t.db, &scope(&s.other_commissioner))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        quality::get(&t.db, &scope(&s.other_commissioner), &final_id)
            .await
            .unwrap()
            .is_none()
    );
    // Another provider's manager: it looks missing, and cannot be changed.
    let other = editor(&s.other_manager);
    assert!(
        quality::get(&t.db, &scope(&s.other_manager), &draft_id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        rate(&t.db, &other, &draft_id, 1, "red", "").await,
        Err(QualityError::NotFound)
    ));
    // Roles without a scope.
    let mut tx = t.db.begin().await.unwrap();
    let admin = accounts::create_user(&mut tx, "ad@example.org", "Ad Min", Role::Admin, None)
        .await
        .unwrap();
    let manager_without_provider = accounts::create_user(
        &mut tx,
        "nm@example.org",
        "No Org",
        Role::ServiceManager,
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert!(Scope::for_user(&admin).is_none());
    assert!(Scope::for_user(&manager_without_provider).is_none());
    assert!(Editor::for_user(&manager_without_provider, None).is_none());
    let _ = s.provider;
});

storage_test!(csv_export_neutralises_formulas, |t| {
    let s = service(&t.db).await;
    let m = editor(&s.manager);
    let id = start(&t.db, &m, "=HYPERLINK(\"http://x\")", false)
        .await
        .unwrap();
    rate(&t.db, &m, &id, 2, "amber", "+1 patient said -- no")
        .await
        .unwrap();
    add_action(
        &t.db,
        &m,
        &id,
        &RawAction {
            indicator: Some("2".into()),
            description: "@SUM(A1:A9)".into(),
            owner_user_id: None,
            owner_name: Some("-Pat".into()),
            due_on: Some(due(3)),
        },
    )
    .await
    .unwrap();
    let full = quality::get(&t.db, &scope(&s.manager), &id)
        .await
        .unwrap()
        .unwrap();
    let csv = quality::to_csv(&full, &[(8, "=cmd".to_string())]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, quality::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 11, "ten indicators and one action");
    for row in &rows {
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "unsafe cell {cell:?}"
            );
        }
    }
    assert_eq!(&rows[0][0], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&rows[1][7], "amber");
    assert_eq!(&rows[1][8], "'+1 patient said -- no");
    assert_eq!(&rows[7][9], "'=cmd", "a draft's live figures");
    assert_eq!(&rows[10][4], "action");
    assert_eq!(&rows[10][8], "'@SUM(A1:A9)");
    assert_eq!(&rows[10][9], "'-Pat");
    assert_eq!(&rows[10][11], "no");
});

storage_test!(
    the_demo_has_a_final_assessment_and_a_draft_repeating_it,
    |t| {
        imha_core::demo::fill(&t.db).await.unwrap();
        let manager = accounts::user_by_email(&t.db, "manager@demo.imha.invalid")
            .await
            .unwrap()
            .unwrap();
        let list = quality::list(&t.db, &scope(&manager)).await.unwrap();
        assert_eq!(list.len(), 2);
        let (draft, last) = (&list[0], &list[1]);
        assert_eq!(draft.assessment.status, Status::Draft);
        assert_eq!(last.assessment.status, Status::Final);
        assert_eq!(
            draft.assessment.repeated_from.as_deref(),
            Some(last.assessment.id.as_str())
        );
        let then = quality::get(&t.db, &scope(&manager), &last.assessment.id)
            .await
            .unwrap()
            .unwrap();
        let now = quality::get(&t.db, &scope(&manager), &draft.assessment.id)
            .await
            .unwrap()
            .unwrap();
        let cmp = quality::compare(&then, &now);
        assert_eq!(cmp.iter().filter(|c| c.change == Change::Better).count(), 4);
        assert_eq!(cmp.iter().filter(|c| c.change == Change::Worse).count(), 1);
        // Carried-over actions, now overdue, and a new one.
        assert!(
            now.actions
                .iter()
                .any(|a| a.carried_from.is_some() && a.overdue(today()))
        );
        assert!(now.actions.iter().any(|a| a.carried_from.is_none()));
        // The demo commissioner's council has the provider in its area: they see the final one.
        let commissioner = accounts::user_by_email(&t.db, "commissioner@demo.imha.invalid")
            .await
            .unwrap()
            .unwrap();
        let seen = quality::list(&t.db, &scope(&commissioner)).await.unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].assessment.id, last.assessment.id);
        assert!(audit::verify(&t.db).await.unwrap().ok);
    }
);
