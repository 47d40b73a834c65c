//! The opt-out feed on both databases: contracts.md section 3 row by row.

use imha_core::feed::import::{self, ImportError, Options, Summary};
use imha_core::organisations::{self, Kind};
use imha_core::referrals::{self, Actor};
use imha_core::storage_test;
use jiff::civil::date;

const HEADER: &str = "episode_id,hospital,nhs_number,local_patient_id,given_name,family_name,date_of_birth,legal_status,start,end,ward";

async fn hospitals(db: &imha_core::Database) -> (String, String) {
    let mut tx = db.begin().await.unwrap();
    let a = organisations::create(
        &mut tx,
        Kind::Hospital,
        "Northshire General",
        Some("RZZ01"),
        "england",
    )
    .await
    .unwrap();
    let b = organisations::create(&mut tx, Kind::Hospital, "Moorside", Some("RZZ02"), "wales")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (a.id, b.id)
}

async fn run(
    db: &imha_core::Database,
    csv: &str,
    options: &Options,
) -> Result<Summary, ImportError> {
    import::import(
        db,
        std::io::Cursor::new(csv.to_string().into_bytes()),
        options,
        &Actor::System,
        date(2026, 11, 28),
        |_| {},
    )
    .await
}

fn file(rows: &[&str]) -> String {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s
}

async fn count(db: &imha_core::Database, sql: &str) -> i64 {
    imha_core::on_pool!(db, p => sqlx::query_scalar::<_, i64>(sql).fetch_one(p).await).unwrap()
}

/// Ten rows: eight valid, two rejected. Five patients qualify (s2, s37, Welsh informal
/// in-patient, CTO, s2); the s136 and s4 patients do not (s130C(2)(a) excludes the short
/// holding powers), and Sam Okafor's second episode does not refer him twice.
fn contract_file() -> String {
    file(&[
        "E1,RZZ01,943 476 5919,,Sam,Okafor,1990-05-01,02,2026-03-10,2026-03-20,Willow", // line 2
        "E2,RZZ01,9434765919,,Sam,Okafor,1990-05-01,03,2026-03-20,,Willow", // line 3: same patient
        "E3,RZZ01,9434765918,,Ann,Lee,1970-01-02,s3,2026-03-21,,Cedar", // line 4: bad check digit
        "E4,RZZ01,,L100,Jo,Khan,1985-07-07,s37,2026-02-01,,Cedar",      // line 5
        "E5,RZZ01,,L101,Kit,Brennan,1999-12-01,19,2026-03-01T22:15,2026-03-02T10:00,", // line 6: s136, no IMHA
        "E6,RZZ02,9990000018,,Priya,Castell,1975-09-30,informal,2026-03-05,,Heather", // line 7: Wales informal qualifies
        "E7,RZZ01,9990000026,,Lee,Harrow,1993-04-22,cto,2026-01-15,,",                // line 8
        "E8,RZZ01,,L102,Dee,Marlow,1961-07-07,32,2026-03-01,,", // line 9: 32 is not accepted
        "E9,RZZ02,,M7,Robin,Ashdown,1988-02-14,s2,2026-03-09,,Fern", // line 10
        "E10,RZZ01,9990000034,,Sam,Whitby,2009-03-03,s4,2026-03-11T09:00,,", // line 11
    ])
}

storage_test!(the_contract_example_row_by_row, |t| {
    hospitals(&t.db).await;
    let s = run(&t.db, &contract_file(), &Options::default())
        .await
        .unwrap();
    assert_eq!(
        (s.rows, s.inserted, s.updated, s.unchanged, s.rejected),
        (10, 8, 0, 0, 2)
    );
    assert_eq!(s.referrals_created, 5, "{s:?}");
    let errors: Vec<(u64, &str, &str)> = s
        .errors
        .iter()
        .map(|e| (e.line, e.field.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(
        errors,
        vec![
            (4, "nhs_number", "check digit does not match"),
            (9, "legal_status", "not a legal status: \"32\""),
        ]
    );
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM episodes").await, 8);
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM patients").await, 7);
    assert_eq!(
        count(
            &t.db,
            "SELECT COUNT(*) FROM referrals WHERE channel = 'opt-out'"
        )
        .await,
        5
    );
    // Opt-out referrals join the triage queue, with the patient and a visit target.
    let q = referrals::queue(&t.db).await.unwrap();
    assert_eq!(q.len(), 5);
    assert!(
        q.iter()
            .all(|i| i.referral.channel == referrals::Channel::OptOut
                && i.referral.appears_eligible == Some(true))
    );
    assert!(
        q.iter()
            .any(|i| i.referral.legal_status == Some(imha_law::Status::Cto))
    );

    // The same file again changes nothing.
    let again = run(&t.db, &contract_file(), &Options::default())
        .await
        .unwrap();
    assert_eq!(
        (
            again.inserted,
            again.updated,
            again.unchanged,
            again.rejected,
            again.referrals_created
        ),
        (0, 0, 8, 2, 0)
    );
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM referrals").await, 5);

    // A changed row for a known episode is an update.
    let changed = contract_file().replace(
        "E2,RZZ01,9434765919,,Sam,Okafor,1990-05-01,03,2026-03-20,,Willow",
        "E2,RZZ01,9434765919,,Sam,Okafor,1990-05-01,03,2026-03-20,,Rowan",
    );
    let s = run(&t.db, &changed, &Options::default()).await.unwrap();
    assert_eq!(
        (s.inserted, s.updated, s.unchanged, s.referrals_created),
        (0, 1, 7, 0)
    );
    let ward: String = imha_core::on_pool!(&t.db, p => sqlx::query_scalar("SELECT ward FROM episodes WHERE episode_id = 'E2'").fetch_one(p).await).unwrap();
    assert_eq!(ward, "Rowan");
    assert!(imha_core::audit::verify(&t.db).await.unwrap().ok);
});

storage_test!(a_file_missing_a_column_stores_nothing, |t| {
    hospitals(&t.db).await;
    let csv = contract_file().replacen("legal_status", "status", 1);
    let e = run(&t.db, &csv, &Options::default()).await.unwrap_err();
    assert!(
        matches!(&e, ImportError::Unreadable(m) if m.contains("legal_status")),
        "{e:?}"
    );
    let e = run(&t.db, "", &Options::default()).await.unwrap_err();
    assert!(matches!(e, ImportError::Unreadable(_)));
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM episodes").await, 0);
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM patients").await, 0);
});

storage_test!(batches_give_the_same_result_as_one_transaction, |t| {
    hospitals(&t.db).await;
    let small = Options {
        batch_size: 3,
        ..Options::default()
    };
    let s = run(&t.db, &contract_file(), &small).await.unwrap();
    assert_eq!((s.inserted, s.rejected, s.referrals_created), (8, 2, 5));
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM patients").await, 7);
});

storage_test!(a_batch_larger_than_a_chunk_is_one_transaction, |t| {
    // The rows are written 5,000 at a time into the batch's one transaction: a patient's
    // second episode 6,000 rows later finds the patient the first made (uncommitted then),
    // and the whole batch has one audit entry.
    hospitals(&t.db).await;
    let mut rows: Vec<String> = vec!["A1,RZZ01,,P1,Sam,Okafor,1990-05-01,s2,2026-03-10,,".into()];
    rows.extend(
        (0..6_000).map(|i| format!("F{i},RZZ01,,Q{i},Ann{i},Lee,1970-01-02,s136,2026-03-21,,")),
    );
    rows.push("A2,RZZ01,,P1,Sam,Okafor,1990-05-01,s3,2026-03-20,,".into());
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let one = Options {
        batch_size: 100_000,
        ..Options::default()
    };
    let s = run(&t.db, &file(&refs), &one).await.unwrap();
    assert_eq!((s.inserted, s.rejected, s.referrals_created), (6_002, 0, 1));
    let sql = "SELECT COUNT(*) FROM patients WHERE local_patient_id = 'P1'";
    assert_eq!(count(&t.db, sql).await, 1);
    let sql = "SELECT COUNT(*) FROM audit_log WHERE action = 'feed-imported'";
    assert_eq!(count(&t.db, sql).await, 1);
    // In batches of 5,000 rows: two transactions, the same result.
    let again = run(&t.db, &file(&refs), &Options::default()).await.unwrap();
    assert_eq!((again.unchanged, again.referrals_created), (6_002, 0));
    assert_eq!(count(&t.db, sql).await, 3);
    assert!(imha_core::audit::verify(&t.db).await.unwrap().ok);
});

storage_test!(
    patients_are_matched_by_nhs_number_then_local_id_and_likely_matches_are_flagged,
    |t| {
        hospitals(&t.db).await;
        let s = run(
            &t.db,
            &file(&[
                "A1,RZZ01,,L1,Sam,Okafor,1990-05-01,s2,2026-03-10,,",
                // The same local id later gains an NHS number: same patient.
                "A2,RZZ01,9434765919,L1,Sam,Okafor,1990-05-01,s3,2026-03-20,,",
                // Another hospital, same NHS number: same patient.
                "B1,RZZ02,9434765919,X9,Sam,Okafor,1990-05-01,s3,2026-04-01,,",
                // Same name and birthday, no shared identifier: a new record, flagged, not merged.
                "A3,RZZ01,,L2,SAM,okafor,1990-05-01,s2,2026-05-01,,",
            ]),
            &Options::default(),
        )
        .await
        .unwrap();
        assert_eq!(s.rejected, 0, "{s:?}");
        assert_eq!(count(&t.db, "SELECT COUNT(*) FROM patients").await, 2);
        assert_eq!(
            count(
                &t.db,
                "SELECT COUNT(*) FROM patient_matches WHERE status = 'open'"
            )
            .await,
            1
        );
        assert_eq!(s.possible_matches, 1);
        // One referral per patient, never two: the flagged record is a separate person until
        // someone confirms, so it gets its own.
        assert_eq!(s.referrals_created, 2);
        // A local id that already belongs to a patient with another NHS number is refused.
        let s = run(
            &t.db,
            &file(&["A4,RZZ01,9990000018,L1,Sam,Okafor,1990-05-01,s3,2026-06-01,,"]),
            &Options::default(),
        )
        .await
        .unwrap();
        assert_eq!(s.rejected, 1);
        assert_eq!(s.errors[0].field, "nhs_number");
    }
);

storage_test!(
    no_referral_for_a_patient_with_an_open_referral_or_case,
    |t| {
        hospitals(&t.db).await;
        // A public referral with the patient's NHS number is already waiting.
        let raw = referrals::RawReferral {
            referrer: Some("self".into()),
            given_name: Some("Sam".into()),
            family_name: Some("Okafor".into()),
            nhs_number: Some("9434765919".into()),
            whereabouts: Some("hospital".into()),
            hospital_name: Some("Northshire".into()),
            help: vec!["rights".into()],
            ..referrals::RawReferral::default()
        };
        let mut tx = t.db.begin().await.unwrap();
        let c = referrals::create(
            &mut tx,
            &raw,
            referrals::Channel::PublicForm,
            &Actor::Public { client: None },
            jiff::Timestamp::now(),
            &imha_law::LawConfig::default(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let s = run(
            &t.db,
            &file(&["E1,RZZ01,9434765919,,Sam,Okafor,1990-05-01,s3,2026-03-20,,"]),
            &Options::default(),
        )
        .await
        .unwrap();
        assert_eq!(s.referrals_created, 0);
        // Once that referral is declined, a new qualifying episode refers the patient.
        let mut tx = t.db.begin().await.unwrap();
        referrals::decide(
            &mut tx,
            &c.id,
            &referrals::Decision::PatientDeclined {
                code: referrals::PatientDecision::LaterMaybe,
                reason: None,
            },
            &Actor::System,
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let s = run(
            &t.db,
            &file(&["E2,RZZ01,9434765919,,Sam,Okafor,1990-05-01,cto,2026-09-20,,"]),
            &Options::default(),
        )
        .await
        .unwrap();
        assert_eq!(s.referrals_created, 1);
        // An accepted referral's open case also counts.
        let q = referrals::queue(&t.db).await.unwrap();
        let mut tx = t.db.begin().await.unwrap();
        referrals::decide(
            &mut tx,
            &q[0].referral.id,
            &referrals::Decision::Accept,
            &Actor::System,
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let s = run(
            &t.db,
            &file(&["E3,RZZ01,9434765919,,Sam,Okafor,1990-05-01,s3,2026-10-20,,"]),
            &Options::default(),
        )
        .await
        .unwrap();
        assert_eq!(s.referrals_created, 0);
    }
);

storage_test!(
    unknown_hospitals_and_other_hospitals_rows_are_refused,
    |t| {
        hospitals(&t.db).await;
        let only_a = Options {
            only_hospital: Some("RZZ01".into()),
            ..Options::default()
        };
        let s = run(
            &t.db,
            &file(&[
                "E1,RQQ99,,L1,Sam,Okafor,1990-05-01,s3,2026-03-20,,",
                "E2,RZZ02,,L1,Sam,Okafor,1990-05-01,s3,2026-03-20,,",
                "E3,RZZ01,,L1,Sam,Okafor,1990-05-01,s3,2026-03-20,,",
            ]),
            &only_a,
        )
        .await
        .unwrap();
        let errors: Vec<(u64, &str)> = s
            .errors
            .iter()
            .map(|e| (e.line, e.message.as_str()))
            .collect();
        assert_eq!(
            errors,
            vec![
                // A token for one hospital learns nothing about which others exist.
                (2, "this feed token may not send episodes for RQQ99"),
                (3, "this feed token may not send episodes for RZZ02"),
            ]
        );
        assert_eq!(s.inserted, 1);
        // Without a token's restriction (the command line), an unknown hospital is named.
        let s = run(
            &t.db,
            &file(&["E1,RQQ99,,L1,Sam,Okafor,1990-05-01,s3,2026-03-20,,"]),
            &Options::default(),
        )
        .await
        .unwrap();
        assert_eq!(s.errors[0].message, "no hospital here has ODS code RQQ99");
    }
);

storage_test!(
    re_importing_many_rows_per_hospital_in_small_batches_changes_nothing,
    |t| {
        // Regression: on SQLite the last episode id of each hospital in each batch was once
        // bound to the wrong parameter, so a re-import "inserted" one row per hospital per batch.
        hospitals(&t.db).await;
        let rows: Vec<String> = (0..60)
            .map(|i| {
                let h = if i % 2 == 0 { "RZZ01" } else { "RZZ02" };
                format!("E{i},{h},,L{i},Given{i},Family,1980-01-01,s3,2026-03-20,,")
            })
            .collect();
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let small = Options {
            batch_size: 7,
            ..Options::default()
        };
        let first = run(&t.db, &file(&refs), &small).await.unwrap();
        assert_eq!((first.inserted, first.referrals_created), (60, 60));
        for batch_size in [7, 13, 1000] {
            let again = run(
                &t.db,
                &file(&refs),
                &Options {
                    batch_size,
                    ..Options::default()
                },
            )
            .await
            .unwrap();
            assert_eq!(
                (
                    again.inserted,
                    again.updated,
                    again.unchanged,
                    again.referrals_created
                ),
                (0, 0, 60, 0),
                "batch size {batch_size}"
            );
        }
        assert_eq!(count(&t.db, "SELECT COUNT(*) FROM episodes").await, 60);
    }
);

/// The database's patients, episodes and referrals, without ids and times: what two imports
/// that should agree must both have stored.
async fn stored(db: &imha_core::Database) -> Vec<String> {
    let sql = "SELECT COALESCE(p.nhs_number, '') || ' ' || COALESCE(p.local_patient_id, '') || ' ' || \
               p.match_key || ' ' || e.episode_id || ' ' || e.legal_status || ' ' || \
               COALESCE(r.channel, 'none') \
               FROM episodes e JOIN patients p ON p.id = e.patient_id \
               LEFT JOIN referrals r ON r.episode_id = e.id ORDER BY e.episode_id";
    imha_core::on_pool!(db, p => sqlx::query_scalar(sql).fetch_all(p).await).unwrap()
}

storage_test!(skipping_lookups_that_must_miss_changes_nothing, |t| {
    // With `expected_rows` (the command line) an import into a database with few episodes
    // skips lookups its filter of stored keys says must miss (SQLite only): the result must
    // be the same as without, including for a second file that finds what the first
    // stored, in batches smaller than the file.
    hospitals(&t.db).await;
    let filtered = Options {
        batch_size: 2,
        expected_rows: Some(1_000_000),
        ..Options::default()
    };
    // The command line's own connection (the filter is used on nothing else).
    let cli = imha_core::Database::open(&t.url, &imha_core::db::ConnectOptions::bulk_import())
        .await
        .unwrap();
    assert_eq!(
        cli.one_lasting_connection(),
        t.db.backend() == imha_core::db::Backend::Sqlite
    );
    assert!(
        !t.db.one_lasting_connection(),
        "a pool never uses the filter"
    );
    let first = run(&cli, &contract_file(), &filtered).await.unwrap();
    let second_file = file(&[
        // Sam Okafor again (NHS number), a new episode: no second referral.
        "F1,RZZ01,9434765919,,Sam,Okafor,1990-05-01,s3,2026-04-20,,Willow",
        // Jo Khan by local id, and Jo's first row again, unchanged.
        "F2,RZZ01,,L100,Jo,Khan,1985-07-07,s3,2026-04-01,,Cedar",
        "E4,RZZ01,,L100,Jo,Khan,1985-07-07,s37,2026-02-01,,Cedar",
        // Same name and date of birth as Robin Ashdown, another local id: a likely match.
        "F3,RZZ02,,M8,Robin,Ashdown,1988-02-14,s2,2026-04-09,,Fern",
        // Someone new.
        "F4,RZZ01,,L200,Ash,Penrose,1980-01-01,s2,2026-04-10,,",
    ]);
    let second = run(&cli, &second_file, &filtered).await.unwrap();
    let with_filter = stored(&t.db).await;

    let plain = match t.db.backend() {
        imha_core::db::Backend::Sqlite => imha_core::testing::TestDb::sqlite().await,
        imha_core::db::Backend::Postgres => imha_core::testing::TestDb::postgres().await,
    };
    hospitals(&plain.db).await;
    let plain_first = run(&plain.db, &contract_file(), &Options::default())
        .await
        .unwrap();
    let plain_second = run(&plain.db, &second_file, &Options::default())
        .await
        .unwrap();
    assert_eq!(first, plain_first);
    assert_eq!(second, plain_second);
    assert_eq!(
        (
            second.inserted,
            second.unchanged,
            second.referrals_created,
            second.possible_matches
        ),
        (4, 1, 2, 1)
    );
    assert_eq!(with_filter, stored(&plain.db).await);
});

storage_test!(a_write_between_the_imports_transactions_is_seen, |t| {
    // Another connection stores a patient while the import is between transactions: the
    // import's filter of stored keys (built before) must not hide that patient from a
    // later row (PRAGMA data_version tells the import to build it again).
    hospitals(&t.db).await;
    let rows = file(&[
        "G1,RZZ01,,L1,Sam,Okafor,1990-05-01,s2,2026-03-10,,",
        "G2,RZZ01,,L2,Ann,Lee,1970-01-02,s2,2026-03-10,,",
        "G3,RZZ01,9990000042,,Zed,Other,1980-01-01,s2,2026-04-10,,",
    ]);
    let options = Options {
        batch_size: 2,
        expected_rows: Some(1_000_000),
        ..Options::default()
    };
    // Another process: a connection of its own.
    let other = imha_core::Database::open(&t.url, &imha_core::db::ConnectOptions::default())
        .await
        .unwrap();
    // The command line's own connection (the filter is used on nothing else).
    let cli = imha_core::Database::open(&t.url, &imha_core::db::ConnectOptions::bulk_import())
        .await
        .unwrap();
    let mut written = false;
    let s = import::import(
        &cli,
        std::io::Cursor::new(rows.into_bytes()),
        &options,
        &Actor::System,
        date(2026, 11, 28),
        |_| {
            if written {
                return;
            }
            written = true;
            tokio::task::block_in_place(|| {
                tokio::runtime::Handle::current().block_on(async {
                    let sql = "INSERT INTO patients (id, nhs_number, given_name, family_name, \
                                   date_of_birth, match_key, created_at, updated_at) VALUES \
                                   ('elsewhere', '9990000042', 'Zed', 'Other', '1980-01-01', \
                                   'zed|other|1980-01-01', '2026-11-28T00:00:00Z', \
                                   '2026-11-28T00:00:00Z')";
                    imha_core::on_pool!(&other, p => sqlx::query(sql).execute(p).await.map(|_| ()))
                        .unwrap();
                })
            });
        },
    )
    .await
    .unwrap();
    assert!(written);
    assert_eq!((s.inserted, s.rejected, s.referrals_created), (3, 0, 3));
    let sql = "SELECT COUNT(*) FROM patients WHERE nhs_number = '9990000042'";
    assert_eq!(count(&t.db, sql).await, 1);
    let sql = "SELECT COUNT(*) FROM episodes WHERE episode_id = 'G3' AND patient_id = 'elsewhere'";
    assert_eq!(count(&t.db, sql).await, 1);
});
