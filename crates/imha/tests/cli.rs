//! The `imha` command as a user runs it: `imha rights` (contracts.md section 2) and
//! `imha serve` starting, answering and stopping cleanly on SIGTERM.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "cli/import.rs"]
mod import;
#[path = "cli/report.rs"]
mod report;

fn imha(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_imha"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that does not read standard input (a FILE argument, an early error) may exit
    // before we finish writing: a broken pipe here is not the test's failure.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

const CONTRACT_EXAMPLE: &str = r#"{
  "jurisdiction": "england",
  "as_of": "2026-04-01",
  "date_of_birth": "1990-05-01",
  "history": [
    {"status": "s2", "start": "2026-03-10"},
    {"status": "s3", "start": "2026-03-20"}
  ],
  "treatment_discussed": null,
  "tribunal_hearings": []
}"#;

#[test]
fn rights_reads_standard_input_and_prints_one_json_document() {
    for args in [vec!["rights"], vec!["rights", "-"]] {
        let out = imha(&args, CONTRACT_EXAMPLE);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["status"], "s3");
        assert_eq!(doc["authority"]["end"], "2026-09-19");
        assert_eq!(doc["managers_reference"]["due"], "2026-09-10");
    }
}

#[test]
fn rights_reads_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("patient.json");
    std::fs::write(&path, CONTRACT_EXAMPLE).unwrap();
    let out = imha(&["rights", path.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["imha"]["basis"], "MHA 1983 s130C(2)(a)");
}

#[test]
fn invalid_rights_input_exits_2_with_one_line_naming_the_field() {
    let bad = r#"{"as_of":"2026-04-01","history":[{"status":"s2","start":"2026-03-10"},{"status":"s3","start":"2026-13-01"}]}"#;
    let out = imha(&["rights"], bad);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing on standard output");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err.trim_end(),
        r#"history[1].start: not a date: "2026-13-01""#
    );
    assert_eq!(err.lines().count(), 1);

    let missing = imha(&["rights", "/no/such/file.json"], "");
    assert_eq!(missing.status.code(), Some(2));
    assert!(missing.stdout.is_empty());
}

#[test]
fn rights_jsonl_answers_line_by_line_and_exits_1_on_a_bad_line() {
    let good = CONTRACT_EXAMPLE.replace('\n', " ");
    let input = format!("{good}\n{{\"history\": []}}\n{good}\n");
    let out = imha(&["rights", "--jsonl"], &input);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["status"], "s3");
    assert_eq!(
        lines[1],
        serde_json::json!({"line": 2, "error": "as_of: missing"})
    );
    assert_eq!(lines[2]["status"], "s3");

    let ok = imha(&["rights", "--jsonl"], &format!("{good}\n{good}\n"));
    assert_eq!(ok.status.code(), Some(0));
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn serve_creates_the_database_answers_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_imha"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .current_dir(dir.path())
        .env_remove("IMHA_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let answered = loop {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::Read;
            s.write_all(b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut buf = String::new();
            let _ = s.read_to_string(&mut buf);
            break buf;
        }
        assert!(Instant::now() < deadline, "imha serve never answered");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
    assert!(
        dir.path().join("imha.sqlite3").exists(),
        "the default SQLite file is created in the working directory"
    );

    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "clean exit on SIGTERM");
    let logs = String::from_utf8(out.stderr).unwrap();
    assert!(logs.contains("SIGTERM received"), "{logs}");
    // Structured logs: every line is JSON, and requests carry an id but never the query string.
    for line in logs.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(v["level"].is_string());
    }
    assert!(logs.contains("request_id"));
}

#[test]
fn audit_verify_passes_an_intact_trail_and_names_the_changed_entry() {
    use imha_core::audit::{self, Action, NewEntry};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("imha.sqlite3").display());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let db = imha_core::Database::connect(&url).await.unwrap();
        for i in 0..5 {
            let e = NewEntry::by_user("u1", Action::RecordViewed)
                .on_record("referral", format!("r{i}"));
            audit::record_now(&db, e).await.unwrap();
        }
        db.close().await;
    });

    let ok = imha(&["audit", "verify", "--database", &url], "");
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert_eq!(
        String::from_utf8(ok.stdout).unwrap(),
        "audit trail intact: 5 entries\n"
    );

    rt.block_on(async {
        let db = imha_core::Database::connect(&url).await.unwrap();
        let imha_core::Database::Sqlite(pool) = &db else {
            unreachable!()
        };
        sqlx::query("UPDATE audit_log SET record_id = 'r9' WHERE seq = 3")
            .execute(pool)
            .await
            .unwrap();
        db.close().await;
    });
    let broken = imha(&["audit", "verify", "--database", &url], "");
    assert_eq!(broken.status.code(), Some(1));
    assert!(broken.stdout.is_empty());
    let err = String::from_utf8(broken.stderr).unwrap();
    assert!(err.starts_with("audit trail broken at entry 3: "), "{err}");
    assert_eq!(err.lines().count(), 1);

    // A mistyped path is an error, not an empty (and so "intact") trail.
    let missing = dir.path().join("typo.sqlite3");
    let out = imha(
        &[
            "audit",
            "verify",
            "--database",
            &format!("sqlite://{}", missing.display()),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!missing.exists(), "verify creates no database");
}

/// Start `imha serve` on a free port in `dir` and wait until it answers.
fn start_server(dir: &std::path::Path) -> (std::process::Child, u16) {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_imha"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .current_dir(dir)
        .env_remove("IMHA_DATABASE_URL")
        .env("IMHA_LOG", "debug")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "imha serve never answered");
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, port)
}

#[test]
fn no_log_line_holds_a_password_a_token_or_an_email() {
    let dir = tempfile::tempdir().unwrap();
    let email = "logcheck.person@example.org";
    let create = Command::new(env!("CARGO_BIN_EXE_imha"))
        .args([
            "user",
            "create",
            "--role",
            "commissioner",
            "--email",
            email,
            "--name",
            "Logcheck Person",
        ])
        .current_dir(dir.path())
        .env_remove("IMHA_DATABASE_URL")
        .output()
        .unwrap();
    assert_eq!(
        create.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&create.stderr)
    );
    let link = String::from_utf8(create.stdout).unwrap().trim().to_string();
    let token = link.split("token=").nth(1).unwrap().to_string();
    assert_eq!(token.len(), 64);

    let (child, port) = start_server(dir.path());
    let base = format!("http://127.0.0.1:{port}");
    let password = "quiet harbour violet compass";
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let res = client
            .get(format!("{base}/staff/setup?token={token}"))
            .send()
            .await
            .unwrap();
        let cookie = res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let res = client
            .post(format!("{base}/staff/setup"))
            .header("cookie", &cookie)
            .form(&[("password", password), ("confirm", password)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["location"], "/staff/login?done=setup");
        let wrong = client
            .post(format!("{base}/staff/login"))
            .form(&[("email", email), ("password", "wrong guess password")])
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 200);
        let ok = client
            .post(format!("{base}/staff/login"))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .unwrap();
        assert_eq!(ok.headers()["location"], "/staff");
    });
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    let logs = String::from_utf8(out.stderr).unwrap();
    assert!(
        logs.contains("/staff/login"),
        "requests were logged: {logs}"
    );
    for secret in [
        password,
        "wrong guess password",
        token.as_str(),
        email,
        "Logcheck",
    ] {
        assert!(!logs.contains(secret), "a log line holds {secret:?}");
    }
}

#[test]
fn mha_2025_provisions_are_switched_on_only_by_a_law_configuration_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("law.json");
    std::fs::write(
        &config,
        r#"{"tribunal_windows": {"england": "2027-01-01"}}"#,
    )
    .unwrap();
    let input = r#"{"as_of": "2027-03-02", "history": [{"status": "s2", "start": "2027-03-01"}]}"#;
    let default = imha(&["rights"], input);
    let default: serde_json::Value = serde_json::from_slice(&default.stdout).unwrap();
    assert_eq!(
        default["tribunal"]["patient"]["to"], "2027-03-14",
        "14 days under current law"
    );
    let commenced = imha(&["rights", "--law-config", config.to_str().unwrap()], input);
    assert_eq!(
        commenced.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&commenced.stderr)
    );
    let commenced: serde_json::Value = serde_json::from_slice(&commenced.stdout).unwrap();
    assert_eq!(
        commenced["tribunal"]["patient"]["to"], "2027-03-21",
        "21 days under MHA 2025 s30(1)"
    );

    std::fs::write(&config, r#"{"tribunal_window": {"england": "2027-01-01"}}"#).unwrap();
    let bad = imha(&["rights", "--law-config", config.to_str().unwrap()], input);
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stdout.is_empty());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown provision group"));
}
