//! The staff area under `/staff/`: sign-in with a second factor, sessions, the permission
//! check every staff route passes through, and the administration pages.
//!
//! Every request under `/staff` goes through [`authorize`]: it finds the route's permission in
//! [`policy::ROUTES`] (no entry: refused), loads the session from the cookie, sends anyone not
//! signed in to `/staff/login` (and anyone who has not given their second factor to
//! `/staff/login/code`), refuses a role without the permission with a 403 page, and checks the
//! session's form token on every POST. Handlers then read the [`Session`] from the request's
//! extensions.

pub mod admin;
pub mod allocation;
pub mod cases;
pub mod letter;
pub mod patients;
pub mod policy;
pub mod quality;
pub mod referrals;
pub mod reports;
pub mod resources;
pub mod signin;
pub mod work;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use imha_core::accounts::Session;

use crate::AppState;
use crate::pages::{Layout, SignedIn};
use policy::Permission;

/// The session cookie's name. With TLS the `__Host-` prefix pins it to this host and path `/`.
pub fn session_cookie_name(state: &AppState) -> &'static str {
    if state.config.served_over_tls() {
        "__Host-imha_session"
    } else {
        "imha_session"
    }
}

/// A cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` header: HttpOnly, SameSite=Lax (so a link from an email still carries it for
/// a GET), Secure when served over TLS; `max_age` None = a browser-session cookie, 0 = delete.
pub fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    path: &str,
    max_age: Option<i64>,
) -> HeaderValue {
    let mut c = format!("{name}={value}; Path={path}; HttpOnly; SameSite=Lax");
    if state.config.served_over_tls() {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&c)
        .unwrap_or_else(|_| HeaderValue::from_static("imha_invalid=; Max-Age=0"))
}

/// The client's address, for the audit trail and sign-in throttling.
pub fn client_addr(req_headers: &HeaderMap, peer: Option<std::net::SocketAddr>) -> String {
    let _ = req_headers;
    peer.map(|p| p.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The service's address for links shown on screen: the configured public URL, or the
/// request's host when that is a plain host name. Links sent by email use only the configured
/// URL (a forged Host header must never reach someone's inbox).
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = state.config.public_url.as_deref() {
        return url.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// The staff navigation.
const STAFF_NAV: &[(&str, &str)] = &[("/staff", "Staff home")];
const MANAGER_NAV: &[(&str, &str)] = &[
    ("/staff", "Staff home"),
    ("/staff/manage", "Service"),
    ("/staff/referrals", "Referrals"),
    ("/staff/cases", "Cases"),
    ("/staff/patients", "Patients"),
    ("/staff/duty", "Duty to inform"),
    ("/staff/reports", "Reports"),
    ("/staff/quality", "Quality"),
];
const COMMISSIONER_NAV: &[(&str, &str)] = &[
    ("/staff", "Staff home"),
    ("/staff/reports", "Reports"),
    ("/staff/quality", "Quality"),
];
const REFERRER_NAV: &[(&str, &str)] = &[
    ("/staff", "Staff home"),
    ("/staff/referrals/new", "Refer a patient"),
    ("/staff/duty", "Duty to inform"),
];
const ADVOCATE_NAV: &[(&str, &str)] = &[
    ("/staff", "Staff home"),
    ("/staff/work", "My work"),
    ("/staff/cases", "My cases"),
    ("/staff/patients", "Patients"),
];
const ADMIN_NAV: &[(&str, &str)] = &[
    ("/staff", "Staff home"),
    ("/staff/admin/users", "Users"),
    ("/staff/admin/organisations", "Organisations"),
    ("/staff/admin/tokens", "API tokens"),
    ("/staff/admin/audit", "Audit trail"),
    ("/staff/admin/resources", "Library"),
    ("/staff/reports", "Reports"),
];

impl Layout {
    /// The layout for a staff page, showing who is signed in and a sign-out button.
    pub fn staff(
        state: &AppState,
        title: impl Into<String>,
        path: &str,
        session: Option<&Session>,
    ) -> Layout {
        let nav = match session {
            Some(s) if s.mfa_done && s.user.role == imha_core::accounts::Role::Admin => ADMIN_NAV,
            Some(s) if s.mfa_done && s.user.role == imha_core::accounts::Role::ServiceManager => {
                MANAGER_NAV
            }
            Some(s) if s.mfa_done && s.user.role == imha_core::accounts::Role::HospitalReferrer => {
                REFERRER_NAV
            }
            Some(s) if s.mfa_done && s.user.role == imha_core::accounts::Role::Advocate => {
                ADVOCATE_NAV
            }
            Some(s) if s.mfa_done && s.user.role == imha_core::accounts::Role::Commissioner => {
                COMMISSIONER_NAV
            }
            Some(s) if s.mfa_done => STAFF_NAV,
            _ => &[],
        };
        let mut layout =
            Layout::with_nav(title.into(), state.config.service_name.clone(), path, nav);
        layout.signed_in = session.map(|s| SignedIn {
            name: s.user.name.clone(),
            csrf: s.csrf_token.clone(),
        });
        layout
    }
}

/// The 403 page.
pub fn forbidden(state: &AppState, session: Option<&Session>) -> Response {
    use askama::Template;
    #[derive(Template)]
    #[template(path = "staff/forbidden.html")]
    struct Forbidden {
        layout: Layout,
    }
    let page = Forbidden {
        layout: Layout::staff(
            state,
            "You do not have permission to see this page",
            "",
            session,
        ),
    };
    match page.render() {
        Ok(html) => (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
        Err(_) => StatusCode::FORBIDDEN.into_response(),
    }
}

/// The permission check in front of every staff route (see the module docs).
pub async fn authorize(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(path) = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
    else {
        return crate::error::not_found_page();
    };
    let Some(permission) = policy::permission_for(req.method(), &path) else {
        tracing::error!(route = %path, method = %req.method(), "staff route has no policy: refused");
        return forbidden(&state, None);
    };
    let session = match cookie(req.headers(), session_cookie_name(&state)) {
        Some(value) => match imha_core::accounts::load_session(&state.db, value).await {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(error = %e, "could not load session");
                return crate::error::unavailable_page();
            }
        },
        None => None,
    };
    if permission != Permission::Public {
        let Some(s) = &session else {
            return Redirect::to("/staff/login").into_response();
        };
        let needs_code = s.user.role.needs_mfa() && !s.mfa_done;
        if needs_code && permission != Permission::PasswordGiven {
            return Redirect::to("/staff/login/code").into_response();
        }
        if !policy::allows(s.user.role, permission) {
            return forbidden(&state, Some(s));
        }
        // Every state-changing request of a session carries the session's form token.
        if req.method() == Method::POST && !csrf_ok(&mut req, &s.csrf_token).await {
            return (
                StatusCode::FORBIDDEN,
                "This form has expired. Go back, reload the page and try again.",
            )
                .into_response();
        }
    }
    if let Some(s) = session {
        req.extensions_mut().insert(s);
    }
    next.run(req).await
}

/// Check the `csrf` field of a form body, leaving the body in place for the handler.
async fn csrf_ok(req: &mut Request, expected: &str) -> bool {
    // A file upload (multipart) carries the token in its action URL, `?csrf=...`: the body
    // may be far larger than the form limit and is read by the handler.
    let multipart = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if multipart {
        return req
            .uri()
            .query()
            .and_then(|q| form_urlencoded_value(q.as_bytes(), "csrf"))
            .is_some_and(|v| constant_time_eq(v.as_bytes(), expected.as_bytes()));
    }
    let body = std::mem::take(req.body_mut());
    let Ok(bytes) = axum::body::to_bytes(body, crate::BODY_LIMIT).await else {
        return false;
    };
    let ok = form_urlencoded_value(&bytes, "csrf")
        .is_some_and(|v| constant_time_eq(v.as_bytes(), expected.as_bytes()));
    *req.body_mut() = axum::body::Body::from(bytes);
    ok
}

fn form_urlencoded_value(body: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(body)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub use crate::forms::{Fields, field};

pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .merge(signin::routes())
        .merge(admin::routes())
        .merge(referrals::routes())
        .merge(patients::routes())
        .merge(work::routes())
        .merge(cases::routes())
        .merge(allocation::routes())
        .merge(resources::routes())
        .merge(letter::routes())
        .merge(quality::routes())
        .merge(reports::routes())
        .route_layer(axum::middleware::from_fn_with_state(state, authorize))
}

/// The document upload route, behind the same policy, for mounting with its own larger body
/// limit (see `imha_web::app`).
pub fn upload_routes(state: AppState) -> Router<AppState> {
    resources::upload_routes().route_layer(axum::middleware::from_fn_with_state(state, authorize))
}
