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
    heading: &'static str,
    paragraphs: &'static [&'static str],
}

fn render_error(
    status: StatusCode,
    heading: &'static str,
    paragraphs: &'static [&'static str],
) -> Response {
    let page = ErrorPage {
        layout: Layout::plain(heading),
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
        Err(_) => (status, heading).into_response(),
    }
}

/// The styled 404 page.
pub fn not_found_page() -> Response {
    render_error(
        StatusCode::NOT_FOUND,
        "Page not found",
        &[
            "If you typed the web address, check it is correct.",
            "If you pasted the web address, check you copied the entire address.",
        ],
    )
}

/// The styled 500 page.
pub fn server_error_page() -> Response {
    render_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Sorry, there is a problem with the service",
        &[
            "Try again later.",
            "Nothing you had already saved has been lost.",
        ],
    )
}

/// The 503 page, when the database cannot be reached.
pub fn unavailable_page() -> Response {
    render_error(
        StatusCode::SERVICE_UNAVAILABLE,
        "Sorry, the service is unavailable",
        &[
            "Try again in a few minutes.",
            "Nothing you had already saved has been lost.",
        ],
    )
}

/// The 429 page, when someone sends forms faster than a person could.
pub fn too_many_requests_page() -> Response {
    render_error(
        StatusCode::TOO_MANY_REQUESTS,
        "You have sent too many forms in a short time",
        &[
            "Wait a minute, then go back and try again.",
            "Nothing you had already saved has been lost.",
        ],
    )
}

/// A handler panicked: log it (without the panic message, which may hold data) and show the
/// styled 500 page.
pub fn panic_response(_err: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    server_error_page()
}
