//! Storage conformance: every test here runs on SQLite and on PostgreSQL (see `storage_test!`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use imha_core::db::{Backend, Database, MIGRATOR, StorageError};
use imha_core::storage_test;

#[path = "storage/allocation.rs"]
mod allocation;
#[path = "storage/casework.rs"]
mod casework;
#[path = "storage/feed.rs"]
mod feed;
#[path = "storage/library.rs"]
mod library;
#[path = "storage/patients.rs"]
mod patients;
#[path = "storage/quality.rs"]
mod quality;
#[path = "storage/referrals.rs"]
mod referrals;
#[path = "storage/reports.rs"]
mod reports;
#[path = "storage/stories.rs"]
mod stories;
#[path = "storage/tasks.rs"]
mod tasks;

storage_test!(migrations_are_applied_and_recorded, |t| {
    let applied = t.db.applied_migrations().await.unwrap();
    let expected: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
    let got: Vec<i64> = applied.iter().map(|(v, _)| *v).collect();
    assert_eq!(got, expected);
    assert!(!expected.is_empty());
});

storage_test!(installation_time_is_set_once, |t| {
    let first =
        t.db.installed_at()
            .await
            .unwrap()
            .expect("installation row");
    jiff::Timestamp::strptime("%Y-%m-%dT%H:%M:%S%.fZ", &first)
        .or_else(|_| first.parse::<jiff::Timestamp>())
        .expect("an RFC 3339 UTC timestamp");
    // Migrating again (a second instance starting) changes nothing.
    t.db.migrate().await.unwrap();
    let again = Database::connect(&t.url).await.unwrap();
    assert_eq!(
        again.installed_at().await.unwrap().as_deref(),
        Some(first.as_str())
    );
    assert_eq!(
        again.applied_migrations().await.unwrap().len(),
        MIGRATOR.iter().count()
    );
    again.close().await;
});

storage_test!(readiness_ping_answers, |t| {
    t.db.ping().await.unwrap();
});

storage_test!(backend_is_reported, |t| {
    let expected = if t.url.starts_with("sqlite:") {
        Backend::Sqlite
    } else {
        Backend::Postgres
    };
    assert_eq!(t.backend(), expected);
});

#[tokio::test]
async fn sqlite_runs_with_wal_full_sync_and_foreign_keys() {
    let t = imha_core::testing::TestDb::sqlite().await;
    let Database::Sqlite(pool) = &t.db else {
        panic!("expected SQLite")
    };
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(fk, 1);
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    let timeout: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(pool)
        .await
        .unwrap();
    assert!(timeout >= 1000, "busy timeout set, got {timeout}");
}

#[tokio::test]
async fn sqlite_file_is_created_and_migrated_when_missing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite3");
    assert!(!path.exists());
    let db = Database::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    assert!(path.exists());
    assert_eq!(
        db.applied_migrations().await.unwrap().len(),
        MIGRATOR.iter().count()
    );
    db.close().await;
}

#[tokio::test]
async fn an_unknown_database_url_is_refused_by_name() {
    let err = Database::connect("mysql://root@localhost/x")
        .await
        .unwrap_err();
    assert!(matches!(err, StorageError::BadUrl(_)));
    assert!(
        err.to_string().contains("mysql://root@localhost/x"),
        "{err}"
    );
    assert!(err.to_string().contains("sqlite://"), "{err}");
}

#[tokio::test]
async fn an_unreachable_postgres_gives_a_connect_error_without_the_password() {
    let opts = imha_core::db::ConnectOptions {
        acquire_timeout: std::time::Duration::from_millis(500),
        ..Default::default()
    };
    let err = Database::connect_with("postgres://imha:topsecret@127.0.0.1:1/imha", &opts)
        .await
        .unwrap_err();
    assert!(matches!(err, StorageError::Connect(_)), "{err:?}");
    assert!(!err.to_string().contains("topsecret"));
}

// ---------------------------------------------------------------------------------------------
// Accounts and organisations

use imha_core::accounts::{self, LinkProblem, LinkPurpose, Role, SignIn};
use imha_core::organisations::{self, Kind, Scope};

async fn new_user(db: &Database, email: &str, role: Role) -> accounts::User {
    let mut tx = db.begin().await.unwrap();
    let u = accounts::create_user(&mut tx, email, "Sam Advocate", role, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    u
}

async fn with_password(db: &Database, user: &accounts::User, pw: &str) {
    let hash = accounts::hash_password(pw).unwrap();
    let mut tx = db.begin().await.unwrap();
    accounts::set_password_hash(&mut tx, &user.id, &hash)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

storage_test!(users_are_unique_by_normalised_email, |t| {
    let u = new_user(&t.db, " Sam@Example.ORG", Role::Advocate).await;
    assert_eq!(u.email, "sam@example.org");
    let mut tx = t.db.begin().await.unwrap();
    let dup = accounts::create_user(&mut tx, "sam@example.org", "Other", Role::Admin, None).await;
    assert!(dup.unwrap_err().to_string().contains("already an account"));
    drop(tx);
    let found = accounts::user_by_email(&t.db, "SAM@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, u.id);
    assert!(!found.has_password && !found.has_totp);
});

storage_test!(set_up_links_are_single_use_and_expire, |t| {
    let u = new_user(&t.db, "link@example.org", Role::Advocate).await;
    let mut tx = t.db.begin().await.unwrap();
    let token = accounts::issue_link(&mut tx, &u.id, LinkPurpose::Setup)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        accounts::peek_link(&t.db, &token, LinkPurpose::Setup)
            .await
            .unwrap()
            .unwrap()
            .id,
        u.id
    );
    assert_eq!(
        accounts::peek_link(&t.db, &token, LinkPurpose::Reset)
            .await
            .unwrap(),
        Err(LinkProblem::Unknown),
        "purpose is part of the link"
    );
    let mut tx = t.db.begin().await.unwrap();
    assert!(
        accounts::consume_link(&mut tx, &token, LinkPurpose::Setup)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    let mut tx = t.db.begin().await.unwrap();
    assert!(
        !accounts::consume_link(&mut tx, &token, LinkPurpose::Setup)
            .await
            .unwrap(),
        "a replayed link is refused"
    );
    drop(tx);
    assert_eq!(
        accounts::peek_link(&t.db, &token, LinkPurpose::Setup)
            .await
            .unwrap(),
        Err(LinkProblem::Used)
    );
    // An expired link is refused.
    let mut tx = t.db.begin().await.unwrap();
    let old = accounts::issue_link(&mut tx, &u.id, LinkPurpose::Reset)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let sql = "UPDATE login_tokens SET expires_at = '2000-01-01T00:00:00Z' WHERE token_hash = $1";
    imha_core::on_pool!(&t.db, p => sqlx::query(sql).bind(accounts::token_hash(&old)).execute(p).await.map(|_| ())).unwrap();
    assert_eq!(
        accounts::peek_link(&t.db, &old, LinkPurpose::Reset)
            .await
            .unwrap(),
        Err(LinkProblem::Expired)
    );
    let mut tx = t.db.begin().await.unwrap();
    assert!(
        !accounts::consume_link(&mut tx, &old, LinkPurpose::Reset)
            .await
            .unwrap()
    );
});

storage_test!(
    sign_in_locks_the_account_after_five_failures_without_saying_so,
    |t| {
        let u = new_user(&t.db, "lock@example.org", Role::Advocate).await;
        with_password(&t.db, &u, "correct horse battery staple").await;
        assert!(matches!(
            accounts::sign_in(
                &t.db,
                "lock@example.org",
                "correct horse battery staple",
                "10.0.0.1"
            )
            .await
            .unwrap(),
            SignIn::Accepted(_)
        ));
        assert_eq!(
            accounts::sign_in(&t.db, "nobody@example.org", "whatever", "10.0.0.1")
                .await
                .unwrap(),
            SignIn::Refused,
            "unknown email: same answer"
        );
        for _ in 0..5 {
            assert_eq!(
                accounts::sign_in(&t.db, "lock@example.org", "wrong password here", "10.0.0.2")
                    .await
                    .unwrap(),
                SignIn::Refused
            );
        }
        // Locked: even the right password is refused, with the same answer.
        assert_eq!(
            accounts::sign_in(
                &t.db,
                "lock@example.org",
                "correct horse battery staple",
                "10.0.0.3"
            )
            .await
            .unwrap(),
            SignIn::Refused
        );
        // A new password (reset) clears the lock.
        with_password(&t.db, &u, "another long passphrase here").await;
        assert!(matches!(
            accounts::sign_in(
                &t.db,
                "lock@example.org",
                "another long passphrase here",
                "10.0.0.3"
            )
            .await
            .unwrap(),
            SignIn::Accepted(_)
        ));
    }
);

storage_test!(a_client_making_many_failures_is_throttled, |t| {
    for i in 0..accounts::MAX_CLIENT_FAILURES {
        let r = accounts::sign_in(&t.db, &format!("guess{i}@example.org"), "nope", "192.0.2.9")
            .await
            .unwrap();
        assert_eq!(r, SignIn::Refused);
    }
    assert_eq!(
        accounts::sign_in(&t.db, "guess@example.org", "nope", "192.0.2.9")
            .await
            .unwrap(),
        SignIn::Throttled
    );
    assert_eq!(
        accounts::sign_in(&t.db, "guess@example.org", "nope", "192.0.2.10")
            .await
            .unwrap(),
        SignIn::Refused,
        "other clients unaffected"
    );
});

storage_test!(sessions_time_out_and_sign_out_everywhere_ends_them, |t| {
    let u = new_user(&t.db, "sess@example.org", Role::Advocate).await;
    let a = accounts::start_session(&t.db, &u, true).await.unwrap();
    let b = accounts::start_session(&t.db, &u, false).await.unwrap();
    assert_ne!(a, b);
    let sa = accounts::load_session(&t.db, &a).await.unwrap().unwrap();
    assert!(sa.mfa_done);
    assert!(
        !accounts::load_session(&t.db, &b)
            .await
            .unwrap()
            .unwrap()
            .mfa_done
    );
    assert!(
        accounts::load_session(&t.db, "not-a-session")
            .await
            .unwrap()
            .is_none()
    );
    // Idle time-out.
    let stale = "UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00Z' WHERE id_hash = $1";
    imha_core::on_pool!(&t.db, p => sqlx::query(stale).bind(accounts::token_hash(&b)).execute(p).await.map(|_| ())).unwrap();
    assert!(
        accounts::load_session(&t.db, &b).await.unwrap().is_none(),
        "idle session refused"
    );
    // Absolute time-out even while active.
    let c = accounts::start_session(&t.db, &u, true).await.unwrap();
    let old = "UPDATE sessions SET created_at = '2000-01-01T00:00:00Z' WHERE id_hash = $1";
    imha_core::on_pool!(&t.db, p => sqlx::query(old).bind(accounts::token_hash(&c)).execute(p).await.map(|_| ())).unwrap();
    assert!(
        accounts::load_session(&t.db, &c).await.unwrap().is_none(),
        "absolute time-out"
    );
    // Sign out everywhere.
    let mut tx = t.db.begin().await.unwrap();
    accounts::end_all_sessions(&mut tx, &u.id).await.unwrap();
    tx.commit().await.unwrap();
    assert!(accounts::load_session(&t.db, &a).await.unwrap().is_none());
    // Deactivated users have no sessions.
    let d = accounts::start_session(&t.db, &u, true).await.unwrap();
    let mut tx = t.db.begin().await.unwrap();
    accounts::set_active(&mut tx, &u.id, false).await.unwrap();
    tx.commit().await.unwrap();
    assert!(accounts::load_session(&t.db, &d).await.unwrap().is_none());
});

storage_test!(a_totp_code_is_accepted_once, |t| {
    let u = new_user(&t.db, "totp@example.org", Role::Advocate).await;
    let secret = accounts::new_totp_secret();
    let mut tx = t.db.begin().await.unwrap();
    accounts::set_totp_secret(&mut tx, &u.id, Some(&secret))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let now = u64::try_from(jiff::Timestamp::now().as_second()).unwrap();
    let code = accounts::totp_code(&secret, now).unwrap();
    assert!(!accounts::check_totp(&t.db, &u.id, "000000").await.unwrap() || code == "000000");
    assert!(accounts::check_totp(&t.db, &u.id, &code).await.unwrap());
    assert!(
        !accounts::check_totp(&t.db, &u.id, &code).await.unwrap(),
        "replayed code refused"
    );
});

storage_test!(
    organisations_validate_and_tokens_authenticate_until_revoked,
    |t| {
        let mut tx = t.db.begin().await.unwrap();
        let h = organisations::create(
            &mut tx,
            Kind::Hospital,
            "Northshire General",
            Some(" rxx01 "),
            "england",
        )
        .await
        .unwrap();
        assert_eq!(h.ods_code.as_deref(), Some("RXX01"));
        let err = organisations::create(&mut tx, Kind::Hospital, "No code", None, "england")
            .await
            .unwrap_err();
        assert!(err.to_string().contains("ODS code"));
        let err = organisations::create(&mut tx, Kind::Hospital, "Dup", Some("RXX01"), "england")
            .await
            .unwrap_err();
        assert!(err.to_string().contains("already has this ODS code"));
        let la = organisations::create(
            &mut tx,
            Kind::LocalAuthority,
            "Northshire Council",
            None,
            "england",
        )
        .await
        .unwrap();
        organisations::add_to_area(&mut tx, &la.id, &h.id)
            .await
            .unwrap();
        organisations::add_to_area(&mut tx, &la.id, &h.id)
            .await
            .unwrap();
        organisations::add_ward(&mut tx, &h.id, "Willow Ward")
            .await
            .unwrap();
        assert!(
            organisations::add_ward(&mut tx, &h.id, "Willow Ward")
                .await
                .is_err()
        );
        let (tok, secret) =
            organisations::create_token(&mut tx, &h.id, Scope::Feed, "MHA office", None)
                .await
                .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            organisations::area_members(&t.db, &la.id).await.unwrap(),
            vec![h.id.clone()]
        );
        assert_eq!(organisations::wards(&t.db, &h.id).await.unwrap().len(), 1);
        let client = organisations::authenticate(&t.db, &secret)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (client.organisation_id.as_str(), client.scope),
            (h.id.as_str(), Scope::Feed)
        );
        assert!(
            organisations::authenticate(&t.db, "imha_wrong")
                .await
                .unwrap()
                .is_none()
        );
        let listed = organisations::list_tokens(&t.db).await.unwrap();
        assert_eq!(listed.len(), 1);
        let mut tx = t.db.begin().await.unwrap();
        assert!(organisations::revoke_token(&mut tx, &tok.id).await.unwrap());
        tx.commit().await.unwrap();
        assert!(
            organisations::authenticate(&t.db, &secret)
                .await
                .unwrap()
                .is_none(),
            "revoked"
        );
        // The token itself is never stored.
        let stored: Vec<String> = imha_core::on_pool!(&t.db, p => sqlx::query_scalar("SELECT token_hash FROM api_tokens").fetch_all(p).await).unwrap();
        assert!(!stored.iter().any(|h| h.contains(&secret[5..])));
    }
);

storage_test!(
    demo_fills_an_empty_database_once_with_working_accounts,
    |t| {
        let accounts_made = imha_core::demo::fill(&t.db).await.unwrap();
        let roles: Vec<Role> = accounts_made.iter().map(|a| a.role).collect();
        assert_eq!(roles, Role::ALL.to_vec(), "one account per role");
        for a in &accounts_made {
            assert!(a.email.ends_with("@demo.imha.invalid"));
            assert_eq!(a.totp_secret.is_some(), a.role.needs_mfa());
            let signed = accounts::sign_in(&t.db, &a.email, &a.password, "127.0.0.1")
                .await
                .unwrap();
            assert!(
                matches!(signed, SignIn::Accepted(_)),
                "{} signs in",
                a.email
            );
        }
        assert!(
            imha_core::demo::current_code(&t.db, "admin@demo.imha.invalid")
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            imha_core::demo::current_code(&t.db, "commissioner@demo.imha.invalid")
                .await
                .unwrap()
                .is_none()
        );
        let orgs = organisations::list(&t.db).await.unwrap();
        // A provider, two hospitals, the council whose area holds them, and a second council
        // (the home council of a patient placed there: out-of-area placements in the reports).
        assert_eq!(orgs.len(), 5);
        let placed = imha_core::reports::compute(
            &t.db,
            &imha_core::reports::Query {
                area: imha_core::reports::Area::Everywhere,
                from: jiff::civil::date(2000, 1, 1),
                to: imha_core::referrals::uk_date(jiff::Timestamp::now()),
            },
            2,
        )
        .await
        .unwrap();
        assert_eq!(placed.out_of_area_in, 1);
        assert!(placed.uptake.qualifying > 0 && placed.uptake.referred > 0);
        // A past year of admissions gives the reports figures above the small-number rule:
        // 160 invented patients, each seen, six in ten with an instructed case and one in ten
        // non-instructed, every case closed with its outcome.
        assert!(placed.uptake.qualifying >= 160, "{:?}", placed.uptake);
        assert!(placed.uptake.seen >= 160 && placed.uptake.accepted >= 112);
        assert!(placed.cases_non_instructed >= 16);
        assert!(placed.response.working_days.len() >= 160);
        let heard = placed
            .outcomes
            .iter()
            .find(|o| o.measure == "felt_heard")
            .unwrap();
        assert!(heard.yes + heard.partly + heard.no >= 112, "{heard:?}");
        // The administrator's library items: a link, a PDF, one past its review date.
        let items = imha_core::library::list(&t.db).await.unwrap();
        assert_eq!(items.len(), 3);
        let today = imha_core::referrals::uk_date(jiff::Timestamp::now());
        assert_eq!(items.iter().filter(|i| i.past_review(today)).count(), 1);
        let doc = items.iter().find(|i| i.kind == "document").unwrap();
        let (_, bytes) = imha_core::library::document(&t.db, &doc.id)
            .await
            .unwrap()
            .unwrap();
        assert!(imha_core::library::is_pdf(&bytes));
        // Referrals for every state the triage screens show.
        let queue = imha_core::referrals::queue(&t.db).await.unwrap();
        let opt_out = queue
            .iter()
            .filter(|i| i.referral.channel == imha_core::referrals::Channel::OptOut)
            .count();
        // Alex Rivers (s2), Bea Okonjo, Dana Whitlock (CTO), Eli Strand (s2), Fern Adair and
        // Gus Hale qualify; the s136, s5(2) and informal (England) patients do not.
        assert_eq!(opt_out, 6);
        assert_eq!(queue.len() - opt_out, 5);
        let matches: i64 = imha_core::on_pool!(&t.db, p => sqlx::query_scalar("SELECT COUNT(*) FROM patient_matches WHERE status = 'open'").fetch_one(p).await).unwrap();
        assert_eq!(matches, 1, "Eli Strand at both hospitals");
        assert!(
            queue.iter().any(|i| !i.duplicates.is_empty()),
            "a possible duplicate"
        );
        assert!(
            queue
                .iter()
                .any(|i| i.referral.appears_eligible == Some(false))
        );
        assert!(
            queue.iter().any(|i| i.referral.duty.is_some()),
            "a staff referral with s130D"
        );
        let decided = imha_core::referrals::recently_decided(&t.db, 10)
            .await
            .unwrap();
        let mut states: Vec<&str> = decided.iter().map(|r| r.status.id()).collect();
        states.sort_unstable();
        states.dedup();
        assert_eq!(states, vec!["accepted", "declined", "patient-declined"]);
        assert!(
            decided
                .iter()
                .any(|r| r.case_id.is_some() && r.first_contact_at.is_some())
        );
        let err = imha_core::demo::fill(&t.db).await.unwrap_err();
        assert!(err.to_string().contains("only fills an empty database"));
        assert!(imha_core::audit::verify(&t.db).await.unwrap().ok);
    }
);

storage_test!(demo_codes_are_never_given_for_real_accounts, |t| {
    let mut tx = t.db.begin().await.unwrap();
    let u = accounts::create_user(&mut tx, "real@nhs.example", "Real", Role::Advocate, None)
        .await
        .unwrap();
    accounts::set_totp_secret(&mut tx, &u.id, Some(&accounts::new_totp_secret()))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(
        imha_core::demo::current_code(&t.db, "real@nhs.example")
            .await
            .unwrap()
            .is_none()
    );
});
