//! Importing the feed: streaming, batched, idempotent and safe to re-run after a crash.
//!
//! A blocking thread reads the CSV and parses rows ([`super::row`]) into chunks of at most
//! 5,000 rows, sent over a bounded channel; this task writes each chunk into the open
//! transaction, and commits once a batch's worth of rows ([`Options::batch_size`]) is in it.
//! Memory therefore stays flat whatever the file's size (or the batch's): at most a few chunks
//! are held at once.
//!
//! Each chunk is written with a handful of set-based statements (preload the episodes,
//! patients and open referrals the chunk touches; decide everything in memory; write with
//! multi-row upserts), not a statement per row. A batch, its referrals and its audit entry
//! commit together, so a crash loses at most the batch in flight, and importing the file again
//! finishes the job: rows already stored are `unchanged`, the rest are inserted, and no
//! referral is made twice (a referral is only made for a patient with no open referral or
//! case, in the same transaction as the episode that caused it).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Read;

use imha_law::{Entry, Input, Jurisdiction, LawConfig, Status, When, evaluate};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::row::{EpisodeRow, Header, RowError, parse_row};
use super::seen::{self, Kind, Seen};
use crate::audit::{self, Action};
use crate::db::{Backend, Database, StorageError, Tx};
use crate::on_tx;
use crate::referrals::{Actor, uk_date};

/// How many errors the result lists; beyond this it counts them in `errors_omitted`.
pub const MAX_LISTED_ERRORS: usize = 10_000;

/// Settings for one import.
#[derive(Clone, Debug)]
pub struct Options {
    /// Rows per transaction. Larger batches write each index page fewer times (the command
    /// line uses 50,000); smaller ones hold SQLite's write lock for less time (the API, which
    /// shares the database with the web app, uses the default 5,000).
    pub batch_size: usize,
    /// The visit target of opt-out referrals, in working days after the day they are made.
    pub visit_target_working_days: i32,
    /// When set (the API: the feed token's hospital's ODS code), rows for any other hospital
    /// are refused, whether or not imha knows that hospital.
    pub only_hospital: Option<String>,
    pub law: LawConfig,
    /// The command line's estimate of the rows in its file. With it, on SQLite, an import
    /// into a database holding fewer than half as many episodes keeps a filter of the keys
    /// stored ([`super::seen`]) and skips the lookups that cannot find anything (on a first
    /// load, nearly all). Used only on a [`Database`] of one lasting connection
    /// ([`Database::one_lasting_connection`], the command line's `ConnectOptions::bulk_import`)
    /// that nothing else in the process writes through meanwhile: the filter notices writes
    /// by other connections, not other writes on its own. `None` (the API, which shares the
    /// database with the web app) never does.
    pub expected_rows: Option<u64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            batch_size: 5_000,
            visit_target_working_days: 2,
            only_hospital: None,
            law: LawConfig::default(),
            expected_rows: None,
        }
    }
}

/// One rejected line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineError {
    /// The CSV line number (the header is line 1).
    pub line: u64,
    pub field: String,
    pub message: String,
}

/// The result document of contracts.md section 3.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub rows: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    pub referrals_created: u64,
    pub errors: Vec<LineError>,
    /// Errors not listed in `errors` (more than [`MAX_LISTED_ERRORS`]).
    #[serde(skip_serializing_if = "is_zero")]
    pub errors_omitted: u64,
    /// Patients who may be the same person as another record, for someone to confirm.
    pub possible_matches: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// How far an import has got, for a progress display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub rows: u64,
    /// Bytes of input read so far.
    pub bytes: u64,
}

/// Why an import stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input cannot be read as the feed (not CSV, a required column missing): nothing was
    /// stored.
    #[error("{0}")]
    Unreadable(String),
    /// Reading failed part-way (earlier batches are stored; importing again finishes).
    #[error("could not read the input: {0}")]
    Read(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Storage(StorageError::Query(e))
    }
}

type ParsedRow = (u64, Result<EpisodeRow, Vec<RowError>>);

enum Message {
    Batch(Vec<ParsedRow>, u64),
    Failed(ImportError),
}

/// Read and parse on a blocking thread, sending batches of rows.
fn spawn_parser<R: Read + Send + 'static>(
    reader: R,
    batch_size: usize,
    today: Date,
) -> tokio::sync::mpsc::Receiver<Message> {
    let (tx, rx) = tokio::sync::mpsc::channel(2);
    tokio::task::spawn_blocking(move || {
        let mut csv = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(reader);
        let mut record = csv::StringRecord::new();
        let header = match csv.read_record(&mut record) {
            Ok(true) => match Header::parse(record.iter()) {
                Ok(h) => h,
                Err(e) => {
                    let _ = tx.blocking_send(Message::Failed(ImportError::Unreadable(format!(
                        "line 1: {e}"
                    ))));
                    return;
                }
            },
            Ok(false) => {
                let _ = tx.blocking_send(Message::Failed(ImportError::Unreadable(
                    "the input is empty: expected a CSV header row".into(),
                )));
                return;
            }
            Err(e) => {
                let _ = tx.blocking_send(Message::Failed(ImportError::Unreadable(format!(
                    "line 1: not CSV: {e}"
                ))));
                return;
            }
        };
        let mut batch = Vec::with_capacity(batch_size);
        loop {
            let line = csv.position().line() + if csv.position().byte() > 0 { 0 } else { 1 };
            match csv.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map(|p| p.line()).unwrap_or(line);
                    // A blank line is not a row.
                    if record.iter().all(|f| f.trim().is_empty()) {
                        continue;
                    }
                    batch.push((line, parse_row(&header, &record, today)));
                }
                Err(e) => match e.kind() {
                    csv::ErrorKind::Utf8 { pos, .. } => {
                        let line = pos.as_ref().map(|p| p.line()).unwrap_or(line);
                        batch.push((
                            line,
                            Err(vec![RowError {
                                field: "line",
                                message: "not valid UTF-8".into(),
                            }]),
                        ));
                    }
                    _ => {
                        let _ = tx.blocking_send(Message::Failed(ImportError::Read(e.to_string())));
                        return;
                    }
                },
            }
            if batch.len() >= batch_size {
                let bytes = csv.position().byte();
                let full = std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                if tx.blocking_send(Message::Batch(full, bytes)).is_err() {
                    return;
                }
            }
        }
        let bytes = csv.position().byte();
        let _ = tx.blocking_send(Message::Batch(batch, bytes));
    });
    rx
}

/// Import a feed from `reader`. `today` is the UK date (dates of birth cannot be later);
/// `progress` is called after each batch.
pub async fn import<R: Read + Send + 'static>(
    db: &Database,
    reader: R,
    options: &Options,
    actor: &Actor,
    today: Date,
    mut progress: impl FnMut(Progress),
) -> Result<Summary, ImportError> {
    let batch_size = options.batch_size.max(1);
    let mut rx = spawn_parser(reader, batch_size.min(CHUNK_ROWS), today);
    let mut summary = Summary::default();
    let mut hospitals = HospitalCache::default();
    // The filter of stored keys, when the import keeps one; `filter` says whether it should.
    let mut keys = Keys {
        seen: None,
        ids: Ids::default(),
    };
    // Only on one lasting SQLite connection: `PRAGMA data_version` (which tells the filter
    // that another connection has written) is that connection's own count, meaningless when
    // compared across a pool's connections.
    let mut filter = options.expected_rows.is_some() && db.one_lasting_connection();
    // The open transaction and what it holds so far.
    let mut open: Option<(Tx, Batch)> = None;
    while let Some(message) = rx.recv().await {
        match message {
            Message::Failed(e) => {
                // Whole batches read before the failure are kept, as the error says.
                if let Some((tx, batch)) = open.take() {
                    finish(tx, batch, actor).await?;
                }
                return Err(e);
            }
            Message::Batch(rows, bytes) => {
                if rows.is_empty() {
                    continue;
                }
                let (tx, batch) = match &mut open {
                    Some(o) => o,
                    None => {
                        let mut tx = db.begin().await?;
                        if filter {
                            let current = match &keys.seen {
                                Some(s) => s.still_true(&mut tx).await?,
                                None => false,
                            };
                            if !current {
                                // First built here, or built again because another
                                // connection wrote since the last transaction.
                                let expected = options.expected_rows.unwrap_or(0);
                                keys.seen = None;
                                if seen::worth_building(&mut tx, expected).await? {
                                    keys.seen =
                                        Seen::build(&mut tx, (expected as usize).saturating_mul(3))
                                            .await?;
                                }
                                filter = keys.seen.is_some();
                            }
                        }
                        open.insert((tx, Batch::default()))
                    }
                };
                write_chunk(
                    tx,
                    batch,
                    rows,
                    options,
                    &mut hospitals,
                    &mut keys,
                    &mut summary,
                )
                .await?;
                if keys.seen.as_ref().is_some_and(Seen::too_big) {
                    // Memory stays bounded: the rest of the file is looked up row by row.
                    keys.seen = None;
                    filter = false;
                }
                if batch.rows >= batch_size
                    && let Some((tx, batch)) = open.take()
                {
                    finish(tx, batch, actor).await?;
                }
                progress(Progress {
                    rows: summary.rows,
                    bytes,
                });
            }
        }
    }
    if let Some((tx, batch)) = open.take() {
        finish(tx, batch, actor).await?;
    }
    Ok(summary)
}

/// Rows parsed and written a chunk at a time, so memory stays small whatever the batch (the
/// rows of one transaction).
const CHUNK_ROWS: usize = 5_000;

/// What one transaction has written so far, for its audit entry.
#[derive(Default)]
struct Batch {
    rows: usize,
    /// Rows for a hospital we know: a transaction with none changes nothing and is not audited.
    valid: usize,
    episodes: usize,
    referrals: usize,
    matches: usize,
}

/// Audit and commit one batch.
async fn finish(mut tx: Tx, batch: Batch, actor: &Actor) -> Result<(), ImportError> {
    if batch.valid > 0 {
        audit::record(
            &mut tx,
            actor.entry(Action::FeedImported).with_detail(format!(
                "episodes={} referrals={} matches={}",
                batch.episodes, batch.referrals, batch.matches
            )),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Clone)]
struct Hospital {
    id: String,
    name: String,
    jurisdiction: Jurisdiction,
}

#[derive(Default)]
struct HospitalCache {
    by_ods: HashMap<String, Option<Hospital>>,
}

impl HospitalCache {
    async fn get(&mut self, tx: &mut Tx, ods: &str) -> Result<Option<Hospital>, StorageError> {
        if let Some(h) = self.by_ods.get(ods) {
            return Ok(h.clone());
        }
        let sql = "SELECT id, name, jurisdiction FROM organisations \
                   WHERE ods_code = $1 AND kind = 'hospital'";
        let row: Option<(String, String, String)> =
            on_tx!(tx, c => sqlx::query_as(sql).bind(ods).fetch_optional(c).await)?;
        let h = row.map(|(id, name, j)| Hospital {
            id,
            name,
            jurisdiction: Jurisdiction::parse(&j).unwrap_or(Jurisdiction::England),
        });
        self.by_ods.insert(ods.to_string(), h.clone());
        Ok(h)
    }
}

/// A value to bind in a multi-row statement.
enum V<'a> {
    S(Option<&'a str>),
    B(bool),
}

/// Most parameters in one statement (SQLite allows 32,766; PostgreSQL 65,535). Fewer, larger
/// statements save round trips, but sqlx keeps each distinct statement prepared, and a
/// prepared statement's size grows with its parameters: 4,000 keeps both small.
const MAX_PARAMS: usize = 4_000;

/// `head VALUES (...), (...) tail` for `rows` of `cols` values each followed by `literals` (SQL
/// for values the same in every row), in as few statements as the parameter limit allows. Only full-size statements are kept prepared (see [`IN_CHUNK`]).
async fn bulk(
    tx: &mut Tx,
    head: &str,
    cols: usize,
    literals: &str,
    rows: &[Vec<V<'_>>],
    tail: &str,
) -> Result<(), StorageError> {
    let per = (MAX_PARAMS / cols.max(1)).max(1);
    for chunk in rows.chunks(per) {
        let mut sql = String::with_capacity(head.len() + chunk.len() * cols * 5 + tail.len());
        sql.push_str(head);
        sql.push_str(" VALUES ");
        let mut n = 1;
        for (i, _) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            sql.push('(');
            sql.push_str(&placeholders(tx.backend(), n, cols));
            sql.push_str(literals);
            n += cols;
            sql.push(')');
        }
        sql.push(' ');
        sql.push_str(tail);
        on_tx!(tx, c => {
            let mut q = sqlx::query(&sql).persistent(chunk.len() == per);
            for row in chunk {
                for v in row {
                    q = match v {
                        V::S(s) => q.bind(*s),
                        V::B(b) => q.bind(*b),
                    };
                }
            }
            q.execute(c).await.map(|_| ())
        })?;
    }
    Ok(())
}

/// `n` parameter placeholders numbered from `from`. On SQLite they are anonymous `?`: sqlx
/// looks up every parameter's name before binding, and SQLite finds a name by walking the list
/// of named parameters, so thousands of `$N` in one statement cost time quadratic in their
/// number (it was 40% of an import's time). `?` takes the next number, as `$N` would here.
fn placeholders(backend: Backend, from: usize, n: usize) -> String {
    let mut s = String::with_capacity(n * 6);
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        match backend {
            Backend::Sqlite => s.push('?'),
            Backend::Postgres => {
                let _ = write!(s, "${}", from + i);
            }
        }
    }
    s
}

/// Values in one `IN (...)` list. Only full-size lists are kept prepared (as with [`bulk`]'s
/// statements): a chunk's last, odd-sized list is a different statement every time, and sqlx
/// would otherwise keep up to a hundred of them, each holding memory for its parameters.
const IN_CHUNK: usize = 2_000;

/// `SELECT cols FROM ... WHERE <prefix> col IN (...)` over `values` in chunks; `fixed` are bound
/// first (as `$1..`).
async fn select_in<T>(
    tx: &mut Tx,
    sql_before_in: &str,
    fixed: &[&str],
    values: &[&str],
    sql_after_in: &str,
) -> Result<Vec<T>, StorageError>
where
    T: Send
        + Unpin
        + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let mut out = Vec::new();
    for chunk in values.chunks(IN_CHUNK) {
        // sqlx binds SQLite's anonymous `?` in order from the first argument, whatever named
        // parameters come before, so the fixed parameters must be `?` too there.
        let before = match tx.backend() {
            Backend::Sqlite => (1..=fixed.len())
                .rev()
                .fold(sql_before_in.to_string(), |s, k| {
                    s.replace(&format!("${k}"), "?")
                }),
            Backend::Postgres => sql_before_in.to_string(),
        };
        let sql = format!(
            "{before} IN ({}){sql_after_in}",
            placeholders(tx.backend(), fixed.len() + 1, chunk.len())
        );
        let rows: Vec<T> = on_tx!(tx, c => {
            let mut q = sqlx::query_as::<_, T>(&sql).persistent(chunk.len() == IN_CHUNK);
            for f in fixed {
                q = q.bind(*f);
            }
            for v in chunk {
                q = q.bind(*v);
            }
            q.fetch_all(c).await
        })?;
        out.extend(rows);
    }
    Ok(out)
}

#[derive(Clone, Debug)]
struct PatientRec {
    id: String,
    nhs_number: Option<String>,
    hospital_id: Option<String>,
    local_patient_id: Option<String>,
    given_name: String,
    family_name: String,
    date_of_birth: String,
    match_key: String,
    ethnicity: Option<String>,
    gender: Option<String>,
    /// To be written (new, or changed by this batch).
    dirty: bool,
    /// The NHS number and match_key as stored, for a record loaded from the database.
    stored: Option<(Option<String>, String)>,
}

type PatientRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

fn patient_from_row(r: PatientRow) -> PatientRec {
    PatientRec {
        id: r.0,
        nhs_number: r.1.clone(),
        hospital_id: r.2,
        local_patient_id: r.3,
        given_name: r.4,
        family_name: r.5,
        date_of_birth: r.6,
        match_key: r.7.clone(),
        ethnicity: r.8,
        gender: r.9,
        dirty: false,
        stored: Some((r.1, r.7)),
    }
}

const PATIENT_COLUMNS: &str = "id, nhs_number, hospital_id, local_patient_id, given_name, \
    family_name, date_of_birth, match_key, ethnicity, gender";

/// lower(given)|lower(family)|date of birth.
pub fn match_key(given: &str, family: &str, dob: Date) -> String {
    format!(
        "{}|{}|{dob}",
        given.trim().to_lowercase(),
        family.trim().to_lowercase()
    )
}

fn when_text(w: When) -> String {
    match w {
        When::Day(d) => d.to_string(),
        When::At(t) => imha_law::dates::format_time(t),
    }
}

fn row_hash(r: &EpisodeRow) -> String {
    let mut h = Sha256::new();
    let parts: [&str; 16] = [
        &r.hospital,
        &r.episode_id,
        r.nhs_number.as_ref().map(|n| n.as_str()).unwrap_or(""),
        r.local_patient_id.as_deref().unwrap_or(""),
        &r.given_name,
        &r.family_name,
        &r.date_of_birth.to_string(),
        r.legal_status.id(),
        &when_text(r.start),
        &r.end.map(when_text).unwrap_or_default(),
        r.ward.as_deref().unwrap_or(""),
        r.ethnicity.as_deref().unwrap_or(""),
        r.gender.as_deref().unwrap_or(""),
        r.jurisdiction.map(|j| j.id()).unwrap_or(""),
        &r.told_orally_on.map(|d| d.to_string()).unwrap_or_default(),
        &r.told_in_writing_on
            .map(|d| d.to_string())
            .unwrap_or_default(),
    ];
    for p in parts {
        h.update(p.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// Whether the patient is a qualifying patient on the episode's start (contracts.md
/// section 3), and the provision that decides it.
pub fn qualifies_on_start(
    status: Status,
    start: When,
    date_of_birth: Date,
    jurisdiction: Jurisdiction,
    law: &LawConfig,
) -> (bool, &'static str) {
    let mut input = Input::new(jurisdiction, start, vec![Entry::new(status, start)]);
    input.date_of_birth = Some(date_of_birth);
    let out = evaluate(&input, law);
    (out.imha.qualifies, out.imha.basis)
}

/// Statuses that mean the patient lives in the community, not on a ward.
fn in_community(status: Status) -> bool {
    matches!(
        status,
        Status::Cto | Status::S7 | Status::S37Guardianship | Status::ConditionalDischarge
    )
}

struct EpisodeWrite {
    id: String,
    hospital_id: String,
    episode_id: String,
    patient: usize,
    row: EpisodeRow,
    jurisdiction: Jurisdiction,
    qualifies: bool,
    basis: &'static str,
    hash: String,
}

struct ReferralWrite {
    id: String,
    reference: String,
    patient: usize,
    episode: usize,
    hospital_name: String,
}

/// What one import keeps between its chunks: the filter of stored keys, and its source of
/// referral references.
struct Keys {
    seen: Option<Seen>,
    ids: Ids,
}

/// Referral references for one import: they need the operating system's random bytes, which
/// it hands out a few kilobytes at a time instead of one system call per reference. (Record
/// ids are `Uuid::now_v7`, whose random bits come from `uuid`'s thread-local generator, its
/// `fast-rng` feature, rather than a system call each.)
#[derive(Default)]
struct Ids {
    random: Vec<u8>,
}

impl Ids {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], ImportError> {
        if self.random.len() < N {
            let mut fresh = vec![0u8; 4096];
            getrandom::fill(&mut fresh)
                .map_err(|e| ImportError::Read(format!("no random numbers: {e}")))?;
            self.random = fresh;
        }
        let mut out = [0u8; N];
        let from = self.random.len() - N;
        out.copy_from_slice(&self.random[from..]);
        // Each byte is used once.
        self.random.truncate(from);
        Ok(out)
    }

    fn reference(&mut self) -> Result<String, ImportError> {
        Ok(crate::referrals::reference_from(&self.take()?))
    }
}

fn reject(summary: &mut Summary, line: u64, errors: Vec<RowError>) {
    summary.rejected += 1;
    for e in errors {
        if summary.errors.len() < MAX_LISTED_ERRORS {
            summary.errors.push(LineError {
                line,
                field: e.field.to_string(),
                message: e.message,
            });
        } else {
            summary.errors_omitted += 1;
        }
    }
}

async fn write_chunk(
    tx: &mut Tx,
    batch: &mut Batch,
    rows: Vec<ParsedRow>,
    options: &Options,
    hospitals: &mut HospitalCache,
    keys: &mut Keys,
    summary: &mut Summary,
) -> Result<(), ImportError> {
    let Keys { seen, ids } = keys;
    // Whether the database may hold a key (always, without a filter).
    let may_hold = |kind: Kind, parts: &[&str]| {
        seen.as_ref()
            .is_none_or(|s| s.may_hold(seen::hash(kind, parts)))
    };
    let now = Timestamp::now();
    let now_text = now.to_string();
    summary.rows += rows.len() as u64;
    batch.rows += rows.len();

    // 1. Rows that parsed and name a hospital we know (and may send for).
    let mut valid: Vec<(u64, EpisodeRow, Hospital)> = Vec::with_capacity(rows.len());
    for (line, parsed) in rows {
        match parsed {
            Err(errors) => reject(summary, line, errors),
            Ok(row)
                if options
                    .only_hospital
                    .as_deref()
                    .is_some_and(|only| !only.eq_ignore_ascii_case(&row.hospital)) =>
            {
                let message = format!("this feed token may not send episodes for {}", row.hospital);
                reject(
                    summary,
                    line,
                    vec![RowError {
                        field: "hospital",
                        message,
                    }],
                );
            }
            Ok(row) => match hospitals.get(tx, &row.hospital).await? {
                None => reject(
                    summary,
                    line,
                    vec![RowError {
                        field: "hospital",
                        message: format!("no hospital here has ODS code {}", row.hospital),
                    }],
                ),
                Some(h) => valid.push((line, row, h)),
            },
        }
    }
    if valid.is_empty() {
        return Ok(());
    }
    batch.valid += valid.len();

    // 2. Preload what the batch touches, starting with its episodes.
    let mut by_hospital: HashMap<&str, Vec<&str>> = HashMap::new();
    for (_, row, h) in &valid {
        if may_hold(Kind::Episode, &[&h.id, &row.episode_id]) {
            by_hospital
                .entry(h.id.as_str())
                .or_default()
                .push(row.episode_id.as_str());
        }
    }
    // Existing episodes: (hospital id, episode id) -> (row id, hash).
    let mut episodes: HashMap<(String, String), (String, String)> = HashMap::new();
    for (hospital_id, ids) in &by_hospital {
        let found: Vec<(String, String, String)> = select_in(
            tx,
            "SELECT episode_id, id, row_hash FROM episodes WHERE hospital_id = $1 AND episode_id",
            &[hospital_id],
            ids,
            "",
        )
        .await?;
        for (episode_id, id, hash) in found {
            episodes.insert((hospital_id.to_string(), episode_id), (id, hash));
        }
    }
    drop(by_hospital);
    // A row whose episode is stored exactly as sent changes nothing: count it and leave it out
    // before any patient lookup (a daily feed re-sends mostly unchanged episodes). A key sent
    // twice in one batch goes the long way, so the rows apply in order.
    let mut times_sent: HashMap<(&str, &str), usize> = HashMap::new();
    for (_, row, h) in &valid {
        *times_sent
            .entry((h.id.as_str(), row.episode_id.as_str()))
            .or_default() += 1;
    }
    let unchanged: Vec<bool> = valid
        .iter()
        .map(|(_, row, h)| {
            times_sent.get(&(h.id.as_str(), row.episode_id.as_str())) == Some(&1)
                && episodes
                    .get(&(h.id.clone(), row.episode_id.clone()))
                    .is_some_and(|(_, old)| *old == row_hash(row))
        })
        .collect();
    drop(times_sent);
    let mut flags = unchanged.iter();
    valid.retain(|_| !flags.next().copied().unwrap_or(false));
    summary.unchanged += unchanged.iter().filter(|u| **u).count() as u64;
    let mut locals: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut nhs: Vec<&str> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    // The NHS numbers to look for on open referrals (not only those of stored patients).
    let mut referral_nhs: Vec<&str> = Vec::new();
    for (_, row, h) in &valid {
        if let Some(l) = &row.local_patient_id
            && may_hold(Kind::PatientLocal, &[&h.id, l])
        {
            locals.entry(h.id.as_str()).or_default().push(l.as_str());
        }
        if let Some(n) = &row.nhs_number {
            if may_hold(Kind::PatientNhs, &[n.as_str()]) {
                nhs.push(n.as_str());
            }
            if may_hold(Kind::ReferralNhs, &[n.as_str()]) {
                referral_nhs.push(n.as_str());
            }
        }
        let key = match_key(&row.given_name, &row.family_name, row.date_of_birth);
        if may_hold(Kind::PatientKey, &[&key]) {
            keys.push(key);
        }
    }
    let mut patients: Vec<PatientRec> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut by_nhs: HashMap<String, usize> = HashMap::new();
    let mut by_local: HashMap<(String, String), usize> = HashMap::new();
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    let mut loaded: Vec<PatientRow> = select_in(
        tx,
        &format!("SELECT {PATIENT_COLUMNS} FROM patients WHERE nhs_number"),
        &[],
        &nhs,
        "",
    )
    .await?;
    for (hospital_id, ids) in &locals {
        loaded.extend(
            select_in::<PatientRow>(
                tx,
                &format!(
                    "SELECT {PATIENT_COLUMNS} FROM patients WHERE hospital_id = $1 AND \
                     local_patient_id"
                ),
                &[hospital_id],
                ids,
                "",
            )
            .await?,
        );
    }
    let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    loaded.extend(
        select_in::<PatientRow>(
            tx,
            &format!("SELECT {PATIENT_COLUMNS} FROM patients WHERE match_key"),
            &[],
            &key_refs,
            "",
        )
        .await?,
    );
    // A record merged into another (a person confirmed a likely match) stands for the one it
    // was merged into: load that too, and index the merged record's identifiers to it.
    let loaded_ids: Vec<&str> = loaded.iter().map(|r| r.0.as_str()).collect();
    let merged_into: HashMap<String, String> = select_in::<(String, String)>(
        tx,
        "SELECT id, merged_into FROM patients WHERE merged_into IS NOT NULL AND id",
        &[],
        &loaded_ids,
        "",
    )
    .await?
    .into_iter()
    .collect();
    let survivors: Vec<&str> = merged_into.values().map(String::as_str).collect();
    let survivor_rows: Vec<PatientRow> = select_in(
        tx,
        &format!("SELECT {PATIENT_COLUMNS} FROM patients WHERE id"),
        &[],
        &survivors,
        "",
    )
    .await?;
    loaded.extend(survivor_rows);
    let (aliases, loaded): (Vec<PatientRow>, Vec<PatientRow>) = loaded
        .into_iter()
        .partition(|r| merged_into.contains_key(&r.0));
    for row in loaded {
        if by_id.contains_key(&row.0) {
            continue;
        }
        let p = patient_from_row(row);
        let i = patients.len();
        by_id.insert(p.id.clone(), i);
        if let Some(n) = &p.nhs_number {
            by_nhs.insert(n.clone(), i);
        }
        if let (Some(h), Some(l)) = (&p.hospital_id, &p.local_patient_id) {
            by_local.insert((h.clone(), l.clone()), i);
        }
        by_key.entry(p.match_key.clone()).or_default().push(i);
        patients.push(p);
    }
    for row in aliases {
        let Some(&i) = merged_into.get(&row.0).and_then(|s| by_id.get(s)) else {
            continue;
        };
        if let Some(n) = row.1 {
            by_nhs.entry(n).or_insert(i);
        }
        if let (Some(h), Some(l)) = (row.2, row.3) {
            by_local.entry((h, l)).or_insert(i);
        }
    }
    // Patients with an open referral or case, and NHS numbers on open referrals not yet
    // linked to a patient (public, staff and API referrals).
    // Written as a join so that no planner can answer `status = 'new' OR ...` by walking
    // every new referral (SQLite did, given a long IN list: a scan of the whole queue per
    // chunk, a third of a large import's time).
    let open_referrals = "FROM referrals r LEFT JOIN cases c ON c.referral_id = r.id \
                          AND c.status <> 'closed' WHERE (r.status = 'new' OR c.id IS NOT NULL)";
    let patient_ids: Vec<&str> = patients.iter().map(|p| p.id.as_str()).collect();
    let open_patients: Vec<(String,)> = select_in(
        tx,
        &format!("SELECT DISTINCT r.patient_id {open_referrals} AND r.patient_id"),
        &[],
        &patient_ids,
        "",
    )
    .await?;
    let mut open: HashSet<String> = open_patients.into_iter().map(|(p,)| p).collect();
    // Opt-out referrals marked `keys_on_patient` are left out here (they are not in
    // `referrals_nhs_number`, migration 0014): such a referral's NHS number is its patient's,
    // the only patient with that number, who was loaded above by it and whose open referrals
    // the query before found by patient id. A row with that number is matched to that patient
    // (merged records never hold referrals: a merge moves them), so it is held back by `open`
    // exactly as it would have been by `open_nhs`.
    let open_nhs_rows: Vec<(String,)> = select_in(
        tx,
        &format!(
            "SELECT DISTINCT r.nhs_number {open_referrals} AND NOT r.keys_on_patient AND \
             r.nhs_number"
        ),
        &[],
        &referral_nhs,
        "",
    )
    .await?;
    let open_nhs: HashSet<String> = open_nhs_rows.into_iter().map(|(n,)| n).collect();

    // 3. Decide, row by row, in memory.
    let mut writes: Vec<EpisodeWrite> = Vec::new();
    let mut referrals: Vec<ReferralWrite> = Vec::new();
    let mut matches: Vec<(usize, usize)> = Vec::new();
    for (line, row, hospital) in valid {
        let nhs_number = row.nhs_number.as_ref().map(|n| n.as_str().to_string());
        let local_key = row
            .local_patient_id
            .as_ref()
            .map(|l| (hospital.id.clone(), l.clone()));
        let by_n = nhs_number.as_ref().and_then(|n| by_nhs.get(n).copied());
        let by_l = local_key.as_ref().and_then(|k| by_local.get(k).copied());
        let patient = match (by_n, by_l) {
            (Some(a), Some(b)) if a != b => {
                reject(
                    summary,
                    line,
                    vec![RowError {
                        field: "local_patient_id",
                        message: "belongs to a patient with another NHS number".into(),
                    }],
                );
                continue;
            }
            (Some(a), _) => a,
            (None, Some(b)) => {
                // Only a row that gives another NHS number conflicts: one without any (the
                // hospital knows the patient by its own id) is the same patient.
                if nhs_number.is_some() && patients.get(b).is_some_and(|p| p.nhs_number.is_some()) {
                    reject(
                        summary,
                        line,
                        vec![RowError {
                            field: "nhs_number",
                            message: "differs from the NHS number this hospital's patient id \
                                      already has"
                                .into(),
                        }],
                    );
                    continue;
                }
                b
            }
            (None, None) => {
                let key = match_key(&row.given_name, &row.family_name, row.date_of_birth);
                let i = patients.len();
                patients.push(PatientRec {
                    id: uuid::Uuid::now_v7().to_string(),
                    nhs_number: None,
                    hospital_id: None,
                    local_patient_id: None,
                    given_name: row.given_name.clone(),
                    family_name: row.family_name.clone(),
                    date_of_birth: row.date_of_birth.to_string(),
                    match_key: key.clone(),
                    ethnicity: None,
                    gender: None,
                    dirty: true,
                    stored: None,
                });
                by_id.insert(patients[i].id.clone(), i);
                // Same name and date of birth, other identifiers: a person must confirm.
                for other in by_key.get(&key).into_iter().flatten() {
                    matches.push((i, *other));
                }
                by_key.entry(key).or_default().push(i);
                i
            }
        };
        // Bring the patient record up to date with this row.
        if let Some(p) = patients.get_mut(patient) {
            if p.nhs_number.is_none()
                && let Some(n) = &nhs_number
            {
                p.nhs_number = Some(n.clone());
                by_nhs.insert(n.clone(), patient);
                p.dirty = true;
            }
            if p.local_patient_id.is_none()
                && let Some(k) = &local_key
                && !by_local.contains_key(k)
            {
                p.hospital_id = Some(k.0.clone());
                p.local_patient_id = Some(k.1.clone());
                by_local.insert(k.clone(), patient);
                p.dirty = true;
            }
            let dob = row.date_of_birth.to_string();
            if p.given_name != row.given_name
                || p.family_name != row.family_name
                || p.date_of_birth != dob
                || (row.ethnicity.is_some() && p.ethnicity != row.ethnicity)
                || (row.gender.is_some() && p.gender != row.gender)
            {
                p.given_name = row.given_name.clone();
                p.family_name = row.family_name.clone();
                p.date_of_birth = dob;
                p.match_key = match_key(&row.given_name, &row.family_name, row.date_of_birth);
                if row.ethnicity.is_some() {
                    p.ethnicity = row.ethnicity.clone();
                }
                if row.gender.is_some() {
                    p.gender = row.gender.clone();
                }
                p.dirty = true;
            }
        }
        let hash = row_hash(&row);
        let key = (hospital.id.clone(), row.episode_id.clone());
        let id = match episodes.get(&key) {
            Some((_, old)) if *old == hash => {
                summary.unchanged += 1;
                continue;
            }
            Some((id, _)) => {
                summary.updated += 1;
                id.clone()
            }
            None => {
                summary.inserted += 1;
                uuid::Uuid::now_v7().to_string()
            }
        };
        episodes.insert(key, (id.clone(), hash.clone()));
        let jurisdiction = row.jurisdiction.unwrap_or(hospital.jurisdiction);
        let (qualifies, basis) = qualifies_on_start(
            row.legal_status,
            row.start,
            row.date_of_birth,
            jurisdiction,
            &options.law,
        );
        let episode = writes.len();
        let patient_id = patients
            .get(patient)
            .map(|p| p.id.clone())
            .unwrap_or_default();
        let nhs_open = nhs_number.as_ref().is_some_and(|n| open_nhs.contains(n));
        if qualifies && !open.contains(&patient_id) && !nhs_open {
            open.insert(patient_id);
            referrals.push(ReferralWrite {
                id: uuid::Uuid::now_v7().to_string(),
                reference: ids.reference()?,
                patient,
                episode,
                hospital_name: hospital.name.clone(),
            });
        }
        writes.push(EpisodeWrite {
            id,
            hospital_id: hospital.id.clone(),
            episode_id: row.episode_id.clone(),
            patient,
            row,
            jurisdiction,
            qualifies,
            basis,
            hash,
        });
    }

    // 4. Write: patients, episodes, referrals, matches, one audit entry.
    let patient_rows: Vec<Vec<V>> = patients
        .iter()
        .filter(|p| p.dirty)
        .map(|p| {
            vec![
                V::S(Some(&p.id)),
                V::S(p.nhs_number.as_deref()),
                V::S(p.hospital_id.as_deref()),
                V::S(p.local_patient_id.as_deref()),
                V::S(Some(&p.given_name)),
                V::S(Some(&p.family_name)),
                V::S(Some(&p.date_of_birth)),
                V::S(Some(&p.match_key)),
                V::S(p.ethnicity.as_deref()),
                V::S(p.gender.as_deref()),
                V::S(Some(&now_text)),
                V::S(Some(&now_text)),
            ]
        })
        .collect();
    bulk(
        tx,
        &format!("INSERT INTO patients ({PATIENT_COLUMNS}, created_at, updated_at)"),
        12,
        "",
        &patient_rows,
        "ON CONFLICT (id) DO UPDATE SET nhs_number = excluded.nhs_number, \
         hospital_id = excluded.hospital_id, local_patient_id = excluded.local_patient_id, \
         given_name = excluded.given_name, family_name = excluded.family_name, \
         date_of_birth = excluded.date_of_birth, match_key = excluded.match_key, \
         ethnicity = excluded.ethnicity, gender = excluded.gender, \
         updated_at = excluded.updated_at",
    )
    .await?;
    // Stored patients whose NHS number or match_key this batch changed: their opt-out
    // referrals no longer carry their identifiers, so the duplicate check must find them
    // through the referral indexes again (migration 0014).
    let rekeyed: Vec<&str> = patients
        .iter()
        .filter(|p| {
            p.dirty
                && p.stored.as_ref().is_some_and(|(nhs, key)| {
                    *key != p.match_key || (nhs.is_some() && *nhs != p.nhs_number)
                })
        })
        .map(|p| p.id.as_str())
        .collect();
    let unmarked: Vec<(String, Option<String>)> = select_in(
        tx,
        "UPDATE referrals SET keys_on_patient = FALSE WHERE keys_on_patient AND patient_id",
        &[],
        &rekeyed,
        " RETURNING id, nhs_number",
    )
    .await?;
    if let Some(s) = seen.as_mut() {
        // Now in `referrals_nhs_number`: looked for again on open referrals.
        for n in unmarked.iter().filter_map(|(_, n)| n.as_deref()) {
            s.insert(seen::hash(Kind::ReferralNhs, &[n]));
        }
    }
    let texts: Vec<[String; 4]> = writes
        .iter()
        .map(|w| {
            [
                when_text(w.row.start),
                w.row.end.map(when_text).unwrap_or_default(),
                w.row
                    .told_orally_on
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                w.row
                    .told_in_writing_on
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let episode_rows: Vec<Vec<V>> = writes
        .iter()
        .zip(&texts)
        .map(|(w, t)| {
            vec![
                V::S(Some(&w.id)),
                V::S(Some(&w.hospital_id)),
                V::S(Some(&w.episode_id)),
                V::S(patients.get(w.patient).map(|p| p.id.as_str())),
                V::S(Some(w.row.legal_status.id())),
                V::S(Some(&t[0])),
                V::S(Some(t[1].as_str()).filter(|s| !s.is_empty())),
                V::S(w.row.ward.as_deref()),
                V::S(Some(w.jurisdiction.id())),
                V::S(Some(t[2].as_str()).filter(|s| !s.is_empty())),
                V::S(Some(t[3].as_str()).filter(|s| !s.is_empty())),
                V::B(w.qualifies),
                V::S(Some(w.basis)),
                V::S(Some(&w.hash)),
                V::S(Some(&now_text)),
                V::S(Some(&now_text)),
            ]
        })
        .collect();
    bulk(
        tx,
        "INSERT INTO episodes (id, hospital_id, episode_id, patient_id, legal_status, start_at, \
         end_at, ward, jurisdiction, told_orally_on, told_in_writing_on, qualifies, \
         eligibility_basis, row_hash, created_at, updated_at)",
        16,
        "",
        &episode_rows,
        "ON CONFLICT (hospital_id, episode_id) DO UPDATE SET patient_id = excluded.patient_id, \
         legal_status = excluded.legal_status, start_at = excluded.start_at, \
         end_at = excluded.end_at, ward = excluded.ward, jurisdiction = excluded.jurisdiction, \
         told_orally_on = COALESCE(excluded.told_orally_on, episodes.told_orally_on), \
         told_in_writing_on = COALESCE(excluded.told_in_writing_on, episodes.told_in_writing_on), \
         qualifies = excluded.qualifies, \
         eligibility_basis = excluded.eligibility_basis, row_hash = excluded.row_hash, \
         updated_at = excluded.updated_at",
    )
    .await?;
    let due = imha_law::holidays::add_working_days(uk_date(now), options.visit_target_working_days)
        .to_string();
    let referral_texts: Vec<(String, Option<String>)> = referrals
        .iter()
        .map(|r| {
            let p = patients.get(r.patient);
            let dob = p.map(|p| p.date_of_birth.clone()).unwrap_or_default();
            (dob, Some(format!("{} (opt-out feed)", r.hospital_name)))
        })
        .collect();
    let referral_rows: Vec<Vec<V>> = referrals
        .iter()
        .zip(&referral_texts)
        .filter_map(|(r, (dob, referrer))| {
            let p = patients.get(r.patient)?;
            let w = writes.get(r.episode)?;
            let whereabouts = if in_community(w.row.legal_status) {
                "community"
            } else {
                "hospital"
            };
            Some(vec![
                V::S(Some(&r.id)),
                V::S(Some(&r.reference)),
                V::S(Some(&now_text)),
                V::S(Some(&p.given_name)),
                V::S(Some(&p.family_name)),
                V::S(Some(dob)),
                V::S(p.nhs_number.as_deref()),
                V::S(Some(&p.match_key)),
                V::S(Some(whereabouts)),
                V::S(Some(&w.hospital_id)),
                V::S(Some(&r.hospital_name)),
                V::S(w.row.ward.as_deref()),
                V::S(Some(w.row.legal_status.id())),
                V::S(Some(w.jurisdiction.id())),
                V::S(Some(w.basis)),
                V::S(referrer.as_deref()),
                V::S(Some(&p.id)),
                V::S(Some(&w.id)),
                V::S(Some(&due)),
            ])
        })
        .collect();
    bulk(
        tx,
        "INSERT INTO referrals (id, reference, received_at, given_name, family_name, \
         date_of_birth, nhs_number, match_key, whereabouts, hospital_id, hospital_name, ward, \
         legal_status, jurisdiction, eligibility_basis, referrer_name, patient_id, \
         episode_id, visit_due_on, appears_eligible, channel, referrer_kind, help, status, \
         keys_on_patient)",
        19,
        // The same for every row, written into the statement rather than bound (each bound
        // value is copied twice on the way to SQLite); `keys_on_patient`: made with its
        // patient's NHS number and match_key (written above).
        ",TRUE,'opt-out','professional','','new',TRUE",
        &referral_rows,
        "",
    )
    .await?;
    summary.referrals_created += referrals.len() as u64;
    let match_rows: Vec<Vec<V>> = matches
        .iter()
        .filter_map(|(a, b)| {
            Some(vec![
                V::S(Some(patients.get(*a)?.id.as_str())),
                V::S(Some(patients.get(*b)?.id.as_str())),
                V::S(Some(&now_text)),
            ])
        })
        .collect();
    bulk(
        tx,
        "INSERT INTO patient_matches (patient_id, candidate_id, created_at)",
        3,
        "",
        &match_rows,
        "ON CONFLICT (patient_id, candidate_id) DO NOTHING",
    )
    .await?;
    summary.possible_matches += match_rows.len() as u64;
    // What this batch wrote is in the database from now on (updated records keep their old
    // keys in the filter too, which costs nothing but a lookup).
    if let Some(s) = seen {
        for p in patients.iter().filter(|p| p.dirty) {
            s.add_patient(
                p.nhs_number.as_deref(),
                p.hospital_id.as_deref(),
                p.local_patient_id.as_deref(),
                &p.match_key,
            );
        }
        for w in &writes {
            s.insert(seen::hash(Kind::Episode, &[&w.hospital_id, &w.episode_id]));
        }
    }
    batch.episodes += writes.len();
    batch.referrals += referrals.len();
    batch.matches += match_rows.len();
    Ok(())
}
