//! The storage layer: one `Database` handle over SQLite or PostgreSQL, migrations embedded in
//! the binary and applied on connect.
//!
//! Both backends run the same SQL. Where the dialects differ the difference lives here, in one
//! place: parameters are written `$1, $2, ...` (SQLite reads `$N` as the N-th argument), and
//! dates and times are stored as ISO 8601 text. Queries are written once and compiled for each
//! backend with the [`on_pool!`](crate::on_pool) macro, so each backend keeps its native driver
//! (no `Any` type erasure) and its own transaction semantics.

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// The schema, embedded in the binary at compile time; both backends run the same files.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// The default database when none is given: an SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://imha.sqlite3";

/// Which database engine a [`Database`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A pool of connections to imha's database. Cheap to clone.
#[derive(Debug, Clone)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Something went wrong talking to the database. The message never contains personal data:
/// it names the operation and the driver's error, which describes SQL, not values.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database URL not understood: {0} (expected sqlite://PATH or postgres://...)")]
    BadUrl(String),
    #[error("could not open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("could not apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
}

/// Run the same expression against whichever pool the [`Database`] holds. The expression is
/// compiled once per backend, with `$pool` bound to `&SqlitePool` or `&PgPool`.
#[macro_export]
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Database::Sqlite($pool) => $body,
            $crate::db::Database::Postgres($pool) => $body,
        }
    };
}

/// A write transaction on either backend. Commit it with [`Tx::commit`]; dropping it rolls
/// back. On SQLite it is `BEGIN IMMEDIATE`, so it takes the write lock at once and never fails
/// half-way on a lock upgrade.
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Run the same expression against whichever transaction a [`Tx`] holds, with `$conn` bound to
/// `&mut SqliteConnection` or `&mut PgConnection`.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::db::Tx::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}

impl Tx {
    pub async fn commit(self) -> Result<(), StorageError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }
}

/// Options for opening a database.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Most connections the pool may hold.
    pub max_connections: u32,
    /// How long a writer waits for SQLite's lock before giving up.
    pub busy_timeout: Duration,
    /// How long to wait for a free connection from the pool.
    pub acquire_timeout: Duration,
    /// SQLite's page cache for each connection, in KiB.
    pub sqlite_cache_kib: u32,
    /// SQLite only: temporary storage (statement journals, sorts) in memory, not in files.
    pub sqlite_temp_in_memory: bool,
    /// SQLite only: how much of the file to read through a memory map, in MiB (0: none). Reads
    /// then come straight from the OS's page cache without a system call and a copy per page,
    /// which halves the time of a report that touches an area's rows all over the file
    /// (docs/PERFORMANCE.md, "Commissioner reports"). The mapped pages are the OS's file cache,
    /// shared, not the process's own memory, though they show in its resident size.
    pub sqlite_mmap_mib: u32,
}

impl ConnectOptions {
    /// For a command-line feed import, which has the database to itself for a while: one
    /// connection, a larger page cache (the import's indexes otherwise fall out of it and are
    /// re-read and re-written from the OS all the time) and statement journals in memory.
    /// Commits stay fully durable: at 50,000 rows a batch there are few of them, and waiting
    /// for the disk costs milliseconds each (docs/PERFORMANCE.md, "Opt-out feed import").
    pub fn bulk_import() -> Self {
        ConnectOptions {
            max_connections: 1,
            sqlite_cache_kib: 64 * 1024,
            sqlite_temp_in_memory: true,
            // The import writes all over the file: mapped, every page it touches would count
            // in its resident size (560 MiB at 300,000 rows, against a 200 MB goal).
            sqlite_mmap_mib: 0,
            ..ConnectOptions::default()
        }
    }
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            max_connections: 16,
            busy_timeout: Duration::from_secs(5),
            acquire_timeout: Duration::from_secs(5),
            sqlite_cache_kib: 32 * 1024,
            sqlite_temp_in_memory: false,
            sqlite_mmap_mib: 2048,
        }
    }
}

impl Database {
    /// Open (creating it if need be) and migrate the database at `url`.
    pub async fn connect(url: &str) -> Result<Database, StorageError> {
        Self::connect_with(url, &ConnectOptions::default()).await
    }

    /// Open (creating it if need be) and migrate the database at `url`, with explicit options.
    pub async fn connect_with(url: &str, opts: &ConnectOptions) -> Result<Database, StorageError> {
        let db = Self::open(url, opts).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Open without migrating (the test harness migrates a template database once).
    pub async fn open(url: &str, opts: &ConnectOptions) -> Result<Database, StorageError> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|_| StorageError::BadUrl(redact_url(url)))?
                .create_if_missing(true)
                // WAL lets readers carry on while one writer writes; FULL makes every
                // acknowledged commit durable across power loss, not just process crashes.
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                // 32 MiB of page cache a connection by default (SQLite's is 2 MiB): the feed
                // import's index updates otherwise re-read pages from the OS all the time.
                // Pages are only allocated when used.
                .pragma("cache_size", format!("-{}", opts.sqlite_cache_kib))
                // Statement journals (a multi-row upsert's undo within its transaction) in
                // memory rather than temporary files, where asked.
                .pragma(
                    "temp_store",
                    if opts.sqlite_temp_in_memory {
                        "memory"
                    } else {
                        "default"
                    },
                )
                .pragma(
                    "mmap_size",
                    (u64::from(opts.sqlite_mmap_mib) * 1024 * 1024).to_string(),
                )
                .busy_timeout(opts.busy_timeout);
            let mut pool = SqlitePoolOptions::new()
                .max_connections(opts.max_connections)
                .acquire_timeout(opts.acquire_timeout);
            if opts.max_connections == 1 {
                // One connection for the process's whole life (the command-line import):
                // never closed for idleness or age, so what the import knows about its own
                // connection (`Database::one_lasting_connection`) stays true.
                pool = pool.idle_timeout(None).max_lifetime(None);
            }
            let pool = pool
                .connect_with(options)
                .await
                .map_err(StorageError::Connect)?;
            Ok(Database::Sqlite(pool))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)
                .map_err(|_| StorageError::BadUrl(redact_url(url)))?;
            let pool = PgPoolOptions::new()
                .max_connections(opts.max_connections)
                .acquire_timeout(opts.acquire_timeout)
                .connect_with(options)
                .await
                .map_err(StorageError::Connect)?;
            Ok(Database::Postgres(pool))
        } else {
            Err(StorageError::BadUrl(redact_url(url)))
        }
    }

    /// Apply any migrations not yet applied. Safe to run from many instances at once: on
    /// PostgreSQL sqlx takes an advisory lock, on SQLite the write lock serialises them.
    pub async fn migrate(&self) -> Result<(), StorageError> {
        on_pool!(self, pool => MIGRATOR.run(pool).await)?;
        self.record_installation().await?;
        Ok(())
    }

    /// Begin a write transaction.
    pub async fn begin(&self) -> Result<Tx, StorageError> {
        Ok(match self {
            Database::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Database::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Which engine this is.
    pub fn backend(&self) -> Backend {
        match self {
            Database::Sqlite(_) => Backend::Sqlite,
            Database::Postgres(_) => Backend::Postgres,
        }
    }

    /// Whether this is a SQLite database reached through one connection that lasts as long
    /// as the process (`ConnectOptions { max_connections: 1, .. }`, as `bulk_import`):
    /// every transaction then runs on the same connection, so per-connection facts such as
    /// `PRAGMA data_version` can be compared from one transaction to the next.
    pub fn one_lasting_connection(&self) -> bool {
        match self {
            Database::Sqlite(p) => {
                let o = p.options();
                o.get_max_connections() == 1
                    && o.get_idle_timeout().is_none()
                    && o.get_max_lifetime().is_none()
            }
            Database::Postgres(_) => false,
        }
    }

    /// Answer a trivial query: the readiness probe.
    pub async fn ping(&self) -> Result<(), StorageError> {
        on_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Close every connection, waiting for those in use to be returned.
    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }

    /// When this installation's database was first created.
    pub async fn installed_at(&self) -> Result<Option<String>, StorageError> {
        let sql = "SELECT created_at FROM installation WHERE id = 1";
        let at: Option<String> =
            on_pool!(self, pool => sqlx::query_scalar(sql).fetch_optional(pool).await)?;
        Ok(at)
    }

    /// The migrations applied so far, in order: (version, description).
    pub async fn applied_migrations(&self) -> Result<Vec<(i64, String)>, StorageError> {
        let sql = "SELECT version, description FROM _sqlx_migrations WHERE success = TRUE \
                   ORDER BY version";
        let rows: Vec<(i64, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        Ok(rows)
    }

    async fn record_installation(&self) -> Result<(), StorageError> {
        let now = jiff::Timestamp::now().to_string();
        let version = env!("CARGO_PKG_VERSION");
        let sql = "INSERT INTO installation (id, created_at, created_by_version) \
                   VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING";
        on_pool!(self, pool => sqlx::query(sql).bind(&now).bind(version).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}

/// A database URL with any password removed, safe to print in an error.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_never_reach_error_messages() {
        assert_eq!(
            redact_url("postgres://imha:s3cret@db.example:5432/imha"),
            "postgres://imha:***@db.example:5432/imha"
        );
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
        assert_eq!(redact_url("sqlite://imha.sqlite3"), "sqlite://imha.sqlite3");
    }
}
