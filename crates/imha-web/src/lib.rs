//! imha's web layer: the public pages, the staff area and the JSON API, as one axum `Router`.
//!
//! [`app`] builds the router from an [`AppState`] so tests run it in-process; [`serve`] binds
//! it to an address with graceful shutdown. Only this crate knows HTTP, HTML and JSON: handlers
//! parse the request, call the domain (`imha-core`) or the rules (`imha-law`), and render.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod api;
pub mod assets;
pub mod audit_pages;
pub mod error;
pub mod forms;
pub mod i18n;
pub mod pages;
pub mod ratelimit;
pub mod security;
pub mod staff;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::HeaderName;
use axum::routing::get;
use imha_core::Database;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// How the service presents itself and where it is reached. Set by `imha serve` from flags and
/// `IMHA_*` environment variables.
#[derive(Debug, Clone)]
pub struct Config {
    /// The service's name in the header and page titles (the provider's own name for it).
    pub service_name: String,
    /// The language the service's name is in (BCP 47, `en` by default): where the name appears
    /// in a letter in another language it is marked as this language.
    pub service_name_lang: String,
    /// The provider's phone number, email and postal address, for the contact page.
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub contact_address: Option<String>,
    /// The URL people reach the service at. `https://...` turns on HSTS.
    pub public_url: Option<String>,
    /// Form submissions allowed per minute from one client address.
    pub form_posts_per_minute: u32,
    /// Fixes "today" for the public rights pages (demonstrations and tests); `None` = the
    /// real date in the UK.
    pub today: Option<jiff::civil::Date>,
    /// Target for the first contact after a referral, in working days after the day it
    /// arrives.
    pub response_target_working_days: i32,
    /// Target for an advocate's visit after an opt-out referral, in working days.
    pub visit_target_working_days: i32,
    /// When the s130D duty to inform shows as overdue: more than this many working days after
    /// the section started. The Act says only "as soon as practicable"; this is the provider's
    /// own threshold, not the law's.
    pub duty_overdue_working_days: i32,
    /// How many months after its issue an advocate's enhanced criminal record certificate is
    /// relied on when allocating cases. The regulations (SI 2008/3166 reg 6(5)) only say one
    /// must be obtained; this is the provider's renewal policy, not the law's.
    pub certificate_renewal_months: i32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            service_name: "Independent Mental Health Advocacy".to_string(),
            service_name_lang: "en".to_string(),
            contact_phone: None,
            contact_email: None,
            contact_address: None,
            public_url: None,
            form_posts_per_minute: 60,
            today: None,
            response_target_working_days: 2,
            visit_target_working_days: 2,
            duty_overdue_working_days: 1,
            certificate_renewal_months: 36,
        }
    }
}

impl Config {
    /// Whether browsers reach this service over TLS (at a proxy in front of it).
    pub fn served_over_tls(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub config: Arc<Config>,
    /// Which Mental Health Act 2025 provisions are in force (default: only 18 February 2026's).
    pub law: Arc<imha_law::LawConfig>,
    /// Form submissions per client address (see [`ratelimit`]).
    pub form_limiter: ratelimit::FormLimiter,
    /// Outgoing mail (password reset links), when configured.
    pub mailer: Arc<imha_core::mail::Mailer>,
}

impl AppState {
    pub fn new(db: Database, config: Config) -> AppState {
        let form_limiter = ratelimit::FormLimiter::per_minute(config.form_posts_per_minute);
        AppState {
            db,
            config: Arc::new(config),
            law: Arc::new(imha_law::LawConfig::default()),
            form_limiter,
            mailer: Arc::new(imha_core::mail::Mailer::Off),
        }
    }

    /// The same state, applying the law as `law` configures it (MHA 2025 commencements).
    pub fn with_law(mut self, law: imha_law::LawConfig) -> AppState {
        self.law = Arc::new(law);
        self
    }

    /// The same state, sending mail with `mailer`.
    pub fn with_mailer(mut self, mailer: imha_core::mail::Mailer) -> AppState {
        self.mailer = Arc::new(mailer);
        self
    }
}

/// Largest request body accepted (the episodes feed has its own, larger limit).
pub(crate) const BODY_LIMIT: usize = 1024 * 1024;

/// The whole application.
pub fn app(state: AppState) -> Router {
    let x_request_id = HeaderName::from_static("x-request-id");
    Router::new()
        // Body limits per router: the API's feed route streams and has its own.
        .merge(pages::routes().layer(RequestBodyLimitLayer::new(BODY_LIMIT)))
        .merge(api::routes(state.clone()))
        .merge(staff::routes(state.clone()).layer(RequestBodyLimitLayer::new(BODY_LIMIT)))
        .merge(
            staff::upload_routes(state.clone()).layer(RequestBodyLimitLayer::new(
                staff::resources::UPLOAD_BODY_LIMIT,
            )),
        )
        .route("/static/{version}/{name}", get(assets::serve))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            ratelimit::limit_forms,
        ))
        .layer(CatchPanicLayer::custom(error::panic_response))
        // Outside the panic catcher, so the 500 page carries the security headers too.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        // Outermost but for tracing: everything inside, the error pages included, renders in
        // the request's language.
        .layer(axum::middleware::from_fn(i18n::middleware))
        .layer(
            TraceLayer::new_for_http()
                // Log the route pattern, never the URI: paths and query strings can carry
                // personal data (a name in a search, a date of birth in a form).
                .make_span_with(|req: &Request| {
                    let route = req
                        .extensions()
                        .get::<MatchedPath>()
                        .map(|p| p.as_str().to_owned())
                        .unwrap_or_else(|| "(unmatched)".to_owned());
                    let request_id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-")
                        .to_owned();
                    tracing::info_span!("request", method = %req.method(), route, request_id)
                })
                .on_response(
                    |res: &axum::http::Response<_>, latency: Duration, _span: &tracing::Span| {
                        tracing::info!(
                            status = res.status().as_u16(),
                            latency_ms = latency.as_secs_f64() * 1000.0,
                            "served"
                        );
                    },
                ),
        )
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid))
        .with_state(state)
}

/// Serve `app` on `listener` until `shutdown` completes; requests in flight then finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
