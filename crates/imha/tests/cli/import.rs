//! `imha import episodes` as a hospital's MHA office runs it (contracts.md section 3): exit
//! codes, standard output carrying only the JSON result, and a crash part-way through a large
//! file followed by a re-run giving the same database as a clean import.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use imha_core::organisations::{self, Kind};
use imha_core::testing::TestDb;

use super::imha;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A fresh database (SQLite or PostgreSQL) with hospitals RZZ01 and RZZ02.
fn database(rt: &tokio::runtime::Runtime, postgres: bool) -> TestDb {
    rt.block_on(async {
        let t = if postgres {
            TestDb::postgres().await
        } else {
            TestDb::sqlite().await
        };
        let mut tx = t.db.begin().await.unwrap();
        for code in ["RZZ01", "RZZ02"] {
            organisations::create(&mut tx, Kind::Hospital, code, Some(code), "england")
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        t
    })
}

const HEADER: &str = "episode_id,hospital,nhs_number,local_patient_id,given_name,family_name,date_of_birth,legal_status,start,end,ward";

fn big_file(rows: usize) -> String {
    let mut s = String::from(HEADER);
    for i in 0..rows {
        let hospital = if i % 3 == 0 { "RZZ02" } else { "RZZ01" };
        // Every fourth patient has a second episode (s2 then s3); some rows do not qualify.
        let patient = i - i % 2 * usize::from(i % 4 == 1);
        let status = match i % 10 {
            0 => "s136",
            1 | 5 => "s3",
            7 => "cto",
            _ => "s2",
        };
        s.push_str(&format!(
            "\nE{i},{hospital},,P{patient},Given{},Family{},19{:02}-0{}-1{},{status},2026-0{}-1{},,Ward {}",
            patient % 97,
            patient % 89,
            patient % 100,
            1 + patient % 9,
            patient % 10,
            1 + i % 9,
            i % 10,
            i % 5
        ));
    }
    s.push('\n');
    s
}

#[test]
fn exit_codes_and_standard_output_follow_the_contract() {
    let rt = runtime();
    let t = database(&rt, false);
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!("{HEADER}\nE1,RZZ01,943 476 5919,,Sam,Okafor,1990-05-01,03,2026-03-20,,Willow\n"),
    )
    .unwrap();
    let out = imha(
        &[
            "import",
            "episodes",
            good.to_str().unwrap(),
            "--database",
            &t.url,
        ],
        "",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["inserted"], 1);
    assert_eq!(doc["referrals_created"], 1);
    // Not a terminal: no progress line on standard error.
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Standard input, with a rejected row: exit 1, the line named.
    let input = format!("{HEADER}\nE2,RZZ01,9434765918,,Ann,Lee,1970-01-02,s3,2026-03-21,,\n");
    let out = imha(&["import", "episodes", "-", "--database", &t.url], &input);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["errors"],
        serde_json::json!([{"line": 2, "field": "nhs_number", "message": "check digit does not match"}])
    );

    // Unreadable: a required column missing. Exit 2, nothing on standard output, nothing stored.
    let out = imha(
        &["import", "episodes", "-", "--database", &t.url],
        "episode_id,hospital,given_name\nE3,RZZ01,Jo\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing required column: family_name"));
    let out = imha(
        &["import", "episodes", "/no/such.csv", "--database", &t.url],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let episodes: i64 = rt.block_on(async {
        imha_core::on_pool!(&t.db, p => sqlx::query_scalar("SELECT COUNT(*) FROM episodes").fetch_one(p).await).unwrap()
    });
    assert_eq!(episodes, 1);
}

/// Everything the import decides, by natural keys (ids and times differ between runs).
fn snapshot(rt: &tokio::runtime::Runtime, t: &TestDb) -> (Vec<String>, Vec<String>, Vec<String>) {
    rt.block_on(async {
        let q = |sql: &'static str| async move {
            let rows: Vec<String> = imha_core::on_pool!(&t.db, p => sqlx::query_scalar(sql).fetch_all(p).await).unwrap();
            let mut rows = rows;
            rows.sort();
            rows
        };
        (
            q("SELECT o.ods_code || '|' || e.episode_id || '|' || e.legal_status || '|' || e.start_at \
               || '|' || COALESCE(e.ward, '') || '|' || p.local_patient_id \
               FROM episodes e JOIN organisations o ON o.id = e.hospital_id \
               JOIN patients p ON p.id = e.patient_id").await,
            q("SELECT COALESCE(o.ods_code, '') || '|' || p.local_patient_id || '|' || p.given_name \
               || '|' || p.family_name || '|' || p.date_of_birth \
               FROM patients p LEFT JOIN organisations o ON o.id = p.hospital_id").await,
            q("SELECT p.local_patient_id || '|' || e.episode_id || '|' || r.status || '|' || r.channel \
               FROM referrals r JOIN patients p ON p.id = r.patient_id \
               JOIN episodes e ON e.id = r.episode_id").await,
        )
    })
}

fn crash_and_resume(postgres: bool) {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.csv");
    let rows = 40_000;
    std::fs::write(&path, big_file(rows)).unwrap();

    // A clean import, for comparison.
    let clean = database(&rt, postgres);
    let out = imha(
        &[
            "import",
            "episodes",
            path.to_str().unwrap(),
            "--database",
            &clean.url,
            "--batch-size",
            "1000",
        ],
        "",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Kill -9 part-way through, then run the same command again.
    let crashed = database(&rt, postgres);
    let mut child = Command::new(env!("CARGO_BIN_EXE_imha"))
        .args([
            "import",
            "episodes",
            path.to_str().unwrap(),
            "--database",
            &crashed.url,
            "--batch-size",
            "1000",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let count = |t: &TestDb| -> i64 {
        rt.block_on(async {
            imha_core::on_pool!(&t.db, p => sqlx::query_scalar("SELECT COUNT(*) FROM episodes").fetch_one(p).await).unwrap()
        })
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    while count(&crashed) < 3_000 {
        assert!(Instant::now() < deadline, "the import never got going");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let at_crash = count(&crashed);
    assert!(
        at_crash < rows as i64,
        "the import finished before it could be killed ({at_crash} rows): the test proves nothing"
    );
    let out = imha(
        &[
            "import",
            "episodes",
            path.to_str().unwrap(),
            "--database",
            &crashed.url,
            "--batch-size",
            "1000",
        ],
        "",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Whole batches committed before the kill are unchanged now; nothing half-written.
    let unchanged = doc["unchanged"].as_i64().unwrap();
    assert!(
        unchanged >= at_crash - 1000 && unchanged <= at_crash + 1000,
        "{doc}"
    );
    assert_eq!(doc["inserted"].as_i64().unwrap() + unchanged, rows as i64);

    let a = snapshot(&rt, &clean);
    let b = snapshot(&rt, &crashed);
    assert_eq!(a.0.len(), rows);
    assert!(!a.2.is_empty());
    assert_eq!(a.0, b.0, "episodes differ");
    assert_eq!(a.1, b.1, "patients differ");
    assert_eq!(a.2, b.2, "referrals differ (a duplicate or a missing one)");
    if !postgres {
        let ok: String = rt.block_on(async {
            imha_core::on_pool!(&crashed.db, p => sqlx::query_scalar("PRAGMA integrity_check").fetch_one(p).await).unwrap()
        });
        assert_eq!(ok, "ok");
    }
}

#[test]
fn a_killed_import_run_again_equals_a_clean_import_on_sqlite() {
    crash_and_resume(false);
}

#[test]
fn a_killed_import_run_again_equals_a_clean_import_on_postgres() {
    crash_and_resume(true);
}
