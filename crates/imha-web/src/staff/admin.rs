//! Administration pages under `/staff/admin/`: users, organisations, API tokens, the audit
//! trail.

use crate::AppState;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
}
