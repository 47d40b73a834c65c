//! Content management for administrators (`/staff/admin/resources`): every library item and
//! leaflet with its review date, those past review first; add a link (https only); upload a
//! PDF (checked by content, at most 10 MB, on a route with its own body limit); mark an item
//! reviewed; remove one's own items. Every change is audited (`imha_core::library`).
//!
//! The upload form is `multipart/form-data`, so its form token travels in the form's action
//! URL (`?csrf=...`) and the staff middleware checks it there.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use imha_core::accounts::Session;
use imha_core::content::{self, Kind, catalogue};
use imha_core::library::{self, FieldError, LibraryError, NewItem, Source};
use jiff::civil::Date;

use crate::AppState;
use crate::pages::Layout;
use crate::pages::resources::long_date;

/// The upload route's own body limit: the largest document plus room for the other fields,
/// so a file a little over 10 MB still gets a clear message rather than a bare refusal.
pub const UPLOAD_BODY_LIMIT: usize = library::MAX_DOCUMENT_BYTES + 2 * 1024 * 1024;

const PAGE: &str = "/staff/admin/resources";

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(PAGE, get(page))
        .route("/staff/admin/resources/links", post(add_link))
        .route("/staff/admin/resources/{id}/reviewed", post(mark_reviewed))
        .route("/staff/admin/resources/{id}/remove", post(remove))
}

/// The upload route, mounted with its own, larger body limit (see `staff::routes`).
pub fn upload_routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/staff/admin/resources/documents", post(upload))
        .layer(axum::extract::DefaultBodyLimit::max(UPLOAD_BODY_LIMIT))
}

fn today(state: &AppState) -> Date {
    state
        .config
        .today
        .unwrap_or_else(|| imha_core::referrals::uk_date(jiff::Timestamp::now()))
}

/// A row of the review list.
pub struct Row {
    pub title: String,
    pub kind: &'static str,
    pub href: String,
    pub last_reviewed: String,
    pub review_due: String,
    pub past: bool,
    /// A catalogue item whose outside address was not seen in a stored copy of the page
    /// (`url_verified: false` in `content/resources.yaml`): someone should check it.
    pub unverified: bool,
    /// For items added here: the id (for the review and remove forms) and whether the
    /// signed-in administrator added it.
    pub id: Option<String>,
    pub own: bool,
}

/// What the add forms hold (kept on error).
#[derive(Default)]
pub struct Draft {
    pub title: String,
    pub summary: String,
    pub url: String,
    pub audience: Vec<String>,
    pub topics: Vec<String>,
    pub day: String,
    pub month: String,
    pub year: String,
}

pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/admin/resources.html")]
struct Page {
    layout: Layout,
    csrf: String,
    rows: Vec<Row>,
    past_count: usize,
    /// Which form the errors belong to: "link", "document" or "review".
    form: &'static str,
    errors: Vec<FieldError>,
    draft: Draft,
    audiences: Vec<Choice>,
    topics: Vec<Choice>,
    banner: Option<String>,
    max_mb: usize,
}

impl Page {
    fn error(&self, form: &str, field: &str) -> Option<&str> {
        if self.form != form {
            return None;
        }
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// Whether the errors and the values kept belong to form `f`.
    fn on(&self, f: &str) -> bool {
        self.form == f
    }

    fn anchor(&self, field: &str) -> String {
        format!("{}-{field}", self.form)
    }
}

const AUDIENCE_CHOICES: &[(&str, &str)] = &[
    ("patients", "Patients"),
    ("families", "Families and carers"),
    ("staff", "Staff"),
    ("commissioners", "Commissioners"),
];

async fn render(
    state: &AppState,
    session: &Session,
    form: &'static str,
    errors: Vec<FieldError>,
    draft: Draft,
    banner: Option<String>,
) -> Response {
    let today = today(state);
    let items = match library::list(&state.db).await {
        Ok(items) => items,
        Err(e) => {
            tracing::error!(error = %e, "could not list library items");
            return crate::error::unavailable_page();
        }
    };
    let mut rows: Vec<Row> = items
        .iter()
        .map(|i| Row {
            title: i.title.clone(),
            kind: if i.kind == "document" {
                "Uploaded PDF"
            } else {
                "Link"
            },
            href: i.href(),
            last_reviewed: long_date(i.last_reviewed),
            review_due: long_date(i.review_due),
            past: i.past_review(today),
            unverified: false,
            id: Some(i.id.clone()),
            own: i.created_by == session.user.id,
        })
        .collect();
    for l in content::leaflets() {
        let href = match l.meta.kind {
            Kind::Leaflet => format!("/resources/leaflets/{}", l.meta.id),
            Kind::EasyRead => format!("/resources/leaflets/{}/easy-read", l.meta.id),
        };
        rows.push(Row {
            title: l.meta.title.clone(),
            kind: "Leaflet (in the repository)",
            href,
            last_reviewed: long_date(l.meta.last_reviewed),
            review_due: long_date(l.meta.review_due),
            past: l.past_review(today),
            unverified: false,
            id: None,
            own: false,
        });
    }
    for i in catalogue::items() {
        rows.push(Row {
            title: i.title.clone(),
            kind: "Catalogue (in the repository)",
            href: if i.url.is_empty() {
                i.tools.first().map(|t| t.href.clone()).unwrap_or_default()
            } else {
                i.url.clone()
            },
            last_reviewed: long_date(i.last_reviewed),
            review_due: long_date(i.review_due),
            past: i.review_due <= today,
            unverified: i.url_unverified(),
            id: None,
            own: false,
        });
    }
    // Past review first (stable: otherwise in the order above).
    rows.sort_by_key(|r| !r.past);
    let past_count = rows.iter().filter(|r| r.past).count();
    let has_errors = !errors.is_empty();
    let title = if has_errors {
        "Error: Library content"
    } else {
        "Library content"
    };
    Page {
        layout: Layout::staff(state, title, PAGE, Some(session)),
        csrf: session.csrf_token.clone(),
        rows,
        past_count,
        form,
        audiences: AUDIENCE_CHOICES
            .iter()
            .map(|(value, label)| Choice {
                value,
                label,
                checked: draft.audience.iter().any(|a| a == value),
            })
            .collect(),
        topics: catalogue::TOPICS
            .iter()
            .map(|(value, label)| Choice {
                value,
                label,
                checked: draft.topics.iter().any(|t| t == value),
            })
            .collect(),
        errors,
        draft,
        banner,
        max_mb: library::MAX_DOCUMENT_BYTES / (1024 * 1024),
    }
    .into_response()
}

#[derive(serde::Deserialize)]
struct Done {
    done: Option<String>,
}

async fn page(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Query(q): Query<Done>,
) -> Response {
    let banner = match q.done.as_deref() {
        Some("link") => Some("Link added to the library".to_string()),
        Some("document") => Some("Document uploaded to the library".to_string()),
        Some("reviewed") => Some("Review date updated".to_string()),
        Some("removed") => Some("Item removed from the library".to_string()),
        Some("missing") => Some("That item is no longer in the library".to_string()),
        _ => None,
    };
    render(&state, &session, "", Vec::new(), Draft::default(), banner).await
}

impl Draft {
    fn set(&mut self, key: &str, value: String) {
        match key {
            "title" => self.title = value,
            "summary" => self.summary = value,
            "url" => self.url = value,
            "audience" => self.audience.push(value),
            "topics" => self.topics.push(value),
            "review-day" => self.day = value,
            "review-month" => self.month = value,
            "review-year" => self.year = value,
            _ => {}
        }
    }

    fn from_form(body: &[u8]) -> Draft {
        let mut d = Draft::default();
        for (k, v) in form_urlencoded::parse(body) {
            d.set(&k, v.into_owned());
        }
        d
    }

    fn date(&self) -> Option<Date> {
        let n = |s: &str| s.trim().parse::<i16>().ok();
        Date::new(n(&self.year)?, n(&self.month)? as i8, n(&self.day)? as i8).ok()
    }

    fn item(&self) -> NewItem {
        NewItem {
            title: self.title.clone(),
            summary: self.summary.clone(),
            audience: self.audience.clone(),
            topics: self.topics.clone(),
            review_due: self.date(),
        }
    }
}

async fn save(
    state: &AppState,
    session: &Session,
    form: &'static str,
    draft: Draft,
    source: Source<'_>,
) -> Response {
    let write = async {
        let mut tx = state.db.begin().await?;
        library::add(
            &mut tx,
            &session.user.id,
            &draft.item(),
            source,
            today(state),
        )
        .await?;
        tx.commit().await?;
        Ok::<(), LibraryError>(())
    };
    match write.await {
        Ok(()) => Redirect::to(&format!("{PAGE}?done={form}")).into_response(),
        Err(LibraryError::Invalid(errors)) => {
            render(state, session, form, errors, draft, None).await
        }
        Err(e) => {
            tracing::error!(error = %e, "could not add a library item");
            crate::error::unavailable_page()
        }
    }
}

async fn add_link(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    body: Bytes,
) -> Response {
    let draft = Draft::from_form(&body);
    let url = draft.url.clone();
    save(&state, &session, "link", draft, Source::Link { url: &url }).await
}

async fn upload(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    mut multipart: Multipart,
) -> Response {
    let mut draft = Draft::default();
    let mut file: Option<(String, Bytes)> = None;
    let mut too_big = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                // Over the route's body limit, or a broken form.
                tracing::info!(error = %e, "upload not read");
                too_big = true;
                break;
            }
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "document" {
            let file_name = field.file_name().unwrap_or("document.pdf").to_string();
            match field.bytes().await {
                Ok(b) => file = Some((file_name, b)),
                Err(_) => {
                    too_big = true;
                    break;
                }
            }
        } else if let Ok(text) = field.text().await {
            draft.set(&name, text);
        }
    }
    if too_big {
        let mut errors = library::validate(
            &draft.item(),
            Source::Link {
                url: "https://placeholder.invalid",
            },
            today(&state),
        );
        errors.insert(
            0,
            FieldError {
                field: "document",
                message: "The selected file must be smaller than 10 MB".into(),
            },
        );
        return render(&state, &session, "document", errors, draft, None).await;
    }
    let (file_name, bytes) = match &file {
        Some((n, b)) if !n.is_empty() || !b.is_empty() => (n.as_str(), b.as_ref()),
        _ => {
            let mut errors = library::validate(
                &draft.item(),
                Source::Link {
                    url: "https://placeholder.invalid",
                },
                today(&state),
            );
            errors.insert(
                0,
                FieldError {
                    field: "document",
                    message: "Select a PDF file".into(),
                },
            );
            return render(&state, &session, "document", errors, draft, None).await;
        }
    };
    save(
        &state,
        &session,
        "document",
        Draft { ..draft },
        Source::Document { file_name, bytes },
    )
    .await
}

async fn mark_reviewed(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let draft = Draft::from_form(&body);
    let write = async {
        let mut tx = state.db.begin().await?;
        library::mark_reviewed(&mut tx, &session.user.id, &id, draft.date(), today(&state)).await?;
        tx.commit().await?;
        Ok::<(), LibraryError>(())
    };
    match write.await {
        Ok(()) => Redirect::to(&format!("{PAGE}?done=reviewed")).into_response(),
        Err(LibraryError::Invalid(errors)) => {
            let errors = errors
                .into_iter()
                .map(|e| FieldError {
                    field: "review_due",
                    message: e.message,
                })
                .collect();
            render(&state, &session, "review", errors, Draft::default(), None).await
        }
        Err(LibraryError::NotFound) => {
            Redirect::to(&format!("{PAGE}?done=missing")).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "could not mark a library item reviewed");
            crate::error::unavailable_page()
        }
    }
}

async fn remove(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> Response {
    let write = async {
        let mut tx = state.db.begin().await?;
        library::remove(&mut tx, &session.user.id, &id).await?;
        tx.commit().await?;
        Ok::<(), LibraryError>(())
    };
    match write.await {
        Ok(()) => Redirect::to(&format!("{PAGE}?done=removed")).into_response(),
        Err(LibraryError::NotFound) => {
            Redirect::to(&format!("{PAGE}?done=missing")).into_response()
        }
        Err(LibraryError::NotYours) => {
            let errors = vec![FieldError {
                field: "review_due",
                message: "You can only remove items you added. Ask the administrator who added it."
                    .into(),
            }];
            render(&state, &session, "review", errors, Draft::default(), None).await
        }
        Err(e) => {
            tracing::error!(error = %e, "could not remove a library item");
            crate::error::unavailable_page()
        }
    }
}
