//! The public pages: home, accessibility statement, privacy notice, contact; the shared page
//! layout; the 404 fallback. The rights pages and the referral form have their own modules.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use crate::{AppState, assets};

pub mod pdf;
pub mod refer;
pub mod resources;
pub mod rights;
pub mod statuses;

/// An entry in the service navigation.
pub struct NavItem {
    pub href: &'static str,
    pub text: &'static str,
    pub current: bool,
}

/// What the shared layout (`templates/base.html`) needs on every page.
pub struct Layout {
    /// The page's own title; the `<title>` is "{title} - {service}".
    pub title: String,
    pub service_name: String,
    pub nav: Vec<NavItem>,
    pub css_url: String,
    pub init_url: String,
    /// Set on staff pages for a signed-in person: their name, and the session's form token
    /// for the sign-out button.
    pub signed_in: Option<SignedIn>,
}

/// Who is signed in, as the layout shows it.
pub struct SignedIn {
    pub name: String,
    pub csrf: String,
}

/// The service navigation, in the order it appears.
const NAV: &[(&str, &str)] = &[
    ("/", "Home"),
    ("/eligibility", "Can I get an IMHA?"),
    ("/my-dates", "What are my dates?"),
    ("/refer", "Ask for an advocate"),
    ("/resources", "Resources"),
];

impl Layout {
    /// The layout for a page at `path`, named by the configured service name.
    pub fn new(state: &AppState, title: impl Into<String>, path: &str) -> Layout {
        Layout::build(title.into(), state.config.service_name.clone(), path)
    }

    /// The layout for error pages, which may be rendered without the state at hand.
    pub fn plain(title: &str) -> Layout {
        Layout::build(title.to_string(), crate::Config::default().service_name, "")
    }

    fn build(title: String, service_name: String, path: &str) -> Layout {
        Layout::with_nav(title, service_name, path, NAV)
    }

    /// A layout with the given navigation (the staff area has its own).
    pub fn with_nav(
        title: String,
        service_name: String,
        path: &str,
        items: &[(&'static str, &'static str)],
    ) -> Layout {
        let nav = items
            .iter()
            .map(|(href, text)| NavItem {
                href,
                text,
                current: *href == path,
            })
            .collect();
        Layout {
            title,
            service_name,
            nav,
            css_url: assets::url("imha.css"),
            init_url: assets::url("init.js"),
            signed_in: None,
        }
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/accessibility", get(accessibility))
        .route("/privacy", get(privacy))
        .route("/contact", get(contact))
        .merge(rights::routes())
        .merge(refer::routes())
        .merge(resources::routes())
        .merge(pdf::routes())
}

/// The eight kinds of help an IMHA gives, in the seed page's words.
pub const KINDS_OF_HELP: [&str; 8] = [
    "understand your rights under the Mental Health Act",
    "ask for a review of your section and apply to a mental health tribunal",
    "raise concerns about your experience or your care in hospital",
    "find out about your treatment",
    "prepare for and go to meetings",
    "be fully involved in planning your care",
    "find out whether any conditions or restrictions apply to you",
    "speak up at ward rounds and care reviews",
];

#[derive(Template, WebTemplate)]
#[template(path = "pages/home.html")]
struct Home {
    layout: Layout,
    help: &'static [&'static str],
}

async fn home(State(state): State<AppState>) -> Home {
    Home {
        layout: Layout::new(
            &state,
            "Help from an independent mental health advocate",
            "/",
        ),
        help: &KINDS_OF_HELP,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/accessibility.html")]
struct Accessibility {
    layout: Layout,
    contact: Contact,
}

async fn accessibility(State(state): State<AppState>) -> Accessibility {
    Accessibility {
        layout: Layout::new(&state, "Accessibility statement", "/accessibility"),
        contact: Contact::from(&state),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/privacy.html")]
struct Privacy {
    layout: Layout,
    contact: Contact,
}

async fn privacy(State(state): State<AppState>) -> Privacy {
    Privacy {
        layout: Layout::new(&state, "Privacy notice", "/privacy"),
        contact: Contact::from(&state),
    }
}

/// How to reach the advocacy provider, from configuration.
pub struct Contact {
    pub service_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

impl Contact {
    fn from(state: &AppState) -> Contact {
        let c = &state.config;
        Contact {
            service_name: c.service_name.clone(),
            phone: c.contact_phone.clone(),
            email: c.contact_email.clone(),
            address: c.contact_address.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.phone.is_none() && self.email.is_none() && self.address.is_none()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/contact.html")]
struct ContactPage {
    layout: Layout,
    contact: Contact,
}

async fn contact(State(state): State<AppState>) -> ContactPage {
    ContactPage {
        layout: Layout::new(&state, "Contact us", "/contact"),
        contact: Contact::from(&state),
    }
}

/// Any path no route matches. Under `/staff/`, someone not signed in is sent to sign in
/// rather than told which staff pages exist (contracts.md section 4).
pub async fn not_found(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    use axum::response::IntoResponse;
    if uri.path() == "/staff" || uri.path().starts_with("/staff/") {
        let cookie = crate::staff::cookie(&headers, crate::staff::session_cookie_name(&state));
        let signed_in = match cookie {
            Some(c) => imha_core::accounts::load_session(&state.db, c)
                .await
                .ok()
                .flatten()
                .is_some(),
            None => false,
        };
        if !signed_in {
            return axum::response::Redirect::to("/staff/login").into_response();
        }
    }
    crate::error::not_found_page()
}
