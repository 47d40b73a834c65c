//! Test support: a fresh, migrated database per test on SQLite and on PostgreSQL, so every
//! storage test runs against both backends and tests run in parallel without sharing state.
//!
//! PostgreSQL: the server at `IMHA_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`). A template database with the migrations
//! applied is made once per schema version (its name carries a hash of the migrations); each test
//! gets `CREATE DATABASE ... TEMPLATE ...`, which takes milliseconds, and drops it afterwards.
//! SQLite: a file in a fresh temporary directory.

#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

use std::path::PathBuf;

use sha2::{Digest, Sha256};
use sqlx::Connection;

use crate::db::{ConnectOptions, Database, MIGRATOR};

/// The PostgreSQL server tests use.
pub fn postgres_admin_url() -> String {
    std::env::var("IMHA_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// A database that exists for one test. Dropping it deletes it.
pub struct TestDb {
    pub db: Database,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    /// A fresh migrated SQLite database in a temporary directory.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path: PathBuf = dir.path().join("imha-test.sqlite3");
        let url = format!("sqlite://{}", path.display());
        let db = Database::connect(&url)
            .await
            .expect("open SQLite test database");
        TestDb {
            db,
            url,
            cleanup: Cleanup::Sqlite(dir),
        }
    }

    /// A fresh migrated PostgreSQL database, copied from the template.
    pub async fn postgres() -> TestDb {
        let admin_url = postgres_admin_url();
        let template = ensure_template(&admin_url).await;
        let name = format!("imha_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .expect("PostgreSQL must be running for the storage tests (see README)");
        // CREATE DATABASE ... TEMPLATE fails if another session is connected to the template;
        // only the harness ever connects to it, briefly, so retry a few times.
        let mut attempt = 0;
        loop {
            let res = sqlx::query(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                .execute(&mut admin)
                .await;
            match res {
                Ok(_) => break,
                Err(e) if attempt < 50 => {
                    let _ = e;
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => panic!("could not create test database: {e}"),
            }
        }
        let _ = admin.close().await;
        let url = database_url(&admin_url, &name);
        let db = Database::open(
            &url,
            &ConnectOptions {
                max_connections: 8,
                ..Default::default()
            },
        )
        .await
        .expect("open PostgreSQL test database");
        // The template holds the schema; this records the test database's own installation.
        db.migrate()
            .await
            .expect("migrate PostgreSQL test database");
        TestDb {
            db,
            url,
            cleanup: Cleanup::Postgres { admin_url, name },
        }
    }

    /// The backend this test database is on.
    pub fn backend(&self) -> crate::db::Backend {
        self.db.backend()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            let admin_url = admin_url.clone();
            let name = name.clone();
            let db = self.db.clone();
            // Drop runs inside the test's runtime; do the async clean-up on a thread of its own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                if let Ok(rt) = rt {
                    rt.block_on(async move {
                        drop(db);
                        if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                            let _ = sqlx::query(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .execute(&mut admin)
                            .await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

/// The URL of database `name` on the server of `admin_url`.
pub fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (admin_url, None),
    };
    let server = match base.rfind('/') {
        Some(i) if i > base.find("://").map(|s| s + 2).unwrap_or(0) => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

/// Create (once per schema version, safely across parallel test processes) the template
/// database holding the migrated schema, and return its name.
async fn ensure_template(admin_url: &str) -> String {
    let mut hasher = Sha256::new();
    for m in MIGRATOR.iter() {
        hasher.update(m.version.to_le_bytes());
        hasher.update(&*m.checksum);
    }
    let digest = hasher.finalize();
    let name = format!("imha_template_{}", &hex::encode(digest)[..16]);

    let mut admin = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("PostgreSQL must be running for the storage tests (see README)");
    // One process builds the template; the others wait on the advisory lock.
    sqlx::query("SELECT pg_advisory_lock(720130)")
        .execute(&mut admin)
        .await
        .expect("advisory lock");
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(&name)
        .fetch_optional(&mut admin)
        .await
        .expect("look up template");
    if exists.is_none() {
        let building = format!("{name}_building");
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
            .execute(&mut admin)
            .await;
        sqlx::query(&format!("CREATE DATABASE {building}"))
            .execute(&mut admin)
            .await
            .expect("create template database");
        let url = database_url(admin_url, &building);
        let mut conn = sqlx::PgConnection::connect(&url)
            .await
            .expect("connect to template");
        MIGRATOR
            .run(&mut conn)
            .await
            .expect("migrate template database");
        let _ = conn.close().await;
        // The server may take a moment to notice the closed session; RENAME needs it gone.
        let mut attempt = 0;
        loop {
            let res = sqlx::query(&format!("ALTER DATABASE {building} RENAME TO {name}"))
                .execute(&mut admin)
                .await;
            match res {
                Ok(_) => break,
                Err(_) if attempt < 50 => {
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => panic!("publish template database: {e}"),
            }
        }
    }
    let _ = sqlx::query("SELECT pg_advisory_unlock(720130)")
        .execute(&mut admin)
        .await;
    let _ = admin.close().await;
    name
}

/// Run a storage test body against both SQLite and PostgreSQL: expands to a module holding one
/// `#[tokio::test]` per backend. The body gets `$db: TestDb`.
///
/// ```text
/// storage_test!(installation_is_recorded, |t| {
///     assert!(t.db.installed_at().await.unwrap().is_some());
/// });
/// ```
#[macro_export]
macro_rules! storage_test {
    ($name:ident, |$t:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $t = $crate::testing::TestDb::sqlite().await;
                $body
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let $t = $crate::testing::TestDb::postgres().await;
                $body
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::database_url;

    #[test]
    fn database_url_swaps_the_database_name() {
        assert_eq!(
            database_url("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            database_url("postgres://postgres@127.0.0.1:5432", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            database_url("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
