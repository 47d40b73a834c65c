//! Storage conformance: every test here runs on SQLite and on PostgreSQL (see `storage_test!`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use imha_core::db::{Backend, Database, MIGRATOR, StorageError};
use imha_core::storage_test;

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
