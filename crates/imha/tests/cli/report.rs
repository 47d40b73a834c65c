//! `imha report` as a council runs it to automate its returns: JSON and long CSV for an area and
//! a period, small numbers suppressed, spreadsheet formulas neutralised, and exit 2 with one
//! line on standard error for a bad argument.

use imha_core::organisations::{self, Kind};
use imha_core::referrals::Actor;
use imha_core::testing::TestDb;

use super::imha;

const HEADER: &str = "episode_id,hospital,nhs_number,local_patient_id,given_name,family_name,date_of_birth,legal_status,start,end,ward";

/// A council (ODS code E06000990) whose area holds hospital RZZ01, and RZZ02 outside it; 40
/// qualifying patients at RZZ01 and 12 at RZZ02 in 2026, from the feed; and one referral with a
/// channel that would be a spreadsheet formula.
fn database(rt: &tokio::runtime::Runtime) -> (TestDb, String) {
    rt.block_on(async {
        let t = TestDb::sqlite().await;
        let mut tx = t.db.begin().await.unwrap();
        let a = organisations::create(&mut tx, Kind::Hospital, "A", Some("RZZ01"), "england")
            .await
            .unwrap();
        organisations::create(&mut tx, Kind::Hospital, "B", Some("RZZ02"), "england")
            .await
            .unwrap();
        let la = organisations::create(
            &mut tx,
            Kind::LocalAuthority,
            "Northshire Council",
            Some("E06000990"),
            "england",
        )
        .await
        .unwrap();
        organisations::add_to_area(&mut tx, &la.id, &a.id)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut feed = String::from(HEADER);
        for i in 0..52 {
            let hospital = if i < 40 { "RZZ01" } else { "RZZ02" };
            feed.push_str(&format!(
                "\nE{i},{hospital},,P{i},Given{i},Family{i},1980-01-{:02},s3,2026-03-{:02},,Ward",
                1 + i % 28,
                1 + i % 28
            ));
        }
        feed.push('\n');
        imha_core::feed::import::import(
            &t.db,
            std::io::Cursor::new(feed.into_bytes()),
            &imha_core::feed::import::Options::default(),
            &Actor::System,
            jiff::civil::date(2026, 4, 1),
            |_| {},
        )
        .await
        .unwrap();
        let imha_core::Database::Sqlite(pool) = &t.db else {
            unreachable!()
        };
        sqlx::query(
            "INSERT INTO referrals (id, reference, channel, referrer_kind, received_at, \
             given_name, family_name, whereabouts, hospital_id, jurisdiction, help) VALUES \
             ('x', 'X', '=HYPERLINK(\"http://example.com\")', 'self', '2026-05-01T10:00:00Z', \
             'A', 'B', 'hospital', $1, 'england', 'rights')",
        )
        .bind(&a.id)
        .execute(pool)
        .await
        .unwrap();
        (t, la.id)
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn report_prints_the_published_tables_as_json_and_long_csv() {
    let rt = runtime();
    let (t, la_id) = database(&rt);
    let period = ["--from", "2026-01-01", "--to", "2026-12-31"];
    let run = |area: &str, format: &str| {
        let mut args = vec!["report", "--area", area, "--format", format];
        args.extend(period);
        args.extend(["--database", &t.url]);
        let out = imha(&args, "");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty());
        String::from_utf8(out.stdout).unwrap()
    };

    let json: serde_json::Value = serde_json::from_str(&run("E06000990", "json")).unwrap();
    assert_eq!(json["area"]["id"], la_id.as_str());
    assert_eq!(json["area"]["ods_code"], "E06000990");
    assert_eq!(
        (json["from"].as_str(), json["to"].as_str()),
        (Some("2026-01-01"), Some("2026-12-31"))
    );
    assert_eq!(
        json["suppression"]["source"],
        imha_core::reports::SUPPRESSION_SOURCE
    );
    assert_eq!(json["suppression"]["suppress_up_to"], 7);
    let tables = json["tables"].as_array().unwrap();
    let ids: Vec<&str> = tables.iter().map(|t| t["id"].as_str().unwrap()).collect();
    for id in [
        "uptake",
        "response",
        "referrals-by-channel",
        "issues",
        "outcomes",
        "advocacy",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert!(ids.contains(&"equality-ethnicity") && ids.contains(&"equality-cto"));
    let uptake = &tables[0];
    assert_eq!(uptake["rows"][0]["id"], "qualifying");
    // 40 qualifying patients in the area (not the 12 at the hospital outside it), each with an
    // opt-out referral; nobody seen yet.
    assert_eq!(
        uptake["rows"][0]["cells"][0],
        serde_json::json!({"kind": "count", "value": 40})
    );
    assert_eq!(
        uptake["rows"][1]["cells"][1],
        serde_json::json!({"kind": "percent", "value": 100})
    );
    let never = uptake["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "never-seen")
        .unwrap();
    assert_eq!(never["cells"][0]["value"], 40);
    // By the council's id too; and everywhere: 52 rounded to 50.
    let by_id: serde_json::Value = serde_json::from_str(&run(&la_id, "json")).unwrap();
    assert_eq!(by_id["tables"], json["tables"]);
    let all: serde_json::Value = serde_json::from_str(&run("all", "json")).unwrap();
    assert_eq!(all["area"]["id"], "all");
    assert_eq!(all["tables"][0]["rows"][0]["cells"][0]["value"], 50);

    let csv = run("e06000990", "csv");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("table,row_id,row_label,column,value"));
    assert!(
        csv.contains(
            "\nuptake,qualifying,Qualifying patients (from the hospitals' records),Count,40\n"
        ),
        "{csv}"
    );
    assert!(csv.contains("\nuptake,qualifying,Qualifying patients (from the hospitals' records),Share of qualifying,100%\n"));
    // One referral with a formula for a channel: suppressed, and its id made harmless.
    let formula = csv
        .lines()
        .find(|l| l.contains("HYPERLINK") && l.ends_with(",Referrals,*"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        formula.starts_with("referrals-by-channel,\"'=HYPERLINK"),
        "{formula}"
    );
    assert!(
        !csv.lines()
            .any(|l| l.split(',').any(|c| c.starts_with('=')))
    );
}

#[test]
fn report_refuses_bad_arguments_with_one_line_and_exit_2() {
    let rt = runtime();
    let (t, _) = database(&rt);
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("sqlite://{}", dir.path().join("typo.sqlite3").display());
    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "--area",
                "E09999999",
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
            ],
            "no local authority",
        ),
        (
            &[
                "--area",
                "RZZ01",
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
            ],
            "not a local authority",
        ),
        (
            &[
                "--area",
                "all",
                "--from",
                "2026-12-31",
                "--to",
                "2026-01-01",
            ],
            "is after --to",
        ),
        (
            &[
                "--area",
                "all",
                "--from",
                "2026-02-30",
                "--to",
                "2026-12-31",
            ],
            "--from: not a date",
        ),
        (
            &["--area", "all", "--from", "2026-01-01", "--to", "next week"],
            "--to: not a date",
        ),
        (
            &[
                "--area",
                "all",
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
                "--database",
                &missing,
            ],
            "no database at",
        ),
    ];
    for (args, message) in cases {
        let mut full = vec!["report"];
        full.extend(args);
        if !args.contains(&"--database") {
            full.extend(["--database", &t.url]);
        }
        let out = imha(&full, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("imha report: ") && err.contains(message),
            "{args:?}: {err}"
        );
    }
    assert!(
        !dir.path().join("typo.sqlite3").exists(),
        "no database created"
    );
}
