//! Errors at the edge: a plain message for the person, the detail for the log (with the
//! request id the trace span carries), never personal data.

use std::any::Any;

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::pages::Layout;

/// Something went wrong while answering a page request.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("storage: {0}")]
    Storage(#[from] imha_core::StorageError),
    #[error("template: {0}")]
    Render(#[from] askama::Error),
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        tracing::error!(error = %self, "page failed");
        server_error_page()
    }
}

#[derive(Template)]
#[template(path = "pages/error.html")]
struct ErrorPage {
    layout: Layout,
    heading: String,
    paragraphs: Vec<String>,
}

/// An error page from the catalogue's `error-{kind}-heading` and `error-{kind}-p1`/`-p2`
/// messages (`locales/*/errors.ftl`), in the request's language.
fn render_error(status: StatusCode, kind: &str) -> Response {
    let heading = crate::i18n::t(&format!("error-{kind}-heading"));
    let paragraphs = ["p1", "p2"]
        .iter()
        .map(|p| crate::i18n::t(&format!("error-{kind}-{p}")))
        .collect();
    let page = ErrorPage {
        layout: Layout::plain(&heading),
        heading,
        paragraphs,
    };
    match page.render() {
        Ok(html) => (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
        // The error page itself failed: fall back to text rather than fail again.
        Err(_) => (status, page.heading).into_response(),
    }
}

/// The kinds of error page, as their message ids name them (the catalogue test checks each
/// has its three messages).
pub const KINDS: [&str; 4] = ["not-found", "server", "unavailable", "too-many"];

/// The styled 404 page.
pub fn not_found_page() -> Response {
    render_error(StatusCode::NOT_FOUND, "not-found")
}

/// The styled 500 page.
pub fn server_error_page() -> Response {
    render_error(StatusCode::INTERNAL_SERVER_ERROR, "server")
}

/// The 503 page, when the database cannot be reached.
pub fn unavailable_page() -> Response {
    render_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable")
}

/// The 429 page, when someone sends forms faster than a person could.
pub fn too_many_requests_page() -> Response {
    render_error(StatusCode::TOO_MANY_REQUESTS, "too-many")
}

/// A handler panicked: log it (without the panic message, which may hold data) and show the
/// styled 500 page.
pub fn panic_response(_err: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    server_error_page()
}
