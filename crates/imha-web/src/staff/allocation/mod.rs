//! Allocation and the advocates behind it (issue 7, point 7, and the manager's view of point
//! 8): the advocates list and each advocate's training and certificates ([`advocates`]), an
//! advocate's own declared links with patients ([`declarations`]), allocating a case to an
//! eligible advocate with an override that needs a written reason ([`allocate`]), and the
//! manager's view of the service ([`manage`]).
//!
//! The rules (who is eligible, conflicts and citations, what is overdue) live in
//! `imha_core::allocation` and `imha_core::advocates`; this module reads forms, calls them and
//! renders.

pub mod advocates;
pub mod allocate;
pub mod declarations;
pub mod manage;

use axum::routing::{get, post};
use imha_core::advocates::{CertificateStatus, List};
use imha_core::allocation::Policy;
use imha_govuk::{Tag, TrustedHtml};

use crate::AppState;
use crate::pages::rights::long_date;
use crate::staff::referrals::{esc, html, tag};

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/staff/advocates", get(advocates::list))
        .route("/staff/advocates/{id}", get(advocates::page))
        .route("/staff/advocates/{id}/training", post(advocates::training))
        .route(
            "/staff/advocates/{id}/certificates",
            post(advocates::certificate),
        )
        .route("/staff/declarations", get(declarations::list))
        .route(
            "/staff/declarations/new",
            get(declarations::form).post(declarations::submit),
        )
        .route("/staff/declarations/withdraw", post(declarations::withdraw))
        .route(
            "/staff/cases/{id}/allocate",
            get(allocate::page).post(allocate::submit),
        )
        .route(
            "/staff/cases/{id}/allocate/override",
            post(allocate::override_submit),
        )
        .route("/staff/manage", get(manage::page))
}

/// The provider's allocation policy, from the configuration.
pub fn policy(state: &AppState) -> Policy {
    Policy {
        certificate_renewal_months: state.config.certificate_renewal_months,
    }
}

/// The sentence every page that judges certificates shows: the limit is the provider's.
pub fn renewal_policy_text(state: &AppState) -> String {
    format!(
        "A criminal record certificate is relied on for {} months after it was issued. This is \
         the advocacy service's own renewal policy, not a limit in the law: the regulations \
         only say an enhanced certificate must be obtained (SI 2008/3166 reg 6(5); in Wales, \
         SI 2011/2501 reg 4(4)).",
        state.config.certificate_renewal_months
    )
}

/// A barred list's certificate status as a tag with its date.
pub fn status_html(status: CertificateStatus) -> TrustedHtml {
    let (t, when): (Tag, Option<String>) = match status {
        CertificateStatus::Valid { until } => (
            tag("Valid", "green"),
            Some(format!("until {}", long_date(until))),
        ),
        CertificateStatus::ExpiringSoon { until } => (
            tag("Expiring soon", "yellow"),
            Some(format!("renew by {}", long_date(until))),
        ),
        CertificateStatus::Expired { until } => (
            tag("Expired", "red"),
            Some(format!("renewal was due {}", long_date(until))),
        ),
        CertificateStatus::Missing => (tag("None recorded", "grey"), None),
    };
    let mut s = html(&t).as_str().to_string();
    if let Some(w) = when {
        s.push_str(&format!(
            "<span class=\"govuk-body-s govuk-!-display-block\">{}</span>",
            esc(&w)
        ));
    }
    TrustedHtml::new(s)
}

/// "Adults" or "Children", for table headings.
pub fn list_heading(list: List) -> &'static str {
    match list {
        List::Adults => "Adults' certificate",
        List::Children => "Children's certificate",
    }
}

/// "1 open case", "3 open cases, 1 paused".
pub fn caseload_text(open: i64, paused: i64) -> String {
    let open_text = match open {
        1 => "1 open case".to_string(),
        n => format!("{n} open cases"),
    };
    if paused > 0 {
        format!("{open_text}, {paused} paused")
    } else {
        open_text
    }
}

/// The on-screen note for patients in Wales.
pub const WALES_NOTE: &str = "This patient is in Wales. imha applies the Welsh regulations' \
    equivalent checks: training (SI 2011/2501 reg 4(1)(a)), the certificate (reg 4(4)) and \
    independence (reg 5(1)). The Welsh independence rules were read from the regulations but \
    have not been verified in imha's legal digest. imha does not check reg 4(1)(c) (not employed \
    by the Local Health Board for the area) or reg 5(2) (section 4 patients): check those \
    yourself.";
