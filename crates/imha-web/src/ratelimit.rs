//! Rate limits on form submissions (the public forms, sign-in, set-up and reset), per client
//! address, instead of a CAPTCHA, which would shut out disabled people. Counted in memory per
//! instance (with several instances each counts its own share); sign-in failures are also
//! counted in the database across instances (see `imha_core::accounts`).

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::AppState;

/// The limiter: form posts per minute per client address.
#[derive(Clone)]
pub struct FormLimiter(Arc<DefaultKeyedRateLimiter<IpAddr>>);

impl FormLimiter {
    pub fn per_minute(n: u32) -> FormLimiter {
        let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        FormLimiter(Arc::new(RateLimiter::keyed(Quota::per_minute(n))))
    }

    fn allows(&self, ip: IpAddr) -> bool {
        // Forget idle clients now and then so memory stays bounded.
        if self.0.len() > 10_000 {
            self.0.retain_recent();
        }
        self.0.check_key(&ip).is_ok()
    }
}

/// Refuse a POST (outside the bearer-token API) once its client has used its quota.
pub async fn limit_forms(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_form = req.method() == Method::POST && !req.uri().path().starts_with("/api/");
    if is_form {
        let ip = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        if let Some(ip) = ip
            && !state.form_limiter.allows(ip)
        {
            tracing::warn!("form rate limit reached");
            return too_many();
        }
    }
    next.run(req).await
}

fn too_many() -> Response {
    let mut res = crate::error::too_many_requests_page();
    *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    res.headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from_static("60"));
    res.into_response()
}
