//! The audit trail on SQLite and PostgreSQL: the hash chain, tamper detection, concurrent
//! writers, search and the CSV export.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use imha_core::Database;
use imha_core::audit::{self, Action, Filter, GENESIS_HASH, NewEntry};

/// Append `n` entries, each in its own transaction.
async fn append(db: &Database, n: usize) {
    for i in 0..n {
        let entry = NewEntry::by_user(format!("user-{}", i % 3), Action::RecordViewed)
            .on_record("referral", format!("r{i}"))
            .from_client("192.0.2.7");
        audit::record_now(db, entry).await.unwrap();
    }
}

/// Run one statement of raw SQL, as someone with direct database access would.
async fn raw(db: &Database, sql: &str) {
    imha_core::on_pool!(db, pool => sqlx::query(sql).execute(pool).await.map(|r| r.rows_affected()))
        .unwrap();
}

imha_core::storage_test!(a_chain_of_entries_verifies, |t| {
    let empty = audit::verify(&t.db).await.unwrap();
    assert!(empty.ok);
    assert_eq!(empty.entries, 0);
    assert_eq!(empty.last_hash, None);

    let first = audit::record_now(&t.db, NewEntry::system(Action::OrganisationCreated))
        .await
        .unwrap();
    assert_eq!(first.seq, 1);
    assert_eq!(first.prev_hash, GENESIS_HASH);
    assert_eq!(first.hash, first.expected_hash());
    assert_eq!(first.at.len(), "2026-04-01T09:30:00.123456Z".len());

    append(&t.db, 11).await;
    let report = audit::verify(&t.db).await.unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.entries, 12);
    assert_eq!(report.first_broken, None);

    let newest = audit::search(&t.db, &Filter::default()).await.unwrap();
    assert_eq!(newest[0].seq, 12);
    assert_eq!(report.last_hash.as_deref(), Some(newest[0].hash.as_str()));
    assert_eq!(newest[0].prev_hash, newest[1].hash);
});

imha_core::storage_test!(an_entry_and_its_change_commit_together, |t| {
    let mut tx = t.db.begin().await.unwrap();
    audit::record(&mut tx, NewEntry::system(Action::RecordChanged))
        .await
        .unwrap();
    drop(tx); // rolled back
    let mut tx = t.db.begin().await.unwrap();
    let e = audit::record(&mut tx, NewEntry::system(Action::RecordCreated))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(e.seq, 1, "the rolled-back entry left no gap");
    assert!(audit::verify(&t.db).await.unwrap().ok);
});

imha_core::storage_test!(changing_an_entry_is_reported_at_that_entry, |t| {
    append(&t.db, 10).await;
    raw(
        &t.db,
        "UPDATE audit_log SET detail = 'innocent' WHERE seq = 6",
    )
    .await;
    let report = audit::verify(&t.db).await.unwrap();
    assert!(!report.ok);
    assert_eq!(report.entries, 10);
    let (seq, reason) = report.first_broken.unwrap();
    assert_eq!(seq, 6);
    assert!(reason.contains("do not match its hash"), "{reason}");
});

imha_core::storage_test!(changing_an_entry_and_its_hash_breaks_the_next_link, |t| {
    append(&t.db, 10).await;
    // Rewrite entry 4 and give it a hash that matches its new contents: entry 5 still points
    // at the old hash.
    let mut e4 = audit::search(
        &t.db,
        &Filter {
            record_id: Some("r3".into()),
            ..Filter::default()
        },
    )
    .await
    .unwrap()
    .remove(0);
    assert_eq!(e4.seq, 4);
    e4.action = "record-created".into();
    let forged = e4.expected_hash();
    raw(
        &t.db,
        &format!("UPDATE audit_log SET action = 'record-created', hash = '{forged}' WHERE seq = 4"),
    )
    .await;
    let (seq, reason) = audit::verify(&t.db).await.unwrap().first_broken.unwrap();
    assert_eq!(seq, 5);
    assert!(reason.contains("entry 4"), "{reason}");

    // A hash changed on its own is reported at its entry.
    raw(
        &t.db,
        &format!(
            "UPDATE audit_log SET hash = '{}' WHERE seq = 2",
            "f".repeat(64)
        ),
    )
    .await;
    let (seq, reason) = audit::verify(&t.db).await.unwrap().first_broken.unwrap();
    assert_eq!(seq, 2);
    assert!(reason.contains("hash"), "{reason}");
});

imha_core::storage_test!(deleting_an_entry_leaves_a_gap, |t| {
    append(&t.db, 10).await;
    raw(&t.db, "DELETE FROM audit_log WHERE seq = 7").await;
    let report = audit::verify(&t.db).await.unwrap();
    assert_eq!(report.entries, 9);
    let (seq, reason) = report.first_broken.unwrap();
    assert_eq!(seq, 7);
    assert!(reason.contains("entry 7 is missing"), "{reason}");

    raw(&t.db, "DELETE FROM audit_log WHERE seq IN (1, 2)").await;
    let (seq, reason) = audit::verify(&t.db).await.unwrap().first_broken.unwrap();
    assert_eq!(seq, 1);
    assert!(reason.contains("entries 1 to 2 are missing"), "{reason}");
});

imha_core::storage_test!(a_forged_first_entry_is_reported, |t| {
    append(&t.db, 3).await;
    raw(
        &t.db,
        &format!(
            "UPDATE audit_log SET prev_hash = '{}' WHERE seq = 1",
            "1".repeat(64)
        ),
    )
    .await;
    let (seq, reason) = audit::verify(&t.db).await.unwrap().first_broken.unwrap();
    assert_eq!(seq, 1);
    assert!(reason.contains("genesis"), "{reason}");
});

imha_core::storage_test!(verify_reads_past_one_page, |t| {
    // More entries than one page of verify (5,000), written in one transaction for speed.
    let mut tx = t.db.begin().await.unwrap();
    for _ in 0..5_003 {
        audit::record(&mut tx, NewEntry::system(Action::RecordViewed))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let report = audit::verify(&t.db).await.unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.entries, 5_003);
    raw(&t.db, "UPDATE audit_log SET actor = 'x' WHERE seq = 5002").await;
    let report = audit::verify(&t.db).await.unwrap();
    assert_eq!(report.first_broken.unwrap().0, 5002);
});

imha_core::storage_test!(concurrent_writers_make_one_gap_free_chain, |t| {
    let mut tasks = Vec::new();
    for w in 0..8 {
        let db = t.db.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..25 {
                let entry = NewEntry::by_user(format!("writer-{w}"), Action::RecordChanged)
                    .on_record("referral", format!("{w}-{i}"));
                audit::record_now(&db, entry).await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let report = audit::verify(&t.db).await.unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.entries, 200);
    let all = audit::search(
        &t.db,
        &Filter {
            limit: 1_000,
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    let seqs: Vec<i64> = all.iter().rev().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=200).collect::<Vec<_>>());
    // Time runs with the chain.
    assert!(all.windows(2).all(|w| w[0].at >= w[1].at));
    for w in 0..8 {
        let mine = audit::count(
            &t.db,
            &Filter {
                actor_id: Some(format!("writer-{w}")),
                ..Filter::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(mine, 25);
    }
});

imha_core::storage_test!(search_filters_narrow_the_results, |t| {
    let db = &t.db;
    audit::record_now(
        db,
        NewEntry::by_user("alice", Action::SignIn).from_client("192.0.2.1"),
    )
    .await
    .unwrap();
    audit::record_now(
        db,
        NewEntry::by_user("alice", Action::RecordViewed).on_record("referral", "r1"),
    )
    .await
    .unwrap();
    audit::record_now(
        db,
        NewEntry::by_user("bob", Action::RecordViewed).on_record("referral", "r2"),
    )
    .await
    .unwrap();
    audit::record_now(
        db,
        NewEntry::by_user("bob", Action::RecordChanged).on_record("referral", "r1"),
    )
    .await
    .unwrap();
    audit::record_now(
        db,
        NewEntry::by_user("bob", Action::RoleChanged).on_record("user", "alice"),
    )
    .await
    .unwrap();

    let seqs = |v: Vec<audit::AuditEntry>| v.iter().map(|e| e.seq).collect::<Vec<_>>();
    let find = |f: Filter| async move { seqs(audit::search(db, &f).await.unwrap()) };

    assert_eq!(find(Filter::default()).await, vec![5, 4, 3, 2, 1]);
    assert_eq!(
        find(Filter {
            actor_id: Some("alice".into()),
            ..Filter::default()
        })
        .await,
        vec![2, 1]
    );
    assert_eq!(
        find(Filter {
            action: Some("record-viewed".into()),
            ..Filter::default()
        })
        .await,
        vec![3, 2]
    );
    assert_eq!(
        find(Filter {
            record_type: Some("referral".into()),
            record_id: Some("r1".into()),
            ..Filter::default()
        })
        .await,
        vec![4, 2]
    );
    assert_eq!(
        find(Filter {
            record_type: Some("user".into()),
            ..Filter::default()
        })
        .await,
        vec![5]
    );
    assert_eq!(
        find(Filter {
            limit: 2,
            offset: 1,
            ..Filter::default()
        })
        .await,
        vec![4, 3]
    );
    assert_eq!(
        audit::count(
            db,
            &Filter {
                actor_id: Some("bob".into()),
                limit: 1,
                ..Filter::default()
            }
        )
        .await
        .unwrap(),
        3
    );

    // Time: entries are all from just now.
    let now = jiff::Timestamp::now();
    let hour = jiff::SignedDuration::from_hours(1);
    assert_eq!(
        find(Filter {
            from: Some(now - hour),
            to: Some(now + hour),
            ..Filter::default()
        })
        .await
        .len(),
        5
    );
    assert!(
        find(Filter {
            from: Some(now + hour),
            ..Filter::default()
        })
        .await
        .is_empty()
    );
    assert!(
        find(Filter {
            to: Some(now - hour),
            ..Filter::default()
        })
        .await
        .is_empty()
    );
    // An entry exactly at `from` is in; exactly at `to` is out.
    let e3 = audit::search(
        db,
        &Filter {
            limit: 1,
            offset: 2,
            ..Filter::default()
        },
    )
    .await
    .unwrap()
    .remove(0);
    let at3: jiff::Timestamp = e3.at.parse().unwrap();
    assert_eq!(
        find(Filter {
            from: Some(at3),
            to: Some(at3 + jiff::SignedDuration::from_micros(1)),
            ..Filter::default()
        })
        .await,
        vec![3]
    );
    assert!(
        find(Filter {
            to: Some(at3),
            ..Filter::default()
        })
        .await
        .iter()
        .all(|&s| s < 3)
    );

    // A value that looks like SQL is only a value.
    assert!(
        find(Filter {
            actor_id: Some("' OR 1=1 --".into()),
            ..Filter::default()
        })
        .await
        .is_empty()
    );
});

imha_core::storage_test!(csv_export_neutralises_formulas, |t| {
    for detail in [
        "=HYPERLINK(\"http://x\")",
        "+1",
        "-2",
        "@SUM(A1)",
        "\tx",
        "\ry",
        "ok, \"quoted\"",
    ] {
        audit::record_now(
            &t.db,
            NewEntry::anonymous(Action::SignInFailed)
                .from_client("=cmd|' /C calc'!A0")
                .with_detail(detail),
        )
        .await
        .unwrap();
    }
    let entries = audit::search(&t.db, &Filter::default()).await.unwrap();
    let csv = audit::to_csv(&entries);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        audit::CSV_HEADER.to_vec()
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 7);
    let details: Vec<&str> = rows.iter().rev().map(|r| &r[8]).collect();
    assert_eq!(
        details,
        vec![
            "'=HYPERLINK(\"http://x\")",
            "'+1",
            "'-2",
            "'@SUM(A1)",
            "'\tx",
            "'\ry",
            "ok, \"quoted\""
        ]
    );
    for row in &rows {
        assert_eq!(&row[7], "'=cmd|' /C calc'!A0");
        assert_eq!(&row[3], "anonymous");
        assert_eq!(&row[4], "sign-in-failed");
        assert_eq!(row[10].len(), 64);
    }
});
