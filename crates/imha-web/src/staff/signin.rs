//! Signing in and out: email and password, then a code from an authenticator app (TOTP) for
//! every role that can see personal data; account set-up and password reset from single-use
//! links; sign out, and sign out everywhere. Each outcome is written to the audit trail.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Form, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use imha_core::accounts::{self, LinkPurpose, Session, SignIn};
use imha_core::audit::{self, Action, NewEntry};
use imha_govuk::{Button, ErrorSummary, Hint, Input, NotificationBanner, TrustedHtml};

use super::{Fields, client_addr, cookie, field, session_cookie_name, set_cookie};
use crate::AppState;
use crate::pages::Layout;

/// Everything the generic staff form page (`templates/staff/form.html`) shows.
#[derive(Default)]
pub struct FormPage {
    pub heading: String,
    pub intro: Vec<String>,
    pub error_summary: Option<ErrorSummary>,
    pub banner: Option<NotificationBanner>,
    pub extra: TrustedHtml,
    pub action: Option<String>,
    pub csrf: Option<String>,
    pub hidden: Vec<(String, String)>,
    pub fields: Vec<TrustedHtml>,
    pub button: Button,
    pub links: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/form.html")]
pub struct FormTemplate {
    pub layout: Layout,
    pub page: FormPage,
}

/// Render a component for the `fields` list.
pub fn html(component: &impl Template) -> TrustedHtml {
    TrustedHtml::render(component).unwrap_or_default()
}

pub use crate::forms::{error_for, error_summary as summary};

pub fn button(text: &str) -> Button {
    Button {
        text: Some(text.into()),
        ..Button::default()
    }
}

pub fn success_banner(text: &str) -> NotificationBanner {
    NotificationBanner {
        text: Some(text.into()),
        banner_type: Some("success".into()),
        ..NotificationBanner::default()
    }
}

use crate::forms::error_title as page_title;

fn audit_entry(actor_id: Option<&str>, action: Action, client: &str) -> NewEntry {
    let mut e = match actor_id {
        Some(id) => NewEntry::by_user(id, action),
        None => NewEntry::anonymous(action),
    };
    e.client = Some(client.to_string());
    e
}

/// Write an audit entry on its own; a failure is logged, never shown.
async fn audit_now(state: &AppState, entry: NewEntry) {
    if let Err(e) = audit::record_now(&state.db, entry).await {
        tracing::error!(error = %e, "could not write the audit trail");
    }
}

// ---------------------------------------------------------------------------------------------
// Email and password

#[derive(serde::Deserialize, Default)]
pub struct LoginQuery {
    done: Option<String>,
}

fn login_page(
    state: &AppState,
    email: &str,
    errors: &[(&str, String)],
    banner: Option<&str>,
) -> FormTemplate {
    let heading = "Sign in";
    let email_input = Input {
        input_type: Some("email".into()),
        value: Some(email.to_string()),
        autocomplete: Some("username".into()),
        spellcheck: Some(false),
        error_message: error_for(errors, "email"),
        ..Input::new("email", "Email address")
    };
    let password = Input {
        input_type: Some("password".into()),
        autocomplete: Some("current-password".into()),
        error_message: error_for(errors, "password"),
        ..Input::new("password", "Password")
    };
    FormTemplate {
        layout: Layout::staff(
            state,
            page_title(heading, !errors.is_empty()),
            "/staff/login",
            None,
        ),
        page: FormPage {
            heading: heading.into(),
            intro: vec![
                "This is for the staff of the advocacy service, hospitals and councils.".into(),
            ],
            error_summary: summary(errors),
            banner: banner.map(success_banner),
            action: Some("/staff/login".into()),
            fields: vec![html(&email_input), html(&password)],
            button: button("Sign in"),
            links: vec![(
                "/staff/forgotten-password".into(),
                "I have forgotten my password".into(),
            )],
            ..FormPage::default()
        },
    }
}

async fn login_form(State(state): State<AppState>, Query(q): Query<LoginQuery>) -> FormTemplate {
    let banner = match q.done.as_deref() {
        Some("setup") => Some("Your account is ready. Sign in with your new password."),
        Some("reset") => Some("Your password has been changed. Sign in with your new password."),
        Some("signed-out") => Some("You have signed out."),
        _ => None,
    };
    login_page(&state, "", &[], banner)
}

const SIGN_IN_REFUSED: &str = "Enter a correct email address and password. After 5 wrong tries an account is locked for 15 minutes";

async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let client = client_addr(&headers, Some(peer));
    let email = field(&fields, "email").unwrap_or("");
    let password = fields.get("password").map(String::as_str).unwrap_or("");
    let mut errors = Vec::new();
    if email.is_empty() {
        errors.push(("email", "Enter your email address".to_string()));
    }
    if password.is_empty() {
        errors.push(("password", "Enter your password".to_string()));
    }
    if !errors.is_empty() {
        return login_page(&state, email, &errors, None).into_response();
    }
    let outcome = match accounts::sign_in(&state.db, email, password, &client).await {
        Ok(o) => o,
        Err(e) => {
            tracing::error!(error = %e, "sign-in failed to run");
            return crate::error::unavailable_page();
        }
    };
    match outcome {
        SignIn::Accepted(user) => {
            let mfa_done = !user.role.needs_mfa();
            if user.role.needs_mfa() && !user.has_totp {
                // Only possible if an administrator reset the second factor: set-up is needed.
                audit_now(
                    &state,
                    audit_entry(Some(&user.id), Action::SignInFailed, &client)
                        .with_detail("no second factor set up"),
                )
                .await;
                let msg = "Your account needs a new authenticator app. Ask your administrator for a set-up link".to_string();
                return login_page(&state, email, &[("email", msg)], None).into_response();
            }
            let cookie_value = match accounts::start_session(&state.db, &user, mfa_done).await {
                Ok(c) => c,
                Err(e) => {
                    tracing::error!(error = %e, "could not start a session");
                    return crate::error::server_error_page();
                }
            };
            if mfa_done {
                audit_now(&state, audit_entry(Some(&user.id), Action::SignIn, &client)).await;
            }
            let to = if mfa_done {
                "/staff"
            } else {
                "/staff/login/code"
            };
            let mut res = Redirect::to(to).into_response();
            res.headers_mut().insert(
                header::SET_COOKIE,
                set_cookie(
                    &state,
                    session_cookie_name(&state),
                    &cookie_value,
                    "/",
                    None,
                ),
            );
            res
        }
        SignIn::Refused => {
            audit_now(
                &state,
                audit_entry(None, Action::SignInFailed, &client).with_detail("email or password"),
            )
            .await;
            login_page(
                &state,
                email,
                &[("email", SIGN_IN_REFUSED.to_string())],
                None,
            )
            .into_response()
        }
        SignIn::Throttled => {
            audit_now(
                &state,
                audit_entry(None, Action::SignInFailed, &client).with_detail("throttled"),
            )
            .await;
            let msg = "There have been too many attempts to sign in from your network. Wait 15 minutes and try again".to_string();
            login_page(&state, email, &[("email", msg)], None).into_response()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The second factor

fn code_page(state: &AppState, session: &Session, errors: &[(&str, String)]) -> FormTemplate {
    let heading = "Enter the code from your authenticator app";
    let code = Input {
        inputmode: Some("numeric".into()),
        autocomplete: Some("one-time-code".into()),
        spellcheck: Some(false),
        classes: Some("govuk-input--width-5".into()),
        hint: Some(Hint::text("The 6-digit code changes every 30 seconds.")),
        error_message: error_for(errors, "code"),
        ..Input::new("code", "Code")
    };
    FormTemplate {
        layout: Layout::staff(
            state,
            page_title(heading, !errors.is_empty()),
            "/staff/login/code",
            Some(session),
        ),
        page: FormPage {
            heading: heading.into(),
            error_summary: summary(errors),
            action: Some("/staff/login/code".into()),
            csrf: Some(session.csrf_token.clone()),
            fields: vec![html(&code)],
            button: button("Continue"),
            ..FormPage::default()
        },
    }
}

async fn code_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
) -> Response {
    if session.mfa_done {
        return Redirect::to("/staff").into_response();
    }
    code_page(&state, &session, &[]).into_response()
}

async fn code(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let client = client_addr(&headers, Some(peer));
    let Some(code) = field(&fields, "code") else {
        return code_page(
            &state,
            &session,
            &[("code", "Enter the 6-digit code".into())],
        )
        .into_response();
    };
    match accounts::check_totp(&state.db, &session.user.id, code).await {
        Ok(true) => {}
        Ok(false) => {
            audit_now(
                &state,
                audit_entry(Some(&session.user.id), Action::SignInFailed, &client)
                    .with_detail("wrong code"),
            )
            .await;
            // Wrong codes count towards the account's lock-out like wrong passwords.
            if let Err(e) = accounts::record_failed_code(&state.db, &session.user.id).await {
                tracing::error!(error = %e, "could not count a wrong code");
            }
            if accounts::is_locked(&state.db, &session.user.id)
                .await
                .unwrap_or(true)
            {
                let _ = accounts::end_session(&state.db, session.key()).await;
                return Redirect::to("/staff/login").into_response();
            }
            let msg =
                "The code is not right. Enter the code your app shows now; each code works once";
            return code_page(&state, &session, &[("code", msg.into())]).into_response();
        }
        Err(e) => {
            tracing::error!(error = %e, "could not check a code");
            return crate::error::unavailable_page();
        }
    }
    // A new session id once both factors are given.
    let cookie_value = match accounts::complete_mfa(&state.db, &session).await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "could not rotate the session");
            return crate::error::server_error_page();
        }
    };
    audit_now(
        &state,
        audit_entry(Some(&session.user.id), Action::SignIn, &client),
    )
    .await;
    let mut res = Redirect::to("/staff").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(
            &state,
            session_cookie_name(&state),
            &cookie_value,
            "/",
            None,
        ),
    );
    res
}

// ---------------------------------------------------------------------------------------------
// Signing out

fn clear_session_cookie(state: &AppState, mut res: Response) -> Response {
    res.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(state, session_cookie_name(state), "", "/", Some(0)),
    );
    res
}

async fn logout(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let client = client_addr(&headers, Some(peer));
    if let Err(e) = accounts::end_session(&state.db, session.key()).await {
        tracing::error!(error = %e, "could not end a session");
    }
    audit_now(
        &state,
        audit_entry(Some(&session.user.id), Action::SignOut, &client),
    )
    .await;
    clear_session_cookie(
        &state,
        Redirect::to("/staff/login?done=signed-out").into_response(),
    )
}

async fn logout_everywhere(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let client = client_addr(&headers, Some(peer));
    let result = async {
        let mut tx = state.db.begin().await?;
        accounts::end_all_sessions(&mut tx, &session.user.id).await?;
        audit::record(
            &mut tx,
            audit_entry(Some(&session.user.id), Action::SignOutEverywhere, &client),
        )
        .await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = result {
        tracing::error!(error = %e, "could not sign out everywhere");
        return crate::error::server_error_page();
    }
    clear_session_cookie(
        &state,
        Redirect::to("/staff/login?done=signed-out").into_response(),
    )
}

// ---------------------------------------------------------------------------------------------
// Set-up and reset links

/// The cookie that carries a set-up or reset link's token after the first visit, so the token
/// leaves the address bar (and browser history) at once.
fn link_cookie(purpose: LinkPurpose) -> &'static str {
    match purpose {
        LinkPurpose::Setup => "imha_setup",
        LinkPurpose::Reset => "imha_reset",
    }
}

fn link_path(purpose: LinkPurpose) -> &'static str {
    match purpose {
        LinkPurpose::Setup => "/staff/setup",
        LinkPurpose::Reset => "/staff/reset",
    }
}

#[derive(serde::Deserialize)]
pub struct LinkQuery {
    token: Option<String>,
}

fn link_problem_page(state: &AppState) -> Response {
    FormTemplate {
        layout: Layout::staff(state, "This link does not work", "", None),
        page: FormPage {
            heading: "This link does not work".into(),
            intro: vec![
                "The link may have been used already, or it may have expired. Set-up links last 7 days; password reset links last 1 hour. Each works once.".into(),
                "Ask your administrator for a new link.".into(),
            ],
            ..FormPage::default()
        },
    }
    .into_response()
}

fn password_fields(errors: &[(&str, String)]) -> Vec<TrustedHtml> {
    let pw = Input {
        input_type: Some("password".into()),
        autocomplete: Some("new-password".into()),
        hint: Some(Hint::text(format!(
            "Use {} characters or more. A good way is three random words together, like \"kettle orbit meadow\". Do not use a password you use anywhere else.",
            accounts::MIN_PASSWORD_LENGTH
        ))),
        error_message: error_for(errors, "password"),
        ..Input::new("password", "Create a password")
    };
    let confirm = Input {
        input_type: Some("password".into()),
        autocomplete: Some("new-password".into()),
        error_message: error_for(errors, "confirm"),
        ..Input::new("confirm", "Type the password again")
    };
    vec![html(&pw), html(&confirm)]
}

fn check_new_password(
    fields: &Fields,
    user: &accounts::User,
    errors: &mut Vec<(&'static str, String)>,
) -> Option<String> {
    let password = fields.get("password").cloned().unwrap_or_default();
    let confirm = fields.get("confirm").cloned().unwrap_or_default();
    if password.is_empty() {
        errors.push(("password", "Create a password".into()));
        return None;
    }
    if let Err(msg) = accounts::check_password(&password, &[&user.email, &user.name]) {
        errors.push(("password", msg));
        return None;
    }
    if password != confirm {
        errors.push(("confirm", "The passwords do not match".into()));
        return None;
    }
    Some(password)
}

/// First visit with `?token=`: move the token into a cookie and reload without it.
fn capture_token(state: &AppState, purpose: LinkPurpose, token: &str) -> Response {
    let mut res = Redirect::to(link_path(purpose)).into_response();
    let value: String = token
        .chars()
        .filter(|c| c.is_ascii_hexdigit())
        .take(64)
        .collect();
    res.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(
            state,
            link_cookie(purpose),
            &value,
            link_path(purpose),
            Some(3600),
        ),
    );
    res
}

fn setup_page(
    state: &AppState,
    user: &accounts::User,
    secret: &str,
    errors: &[(&str, String)],
) -> FormTemplate {
    let heading = "Set up your account";
    let mut fields = password_fields(errors);
    let mut hidden = Vec::new();
    let mut extra = String::new();
    if user.role.needs_mfa() {
        let url =
            accounts::totp_url(secret, &user.email, &state.config.service_name).unwrap_or_default();
        let grouped: Vec<String> = secret
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        extra = format!(
            "<h2 class=\"govuk-heading-m\">Your authenticator app</h2>\
             <p class=\"govuk-body\">You need an authenticator app on your phone, such as Microsoft Authenticator or Google Authenticator. Each time you sign in, you will type the code it shows.</p>\
             <p class=\"govuk-body\">In the app, add an account and type this key:</p>\
             <p class=\"govuk-body govuk-!-font-weight-bold govuk-!-text-break-word\" id=\"totp-key\">{}</p>\
             <details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span class=\"govuk-details__summary-text\">If your app asks for a set-up address</span></summary>\
             <div class=\"govuk-details__text\"><p class=\"govuk-body govuk-!-text-break-word\">{}</p></div></details>",
            askama::filters::escape(grouped.join(" "), askama::filters::Html)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            askama::filters::escape(&url, askama::filters::Html)
                .map(|s| s.to_string())
                .unwrap_or_default(),
        );
        let code = Input {
            inputmode: Some("numeric".into()),
            autocomplete: Some("one-time-code".into()),
            classes: Some("govuk-input--width-5".into()),
            hint: Some(Hint::text(
                "Type the 6-digit code the app now shows, to check it is set up.",
            )),
            error_message: error_for(errors, "code"),
            ..Input::new("code", "Code from the app")
        };
        fields.push(html(&code));
        hidden.push(("totp_secret".to_string(), secret.to_string()));
    }
    FormTemplate {
        layout: Layout::staff(
            state,
            page_title(heading, !errors.is_empty()),
            "/staff/setup",
            None,
        ),
        page: FormPage {
            heading: heading.into(),
            intro: vec![format!(
                "Your account is for {} ({}).",
                user.name, user.email
            )],
            error_summary: summary(errors),
            extra: TrustedHtml::new(extra),
            action: Some("/staff/setup".into()),
            hidden,
            fields,
            button: button("Finish setting up"),
            ..FormPage::default()
        },
    }
}

async fn setup_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LinkQuery>,
) -> Response {
    if let Some(token) = q.token {
        return capture_token(&state, LinkPurpose::Setup, &token);
    }
    let Some(token) = cookie(&headers, link_cookie(LinkPurpose::Setup)) else {
        return link_problem_page(&state);
    };
    match accounts::peek_link(&state.db, token, LinkPurpose::Setup).await {
        Ok(Ok(user)) => {
            setup_page(&state, &user, &accounts::new_totp_secret(), &[]).into_response()
        }
        Ok(Err(_)) => link_problem_page(&state),
        Err(e) => {
            tracing::error!(error = %e, "could not read a set-up link");
            crate::error::unavailable_page()
        }
    }
}

async fn setup(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let client = client_addr(&headers, Some(peer));
    let Some(token) = cookie(&headers, link_cookie(LinkPurpose::Setup)).map(str::to_string) else {
        return link_problem_page(&state);
    };
    let user = match accounts::peek_link(&state.db, &token, LinkPurpose::Setup).await {
        Ok(Ok(u)) => u,
        Ok(Err(_)) => return link_problem_page(&state),
        Err(_) => return crate::error::unavailable_page(),
    };
    let secret = field(&fields, "totp_secret")
        .map(str::to_string)
        .unwrap_or_else(accounts::new_totp_secret);
    let mut errors = Vec::new();
    let password = check_new_password(&fields, &user, &mut errors);
    if user.role.needs_mfa() {
        let code = field(&fields, "code").unwrap_or("");
        let now = u64::try_from(jiff::Timestamp::now().as_second()).unwrap_or(0);
        if code.is_empty() {
            errors.push((
                "code",
                "Enter the 6-digit code from your authenticator app".into(),
            ));
        } else if accounts::totp_step(&secret, code, now).is_none() {
            errors.push(("code", "The code is not right. Check the key you typed into the app, then enter the code it shows now".into()));
        }
    }
    let Some(password) = password.filter(|_| errors.is_empty()) else {
        return setup_page(&state, &user, &secret, &errors).into_response();
    };
    let hash = match tokio::task::spawn_blocking(move || accounts::hash_password(&password)).await {
        Ok(Ok(h)) => h,
        _ => return crate::error::server_error_page(),
    };
    let result = async {
        let mut tx = state.db.begin().await?;
        if !accounts::consume_link(&mut tx, &token, LinkPurpose::Setup).await? {
            return Ok(false);
        }
        accounts::set_password_hash(&mut tx, &user.id, &hash).await?;
        audit::record(
            &mut tx,
            audit_entry(Some(&user.id), Action::PasswordSet, &client),
        )
        .await?;
        if user.role.needs_mfa() {
            accounts::set_totp_secret(&mut tx, &user.id, Some(&secret)).await?;
            audit::record(
                &mut tx,
                audit_entry(Some(&user.id), Action::MfaSetUp, &client),
            )
            .await?;
        }
        tx.commit().await?;
        Ok::<bool, imha_core::StorageError>(true)
    }
    .await;
    match result {
        Ok(true) => {
            let mut res = Redirect::to("/staff/login?done=setup").into_response();
            res.headers_mut().insert(
                header::SET_COOKIE,
                set_cookie(
                    &state,
                    link_cookie(LinkPurpose::Setup),
                    "",
                    "/staff/setup",
                    Some(0),
                ),
            );
            res
        }
        Ok(false) => link_problem_page(&state),
        Err(e) => {
            tracing::error!(error = %e, "could not finish set-up");
            crate::error::server_error_page()
        }
    }
}

fn reset_page(state: &AppState, user: &accounts::User, errors: &[(&str, String)]) -> FormTemplate {
    let heading = "Choose a new password";
    FormTemplate {
        layout: Layout::staff(
            state,
            page_title(heading, !errors.is_empty()),
            "/staff/reset",
            None,
        ),
        page: FormPage {
            heading: heading.into(),
            intro: vec![
                format!("For {}.", user.email),
                "Changing your password signs you out everywhere.".into(),
            ],
            error_summary: summary(errors),
            action: Some("/staff/reset".into()),
            fields: password_fields(errors),
            button: button("Change password"),
            ..FormPage::default()
        },
    }
}

async fn reset_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LinkQuery>,
) -> Response {
    if let Some(token) = q.token {
        return capture_token(&state, LinkPurpose::Reset, &token);
    }
    let Some(token) = cookie(&headers, link_cookie(LinkPurpose::Reset)) else {
        return link_problem_page(&state);
    };
    match accounts::peek_link(&state.db, token, LinkPurpose::Reset).await {
        Ok(Ok(user)) => reset_page(&state, &user, &[]).into_response(),
        Ok(Err(_)) => link_problem_page(&state),
        Err(_) => crate::error::unavailable_page(),
    }
}

async fn reset(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let client = client_addr(&headers, Some(peer));
    let Some(token) = cookie(&headers, link_cookie(LinkPurpose::Reset)).map(str::to_string) else {
        return link_problem_page(&state);
    };
    let user = match accounts::peek_link(&state.db, &token, LinkPurpose::Reset).await {
        Ok(Ok(u)) => u,
        Ok(Err(_)) => return link_problem_page(&state),
        Err(_) => return crate::error::unavailable_page(),
    };
    let mut errors = Vec::new();
    let Some(password) = check_new_password(&fields, &user, &mut errors) else {
        return reset_page(&state, &user, &errors).into_response();
    };
    let hash = match tokio::task::spawn_blocking(move || accounts::hash_password(&password)).await {
        Ok(Ok(h)) => h,
        _ => return crate::error::server_error_page(),
    };
    let result = async {
        let mut tx = state.db.begin().await?;
        if !accounts::consume_link(&mut tx, &token, LinkPurpose::Reset).await? {
            return Ok(false);
        }
        accounts::set_password_hash(&mut tx, &user.id, &hash).await?;
        accounts::end_all_sessions(&mut tx, &user.id).await?;
        audit::record(
            &mut tx,
            audit_entry(Some(&user.id), Action::PasswordSet, &client).with_detail("reset link"),
        )
        .await?;
        tx.commit().await?;
        Ok::<bool, imha_core::StorageError>(true)
    }
    .await;
    match result {
        Ok(true) => {
            let mut res = Redirect::to("/staff/login?done=reset").into_response();
            res.headers_mut().insert(
                header::SET_COOKIE,
                set_cookie(
                    &state,
                    link_cookie(LinkPurpose::Reset),
                    "",
                    "/staff/reset",
                    Some(0),
                ),
            );
            res
        }
        Ok(false) => link_problem_page(&state),
        Err(e) => {
            tracing::error!(error = %e, "could not reset a password");
            crate::error::server_error_page()
        }
    }
}

fn forgotten_page(state: &AppState, errors: &[(&str, String)], sent: bool) -> FormTemplate {
    let heading = "If you have forgotten your password";
    let mut page = FormPage {
        heading: heading.into(),
        links: vec![("/staff/login".into(), "Back to sign in".into())],
        ..FormPage::default()
    };
    if !mail_available(state) {
        page.intro = vec![
            "Ask your administrator for a password reset link. It works once, for 1 hour.".into(),
            "If you have lost the phone with your authenticator app, ask your administrator to reset it too.".into(),
        ];
    } else if sent {
        page.banner = Some(success_banner(
            "If there is an account for that address, we have sent it a link to choose a new password. The link works once, for 1 hour.",
        ));
        page.intro = vec!["If nothing arrives within a few minutes, check your junk folder or ask your administrator.".into()];
    } else {
        page.intro = vec![
            "We will email you a link to choose a new password. It works once, for 1 hour.".into(),
        ];
        let email = Input {
            input_type: Some("email".into()),
            autocomplete: Some("username".into()),
            spellcheck: Some(false),
            error_message: error_for(errors, "email"),
            ..Input::new("email", "Email address")
        };
        page.error_summary = summary(errors);
        page.action = Some("/staff/forgotten-password".into());
        page.fields = vec![html(&email)];
        page.button = button("Send me a link");
    }
    FormTemplate {
        layout: Layout::staff(
            state,
            page_title(heading, !errors.is_empty()),
            "/staff/forgotten-password",
            None,
        ),
        page,
    }
}

/// Reset links are emailed only when mail is configured and so is the public address the links
/// point to (`imha serve` refuses mail without one).
fn mail_available(state: &AppState) -> bool {
    state.mailer.is_on() && state.config.public_url.is_some()
}

async fn forgotten(State(state): State<AppState>) -> FormTemplate {
    forgotten_page(&state, &[], false)
}

/// Email a reset link, when mail is configured. The answer is the same whether or not an
/// account exists, so the page does not reveal who has one.
async fn forgotten_send(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    if !mail_available(&state) {
        return forgotten_page(&state, &[], false).into_response();
    }
    let client = client_addr(&headers, Some(peer));
    let Some(email) = field(&fields, "email") else {
        return forgotten_page(
            &state,
            &[("email", "Enter your email address".into())],
            false,
        )
        .into_response();
    };
    if accounts::normalise_email(email).is_err() {
        let msg = "Enter an email address in the correct format, like name@example.org";
        return forgotten_page(&state, &[("email", msg.into())], false).into_response();
    }
    let user = match accounts::user_by_email(&state.db, email).await {
        Ok(u) => u.filter(|u| u.active),
        Err(e) => {
            tracing::error!(error = %e, "could not look up an account");
            return crate::error::unavailable_page();
        }
    };
    if let Some(user) = user {
        let issued = async {
            let mut tx = state.db.begin().await?;
            let token = accounts::issue_link(&mut tx, &user.id, LinkPurpose::Reset)
                .await
                .map_err(|e| match e {
                    accounts::AccountError::Storage(s) => s,
                    accounts::AccountError::Invalid(m) => imha_core::StorageError::BadUrl(m),
                })?;
            let mut entry = NewEntry::anonymous(Action::PasswordResetRequested)
                .on_record("user", &user.id)
                .with_detail("emailed");
            entry.client = Some(client.clone());
            audit::record(&mut tx, entry).await?;
            tx.commit().await?;
            Ok::<String, imha_core::StorageError>(token)
        }
        .await;
        match issued {
            Ok(token) => {
                // Only the configured address: a Host header is the client's to forge, and a
                // forged one would carry the token to someone else's server.
                let base = state
                    .config
                    .public_url
                    .as_deref()
                    .unwrap_or("")
                    .trim_end_matches('/');
                let link = format!("{base}/staff/reset?token={token}");
                let body = format!(
                    "Someone asked to reset the password of your {} account.\n\n\
                     To choose a new password, open this link. It works once, for 1 hour:\n\n{link}\n\n\
                     If it was not you, you can ignore this email: your password has not changed.\n",
                    state.config.service_name
                );
                if let Err(e) = state
                    .mailer
                    .send(&user.email, "Reset your password", body)
                    .await
                {
                    tracing::error!(error = %e, "could not send a reset email");
                }
            }
            Err(e) => tracing::error!(error = %e, "could not issue a reset link"),
        }
    }
    forgotten_page(&state, &[], true).into_response()
}

// ---------------------------------------------------------------------------------------------
// Staff home

#[derive(Template, WebTemplate)]
#[template(path = "staff/home.html")]
struct Home {
    layout: Layout,
    name: String,
    role: String,
    csrf: String,
    links: Vec<(&'static str, String)>,
}

async fn home(State(state): State<AppState>, Extension(session): Extension<Session>) -> Home {
    use super::policy::{Permission, allows};
    let role = session.user.role;
    let mut links = Vec::new();
    for (perm, href, text) in [
        (
            Permission::ManageUsers,
            "/staff/admin/users",
            "Users: invite, change roles, reset sign-in",
        ),
        (
            Permission::ManageOrganisations,
            "/staff/admin/organisations",
            "Organisations: providers, hospitals and councils",
        ),
        (
            Permission::ManageApiTokens,
            "/staff/admin/tokens",
            "API tokens for hospital systems",
        ),
        (Permission::ViewAudit, "/staff/admin/audit", "Audit trail"),
    ] {
        if allows(role, perm) {
            links.push((href, text.to_string()));
        }
    }
    if allows(role, Permission::TriageReferrals) {
        // The count is a convenience: if it cannot be read, the link still works.
        let text = match imha_core::referrals::count_new(&state.db).await {
            Ok(n) => format!("Referrals ({n} new)"),
            Err(e) => {
                tracing::error!(error = %e, "could not count new referrals");
                "Referrals".to_string()
            }
        };
        links.push(("/staff/referrals", text));
    }
    if allows(role, Permission::MakeReferrals) {
        links.push(("/staff/referrals/new", "Refer a patient".to_string()));
    }
    if allows(role, Permission::WorkCases) {
        links.push((
            "/staff/cases",
            if role == imha_core::accounts::Role::Advocate {
                "My cases: contacts, issues, records access and outcomes".to_string()
            } else {
                "Cases: every case, its advocate and status".to_string()
            },
        ));
    }
    if allows(role, Permission::ViewPatients) {
        links.push((
            "/staff/patients",
            "Patients: find a patient and their legal dates".to_string(),
        ));
    }
    if allows(role, Permission::MatchPatients) {
        links.push((
            "/staff/patients/matches",
            "Likely matches: records that may be one person".to_string(),
        ));
    }
    for (perm, href, text) in [
        (
            Permission::AllocateCases,
            "/staff/manage",
            "Manage the service: waiting cases, caseloads and what is overdue",
        ),
        (
            Permission::ManageAdvocates,
            "/staff/advocates",
            "Advocates: training and criminal record certificates",
        ),
        (
            Permission::DeclareInterests,
            "/staff/declarations",
            "Your links with patients: declare them for independence",
        ),
        (
            Permission::ViewReports,
            "/staff/reports",
            "Reports: uptake, response times, outcomes and equality, and the annual impact report",
        ),
    ] {
        if allows(role, perm) {
            links.push((href, text.to_string()));
        }
    }
    if allows(role, Permission::RecordDuty) {
        links.push((
            "/staff/duty",
            "Duty to inform: patients not yet told about IMHA help".to_string(),
        ));
    }
    if allows(role, Permission::ViewQuality) {
        links.push((
            "/staff/quality",
            if role == imha_core::accounts::Role::Commissioner {
                "Quality: the providers' self-assessments".to_string()
            } else {
                "Quality self-assessment: SCIE's ten indicators, rated with evidence and actions"
                    .to_string()
            },
        ));
    }
    Home {
        layout: Layout::staff(&state, "Staff home", "/staff", Some(&session)),
        name: session.user.name.clone(),
        role: role.label().to_lowercase(),
        csrf: session.csrf_token.clone(),
        links,
    }
}

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/staff", get(home))
        .route("/staff/login", get(login_form).post(login))
        .route("/staff/login/code", get(code_form).post(code))
        .route("/staff/logout", post(logout))
        .route("/staff/logout/everywhere", post(logout_everywhere))
        .route("/staff/setup", get(setup_form).post(setup))
        .route("/staff/reset", get(reset_form).post(reset))
        .route(
            "/staff/forgotten-password",
            get(forgotten).post(forgotten_send),
        )
}
