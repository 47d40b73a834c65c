//! The public pages: home, accessibility statement, privacy notice, contact; the shared page
//! layout; the 404 fallback. The rights pages and the referral form have their own modules.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use crate::i18n::{self, Lang};
use crate::{AppState, assets};

pub mod pdf;
pub mod refer;
pub mod resources;
pub mod rights;
pub mod statuses;

/// An entry in the service navigation.
pub struct NavItem {
    pub href: &'static str,
    pub text: String,
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
    /// The page's language (`<html lang>`); the staff area is always English.
    pub lang: Lang,
    /// The link to this page in the other language, on public pages.
    pub switch_href: Option<String>,
    /// The language of the page's own content (`<main>`): the page's language where the page
    /// has been translated ([`TRANSLATED`]), English where it has not yet.
    pub content: Lang,
    /// Whether the site's header, banners and footer are printed with the page. Off for
    /// documents made to be printed and handed over (the rights letter).
    pub print_chrome: bool,
}

/// Who is signed in, as the layout shows it.
pub struct SignedIn {
    pub name: String,
    pub csrf: String,
}

/// The public pages (as `Layout::new` names them) whose content comes from the message
/// catalogues in every language. Any other page shown to someone who chose Welsh has the
/// layout in Welsh, its content marked `lang="en"`, and a notice (in both languages) that it
/// is not yet in Welsh. A page is added here once all its text is in the catalogues.
pub const TRANSLATED: &[&str] = &[
    "/",
    "/accessibility",
    "/privacy",
    "/contact",
    "/eligibility",
    "/refer",
    "/my-dates",
    "/resources",
];

/// The service navigation, in the order it appears: each item's path and the id of its label
/// in the message catalogues (`locales/*/layout.ftl`). A new item needs its message in every
/// language's catalogue (the catalogue test fails otherwise).
const NAV: &[(&str, &str)] = &[
    ("/", "nav-home"),
    ("/eligibility", "nav-eligibility"),
    ("/my-dates", "nav-my-dates"),
    ("/refer", "nav-refer"),
    ("/resources", "nav-resources"),
];

/// The message ids of the public navigation's labels (for the catalogue tests).
pub fn nav_message_ids() -> impl Iterator<Item = &'static str> {
    NAV.iter().map(|(_, id)| *id)
}

impl Layout {
    /// This layout without the site's header, banners and footer when printed.
    pub fn for_printing(mut self) -> Layout {
        self.print_chrome = false;
        self
    }

    /// The class that hides the site's own parts when printing, where it should.
    pub fn chrome_print_class(&self) -> &'static str {
        if self.print_chrome {
            ""
        } else {
            " govuk-!-display-none-print"
        }
    }

    /// The layout for a page at `path`, named by the configured service name.
    pub fn new(state: &AppState, title: impl Into<String>, path: &str) -> Layout {
        Layout::build(title.into(), state.config.service_name.clone(), path)
    }

    /// The layout for error pages, which may be rendered without the state at hand.
    pub fn plain(title: &str) -> Layout {
        Layout::build(title.to_string(), crate::Config::default().service_name, "")
    }

    fn build(title: String, service_name: String, path: &str) -> Layout {
        let lang = i18n::current();
        let nav = NAV
            .iter()
            .map(|(href, id)| NavItem {
                href,
                text: lang.t(id),
                current: *href == path,
            })
            .collect();
        let mut layout = Layout::with_items(title, service_name, nav);
        layout.lang = lang;
        layout.switch_href = i18n::switch_href();
        // Error pages (no path) are translated too.
        layout.content = if path.is_empty() || TRANSLATED.contains(&path) {
            lang
        } else {
            Lang::En
        };
        layout
    }

    /// Whether the page's content is still English in a page in another language.
    pub fn content_untranslated(&self) -> bool {
        self.content != self.lang
    }

    /// The message `id` in the language of the page's content (templates:
    /// `{{ layout.t("home-title") }}`).
    pub fn t(&self, id: &str) -> String {
        self.content.t(id)
    }

    /// The message `id` in the language of the page's content, with one variable.
    pub fn t1(&self, id: &str, name: &str, value: &str) -> String {
        self.content.t_args(id, &[(name, value)])
    }

    /// The message `id` in the language of the page's content, with two variables.
    pub fn t2(&self, id: &str, n1: &str, v1: &str, n2: &str, v2: &str) -> String {
        self.content.t_args(id, &[(n1, v1), (n2, v2)])
    }

    /// The message `id` in the language of the page's content, with three variables.
    #[allow(clippy::too_many_arguments)]
    pub fn t3(
        &self,
        id: &str,
        n1: &str,
        v1: &str,
        n2: &str,
        v2: &str,
        n3: &str,
        v3: &str,
    ) -> String {
        self.content.t_args(id, &[(n1, v1), (n2, v2), (n3, v3)])
    }

    /// The message `id` in the page's language, for the layout around the content (header,
    /// navigation, banners, footer): `{{ layout.ui("skip-link") }}` in `base.html`.
    pub fn ui(&self, id: &str) -> String {
        self.lang.t(id)
    }

    /// The layout's message `id` in the page's language, with one variable.
    pub fn ui1(&self, id: &str, name: &str, value: &str) -> String {
        self.lang.t_args(id, &[(name, value)])
    }

    /// The message `id` in English, for English text inside a page in another language
    /// (marked `lang="en"` in the template).
    pub fn en(&self, id: &str) -> String {
        Lang::En.t(id)
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
                text: (*text).to_string(),
                current: *href == path,
            })
            .collect();
        Layout::with_items(title, service_name, nav)
    }

    /// An English layout with no language switch (the staff area's).
    fn with_items(title: String, service_name: String, nav: Vec<NavItem>) -> Layout {
        Layout {
            title,
            service_name,
            nav,
            css_url: assets::url("imha.css"),
            init_url: assets::url("init.js"),
            signed_in: None,
            lang: Lang::En,
            switch_href: None,
            content: Lang::En,
            print_chrome: true,
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

/// The message ids of [`KINDS_OF_HELP`], in the same order (a test checks the English
/// catalogue says the same).
pub const KINDS_OF_HELP_IDS: [&str; 8] = [
    "help-rights",
    "help-tribunal",
    "help-concerns",
    "help-treatment",
    "help-meetings",
    "help-planning",
    "help-conditions",
    "help-ward-rounds",
];

/// The kinds of help, in the current language.
pub fn kinds_of_help() -> Vec<String> {
    KINDS_OF_HELP_IDS.iter().map(|id| i18n::t(id)).collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/home.html")]
struct Home {
    layout: Layout,
    help: Vec<String>,
}

async fn home(State(state): State<AppState>) -> Home {
    Home {
        layout: Layout::new(&state, i18n::t("home-title"), "/"),
        help: kinds_of_help(),
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
        layout: Layout::new(&state, i18n::t("footer-accessibility"), "/accessibility"),
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
        layout: Layout::new(&state, i18n::t("footer-privacy"), "/privacy"),
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
        layout: Layout::new(&state, i18n::t("footer-contact"), "/contact"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kinds_of_help_in_the_english_catalogue_are_the_seed_pages_words() {
        for (id, text) in KINDS_OF_HELP_IDS.iter().zip(KINDS_OF_HELP) {
            assert_eq!(Lang::En.t(id), text);
        }
    }
}
