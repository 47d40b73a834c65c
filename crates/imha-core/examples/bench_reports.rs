//! Benchmark of the commissioner's report (issue 9): `reports::compute` and `reports::tables`
//! over ten years of national-scale synthetic data in SQLite.
//!
//! ```sh
//! cargo run --release -p imha-core --example bench_reports -- [DB_PATH] [RUNS]
//! ```
//!
//! Generates, with bulk SQL straight into a migrated database (not through the importer, which
//! has its own benchmark), when DB_PATH does not exist yet: 150 hospitals in the areas of 40
//! local authorities; 400,000 patients; 600,000 legal-status episodes over 2016-2025 (a third
//! of patients with two); an opt-out or staff referral for each qualifying episode (about
//! 480,000); about 300,000 cases with two contacts and one issue each and an outcome on half of
//! the closed ones; one case in ten has a home council, spread over all 40. Every id is then
//! rewritten as 36 characters, like the application's UUIDv7s, and the file compacted
//! (`VACUUM`). Deterministic: no random(), only arithmetic on row numbers. Then times, RUNS
//! times each (median and range): the report for one local authority's area (four hospitals)
//! and for everywhere, 2016-01-01 to 2025-12-31; and the baselines in the same run,
//! `SELECT COUNT(*) FROM episodes` and a full scan of episodes (`... WHERE ward = 'none'`).
//! Prints wall time and, on Linux, the CPU time of all the process's threads (SQLite runs on
//! worker threads), which says more than wall time on a busy machine. With the environment
//! variable `BENCH_AREA_ONLY` set, the report for everywhere (minutes) is not run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use imha_core::Database;
use imha_core::reports::{self, Area, Query, Suppression};
use jiff::civil::date;

/// A deterministic pseudo-random number in 0..1000003 from a row number and a salt.
fn h(col: &str, salt: u64) -> String {
    format!("((({col}) * 2654435761 + {salt} * 40503 + 7) % 1000003)")
}

fn generation() -> Vec<String> {
    let series = |n: u64| {
        format!(
            "WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < {})",
            n - 1
        )
    };
    let ts = "'%Y-%m-%dT%H:%M:%SZ'";
    vec![
        format!(
            "{} INSERT INTO organisations (id, kind, name, ods_code, jurisdiction, created_at) \
             SELECT printf('h%03d', n), 'hospital', printf('Hospital %d', n), printf('RB%03d', n), \
             'england', '2016-01-01T00:00:00Z' FROM s",
            series(150)
        ),
        format!(
            "{} INSERT INTO organisations (id, kind, name, ods_code, jurisdiction, created_at) \
             SELECT printf('la%02d', n), 'local-authority', printf('Council %d', n), \
             printf('E06%06d', n), 'england', '2016-01-01T00:00:00Z' FROM s",
            series(40)
        ),
        format!(
            "{} INSERT INTO area_members (local_authority_id, member_id) \
             SELECT printf('la%02d', n % 40), printf('h%03d', n) FROM s",
            series(150)
        ),
        format!(
            "{} INSERT INTO patients (id, given_name, family_name, date_of_birth, match_key, \
               ethnicity, gender, created_at, updated_at) \
             SELECT printf('p%06d', n), 'A', 'B', date('1935-01-01', '+' || ({} % 27000) || ' days'), \
               'k' || n, substr('AABCDEFGHJKLMNPRSZ9', 1 + {} % 19, 1), substr('1212129X0', 1 + {} % 9, 1), \
               '2016-01-01T00:00:00Z', '2016-01-01T00:00:00Z' FROM s",
            series(400_000),
            h("n", 1),
            h("n", 2),
            h("n", 3)
        ),
        format!(
            "{} INSERT INTO episodes (id, hospital_id, episode_id, patient_id, legal_status, \
               start_at, end_at, jurisdiction, qualifies, eligibility_basis, row_hash, created_at, \
               updated_at) \
             SELECT printf('e%06d', n), printf('h%03d', (n % 400000) % 150), 'E' || n, \
               printf('p%06d', n % 400000), \
               CASE a % 10 WHEN 0 THEN 's2' WHEN 1 THEN 's2' WHEN 2 THEN 's3' WHEN 3 THEN 's3' \
                 WHEN 4 THEN 'cto' WHEN 5 THEN 's37' WHEN 6 THEN 's37-41' WHEN 7 THEN 's5-2' \
                 WHEN 8 THEN 's136' ELSE 's47-49' END, \
               date('2016-01-01', '+' || (b % 3652) || ' days'), \
               CASE WHEN c % 10 < 6 THEN date('2016-01-01', '+' || (b % 3652 + c % 180) || ' days') END, \
               'england', a % 10 NOT IN (7, 8), 'x', 'x', '2016-01-01T00:00:00Z', '2016-01-01T00:00:00Z' \
             FROM (SELECT n, {} AS a, {} AS b, {} AS c FROM s)",
            series(600_000),
            h("n", 4),
            h("n", 5),
            h("n", 6)
        ),
        // One referral for each qualifying episode; five in eight accepted.
        format!(
            "INSERT INTO referrals (id, reference, channel, referrer_kind, received_at, given_name, \
               family_name, whereabouts, hospital_id, jurisdiction, help, status, decided_at, \
               first_contact_at, patient_id, episode_id, outcome, outcome_at) \
             SELECT 'r' || substr(id, 2), 'R' || substr(id, 2), \
               CASE WHEN a % 10 = 0 THEN 'staff' ELSE 'opt-out' END, 'professional', \
               strftime({ts}, start_at, '+' || (a % 172800) || ' seconds'), 'A', 'B', 'hospital', \
               hospital_id, 'england', 'rights', \
               CASE WHEN a % 8 < 5 THEN 'accepted' WHEN a % 8 = 5 THEN 'new' ELSE 'patient-declined' END, \
               CASE WHEN a % 8 <> 5 THEN strftime({ts}, start_at, '+' || (a % 172800 + b % 600000) || ' seconds') END, \
               CASE WHEN b % 20 < 17 THEN strftime({ts}, start_at, '+' || (a % 172800 + b % 400000) || ' seconds') END, \
               patient_id, id, \
               CASE WHEN a % 10 = 0 THEN NULL WHEN a % 8 < 5 THEN 'accepted' WHEN a % 8 = 5 THEN 'visited' \
                 WHEN b % 2 = 0 THEN 'declined' ELSE 'not-seen' END, \
               CASE WHEN a % 10 <> 0 THEN strftime({ts}, start_at, '+' || (a % 172800 + b % 500000) || ' seconds') END \
             FROM (SELECT e.*, {} AS a, {} AS b FROM episodes e WHERE e.qualifies)",
            h("CAST(substr(e.id, 2) AS INTEGER)", 7),
            h("CAST(substr(e.id, 2) AS INTEGER)", 8)
        ),
        format!(
            "INSERT INTO cases (id, referral_id, status, opened_at, advocacy, closed_at, \
               home_authority_id, updated_at) \
             SELECT 'c' || substr(id, 2), id, CASE WHEN a % 3 = 0 THEN 'open' ELSE 'closed' END, \
               decided_at, CASE WHEN a % 10 = 0 THEN 'non-instructed' ELSE 'instructed' END, \
               CASE WHEN a % 3 <> 0 THEN strftime({ts}, decided_at, '+' || (a % 120 + 1) || ' days') END, \
               CASE WHEN b % 10 = 0 THEN printf('la%02d', (b / 10) % 40) END, decided_at \
             FROM (SELECT r.*, {} AS a, {} AS b FROM referrals r WHERE r.status = 'accepted')",
            h("CAST(substr(r.id, 2) AS INTEGER)", 9),
            h("CAST(substr(r.id, 2) AS INTEGER)", 10)
        ),
        format!(
            "INSERT INTO case_contacts (id, case_id, happened_at, minutes, mode, with_whom, recorded_at) \
             SELECT c.id || '-' || k.k, c.id, strftime({ts}, c.opened_at, '+' || (k.k * 7) || ' days'), \
               15 + ({} % 100), 'face-to-face', 'patient', c.opened_at \
             FROM cases c CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1) k",
            h("CAST(substr(c.id, 2) AS INTEGER) + k.k", 11)
        ),
        format!(
            "INSERT INTO case_issues (id, case_id, kind, status, raised_on, closed_on, created_at, updated_at) \
             SELECT c.id, c.id, \
               CASE a % 5 WHEN 0 THEN 'rights' WHEN 1 THEN 'tribunal-application' WHEN 2 THEN 'concerns-complaints' \
                 WHEN 3 THEN 'meetings-care-planning' ELSE 'other' END, \
               CASE a % 4 WHEN 0 THEN 'open' WHEN 1 THEN 'in-progress' WHEN 2 THEN 'resolved' ELSE 'closed-unresolved' END, \
               substr(c.opened_at, 1, 10), \
               CASE WHEN a % 4 >= 2 THEN date(substr(c.opened_at, 1, 10), '+' || (a % 60) || ' days') END, \
               c.opened_at, c.opened_at \
             FROM (SELECT c.*, {} AS a FROM cases c) c",
            h("CAST(substr(c.id, 2) AS INTEGER)", 12)
        ),
        format!(
            "INSERT INTO case_outcomes (case_id, felt_heard, felt_involved, rights_understood, \
               rights_upheld, care_changed, concern_resolved, recorded_at) \
             SELECT c.id, m1, m2, m1, m2, m1, m2, c.closed_at FROM \
               (SELECT c.*, CASE {} % 4 WHEN 0 THEN 'yes' WHEN 1 THEN 'partly' WHEN 2 THEN 'no' ELSE 'not-known' END AS m1, \
                  CASE {} % 3 WHEN 0 THEN 'yes' WHEN 1 THEN 'partly' ELSE 'no' END AS m2 \
                FROM cases c WHERE c.status = 'closed') c \
             WHERE {} % 2 = 0",
            h("CAST(substr(c.id, 2) AS INTEGER)", 13),
            h("CAST(substr(c.id, 2) AS INTEGER)", 14),
            h("CAST(substr(c.id, 2) AS INTEGER)", 15)
        ),
    ]
}

/// The generated ids are short (`e000123`, `p000123`, ...) so that the statements above can do
/// arithmetic on them; the application's are 36-character UUIDv7s, which make every index on
/// them and every lookup by them costlier. These statements rewrite every id and every reference
/// to one as 36 characters in the same order (time-ordered, like UUIDv7), run with foreign keys
/// off and checked afterwards.
fn long_ids() -> Vec<String> {
    // `n` the short id's number, `t` a per-table tag.
    let long = |col: &str, tag: u32| {
        let n = format!("CAST(substr({col}, 2) AS INTEGER)");
        format!(
            "printf('%08x-{tag:04x}-7000-8000-%012x', {n}, ({n} * 2654435761) % 281474976710656)"
        )
    };
    let by_rowid = |tag: u32| {
        format!(
            "printf('%08x-{tag:04x}-7000-8000-%012x', rowid, (rowid * 2654435761) % 281474976710656)"
        )
    };
    vec![
        format!(
            "UPDATE episodes SET id = {}, patient_id = {}",
            long("id", 1),
            long("patient_id", 2)
        ),
        format!("UPDATE patients SET id = {}", long("id", 2)),
        format!(
            "UPDATE referrals SET id = {}, patient_id = {}, episode_id = {}",
            long("id", 3),
            long("patient_id", 2),
            long("episode_id", 1)
        ),
        format!(
            "UPDATE cases SET id = {}, referral_id = {}",
            long("id", 4),
            long("referral_id", 3)
        ),
        format!(
            "UPDATE case_contacts SET id = {}, case_id = {}",
            by_rowid(5),
            long("case_id", 4)
        ),
        format!(
            "UPDATE case_issues SET id = {}, case_id = {}",
            by_rowid(6),
            long("case_id", 4)
        ),
        format!("UPDATE case_outcomes SET case_id = {}", long("case_id", 4)),
    ]
}

/// CPU time used so far by all of this process's threads (the tokio thread and SQLite's worker
/// threads), from Linux's `/proc/self/task/*/schedstat` (nanoseconds on a CPU); `None`
/// elsewhere. The machine may be shared, so wall time alone says little.
fn cpu_time() -> Option<Duration> {
    let mut total = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(total))
}

/// Wall and CPU time of one run.
#[derive(Default)]
struct Times {
    wall: Vec<Duration>,
    cpu: Vec<Duration>,
}

impl Times {
    async fn time<T>(&mut self, run: impl std::future::Future<Output = T>) -> T {
        let (t, c) = (Instant::now(), cpu_time());
        let out = run.await;
        self.wall.push(t.elapsed());
        if let (Some(before), Some(after)) = (c, cpu_time()) {
            self.cpu.push(after.saturating_sub(before));
        }
        out
    }
}

fn median(mut v: Vec<Duration>) -> (Duration, Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

async fn count(db: &Database, sql: &str) -> i64 {
    let Database::Sqlite(p) = db else {
        unreachable!()
    };
    sqlx::query_scalar(sql).fetch_one(p).await.unwrap()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "target/bench-reports.sqlite3".into());
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(7);
    let fresh = !std::path::Path::new(&path).exists();
    let db = Database::connect(&format!("sqlite://{path}"))
        .await
        .unwrap();
    if fresh {
        let Database::Sqlite(p) = &db else {
            unreachable!()
        };
        let started = Instant::now();
        let mut conn = p.acquire().await.unwrap();
        sqlx::query("BEGIN").execute(&mut *conn).await.unwrap();
        for sql in generation() {
            sqlx::query(&sql).execute(&mut *conn).await.unwrap();
        }
        sqlx::query("COMMIT").execute(&mut *conn).await.unwrap();
        // Foreign keys are checked as each row changes, so off while the ids are rewritten
        // (the pragma does nothing inside a transaction), then every reference is checked.
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(&mut *conn)
            .await
            .unwrap();
        sqlx::query("BEGIN").execute(&mut *conn).await.unwrap();
        for sql in long_ids() {
            sqlx::query(&sql).execute(&mut *conn).await.unwrap();
        }
        sqlx::query("COMMIT").execute(&mut *conn).await.unwrap();
        sqlx::query("PRAGMA foreign_keys = ON")
            .execute(&mut *conn)
            .await
            .unwrap();
        let broken = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        assert!(broken.is_empty(), "{} broken references", broken.len());
        // Compact, as a database that has been in use would be after `VACUUM`.
        sqlx::query("VACUUM").execute(&mut *conn).await.unwrap();
        println!("generated in {:.1} s", started.elapsed().as_secs_f64());
    }
    for table in [
        "episodes",
        "patients",
        "referrals",
        "cases",
        "case_contacts",
        "case_issues",
        "case_outcomes",
    ] {
        println!(
            "{table}: {}",
            count(&db, &format!("SELECT COUNT(*) FROM {table}")).await
        );
    }
    let region = Query {
        area: Area::LocalAuthority("la00".into()),
        from: date(2016, 1, 1),
        to: date(2025, 12, 31),
    };
    let everywhere = Query {
        area: Area::Everywhere,
        ..region.clone()
    };
    let s = Suppression::default();
    let everywhere_too = std::env::var_os("BENCH_AREA_ONLY").is_none();
    let (mut t_count, mut t_scan, mut t_region, mut t_all) = Default::default();
    let mut shown = None;
    for _ in 0..runs {
        Times::time(&mut t_count, count(&db, "SELECT COUNT(*) FROM episodes")).await;
        Times::time(
            &mut t_scan,
            count(&db, "SELECT COUNT(*) FROM episodes WHERE ward = 'none'"),
        )
        .await;
        let (f, tables) = Times::time(&mut t_region, async {
            let f = reports::compute(&db, &region, 2).await.unwrap();
            let tables = reports::tables(&f, &region, &s);
            (f, tables)
        })
        .await;
        shown = Some((
            f.uptake,
            f.cases_instructed + f.cases_non_instructed,
            tables.len(),
        ));
        if everywhere_too {
            Times::time(&mut t_all, async {
                let f = reports::compute(&db, &everywhere, 2).await.unwrap();
                reports::tables(&f, &everywhere, &s)
            })
            .await;
        }
    }
    let mut table = Vec::new();
    let mut row = |name: &str, t: Times| {
        let (m, lo, hi) = median(t.wall);
        let cpu = if t.cpu.is_empty() {
            "-".to_string()
        } else {
            ms(median(t.cpu).0)
        };
        table.push(format!(
            "| {name} | {} | {} to {} | {cpu} |",
            ms(m),
            ms(lo),
            ms(hi)
        ));
        m
    };
    let base = row("baseline: SELECT COUNT(*) FROM episodes", t_count);
    let scan = row("baseline: full scan of episodes", t_scan);
    let r = row(
        "report, one council's area (4 hospitals), ten years",
        t_region,
    );
    let a = everywhere_too.then(|| row("report, everywhere, ten years", t_all));
    println!("\n| run ({runs} each) | median ms | range ms | CPU ms (median) |\n|---|--:|--:|--:|");
    for line in table {
        println!("{line}");
    }
    println!(
        "\nratios: area / full scan {:.2}, area / count {:.1}",
        r.as_secs_f64() / scan.as_secs_f64(),
        r.as_secs_f64() / base.as_secs_f64()
    );
    if let Some(a) = a {
        println!(
            "everywhere / full scan {:.2}",
            a.as_secs_f64() / scan.as_secs_f64()
        );
    }
    if let Some((u, cases, tables)) = shown {
        println!("area: {u:?}, cases open {cases}, {tables} tables");
    }
    db.close().await;
}
