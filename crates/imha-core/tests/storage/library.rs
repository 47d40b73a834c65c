//! The resource library's own items (links and uploaded PDFs), on both databases.

use imha_core::accounts::{self, Role};
use imha_core::audit;
use imha_core::db::Database;
use imha_core::library::{self, LibraryError, NewItem, Source};
use imha_core::storage_test;
use jiff::civil::date;

async fn admin(db: &Database, email: &str) -> String {
    let mut tx = db.begin().await.unwrap();
    let u = accounts::create_user(&mut tx, email, "Ada Admin", Role::Admin, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    u.id
}

fn new(title: &str, due: jiff::civil::Date) -> NewItem {
    NewItem {
        title: title.into(),
        summary: "Our summary.".into(),
        audience: vec!["staff".into(), "commissioners".into()],
        topics: vec!["commissioning".into()],
        review_due: Some(due),
    }
}

async fn actions(db: &Database, id: &str) -> Vec<String> {
    let filter = audit::Filter {
        record_id: Some(id.into()),
        limit: 50,
        ..Default::default()
    };
    audit::search(db, &filter)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

storage_test!(library_links_and_documents, |t| {
    let db = &t.db;
    let today = date(2026, 11, 29);
    let ada = admin(db, "ada@example.org").await;
    let bea = admin(db, "bea@example.org").await;

    // A link and a document.
    let mut tx = db.begin().await.unwrap();
    let link = library::add(
        &mut tx,
        &ada,
        &new("Local guide", date(2027, 6, 1)),
        Source::Link {
            url: "https://example.org/guide",
        },
        today,
    )
    .await
    .unwrap();
    let pdf = library::minimal_pdf("Annual report");
    let doc = library::add(
        &mut tx,
        &ada,
        &new("Annual report", date(2026, 12, 1)),
        Source::Document {
            file_name: "annual report.pdf",
            bytes: &pdf,
        },
        today,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let all = library::list(db).await.unwrap();
    assert_eq!(all.len(), 2);
    // Soonest review first.
    assert_eq!(all[0].title, "Annual report");
    assert_eq!(all[0].audience, ["staff", "commissioners"]);
    assert_eq!(all[0].file_name.as_deref(), Some("annual-report.pdf"));
    assert_eq!(all[0].size_bytes, Some(pdf.len() as i64));
    assert_eq!(all[1].url, "https://example.org/guide");
    assert_eq!(all[1].href(), "https://example.org/guide");
    assert_eq!(all[0].href(), format!("/resources/documents/{}", doc.id));
    assert!(!all[0].past_review(today));
    assert!(all[0].past_review(date(2026, 12, 1)));

    // The bytes come back exactly; a link has none.
    let (item, bytes) = library::document(db, &doc.id).await.unwrap().unwrap();
    assert_eq!(item.id, doc.id);
    assert_eq!(bytes, pdf);
    assert!(library::document(db, &link.id).await.unwrap().is_none());

    // Refusals store nothing.
    let mut tx = db.begin().await.unwrap();
    let bad = library::add(
        &mut tx,
        &ada,
        &new("Not a PDF", date(2027, 1, 1)),
        Source::Document {
            file_name: "x.pdf",
            bytes: b"GIF89a",
        },
        today,
    )
    .await;
    assert!(
        matches!(bad, Err(LibraryError::Invalid(e)) if e[0].message == "The selected file must be a PDF")
    );
    drop(tx);
    assert_eq!(library::list(db).await.unwrap().len(), 2);

    // Reviewed: new dates.
    let mut tx = db.begin().await.unwrap();
    library::mark_reviewed(
        &mut tx,
        &bea,
        &doc.id,
        Some(date(2027, 12, 1)),
        date(2026, 12, 2),
    )
    .await
    .unwrap();
    assert!(matches!(
        library::mark_reviewed(&mut tx, &bea, &doc.id, Some(date(2026, 1, 1)), today).await,
        Err(LibraryError::Invalid(_))
    ));
    tx.commit().await.unwrap();
    let item = library::get(db, &doc.id).await.unwrap().unwrap();
    assert_eq!(item.last_reviewed, date(2026, 12, 2));
    assert_eq!(item.review_due, date(2027, 12, 1));

    // Only the administrator who added an item may remove it.
    let mut tx = db.begin().await.unwrap();
    assert!(matches!(
        library::remove(&mut tx, &bea, &doc.id).await,
        Err(LibraryError::NotYours)
    ));
    library::remove(&mut tx, &ada, &doc.id).await.unwrap();
    assert!(matches!(
        library::remove(&mut tx, &ada, &doc.id).await,
        Err(LibraryError::NotFound)
    ));
    tx.commit().await.unwrap();
    assert!(library::document(db, &doc.id).await.unwrap().is_none());
    assert_eq!(library::list(db).await.unwrap().len(), 1);

    // Every change is in the audit trail.
    let mut doc_actions = actions(db, &doc.id).await;
    doc_actions.sort();
    assert_eq!(
        doc_actions,
        [
            "library-item-added",
            "library-item-removed",
            "library-item-reviewed"
        ]
    );
    assert_eq!(actions(db, &link.id).await, ["library-item-added"]);
});
