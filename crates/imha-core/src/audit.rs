//! The audit trail: an append-only record of who did what to which record, when and from where.
//!
//! Every view, change and export of personal data, every sign-in and failed sign-in and every
//! permission change gets an entry, written by [`record`] in the same transaction as the change
//! it describes, so the two commit (or roll back) together.
//!
//! Entries are hash-chained: entry `seq` carries the hash of entry `seq - 1` (`prev_hash`; the
//! first entry carries 64 zeros) and its own `hash`, the hex SHA-256 of a JSON array of its
//! fields and `prev_hash` (see [`entry_hash`]). Changing, inserting or deleting any entry breaks
//! the chain from that point, which [`verify`] (and `imha audit verify`) reports. Deleting
//! entries from the end cannot be seen from the chain alone; [`VerifyReport::last_hash`] is the
//! value to note elsewhere (a backup log, a ticket) to detect that too.
//!
//! **No personal data in entries.** `detail` holds ids and action names only, never names,
//! NHS numbers, notes or other values: the trail is kept longer than the records it describes
//! and is exported for review.
//!
//! Concurrent writers are serialised so `seq` has no gaps: on SQLite by the write lock
//! `BEGIN IMMEDIATE` takes (what [`Database::begin`] does); on PostgreSQL by a transaction-level
//! advisory lock taken before the last entry is read. [`record`] expects a transaction at the
//! default isolation level (READ COMMITTED on PostgreSQL).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::{Database, StorageError, Tx};

/// `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The PostgreSQL advisory lock key that serialises audit writers ("imhaaudt" in ASCII).
const PG_AUDIT_LOCK: i64 = 0x696d_6861_6175_6474;

/// How many rows [`verify`] reads at a time.
const VERIFY_PAGE: i64 = 5_000;

/// The most rows one [`search`] returns, whatever the filter asks for.
pub const MAX_SEARCH_LIMIT: i64 = 10_000;

macro_rules! actions {
    ($($variant:ident => $id:literal: $doc:literal,)*) => {
        /// What was done. Stored as its string id (`Action::SignIn` is `sign-in`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $(#[doc = $doc] $variant,)*
        }

        impl Action {
            /// Every action, in the order the search form lists them.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The string id stored in `audit_log.action`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Action::$variant => $id,)*
                }
            }
        }
    };
}

actions! {
    SignIn => "sign-in": "A person signed in (both factors given).",
    SignInFailed => "sign-in-failed": "A sign-in attempt failed (wrong password or code, locked or unknown account).",
    SignOut => "sign-out": "A person signed out.",
    SignOutEverywhere => "sign-out-everywhere": "Every session of a user was ended.",
    MfaSetUp => "mfa-set-up": "A user set up their second factor.",
    MfaReset => "mfa-reset": "An administrator reset a user's second factor.",
    PasswordSet => "password-set": "A user set or changed their password.",
    PasswordResetRequested => "password-reset-requested": "A password reset link was asked for.",
    UserInvited => "user-invited": "A user account was created and the person invited.",
    RoleChanged => "role-changed": "A user's role or organisation changed.",
    UserDeactivated => "user-deactivated": "A user account was deactivated.",
    ApiTokenCreated => "api-token-created": "An API token was issued.",
    ApiTokenRevoked => "api-token-revoked": "An API token was revoked.",
    OrganisationCreated => "organisation-created": "An organisation was added.",
    RecordViewed => "record-viewed": "Personal data was viewed.",
    RecordCreated => "record-created": "A record holding personal data was created.",
    RecordChanged => "record-changed": "A record holding personal data was changed.",
    RecordExported => "record-exported": "Personal data was exported.",
    AuditExported => "audit-exported": "The audit trail was exported.",
    AuditSearched => "audit-searched": "The audit trail was searched.",
    FeedImported => "feed-imported": "A batch of a hospital's legal-status feed was imported (episodes, patients and opt-out referrals).",
    CaseAllocated => "case-allocated": "A case was allocated (or reallocated) to an advocate.",
    AllocationOverridden => "allocation-overridden": "A manager allocated a case despite the advocate's conflicts, giving a written reason.",
    LibraryItemAdded => "library-item-added": "An administrator added a link or a document to the resource library.",
    LibraryItemReviewed => "library-item-reviewed": "A resource library item was marked as reviewed, with a new review date.",
    LibraryItemRemoved => "library-item-removed": "A resource library item was removed.",
    QualityAssessmentStarted => "quality-assessment-started": "A service manager started a quality self-assessment (new, or repeating the last one).",
    QualityAssessmentChanged => "quality-assessment-changed": "A quality self-assessment changed: an indicator rated, an action added or marked done.",
    QualityAssessmentFinalised => "quality-assessment-finalised": "A quality self-assessment was made final (read-only from then on).",
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The string is not one of the [`Action`] ids.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an audit action: {0:?}")]
pub struct UnknownAction(pub String);

impl FromStr for Action {
    type Err = UnknownAction;
    fn from_str(s: &str) -> Result<Action, UnknownAction> {
        Action::ALL
            .iter()
            .copied()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownAction(s.to_string()))
    }
}

/// An entry to append. Build it with [`NewEntry::by_user`] (or `system`, `by_api_token`,
/// `anonymous`) and the `on_record`, `from_client` and `with_detail` methods, or fill the
/// fields directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// The user (or API token) who acted, when known: what "everything this person did"
    /// searches on.
    pub actor_id: Option<String>,
    /// Who acted, as written in the trail: `user:<uuid>`, `api-token:<id>`, `system` or
    /// `anonymous` (a failed sign-in by someone not identified).
    pub actor: String,
    pub action: Action,
    /// The kind of record acted on (`user`, `organisation`, `referral`, ...).
    pub record_type: Option<String>,
    pub record_id: Option<String>,
    /// The client's IP address, for requests.
    pub client: Option<String>,
    /// Ids and action names only: never personal data values.
    pub detail: Option<String>,
}

impl NewEntry {
    /// An action by a signed-in user.
    pub fn by_user(user_id: impl Into<String>, action: Action) -> NewEntry {
        let id = user_id.into();
        NewEntry {
            actor: format!("user:{id}"),
            actor_id: Some(id),
            ..NewEntry::bare("", action)
        }
    }

    /// An action by a machine client holding an API token.
    pub fn by_api_token(token_id: impl Into<String>, action: Action) -> NewEntry {
        let id = token_id.into();
        NewEntry {
            actor: format!("api-token:{id}"),
            actor_id: Some(id),
            ..NewEntry::bare("", action)
        }
    }

    /// An action by imha itself (a scheduled job, a command-line import).
    pub fn system(action: Action) -> NewEntry {
        NewEntry::bare("system", action)
    }

    /// An action by someone not identified (a failed sign-in for an unknown account).
    pub fn anonymous(action: Action) -> NewEntry {
        NewEntry::bare("anonymous", action)
    }

    fn bare(actor: &str, action: Action) -> NewEntry {
        NewEntry {
            actor_id: None,
            actor: actor.to_string(),
            action,
            record_type: None,
            record_id: None,
            client: None,
            detail: None,
        }
    }

    /// The record acted on.
    pub fn on_record(
        mut self,
        record_type: impl Into<String>,
        record_id: impl Into<String>,
    ) -> Self {
        self.record_type = Some(record_type.into());
        self.record_id = Some(record_id.into());
        self
    }

    /// The client's IP address.
    pub fn from_client(mut self, client: impl Into<String>) -> Self {
        self.client = Some(client.into());
        self
    }

    /// More about the action: ids and action names only, never personal data values.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    /// 1, 2, 3, ... with no gaps.
    pub seq: i64,
    /// RFC 3339 UTC with microseconds (`2026-04-01T09:30:00.123456Z`): all the same length, so
    /// text order is time order.
    pub at: String,
    pub actor_id: Option<String>,
    pub actor: String,
    /// The [`Action`] id. A string, so entries written by a later version still read.
    pub action: String,
    pub record_type: Option<String>,
    pub record_id: Option<String>,
    pub client: Option<String>,
    pub detail: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    /// The hash this entry's fields and `prev_hash` should have.
    pub fn expected_hash(&self) -> String {
        entry_hash(
            self.seq,
            &self.at,
            self.actor_id.as_deref(),
            &self.actor,
            &self.action,
            self.record_type.as_deref(),
            self.record_id.as_deref(),
            self.client.as_deref(),
            self.detail.as_deref(),
            &self.prev_hash,
        )
    }
}

/// The hash of an entry: hex SHA-256 of the compact JSON array
/// `[seq, at, actor_id, actor, action, record_type, record_id, client, detail, prev_hash]`
/// (absent values are `null`). JSON quoting makes the encoding unambiguous: no choice of
/// values can make two different entries encode the same.
#[allow(clippy::too_many_arguments)]
pub fn entry_hash(
    seq: i64,
    at: &str,
    actor_id: Option<&str>,
    actor: &str,
    action: &str,
    record_type: Option<&str>,
    record_id: Option<&str>,
    client: Option<&str>,
    detail: Option<&str>,
    prev_hash: &str,
) -> String {
    use serde_json::Value;
    let opt = |v: Option<&str>| v.map_or(Value::Null, |s| Value::String(s.to_string()));
    let encoded = Value::Array(vec![
        Value::from(seq),
        Value::String(at.to_string()),
        opt(actor_id),
        Value::String(actor.to_string()),
        Value::String(action.to_string()),
        opt(record_type),
        opt(record_id),
        opt(client),
        opt(detail),
        Value::String(prev_hash.to_string()),
    ])
    .to_string();
    hex::encode(Sha256::digest(encoded.as_bytes()))
}

/// Now, as the trail writes it: RFC 3339 UTC with exactly six fractional digits.
pub fn format_at(t: jiff::Timestamp) -> String {
    jiff::fmt::temporal::DateTimePrinter::new()
        .precision(Some(6))
        .timestamp_to_string(&t)
}

const COLUMNS: &str =
    "seq, at, actor_id, actor, action, record_type, record_id, client, detail, prev_hash, hash";

/// Append `entry` to the trail inside the caller's transaction: the change it describes and
/// its entry commit together. Returns the entry as stored.
pub async fn record(tx: &mut Tx, entry: NewEntry) -> Result<AuditEntry, StorageError> {
    // Serialise writers before reading the chain's end. SQLite: `BEGIN IMMEDIATE` already
    // holds the database's write lock. PostgreSQL: an advisory lock held until commit or
    // rollback; the next statement's snapshot then sees the previous writer's entry.
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(PG_AUDIT_LOCK)
            .execute(&mut **t)
            .await?;
    }
    let last_sql = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
    let last: Option<(i64, String)> =
        crate::on_tx!(tx, conn => sqlx::query_as(last_sql).fetch_optional(conn).await)?;
    let (seq, prev_hash) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS_HASH.to_string()),
    };
    let action = entry.action.as_str().to_string();
    let at = format_at(jiff::Timestamp::now());
    let hash = entry_hash(
        seq,
        &at,
        entry.actor_id.as_deref(),
        &entry.actor,
        &action,
        entry.record_type.as_deref(),
        entry.record_id.as_deref(),
        entry.client.as_deref(),
        entry.detail.as_deref(),
        &prev_hash,
    );
    let stored = AuditEntry {
        seq,
        at,
        actor_id: entry.actor_id,
        actor: entry.actor,
        action,
        record_type: entry.record_type,
        record_id: entry.record_id,
        client: entry.client,
        detail: entry.detail,
        prev_hash,
        hash,
    };
    let insert = format!(
        "INSERT INTO audit_log ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    );
    let e = &stored;
    crate::on_tx!(tx, conn => sqlx::query(&insert)
        .bind(e.seq)
        .bind(&e.at)
        .bind(&e.actor_id)
        .bind(&e.actor)
        .bind(&e.action)
        .bind(&e.record_type)
        .bind(&e.record_id)
        .bind(&e.client)
        .bind(&e.detail)
        .bind(&e.prev_hash)
        .bind(&e.hash)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(stored)
}

/// Append one entry in a transaction of its own (for events with no other change to commit,
/// such as a view, a search or a failed sign-in).
pub async fn record_now(db: &Database, entry: NewEntry) -> Result<AuditEntry, StorageError> {
    let mut tx = db.begin().await?;
    let stored = record(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(stored)
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// How many entries were read.
    pub entries: u64,
    /// Whether the whole chain is intact.
    pub ok: bool,
    /// The first entry at which the chain breaks, and why (plain English).
    pub first_broken: Option<(i64, String)>,
    /// The last entry's hash: note it somewhere else to detect later deletion from the end.
    pub last_hash: Option<String>,
}

/// Check the whole trail: that `seq` runs 1, 2, 3, ... with no gaps, that each entry's
/// `prev_hash` is the previous entry's hash, and that each entry's hash matches its contents.
/// Reads the table in pages of 5,000 entries, so memory use does not grow with the trail.
pub async fn verify(db: &Database) -> Result<VerifyReport, StorageError> {
    let page_sql = format!("SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2");
    let mut entries: u64 = 0;
    let mut first_broken: Option<(i64, String)> = None;
    let mut expected_seq: i64 = 1;
    let mut prev_hash = GENESIS_HASH.to_string();
    let mut after: i64 = i64::MIN;
    loop {
        let page: Vec<AuditEntry> = crate::on_pool!(db, pool => sqlx::query_as(&page_sql)
            .bind(after)
            .bind(VERIFY_PAGE)
            .fetch_all(pool)
            .await)?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for e in &page {
            entries += 1;
            if first_broken.is_none() {
                first_broken = check_entry(e, expected_seq, &prev_hash);
            }
            expected_seq = e.seq.saturating_add(1);
            prev_hash.clone_from(&e.hash);
        }
        if (page.len() as i64) < VERIFY_PAGE {
            break;
        }
    }
    Ok(VerifyReport {
        entries,
        ok: first_broken.is_none(),
        first_broken,
        last_hash: (entries > 0).then_some(prev_hash),
    })
}

/// Why entry `e` breaks the chain, if it does, given the seq and previous hash expected.
fn check_entry(e: &AuditEntry, expected_seq: i64, prev_hash: &str) -> Option<(i64, String)> {
    if e.seq != expected_seq {
        return Some(if e.seq > expected_seq {
            let missing = if e.seq - expected_seq == 1 {
                format!("entry {expected_seq} is missing")
            } else {
                format!("entries {expected_seq} to {} are missing", e.seq - 1)
            };
            (
                expected_seq,
                format!("{missing} (the next entry is {})", e.seq),
            )
        } else {
            (
                e.seq,
                format!("out of sequence (expected entry {expected_seq})"),
            )
        });
    }
    if e.prev_hash != prev_hash {
        let reason = if e.seq == 1 {
            "the first entry does not start the chain (its previous hash is not the genesis hash)"
                .to_string()
        } else {
            format!(
                "its previous hash does not match entry {}'s hash (entry {} was changed, or this one was)",
                e.seq - 1,
                e.seq - 1
            )
        };
        return Some((e.seq, reason));
    }
    if e.expected_hash() != e.hash {
        return Some((
            e.seq,
            "its contents do not match its hash (the entry was changed)".to_string(),
        ));
    }
    None
}

/// What to look for in the trail. Every field narrows the search; the default finds the 100
/// newest entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub actor_id: Option<String>,
    /// An [`Action`] id.
    pub action: Option<String>,
    pub record_type: Option<String>,
    pub record_id: Option<String>,
    /// Entries at or after this moment.
    pub from: Option<jiff::Timestamp>,
    /// Entries before this moment.
    pub to: Option<jiff::Timestamp>,
    /// At most this many entries (capped at [`MAX_SEARCH_LIMIT`]).
    pub limit: i64,
    /// Skip this many of the newest matches (for paging).
    pub offset: i64,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            actor_id: None,
            action: None,
            record_type: None,
            record_id: None,
            from: None,
            to: None,
            limit: 100,
            offset: 0,
        }
    }
}

impl Filter {
    /// The WHERE clause (empty, or starting " WHERE ") and its text parameters, numbered from 1.
    fn conditions(&self) -> (String, Vec<String>) {
        let mut clauses: Vec<String> = Vec::new();
        let mut params: Vec<String> = Vec::new();
        let mut add = |column: &str, op: &str, value: String| {
            params.push(value);
            clauses.push(format!("{column} {op} ${}", params.len()));
        };
        if let Some(v) = &self.actor_id {
            add("actor_id", "=", v.clone());
        }
        if let Some(v) = &self.action {
            add("action", "=", v.clone());
        }
        if let Some(v) = &self.record_type {
            add("record_type", "=", v.clone());
        }
        if let Some(v) = &self.record_id {
            add("record_id", "=", v.clone());
        }
        if let Some(t) = self.from {
            add("at", ">=", format_at(t));
        }
        if let Some(t) = self.to {
            add("at", "<", format_at(t));
        }
        let sql = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        (sql, params)
    }
}

/// The entries matching `filter`, newest first.
pub async fn search(db: &Database, filter: &Filter) -> Result<Vec<AuditEntry>, StorageError> {
    let (conditions, params) = filter.conditions();
    let n = params.len();
    let sql = format!(
        "SELECT {COLUMNS} FROM audit_log{conditions} ORDER BY seq DESC LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let limit = filter.limit.clamp(0, MAX_SEARCH_LIMIT);
    let offset = filter.offset.max(0);
    let rows: Vec<AuditEntry> = crate::on_pool!(db, pool => {
        let mut q = sqlx::query_as(&sql);
        for p in &params {
            q = q.bind(p);
        }
        q.bind(limit).bind(offset).fetch_all(pool).await
    })?;
    Ok(rows)
}

/// How many entries match `filter` (ignoring its limit and offset), for paging.
pub async fn count(db: &Database, filter: &Filter) -> Result<i64, StorageError> {
    let (conditions, params) = filter.conditions();
    let sql = format!("SELECT COUNT(*) FROM audit_log{conditions}");
    let n: i64 = crate::on_pool!(db, pool => {
        let mut q = sqlx::query_scalar(&sql);
        for p in &params {
            q = q.bind(p);
        }
        q.fetch_one(pool).await
    })?;
    Ok(n)
}

/// The CSV header row.
pub const CSV_HEADER: [&str; 11] = [
    "seq",
    "at",
    "actor_id",
    "actor",
    "action",
    "record_type",
    "record_id",
    "client",
    "detail",
    "prev_hash",
    "hash",
];

/// A cell made safe to open in a spreadsheet: text starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return would be read as a formula, so it gets a leading `'`.
pub fn neutralise_cell(value: &str) -> std::borrow::Cow<'_, str> {
    match value.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{value}").into(),
        _ => value.into(),
    }
}

/// Write `entries` as CSV (a header row, then one row an entry) to `out`, with every cell
/// neutralised against spreadsheet formulas.
pub fn write_csv<W: std::io::Write>(entries: &[AuditEntry], out: W) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    for e in entries {
        let seq = e.seq.to_string();
        let cells: [&str; 11] = [
            &seq,
            &e.at,
            e.actor_id.as_deref().unwrap_or(""),
            &e.actor,
            &e.action,
            e.record_type.as_deref().unwrap_or(""),
            e.record_id.as_deref().unwrap_or(""),
            e.client.as_deref().unwrap_or(""),
            e.detail.as_deref().unwrap_or(""),
            &e.prev_hash,
            &e.hash,
        ];
        w.write_record(cells.iter().map(|c| neutralise_cell(c).into_owned()))?;
    }
    w.flush()?;
    Ok(())
}

/// `entries` as a CSV document (see [`write_csv`]).
pub fn to_csv(entries: &[AuditEntry]) -> String {
    let mut buf: Vec<u8> = Vec::new();
    // Writing to a Vec cannot fail, and every record has the same number of cells.
    if let Err(e) = write_csv(entries, &mut buf) {
        tracing::error!(error = %e, "audit CSV export failed");
    }
    // Every cell is a Rust string, so the output is UTF-8.
    String::from_utf8_lossy(&buf).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_ids_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(seen.insert(a.as_str()), "duplicate id {a}");
            assert_eq!(a.as_str().parse::<Action>(), Ok(*a));
        }
        assert_eq!(Action::ALL.len(), 29);
        assert!("sign_in".parse::<Action>().is_err());
    }

    #[test]
    fn the_hash_encoding_is_unambiguous() {
        let a = entry_hash(
            1,
            "t",
            Some("a,b"),
            "x",
            "y",
            None,
            None,
            None,
            None,
            GENESIS_HASH,
        );
        let b = entry_hash(
            1,
            "t",
            Some("a"),
            "b,x",
            "y",
            None,
            None,
            None,
            None,
            GENESIS_HASH,
        );
        let c = entry_hash(1, "t", None, "x", "y", None, None, None, None, GENESIS_HASH);
        let d = entry_hash(
            1,
            "t",
            Some(""),
            "x",
            "y",
            None,
            None,
            None,
            None,
            GENESIS_HASH,
        );
        assert_ne!(a, b);
        assert_ne!(c, d, "absent and empty differ");
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn timestamps_have_a_fixed_width() {
        let t: jiff::Timestamp = "2026-04-01T09:30:00Z".parse().unwrap();
        assert_eq!(format_at(t), "2026-04-01T09:30:00.000000Z");
        let t: jiff::Timestamp = "2026-04-01T09:30:00.123456789Z".parse().unwrap();
        assert_eq!(format_at(t), "2026-04-01T09:30:00.123456Z");
    }

    #[test]
    fn builders_fill_the_actor() {
        let e = NewEntry::by_user("u1", Action::RecordViewed)
            .on_record("referral", "r1")
            .from_client("192.0.2.1")
            .with_detail("fields=all");
        assert_eq!(e.actor, "user:u1");
        assert_eq!(e.actor_id.as_deref(), Some("u1"));
        assert_eq!(e.record_id.as_deref(), Some("r1"));
        let t = NewEntry::by_api_token("t9", Action::RecordCreated);
        assert_eq!(t.actor, "api-token:t9");
        assert_eq!(
            NewEntry::system(Action::OrganisationCreated).actor,
            "system"
        );
        assert_eq!(NewEntry::anonymous(Action::SignInFailed).actor_id, None);
    }
}
