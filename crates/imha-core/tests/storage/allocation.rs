//! Advocates' eligibility records and allocation on both databases: training, certificates
//! and declarations (with validation and audit), allocation refused on a conflict and recorded
//! with an override, reallocation, who cannot be allocated, and the manager's view.

use imha_core::accounts::{self, Role, User};
use imha_core::advocates::{
    self, AdvocateError, BarredLists, InterestKind, NewDeclaration, TrainingKind,
};
use imha_core::allocation::{self, AllocationError, ConflictCode, Policy};
use imha_core::audit::{self, Filter};
use imha_core::referrals::{self, Actor, Channel, Decision, RawReferral};
use imha_core::{Database, on_pool, storage_test};
use imha_law::LawConfig;
use jiff::Timestamp;
use jiff::civil::{Date, date};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

async fn user(db: &Database, email: &str, name: &str, role: Role) -> User {
    let mut tx = db.begin().await.unwrap();
    let u = accounts::create_user(&mut tx, email, name, role, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    u
}

fn as_user(u: &User) -> Actor {
    Actor::User {
        id: u.id.clone(),
        client: Some("10.0.0.1".into()),
    }
}

/// A referral made by `by` at `when`, accepted a minute later: (referral id, case id).
async fn case(
    db: &Database,
    given: &str,
    dob: Option<&str>,
    nhs: Option<&str>,
    by: &Actor,
    when: &str,
) -> (String, String) {
    let raw = RawReferral {
        referrer: Some("professional".into()),
        given_name: Some(given.into()),
        family_name: Some("Okafor".into()),
        date_of_birth: dob.map(Into::into),
        nhs_number: nhs.map(Into::into),
        whereabouts: Some("hospital".into()),
        hospital_name: Some("Northshire General".into()),
        ward: Some("Willow".into()),
        legal_status: Some("s3".into()),
        help: vec!["rights".into()],
        knows_about_referral: Some("yes".into()),
        agrees_to_referral: Some("yes".into()),
        referrer_name: Some("Ward Nurse".into()),
        referrer_email: Some("nurse@nhs.example".into()),
        nearest_relative_copy: Some("not-yet".into()),
        ..RawReferral::default()
    };
    let mut tx = db.begin().await.unwrap();
    let r = referrals::create(
        &mut tx,
        &raw,
        Channel::Staff,
        by,
        at(when),
        &LawConfig::default(),
    )
    .await
    .unwrap();
    let decided = referrals::decide(
        &mut tx,
        &r.id,
        &Decision::Accept,
        &Actor::System,
        at(when)
            .checked_add(jiff::SignedDuration::from_mins(1))
            .unwrap(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (r.id, decided.case_id.unwrap())
}

/// Training and a certificate covering `lists`, issued on `issued`.
async fn qualify(db: &Database, advocate: &User, manager: &User, issued: Date, lists: BarredLists) {
    let mut tx = db.begin().await.unwrap();
    advocates::record_training(
        &mut tx,
        &advocate.id,
        Some(TrainingKind::Qualification),
        Some("National IMHA qualification"),
        Some(date(2024, 3, 1)),
        &as_user(manager),
        Timestamp::now(),
    )
    .await
    .unwrap();
    advocates::record_certificate(
        &mut tx,
        &advocate.id,
        Some(issued),
        Some(lists),
        Some("001234567890"),
        &as_user(manager),
        Timestamp::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

fn fields(e: AdvocateError) -> Vec<&'static str> {
    match e {
        AdvocateError::Invalid(v) => v.iter().map(|e| e.field).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

async fn audit_actions(db: &Database, record_id: &str) -> Vec<String> {
    audit::search(
        db,
        &Filter {
            record_id: Some(record_id.to_string()),
            ..Filter::default()
        },
    )
    .await
    .unwrap()
    .into_iter()
    .map(|e| e.action)
    .collect()
}

fn today() -> Date {
    referrals::uk_date(Timestamp::now())
}

storage_test!(
    training_certificates_and_declarations_are_validated_stored_and_audited,
    |t| {
        let db = &t.db;
        let manager = user(db, "m@example.org", "Morgan Manager", Role::ServiceManager).await;
        let ash = user(db, "ash@example.org", "Ash Advocate", Role::Advocate).await;
        let m = as_user(&manager);
        let now = Timestamp::now();

        let mut tx = db.begin().await.unwrap();
        let e = advocates::record_training(&mut tx, &ash.id, None, Some("  "), None, &m, now)
            .await
            .unwrap_err();
        assert_eq!(fields(e), vec!["kind", "title", "awarded_on"]);
        let tomorrow = imha_law::dates::add_days(today(), 1);
        let e = advocates::record_training(
            &mut tx,
            &ash.id,
            Some(TrainingKind::Training),
            Some("Induction"),
            Some(tomorrow),
            &m,
            now,
        )
        .await
        .unwrap_err();
        assert_eq!(fields(e), vec!["awarded_on"]);
        // Only advocates have these records.
        let e = advocates::record_training(
            &mut tx,
            &manager.id,
            Some(TrainingKind::Training),
            Some("Induction"),
            Some(date(2025, 1, 1)),
            &m,
            now,
        )
        .await
        .unwrap_err();
        assert!(matches!(e, AdvocateError::NotFound));
        let training = advocates::record_training(
            &mut tx,
            &ash.id,
            Some(TrainingKind::Qualification),
            Some("National IMHA qualification"),
            Some(date(2024, 3, 1)),
            &m,
            now,
        )
        .await
        .unwrap();
        let e = advocates::record_certificate(&mut tx, &ash.id, None, None, None, &m, now)
            .await
            .unwrap_err();
        assert_eq!(fields(e), vec!["issued_on", "barred_lists"]);
        let cert = advocates::record_certificate(
            &mut tx,
            &ash.id,
            Some(date(2025, 1, 10)),
            Some(BarredLists::Adults),
            Some(" 001234567890 "),
            &m,
            now,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let listed = advocates::training(db, Some(&ash.id)).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].title, "National IMHA qualification");
        assert_eq!(listed[0].recorded_by, manager.id);
        let certs = advocates::certificates(db, None).await.unwrap();
        assert_eq!(certs.len(), 1);
        assert_eq!(certs[0].reference.as_deref(), Some("001234567890"));
        assert_eq!(certs[0].lists, BarredLists::Adults);
        assert_eq!(audit_actions(db, &training).await, vec!["record-created"]);
        assert_eq!(audit_actions(db, &cert).await, vec!["record-created"]);

        // Declarations: a patient by NHS number (linked to the feed's record) or name and
        // date of birth; problems against their fields.
        let sql = "INSERT INTO patients (id, nhs_number, given_name, family_name, date_of_birth, \
                   match_key, created_at, updated_at) VALUES ('p1', '9434765919', 'Sam', 'Okafor', \
                   '1990-05-01', 'sam|okafor|1990-05-01', '2026-01-01T00:00:00Z', \
                   '2026-01-01T00:00:00Z')";
        on_pool!(db, p => sqlx::query(sql).execute(p).await.map(|_| ())).unwrap();
        let a = as_user(&ash);
        let mut tx = db.begin().await.unwrap();
        let e = advocates::declare(&mut tx, &ash.id, &NewDeclaration::default(), &a, now)
            .await
            .unwrap_err();
        assert_eq!(fields(e), vec!["kind", "nhs_number", "description"]);
        let e = advocates::declare(
            &mut tx,
            &ash.id,
            &NewDeclaration {
                kind: Some(InterestKind::Other),
                nhs_number: Some("9434765918".into()),
                given_name: Some("Sam".into()),
                description: Some("x".into()),
                ..NewDeclaration::default()
            },
            &a,
            now,
        )
        .await
        .unwrap_err();
        assert_eq!(
            fields(e),
            vec!["nhs_number", "family_name", "date_of_birth"]
        );
        let by_nhs = advocates::declare(
            &mut tx,
            &ash.id,
            &NewDeclaration {
                kind: Some(InterestKind::ProfessionallyConcerned),
                nhs_number: Some("943 476 5919".into()),
                description: Some("I was his support worker.".into()),
                ..NewDeclaration::default()
            },
            &a,
            now,
        )
        .await
        .unwrap();
        let by_name = advocates::declare(
            &mut tx,
            &ash.id,
            &NewDeclaration {
                kind: Some(InterestKind::PersonalRelationship),
                given_name: Some(" Sam ".into()),
                family_name: Some("OKAFOR".into()),
                date_of_birth: Some(date(1990, 5, 1)),
                description: Some("Neighbour.".into()),
                ..NewDeclaration::default()
            },
            &a,
            now,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let mine = advocates::declarations(db, Some(&ash.id), false)
            .await
            .unwrap();
        assert_eq!(mine.len(), 2);
        for d in &mine {
            assert_eq!(d.patient_id.as_deref(), Some("p1"), "{:?}", d.kind);
        }
        let named = mine.iter().find(|d| d.id == by_name).unwrap();
        assert_eq!(named.match_key.as_deref(), Some("sam|okafor|1990-05-01"));
        let numbered = mine.iter().find(|d| d.id == by_nhs).unwrap();
        assert_eq!(numbered.nhs_number.as_deref(), Some("9434765919"));

        // Only the advocate withdraws their own, once.
        let mut tx = db.begin().await.unwrap();
        let e = advocates::withdraw(&mut tx, &by_nhs, &manager.id, &m, now)
            .await
            .unwrap_err();
        assert!(matches!(e, AdvocateError::NotFound));
        advocates::withdraw(&mut tx, &by_nhs, &ash.id, &a, now)
            .await
            .unwrap();
        let e = advocates::withdraw(&mut tx, &by_nhs, &ash.id, &a, now)
            .await
            .unwrap_err();
        assert!(matches!(e, AdvocateError::NotFound));
        tx.commit().await.unwrap();
        assert_eq!(
            advocates::declarations(db, Some(&ash.id), false)
                .await
                .unwrap()
                .len(),
            1
        );
        let all = advocates::declarations(db, Some(&ash.id), true)
            .await
            .unwrap();
        assert!(
            all.iter()
                .any(|d| d.id == by_nhs && d.withdrawn_at.is_some())
        );
        assert_eq!(
            audit_actions(db, &by_nhs).await,
            vec!["record-changed", "record-created"],
            "newest first"
        );
        // The trail holds ids and kinds, never descriptions.
        let entries = audit::search(db, &Filter::default()).await.unwrap();
        assert!(entries.iter().all(|e| {
            !e.detail
                .clone()
                .unwrap_or_default()
                .contains("support worker")
        }));
    }
);

storage_test!(
    a_conflict_refuses_allocation_until_a_manager_overrides_with_a_reason,
    |t| {
        let db = &t.db;
        let manager = user(db, "m@example.org", "Morgan Manager", Role::ServiceManager).await;
        let ash = user(db, "ash@example.org", "Ash Advocate", Role::Advocate).await;
        let bea = user(db, "bea@example.org", "Bea Advocate", Role::Advocate).await;
        let recent = imha_law::dates::add_days(today(), -100);
        qualify(db, &ash, &manager, recent, BarredLists::Adults).await;
        qualify(db, &bea, &manager, recent, BarredLists::Both).await;
        let m = as_user(&manager);
        let policy = Policy::default();
        let (_, case_id) = case(
            db,
            "Sam",
            Some("1990-05-01"),
            Some("9434765919"),
            &Actor::System,
            "2026-11-02T10:00:00Z",
        )
        .await;

        // Bea declared she is professionally concerned with Sam's treatment.
        let mut tx = db.begin().await.unwrap();
        advocates::declare(
            &mut tx,
            &bea.id,
            &NewDeclaration {
                kind: Some(InterestKind::ProfessionallyConcerned),
                nhs_number: Some("9434765919".into()),
                description: Some("I am on his care team.".into()),
                ..NewDeclaration::default()
            },
            &as_user(&bea),
            Timestamp::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let summary = allocation::case_summary(db, &case_id)
            .await
            .unwrap()
            .unwrap();
        let candidates = allocation::candidates(db, &summary, today(), &policy)
            .await
            .unwrap();
        let names: Vec<&str> = candidates.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["Ash Advocate", "Bea Advocate"],
            "eligible first"
        );
        assert!(candidates[0].conflicts.is_empty());
        assert_eq!(
            candidates[1].conflicts[0].code,
            ConflictCode::ProfessionallyConcerned
        );

        // Refused without a reason (a blank one is no reason): nothing is written.
        for reason in [None, Some("   ")] {
            let mut tx = db.begin().await.unwrap();
            let e = allocation::allocate(
                &mut tx,
                &case_id,
                &bea.id,
                reason,
                &m,
                allocation::When::on(Timestamp::now(), today()),
                &policy,
            )
            .await
            .unwrap_err();
            let AllocationError::Conflicts(c) = e else {
                panic!("expected conflicts, got {e:?}")
            };
            assert_eq!(c.len(), 1);
            assert!(
                c[0].text().ends_with("SI 2008/3166 reg 6(2)(c)"),
                "{}",
                c[0].text()
            );
            drop(tx);
        }
        let s = allocation::case_summary(db, &case_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(s.advocate_id, None);
        assert!(
            audit_actions(db, &case_id)
                .await
                .iter()
                .all(|a| a != "case-allocated")
        );

        // Ash has no conflict: allocated.
        let mut tx = db.begin().await.unwrap();
        let done = allocation::allocate(
            &mut tx,
            &case_id,
            &ash.id,
            Some("ignored: nothing to override"),
            &m,
            allocation::When::on(Timestamp::now(), today()),
            &policy,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert!(done.overridden.is_empty() && done.previous.is_none());
        let s = allocation::case_summary(db, &case_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(s.advocate_id.as_deref(), Some(ash.id.as_str()));
        assert_eq!(s.advocate_name.as_deref(), Some("Ash Advocate"));
        assert!(s.allocated_at.is_some());

        // Again to Ash: already theirs.
        let mut tx = db.begin().await.unwrap();
        let e = allocation::allocate(
            &mut tx,
            &case_id,
            &ash.id,
            None,
            &m,
            allocation::When::on(Timestamp::now(), today()),
            &policy,
        )
        .await
        .unwrap_err();
        assert!(matches!(e, AllocationError::AlreadyAllocated), "{e:?}");
        // Over-long reasons are refused.
        let long = "x".repeat(referrals::MAX_LONG + 1);
        let e = allocation::allocate(
            &mut tx,
            &case_id,
            &bea.id,
            Some(&long),
            &m,
            allocation::When::on(Timestamp::now(), today()),
            &policy,
        )
        .await
        .unwrap_err();
        assert!(matches!(e, AllocationError::Invalid(_)), "{e:?}");
        drop(tx);

        // Reallocated to Bea with a written reason: the override is recorded.
        let mut tx = db.begin().await.unwrap();
        let done = allocation::allocate(
            &mut tx,
            &case_id,
            &bea.id,
            Some("Sam asked for Bea by name; she has moved off his ward."),
            &m,
            allocation::When::on(Timestamp::now(), today()),
            &policy,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(done.previous.as_deref(), Some(ash.id.as_str()));
        assert_eq!(done.overridden.len(), 1);
        let history = allocation::history(db, &case_id).await.unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[0].advocate_name, "Bea Advocate");
        assert_eq!(history[0].allocated_by_name, "Morgan Manager");
        assert_eq!(
            history[0].conflicts,
            vec![ConflictCode::ProfessionallyConcerned]
        );
        assert_eq!(
            history[0].override_reason.as_deref(),
            Some("Sam asked for Bea by name; she has moved off his ward.")
        );
        assert_eq!(history[1].advocate_name, "Ash Advocate");
        assert!(history[1].conflicts.is_empty() && history[1].override_reason.is_none());
        let events: Vec<(String, Option<String>, Option<String>)> = on_pool!(db, p => sqlx::query_as("SELECT kind, by_user, reason FROM case_events WHERE case_id = $1 ORDER BY at, id").bind(&case_id).fetch_all(p).await).unwrap();
        assert_eq!(events.len(), 2);
        assert!(
            events
                .iter()
                .all(|(k, by, _)| k == "allocated" && by.as_deref() == Some(manager.id.as_str()))
        );
        assert_eq!(
            events[1].2.as_deref(),
            Some("Sam asked for Bea by name; she has moved off his ward.")
        );
        let entries = audit::search(
            db,
            &Filter {
                record_id: Some(case_id.clone()),
                ..Filter::default()
            },
        )
        .await
        .unwrap();
        let allocated: Vec<&audit::AuditEntry> = entries
            .iter()
            .filter(|e| e.action == "case-allocated")
            .collect();
        assert_eq!(allocated.len(), 2);
        assert!(
            allocated
                .iter()
                .all(|e| e.actor_id.as_deref() == Some(manager.id.as_str()))
        );
        assert!(allocated.iter().any(|e| e.detail.as_deref()
            == Some(&format!("advocate={} previous={}", bea.id, ash.id) as &str)));
        let overridden: Vec<&audit::AuditEntry> = entries
            .iter()
            .filter(|e| e.action == "allocation-overridden")
            .collect();
        assert_eq!(overridden.len(), 1);
        assert_eq!(
            overridden[0].detail.as_deref(),
            Some(&format!("advocate={} conflicts=professionally-concerned", bea.id) as &str)
        );
        assert!(
            !overridden[0].detail.clone().unwrap().contains("Sam asked"),
            "the reason stays out of the trail"
        );
        assert!(audit::verify(db).await.unwrap().ok);
    }
);

storage_test!(
    only_active_advocates_are_allocated_open_cases_and_referrers_are_not_independent,
    |t| {
        let db = &t.db;
        let manager = user(db, "m@example.org", "Morgan Manager", Role::ServiceManager).await;
        let ash = user(db, "ash@example.org", "Ash Advocate", Role::Advocate).await;
        let gone = user(db, "gone@example.org", "Gone Advocate", Role::Advocate).await;
        let recent = imha_law::dates::add_days(today(), -100);
        qualify(db, &ash, &manager, recent, BarredLists::Adults).await;
        qualify(db, &gone, &manager, recent, BarredLists::Both).await;
        let mut tx = db.begin().await.unwrap();
        accounts::set_active(&mut tx, &gone.id, false)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let m = as_user(&manager);
        let policy = Policy::default();
        // Ash made this referral: they asked for the visit.
        let (_, case_id) = case(
            db,
            "Kit",
            Some("2010-02-01"),
            None,
            &as_user(&ash),
            "2026-11-02T10:00:00Z",
        )
        .await;
        let mut tx = db.begin().await.unwrap();
        for (who, expect) in [
            (&manager.id, "only advocates"),
            (&gone.id, "deactivated"),
            (&"nobody".to_string(), "no such account"),
        ] {
            let e = allocation::allocate(
                &mut tx,
                &case_id,
                who,
                None,
                &m,
                allocation::When::on(Timestamp::now(), today()),
                &policy,
            )
            .await
            .unwrap_err();
            assert!(
                matches!(&e, AllocationError::NotAllocatable(w) if w.contains(expect)),
                "{e:?}"
            );
        }
        let e = allocation::allocate(
            &mut tx,
            &case_id,
            &ash.id,
            None,
            &m,
            allocation::When::on(Timestamp::now(), today()),
            &policy,
        )
        .await
        .unwrap_err();
        let AllocationError::Conflicts(c) = e else {
            panic!("{e:?}")
        };
        let codes: Vec<ConflictCode> = c.iter().map(|c| c.code).collect();
        // Kit is 16: Ash's certificate covers adults only; and Ash made the referral.
        assert_eq!(
            codes,
            vec![ConflictCode::NoCertificate, ConflictCode::AskedToVisit]
        );
        assert!(c[0].reason.contains("children (the patient is under 18)"));
        let e = allocation::allocate(
            &mut tx,
            "no-such-case",
            &ash.id,
            None,
            &m,
            allocation::When::on(Timestamp::now(), today()),
            &policy,
        )
        .await
        .unwrap_err();
        assert!(matches!(e, AllocationError::CaseNotFound));
        let sql = "UPDATE cases SET status = 'closed' WHERE id = $1";
        imha_core::on_tx!(&mut tx, c => sqlx::query(sql).bind(&case_id).execute(c).await.map(|_| ())).unwrap();
        let e = allocation::allocate(
            &mut tx,
            &case_id,
            &ash.id,
            Some("x"),
            &m,
            allocation::When::on(Timestamp::now(), today()),
            &policy,
        )
        .await
        .unwrap_err();
        assert!(matches!(e, AllocationError::CaseClosed));
        // Deactivated advocates and managers are not offered.
        let summary = allocation::case_summary(db, &case_id)
            .await
            .unwrap()
            .unwrap();
        let offered: Vec<String> = allocation::candidates(db, &summary, today(), &policy)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(offered, vec!["Ash Advocate"]);
    }
);

storage_test!(
    the_manager_s_view_shows_waiting_cases_caseloads_and_what_is_overdue,
    |t| {
        let db = &t.db;
        let manager = user(db, "m@example.org", "Morgan Manager", Role::ServiceManager).await;
        let ash = user(db, "ash@example.org", "Ash Advocate", Role::Advocate).await;
        qualify(
            db,
            &ash,
            &manager,
            imha_law::dates::add_days(today(), -100),
            BarredLists::Both,
        )
        .await;
        let now = Timestamp::now();
        let days_ago = |d: i64| {
            now.checked_sub(jiff::SignedDuration::from_hours(24 * d))
                .unwrap()
                .to_string()
        };
        let (_, older) = case(
            db,
            "Old",
            Some("1980-01-01"),
            None,
            &Actor::System,
            &days_ago(20),
        )
        .await;
        let (_, newer) = case(
            db,
            "New",
            Some("1981-01-01"),
            None,
            &Actor::System,
            &days_ago(3),
        )
        .await;
        let (contacted, mine) = case(
            db,
            "Seen",
            Some("1982-01-01"),
            None,
            &Actor::System,
            &days_ago(10),
        )
        .await;
        let (_, paused) = case(
            db,
            "Paused",
            Some("1983-01-01"),
            None,
            &Actor::System,
            &days_ago(9),
        )
        .await;
        // A new referral, waiting for triage.
        let raw = RawReferral {
            referrer: Some("self".into()),
            given_name: Some("Wai".into()),
            family_name: Some("Ting".into()),
            whereabouts: Some("hospital".into()),
            hospital_name: Some("Northshire General".into()),
            help: vec!["rights".into()],
            ..RawReferral::default()
        };
        let mut tx = db.begin().await.unwrap();
        referrals::create(
            &mut tx,
            &raw,
            Channel::PublicForm,
            &Actor::System,
            now,
            &LawConfig::default(),
        )
        .await
        .unwrap();
        referrals::record_first_contact(
            &mut tx,
            &contacted,
            at(&days_ago(9)),
            &as_user(&manager),
            now,
        )
        .await
        .unwrap();
        let m = as_user(&manager);
        for c in [&mine, &paused] {
            allocation::allocate(
                &mut tx,
                c,
                &ash.id,
                None,
                &m,
                allocation::When::at(now),
                &Policy::default(),
            )
            .await
            .unwrap();
        }
        let sql = "UPDATE cases SET status = 'paused' WHERE id = $1";
        imha_core::on_tx!(&mut tx, c => sqlx::query(sql).bind(&paused).execute(c).await.map(|_| ())).unwrap();
        // Tasks: one overdue, one done, one due today.
        let yesterday = imha_law::dates::add_days(today(), -1).to_string();
        for (id, due, done) in [
            ("t1", yesterday.as_str(), None),
            ("t2", yesterday.as_str(), Some(now.to_string())),
            ("t3", &today().to_string() as &str, None),
        ] {
            let sql = "INSERT INTO tasks (id, case_id, assigned_to, kind, title, due_on, done_at, \
                       created_at) VALUES ($1, $2, $3, 'task', $4, $5, $6, $7)";
            imha_core::on_tx!(&mut tx, c => sqlx::query(sql).bind(id).bind(&mine).bind(&ash.id).bind(format!("Task {id}")).bind(due).bind(&done).bind(now.to_string()).execute(c).await.map(|_| ())).unwrap();
        }
        tx.commit().await.unwrap();

        let waiting = allocation::unallocated(db, today()).await.unwrap();
        let ids: Vec<&str> = waiting.iter().map(|w| w.case_id.as_str()).collect();
        assert_eq!(ids, vec![older.as_str(), newer.as_str()], "oldest first");
        assert!(
            waiting[0].waiting_working_days >= 12,
            "{}",
            waiting[0].waiting_working_days
        );
        assert!(waiting[0].waiting_working_days <= 15);
        assert_eq!(waiting[0].name, "Old Okafor");
        assert_eq!(allocation::awaiting_triage(db).await.unwrap(), 1);
        let loads = allocation::caseloads(db).await.unwrap();
        assert_eq!(loads.len(), 1);
        assert_eq!(loads[0].0, ash.id);
        assert_eq!((loads[0].1.open, loads[0].1.paused), (1, 1));
        let overdue = allocation::overdue_first_contacts(db, today(), 2)
            .await
            .unwrap();
        let names: Vec<&str> = overdue.iter().map(|o| o.name.as_str()).collect();
        // "New" arrived 3 days ago: within 2 working days or not depends on the weekday, so
        // only the certain ones are checked.
        assert!(
            names.contains(&"Old Okafor") && names.contains(&"Paused Okafor"),
            "{names:?}"
        );
        assert!(!names.contains(&"Seen Okafor"), "contacted");
        let p = overdue.iter().find(|o| o.name == "Paused Okafor").unwrap();
        assert_eq!(p.advocate_name.as_deref(), Some("Ash Advocate"));
        assert!(p.working_days > 2);
        let tasks = allocation::overdue_tasks(db, today()).await.unwrap();
        assert_eq!(tasks.len(), 1);
        assert_eq!(tasks[0].task_id, "t1");
        assert_eq!(tasks[0].advocate_name, "Ash Advocate");
        assert_eq!(tasks[0].case_id.as_deref(), Some(mine.as_str()));
    }
);

storage_test!(demo_allocates_some_cases_and_leaves_one_waiting, |t| {
    imha_core::demo::fill(&t.db).await.unwrap();
    let advocates = advocates::active_advocates(&t.db).await.unwrap();
    assert_eq!(advocates.len(), 2);
    let certs = advocates::certificates(&t.db, None).await.unwrap();
    assert!(certs.iter().any(|c| matches!(
        advocates::certificate_status(
            std::slice::from_ref(c),
            advocates::List::Adults,
            today(),
            36
        ),
        advocates::CertificateStatus::ExpiringSoon { .. }
    ) && c.lists == BarredLists::Both));
    assert_eq!(
        advocates::declarations(&t.db, None, false)
            .await
            .unwrap()
            .len(),
        1
    );
    let waiting = allocation::unallocated(&t.db, today()).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].name, "Fern Adair");
    // Allocated through case_allocations: one to each advocate (casework's demo gives its own
    // cases to the demo advocate directly).
    let allocations: Vec<String> = on_pool!(&t.db, p => sqlx::query_scalar("SELECT advocate_id FROM case_allocations").fetch_all(p).await).unwrap();
    assert_eq!(allocations.len(), 2);
    for a in &advocates {
        assert!(allocations.contains(&a.id), "{} has a case", a.name);
    }
    assert!(
        !allocation::overdue_first_contacts(&t.db, today(), 2)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        allocation::overdue_tasks(&t.db, today())
            .await
            .unwrap()
            .iter()
            .any(|t| t.title == "Send the patient the tribunal application form")
    );
    assert!(audit::verify(&t.db).await.unwrap().ok);
});
