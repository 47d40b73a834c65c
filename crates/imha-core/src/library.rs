//! The resource library's own items, added by administrators: links to other websites (https
//! only) and uploaded documents (PDF only, checked by their content, at most
//! [`MAX_DOCUMENT_BYTES`]), each with a summary, audience, topics and a review date. Every
//! change is audited in the same transaction. The leaflets and the catalogue are in
//! [`crate::content`].

use jiff::Timestamp;
use jiff::civil::Date;

use crate::audit::{self, Action, NewEntry};
use crate::content::{AUDIENCES, catalogue};
use crate::db::{Database, StorageError, Tx};
use crate::{on_pool, on_tx};

/// The largest document accepted: 10 MB.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// A problem with one field of the form, for a GOV.UK error summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("the item is not valid")]
    Invalid(Vec<FieldError>),
    #[error("no such library item")]
    NotFound,
    #[error("only the administrator who added an item can remove it")]
    NotYours,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for LibraryError {
    fn from(e: sqlx::Error) -> Self {
        LibraryError::Storage(StorageError::Query(e))
    }
}

/// What an administrator fills in for any item.
#[derive(Debug, Clone, Default)]
pub struct NewItem {
    pub title: String,
    pub summary: String,
    pub audience: Vec<String>,
    pub topics: Vec<String>,
    /// `None` when the date given could not be read.
    pub review_due: Option<Date>,
}

/// A link or a document.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    Link { url: &'a str },
    Document { file_name: &'a str, bytes: &'a [u8] },
}

/// An item as stored (without a document's bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    /// `link` or `document`.
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub url: String,
    pub audience: Vec<String>,
    pub topics: Vec<String>,
    pub last_reviewed: Date,
    pub review_due: Date,
    pub file_name: Option<String>,
    pub size_bytes: Option<i64>,
    pub created_by: String,
}

impl Item {
    /// Where the public library sends readers: the link, or our copy of the document.
    pub fn href(&self) -> String {
        if self.kind == "document" {
            format!("/resources/documents/{}", self.id)
        } else {
            self.url.clone()
        }
    }

    pub fn past_review(&self, today: Date) -> bool {
        self.review_due <= today
    }
}

/// Whether `bytes` is a PDF by its content: it starts with `%PDF-` (the file name and the
/// browser's content type are not trusted).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// Check an item before it is stored; every problem at once.
pub fn validate(new: &NewItem, source: Source<'_>, today: Date) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut err = |field, message: &str| {
        errors.push(FieldError {
            field,
            message: message.to_string(),
        })
    };
    match new.title.trim().chars().count() {
        0 => err("title", "Enter a title"),
        n if n > 200 => err("title", "Title must be 200 characters or fewer"),
        _ => {}
    }
    match new.summary.trim().chars().count() {
        0 => err("summary", "Enter a summary in plain English"),
        n if n > 1000 => err("summary", "Summary must be 1000 characters or fewer"),
        _ => {}
    }
    match source {
        Source::Link { url } => {
            let url = url.trim();
            if url.is_empty() {
                err("url", "Enter the web address");
            } else if !url.starts_with("https://")
                || url.len() <= "https://".len()
                || url
                    .chars()
                    .any(|c| c.is_whitespace() || c == '"' || c == '<')
            {
                err(
                    "url",
                    "Enter a web address that starts with https://, like https://www.legislation.gov.uk/",
                );
            } else if url.len() > 2000 {
                err("url", "Web address must be 2000 characters or fewer");
            }
        }
        Source::Document { bytes, .. } => {
            if bytes.is_empty() {
                err("document", "The selected file is empty");
            } else if bytes.len() > MAX_DOCUMENT_BYTES {
                err("document", "The selected file must be smaller than 10 MB");
            } else if !is_pdf(bytes) {
                err("document", "The selected file must be a PDF");
            }
        }
    }
    if new.audience.is_empty() {
        err("audience", "Select who it is for");
    } else if new
        .audience
        .iter()
        .any(|a| !AUDIENCES.contains(&a.as_str()))
    {
        err("audience", "Select who it is for from the list");
    }
    if new.topics.is_empty() {
        err("topics", "Select at least one topic");
    } else if new.topics.iter().any(|t| !catalogue::is_topic(t)) {
        err("topics", "Select topics from the list");
    }
    match new.review_due {
        None => err(
            "review_due",
            "Enter the review date as a real date, like 29 11 2027",
        ),
        Some(d) if d <= today => err("review_due", "The review date must be in the future"),
        Some(_) => {}
    }
    errors
}

/// A file name safe for a `Content-Disposition` header: letters, digits, `-`, `_` and `.`,
/// ending `.pdf`.
pub fn safe_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let mut clean: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .take(100)
        .collect();
    let clean_lower = clean.to_ascii_lowercase();
    let stem = clean_lower
        .trim_end_matches(".pdf")
        .trim_matches(['.', '-']);
    if stem.is_empty() {
        clean = "document.pdf".into();
    } else if !clean_lower.ends_with(".pdf") {
        clean.push_str(".pdf");
    }
    clean
}

/// Add a link or a document (audited in the same transaction). `today` is the day it is
/// reviewed on.
pub async fn add(
    tx: &mut Tx,
    user_id: &str,
    new: &NewItem,
    source: Source<'_>,
    today: Date,
) -> Result<Item, LibraryError> {
    let errors = validate(new, source, today);
    let review_due = match (errors.is_empty(), new.review_due) {
        (true, Some(d)) => d,
        _ => return Err(LibraryError::Invalid(errors)),
    };
    let id = uuid::Uuid::new_v4().to_string();
    let (kind, url, file_name, size) = match source {
        Source::Link { url } => ("link", url.trim().to_string(), None, None),
        Source::Document { file_name, bytes } => (
            "document",
            String::new(),
            Some(safe_file_name(file_name)),
            Some(bytes.len() as i64),
        ),
    };
    let item = Item {
        id: id.clone(),
        kind: kind.into(),
        title: new.title.trim().into(),
        summary: new.summary.trim().into(),
        url,
        audience: new.audience.clone(),
        topics: new.topics.clone(),
        last_reviewed: today,
        review_due,
        file_name,
        size_bytes: size,
        created_by: user_id.into(),
    };
    let sql = "INSERT INTO library_items (id, kind, title, summary, url, audience, topics, \
               last_reviewed, review_due, file_name, size_bytes, created_by, created_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
    on_tx!(tx, c => sqlx::query(sql)
        .bind(&item.id).bind(&item.kind).bind(&item.title).bind(&item.summary).bind(&item.url)
        .bind(item.audience.join(",")).bind(item.topics.join(","))
        .bind(item.last_reviewed.to_string()).bind(item.review_due.to_string())
        .bind(&item.file_name).bind(item.size_bytes).bind(user_id)
        .bind(Timestamp::now().to_string())
        .execute(c).await.map(|_| ()))?;
    if let Source::Document { bytes, .. } = source {
        let sql = "INSERT INTO library_documents (item_id, bytes) VALUES ($1, $2)";
        on_tx!(tx, c => sqlx::query(sql).bind(&id).bind(bytes).execute(c).await.map(|_| ()))?;
    }
    audit::record(
        tx,
        NewEntry::by_user(user_id, Action::LibraryItemAdded)
            .on_record("library-item", &id)
            .with_detail(kind),
    )
    .await?;
    Ok(item)
}

type Row = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    String,
);

const COLUMNS: &str = "id, kind, title, summary, url, audience, topics, last_reviewed, \
                       review_due, file_name, size_bytes, created_by";

fn split(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}

fn from_row(r: Row) -> Option<Item> {
    Some(Item {
        id: r.0,
        kind: r.1,
        title: r.2,
        summary: r.3,
        url: r.4,
        audience: split(&r.5),
        topics: split(&r.6),
        last_reviewed: r.7.parse().ok()?,
        review_due: r.8.parse().ok()?,
        file_name: r.9,
        size_bytes: r.10,
        created_by: r.11,
    })
}

/// Every item not removed, soonest review first.
pub async fn list(db: &Database) -> Result<Vec<Item>, StorageError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM library_items WHERE removed_at IS NULL ORDER BY review_due, title"
    );
    let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as(&sql).fetch_all(p).await)?;
    Ok(rows.into_iter().filter_map(from_row).collect())
}

/// One item not removed.
pub async fn get(db: &Database, id: &str) -> Result<Option<Item>, StorageError> {
    let sql = format!("SELECT {COLUMNS} FROM library_items WHERE id = $1 AND removed_at IS NULL");
    let row: Option<Row> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?;
    Ok(row.and_then(from_row))
}

/// A document and its bytes (not for links, nor removed items).
pub async fn document(db: &Database, id: &str) -> Result<Option<(Item, Vec<u8>)>, StorageError> {
    let Some(item) = get(db, id).await? else {
        return Ok(None);
    };
    if item.kind != "document" {
        return Ok(None);
    }
    let sql = "SELECT bytes FROM library_documents WHERE item_id = $1";
    let bytes: Option<Vec<u8>> =
        on_pool!(db, p => sqlx::query_scalar(sql).bind(id).fetch_optional(p).await)?;
    Ok(bytes.map(|b| (item, b)))
}

/// Mark an item reviewed today, with a new review date (audited).
pub async fn mark_reviewed(
    tx: &mut Tx,
    user_id: &str,
    id: &str,
    review_due: Option<Date>,
    today: Date,
) -> Result<(), LibraryError> {
    let due = match review_due {
        Some(d) if d > today => d,
        Some(_) => {
            return Err(LibraryError::Invalid(vec![FieldError {
                field: "review_due",
                message: "The new review date must be in the future".into(),
            }]));
        }
        None => {
            return Err(LibraryError::Invalid(vec![FieldError {
                field: "review_due",
                message: "Enter the new review date as a real date, like 29 11 2027".into(),
            }]));
        }
    };
    let sql = "UPDATE library_items SET last_reviewed = $1, review_due = $2 \
               WHERE id = $3 AND removed_at IS NULL";
    let n = on_tx!(tx, c => sqlx::query(sql).bind(today.to_string()).bind(due.to_string())
        .bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(LibraryError::NotFound);
    }
    audit::record(
        tx,
        NewEntry::by_user(user_id, Action::LibraryItemReviewed).on_record("library-item", id),
    )
    .await?;
    Ok(())
}

/// Remove an item the same administrator added (audited; the row is kept, marked removed,
/// and a document's bytes are deleted).
pub async fn remove(tx: &mut Tx, user_id: &str, id: &str) -> Result<(), LibraryError> {
    let sql = "SELECT created_by FROM library_items WHERE id = $1 AND removed_at IS NULL";
    let owner: Option<String> =
        on_tx!(tx, c => sqlx::query_scalar(sql).bind(id).fetch_optional(c).await)?;
    match owner {
        None => return Err(LibraryError::NotFound),
        Some(o) if o != user_id => return Err(LibraryError::NotYours),
        Some(_) => {}
    }
    let sql = "UPDATE library_items SET removed_at = $1 WHERE id = $2";
    on_tx!(tx, c => sqlx::query(sql).bind(Timestamp::now().to_string()).bind(id)
        .execute(c).await.map(|_| ()))?;
    let sql = "DELETE FROM library_documents WHERE item_id = $1";
    on_tx!(tx, c => sqlx::query(sql).bind(id).execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        NewEntry::by_user(user_id, Action::LibraryItemRemoved).on_record("library-item", id),
    )
    .await?;
    Ok(())
}

/// A small, valid one-page PDF saying `text` (ASCII letters, digits and spaces), for the
/// demonstration data and tests.
pub fn minimal_pdf(text: &str) -> Vec<u8> {
    let text: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '.')
        .collect();
    let stream = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> NewItem {
        NewItem {
            title: "A guide".into(),
            summary: "What it says.".into(),
            audience: vec!["staff".into()],
            topics: vec!["law".into()],
            review_due: Some(jiff::civil::date(2027, 1, 1)),
        }
    }

    #[test]
    fn documents_are_checked_by_content_and_size() {
        let today = jiff::civil::date(2026, 11, 29);
        let pdf = minimal_pdf("Hello");
        assert!(is_pdf(&pdf));
        let doc = |bytes| Source::Document {
            file_name: "a.pdf",
            bytes,
        };
        assert!(validate(&item(), doc(&pdf), today).is_empty());
        let msg = |bytes| validate(&item(), doc(bytes), today)[0].message.clone();
        assert_eq!(msg(b""), "The selected file is empty");
        assert_eq!(
            msg(b"PK\x03\x04 a zip called a.pdf"),
            "The selected file must be a PDF"
        );
        let big = [b"%PDF-".as_slice(), &vec![0u8; MAX_DOCUMENT_BYTES]].concat();
        assert_eq!(msg(&big), "The selected file must be smaller than 10 MB");
    }

    #[test]
    fn links_must_be_https_and_fields_are_required() {
        let today = jiff::civil::date(2026, 11, 29);
        let link = |url| Source::Link { url };
        assert!(validate(&item(), link("https://www.gov.uk/"), today).is_empty());
        for bad in [
            "http://x.org",
            "javascript:alert(1)",
            "https://",
            "https://a b",
        ] {
            assert_eq!(validate(&item(), link(bad), today)[0].field, "url", "{bad}");
        }
        let fields: Vec<_> = validate(&NewItem::default(), link(""), today)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "title",
                "summary",
                "url",
                "audience",
                "topics",
                "review_due"
            ]
        );
        let past = NewItem {
            review_due: Some(today),
            ..item()
        };
        assert_eq!(
            validate(&past, link("https://x.org"), today)[0].field,
            "review_due"
        );
    }

    #[test]
    fn file_names_are_made_safe() {
        assert_eq!(safe_file_name("Report 2026.pdf"), "Report-2026.pdf");
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd.pdf");
        assert_eq!(safe_file_name("\"x\";.PDF"), "-x--.PDF");
        assert_eq!(safe_file_name(""), "document.pdf");
    }
}
