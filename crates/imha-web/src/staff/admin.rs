//! Administration pages under `/staff/admin/`: users (invite, change role, deactivate, reset
//! the second factor or the password), organisations (with hospitals' wards and councils'
//! areas), API tokens for hospital systems (shown once, stored hashed, revocable) and the audit
//! trail.
//!
//! Every change is written to the audit trail in the same transaction as the change itself.
//! Links and tokens are shown once, on the page that answers the form, and never stored in
//! the clear. Pages redirect after a change (so reloading does not repeat it), except those
//! that show a secret once.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use imha_core::StorageError;
use imha_core::accounts::{self, AccountError, LinkPurpose, Role, Session, User};
use imha_core::audit::{self, Action, NewEntry};
use imha_core::organisations::{self, Kind, Organisation, Scope};
use imha_govuk::{
    Button, ChoiceItem, Fieldset, Hint, Input, Legend, NotificationBanner, Radios, Select,
    SelectItem, SummaryList, SummaryRow, Table, TableCell, Tag, TrustedHtml, WarningText,
};

use super::base_url;
use super::signin::{button, error_for, html, success_banner, summary};
use super::{Fields, client_addr, field};
use crate::AppState;
use crate::pages::Layout;

// ---------------------------------------------------------------------------------------------
// The page template

/// A form on an admin page. Every form carries the session's form token.
#[derive(Default)]
pub struct AdminForm {
    pub action: String,
    pub csrf: String,
    pub hidden: Vec<(String, String)>,
    pub fields: Vec<TrustedHtml>,
    pub button: Button,
}

/// A part of an admin page: an optional `<h2>`, paragraphs, markup, and an optional form.
#[derive(Default)]
pub struct Section {
    pub heading: Option<String>,
    /// The heading's id, for error-summary links to a form without fields.
    pub id: Option<String>,
    pub text: Vec<String>,
    pub html: TrustedHtml,
    pub form: Option<AdminForm>,
}

/// Everything an admin page (`templates/staff/admin/page.html`) shows.
#[derive(Default)]
pub struct AdminPage {
    pub heading: String,
    pub caption: Option<String>,
    pub intro: Vec<String>,
    pub error_summary: Option<imha_govuk::ErrorSummary>,
    pub banner: Option<NotificationBanner>,
    /// Markup between the introduction and the sections.
    pub top: TrustedHtml,
    pub sections: Vec<Section>,
    pub links: Vec<(String, String)>,
    /// Full width (tables) rather than two thirds.
    pub wide: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/admin/page.html")]
pub struct AdminTemplate {
    pub layout: Layout,
    pub page: AdminPage,
}

type Errors = Vec<(&'static str, String)>;

fn render(
    state: &AppState,
    session: &Session,
    path: &str,
    page: AdminPage,
    errors: bool,
) -> Response {
    let title = if errors {
        format!("Error: {}", page.heading)
    } else {
        page.heading.clone()
    };
    AdminTemplate {
        layout: Layout::staff(state, title, path, Some(session)),
        page,
    }
    .into_response()
}

/// Escape text for markup built here.
fn esc(s: &str) -> String {
    askama::filters::escape(s, askama::filters::Html)
        .map(|s| s.to_string())
        .unwrap_or_default()
}

fn link(href: &str, text: &str) -> String {
    format!(
        "<a class=\"govuk-link\" href=\"{}\">{}</a>",
        esc(href),
        esc(text)
    )
}

fn form(
    session: &Session,
    action: &str,
    kind: &str,
    fields: Vec<TrustedHtml>,
    b: Button,
) -> AdminForm {
    AdminForm {
        action: action.to_string(),
        csrf: session.csrf_token.clone(),
        hidden: vec![("action".to_string(), kind.to_string())],
        fields,
        button: b,
    }
}

fn legend(text: &str) -> Option<Fieldset> {
    Some(Fieldset {
        legend: Some(Legend {
            text: Some(text.to_string()),
            classes: Some("govuk-fieldset__legend--s".into()),
            ..Legend::default()
        }),
        ..Fieldset::default()
    })
}

fn choice(value: &str, text: &str, hint: Option<&str>) -> ChoiceItem {
    ChoiceItem {
        value: Some(value.to_string()),
        text: Some(text.to_string()),
        hint: hint.map(Hint::text),
        ..ChoiceItem::default()
    }
}

fn warning_button(text: &str) -> Button {
    Button {
        classes: Some("govuk-button--warning".into()),
        ..button(text)
    }
}

fn secondary_button(text: &str) -> Button {
    Button {
        classes: Some("govuk-button--secondary".into()),
        ..button(text)
    }
}

// ---------------------------------------------------------------------------------------------
// Errors, audit entries, links

fn read_failed(e: StorageError) -> Response {
    tracing::error!(error = %e, "admin page could not read the database");
    crate::error::unavailable_page()
}

fn write_failed(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "admin change could not be saved");
    crate::error::server_error_page()
}

fn entry(session: &Session, action: Action, client: &str) -> NewEntry {
    NewEntry::by_user(session.user.id.clone(), action).from_client(client)
}

fn link_url(base: &str, purpose: LinkPurpose, token: &str) -> String {
    let path = match purpose {
        LinkPurpose::Setup => "/staff/setup",
        LinkPurpose::Reset => "/staff/reset",
    };
    format!("{base}{path}?token={token}")
}

/// "6 April 2026 at 14:05" in UK time, from a stored timestamp.
fn when(stored: &str) -> String {
    crate::forms::uk_time(stored, "%-d %B %Y at %H:%M")
}

/// A page showing a secret (a link or a token) once.
#[allow(clippy::too_many_arguments)]
fn secret_page(
    state: &AppState,
    session: &Session,
    path: &str,
    heading: &str,
    banner: &str,
    before: Vec<String>,
    secret_id: &str,
    secret: &str,
    after: Vec<String>,
    links: Vec<(String, String)>,
) -> Response {
    let page = AdminPage {
        heading: heading.to_string(),
        banner: Some(success_banner(banner)),
        intro: before,
        top: TrustedHtml::new(format!(
            "<p class=\"govuk-body govuk-!-font-weight-bold govuk-!-text-break-word\" id=\"{}\"><code>{}</code></p>",
            esc(secret_id),
            esc(secret)
        )),
        sections: vec![Section {
            text: after,
            ..Section::default()
        }],
        links,
        ..AdminPage::default()
    };
    render(state, session, path, page, false)
}

// ---------------------------------------------------------------------------------------------
// Roles and organisations

fn role_hint(role: Role) -> &'static str {
    match role {
        Role::Admin => {
            "Runs the platform: users, organisations, API tokens and the audit trail. Sees no casework."
        }
        Role::ServiceManager => "Manages an advocacy provider's service and its advocates.",
        Role::Advocate => "Works with patients for an advocacy provider.",
        Role::HospitalReferrer => "Refers patients from a hospital.",
        Role::Commissioner => "Sees figures for a council's area, but no personal data.",
    }
}

/// The kind of organisation a role's holder must belong to (administrators: any or none).
fn required_kind(role: Role) -> Option<Kind> {
    match role {
        Role::Admin => None,
        Role::ServiceManager | Role::Advocate => Some(Kind::Provider),
        Role::HospitalReferrer => Some(Kind::Hospital),
        Role::Commissioner => Some(Kind::LocalAuthority),
    }
}

/// Whether `role` fits `org`; the error says what is needed.
fn check_org_for_role(role: Role, org: Option<&Organisation>) -> Result<(), String> {
    let Some(kind) = required_kind(role) else {
        return Ok(());
    };
    if org.is_some_and(|o| o.kind == kind) {
        return Ok(());
    }
    Err(match role {
        Role::HospitalReferrer => {
            "A hospital referrer must belong to a hospital. Select their hospital"
        }
        Role::Commissioner => {
            "A commissioner must belong to a local authority. Select their council"
        }
        Role::Advocate => "An advocate must belong to an advocacy provider. Select their provider",
        Role::ServiceManager | Role::Admin => {
            "A service manager must belong to an advocacy provider. Select their provider"
        }
    }
    .to_string())
}

fn role_radios(name: &str, legend_text: &str, value: Option<&str>, errors: &Errors) -> Radios {
    Radios {
        name: name.to_string(),
        items: Role::ALL
            .into_iter()
            .map(|r| choice(r.id(), r.label(), Some(role_hint(r))))
            .collect(),
        value: value.map(str::to_string),
        fieldset: legend(legend_text),
        error_message: error_for(errors, name),
        ..Radios::default()
    }
}

fn org_label(o: &Organisation) -> String {
    format!("{} ({})", o.name, o.kind.label().to_lowercase())
}

fn org_select(
    name: &str,
    label: &str,
    orgs: &[&Organisation],
    empty: Option<&str>,
    value: Option<&str>,
    hint: Option<&str>,
    errors: &Errors,
) -> Select {
    let mut items = Vec::new();
    if let Some(text) = empty {
        items.push(SelectItem {
            value: Some(String::new()),
            text: text.to_string(),
            ..SelectItem::default()
        });
    }
    items.extend(orgs.iter().map(|o| SelectItem {
        value: Some(o.id.clone()),
        text: org_label(o),
        selected: Some(value == Some(o.id.as_str())),
        ..SelectItem::default()
    }));
    Select {
        items,
        value: value.map(str::to_string),
        hint: hint.map(Hint::text),
        error_message: error_for(errors, name),
        ..Select::new(name, label)
    }
}

fn kind_phrase(kind: Kind) -> &'static str {
    match kind {
        Kind::Provider => "Advocacy provider",
        Kind::Hospital => "Hospital",
        Kind::LocalAuthority => "Local authority",
    }
}

fn country(jurisdiction: &str) -> &'static str {
    match jurisdiction {
        "wales" => "Wales",
        _ => "England",
    }
}

// ---------------------------------------------------------------------------------------------
// Users

fn status_tag(user: &User) -> TrustedHtml {
    let (text, class) = if !user.active {
        ("Deactivated", "govuk-tag--grey")
    } else if !user.has_password {
        ("Set-up not finished", "govuk-tag--yellow")
    } else {
        ("Active", "govuk-tag--green")
    };
    html(&Tag {
        text: Some(text.into()),
        classes: Some(class.into()),
        ..Tag::default()
    })
}

fn org_name(orgs: &[Organisation], id: Option<&str>) -> String {
    match id {
        Some(id) => orgs
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| "Unknown organisation".to_string()),
        None => "None".to_string(),
    }
}

async fn users(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
) -> Result<Response, Response> {
    let users = accounts::list_users(&state.db).await.map_err(read_failed)?;
    let orgs = organisations::list(&state.db).await.map_err(read_failed)?;
    let table = Table {
        caption: Some(format!(
            "{} {}",
            users.len(),
            if users.len() == 1 {
                "account"
            } else {
                "accounts"
            }
        )),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(
            ["Name", "Email address", "Role", "Organisation", "Status"]
                .into_iter()
                .map(TableCell::text)
                .collect(),
        ),
        rows: users
            .iter()
            .map(|u| {
                vec![
                    TableCell {
                        html: Some(TrustedHtml::new(link(
                            &format!("/staff/admin/users/{}", u.id),
                            &u.name,
                        ))),
                        ..TableCell::default()
                    },
                    TableCell {
                        text: Some(u.email.clone()),
                        classes: Some("govuk-!-text-break-word".into()),
                        ..TableCell::default()
                    },
                    TableCell::text(u.role.label()),
                    TableCell::text(org_name(&orgs, u.organisation_id.as_deref())),
                    TableCell {
                        html: Some(status_tag(u)),
                        ..TableCell::default()
                    },
                ]
            })
            .collect(),
        first_cell_is_header: true,
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    };
    let invite = Button {
        href: Some("/staff/admin/users/new".into()),
        ..button("Invite a user")
    };
    let page = AdminPage {
        heading: "Users".into(),
        intro: vec![
            "Everyone who can sign in to the staff area. Open an account to change its role, reset its sign-in or deactivate it.".into(),
        ],
        top: html(&invite),
        sections: vec![Section {
            html: html(&table),
            ..Section::default()
        }],
        wide: true,
        ..AdminPage::default()
    };
    Ok(render(&state, &session, "/staff/admin/users", page, false))
}

#[derive(Default)]
struct InviteValues<'a> {
    name: &'a str,
    email: &'a str,
    role: Option<&'a str>,
    organisation_id: Option<&'a str>,
}

fn invite_page(
    state: &AppState,
    session: &Session,
    orgs: &[Organisation],
    values: &InviteValues<'_>,
    errors: &Errors,
) -> Response {
    let name = Input {
        value: Some(values.name.to_string()),
        autocomplete: Some("off".into()),
        spellcheck: Some(false),
        error_message: error_for(errors, "name"),
        ..Input::new("name", "Full name")
    };
    let email = Input {
        input_type: Some("email".into()),
        value: Some(values.email.to_string()),
        autocomplete: Some("off".into()),
        spellcheck: Some(false),
        hint: Some(Hint::text(
            "Their work email address. They sign in with it.",
        )),
        error_message: error_for(errors, "email"),
        ..Input::new("email", "Email address")
    };
    let role = role_radios("role", "Role", values.role, errors);
    let org_refs: Vec<&Organisation> = orgs.iter().collect();
    let org = org_select(
        "organisation_id",
        "Organisation",
        &org_refs,
        Some("None"),
        values.organisation_id,
        Some(
            "Hospital referrers belong to a hospital, commissioners to a local authority, and advocates and service managers to an advocacy provider.",
        ),
        errors,
    );
    let page = AdminPage {
        heading: "Invite a user".into(),
        intro: vec![
            "You will get a set-up link to send to the person. With it they choose a password and, for every role except commissioner, set up an authenticator app.".into(),
        ],
        error_summary: summary(errors),
        sections: vec![Section {
            form: Some(AdminForm {
                action: "/staff/admin/users/new".into(),
                csrf: session.csrf_token.clone(),
                hidden: Vec::new(),
                fields: vec![html(&name), html(&email), html(&role), html(&org)],
                button: button("Create account and get set-up link"),
            }),
            ..Section::default()
        }],
        links: vec![("/staff/admin/users".into(), "Back to users".into())],
        ..AdminPage::default()
    };
    render(
        state,
        session,
        "/staff/admin/users",
        page,
        !errors.is_empty(),
    )
}

async fn invite_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
) -> Result<Response, Response> {
    let orgs = organisations::list(&state.db).await.map_err(read_failed)?;
    Ok(invite_page(
        &state,
        &session,
        &orgs,
        &InviteValues::default(),
        &Vec::new(),
    ))
}

async fn invite(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Result<Response, Response> {
    let client = client_addr(&headers, Some(peer));
    let orgs = organisations::list(&state.db).await.map_err(read_failed)?;
    let values = InviteValues {
        name: field(&fields, "name").unwrap_or(""),
        email: field(&fields, "email").unwrap_or(""),
        role: field(&fields, "role"),
        organisation_id: field(&fields, "organisation_id"),
    };
    let mut errors: Errors = Vec::new();
    if values.name.is_empty() {
        errors.push(("name", "Enter the person's full name".into()));
    } else if values.name.chars().count() > 200 {
        errors.push(("name", "Name must be 200 characters or fewer".into()));
    }
    if values.email.is_empty() {
        errors.push(("email", "Enter the person's email address".into()));
    } else if let Err(AccountError::Invalid(msg)) = accounts::normalise_email(values.email) {
        errors.push(("email", msg));
    }
    let role = values.role.and_then(Role::parse);
    if role.is_none() {
        errors.push(("role", "Select the person's role".into()));
    }
    let org = match values.organisation_id {
        Some(id) => match orgs.iter().find(|o| o.id == id) {
            Some(o) => Some(o),
            None => {
                errors.push((
                    "organisation_id",
                    "Select an organisation from the list".into(),
                ));
                None
            }
        },
        None => None,
    };
    if let Some(role) = role
        && !errors.iter().any(|(f, _)| *f == "organisation_id")
        && let Err(msg) = check_org_for_role(role, org)
    {
        errors.push(("organisation_id", msg));
    }
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return Ok(invite_page(&state, &session, &orgs, &values, &errors));
    };
    let result = async {
        let mut tx = state.db.begin().await?;
        let user = accounts::create_user(
            &mut tx,
            values.email,
            values.name,
            role,
            org.map(|o| o.id.as_str()),
        )
        .await?;
        let token = accounts::issue_link(&mut tx, &user.id, LinkPurpose::Setup).await?;
        let mut detail = format!("role: {}", role.id());
        if let Some(o) = org {
            detail.push_str(&format!("; organisation: {}", o.id));
        }
        audit::record(
            &mut tx,
            entry(&session, Action::UserInvited, &client)
                .on_record("user", user.id.clone())
                .with_detail(detail),
        )
        .await?;
        tx.commit().await?;
        Ok::<_, AccountError>((user, token))
    }
    .await;
    let (user, token) = match result {
        Ok(v) => v,
        Err(AccountError::Invalid(msg)) => {
            let field = if msg.contains("Name") || msg.contains("name") {
                "name"
            } else {
                "email"
            };
            return Ok(invite_page(
                &state,
                &session,
                &orgs,
                &values,
                &vec![(field, msg)],
            ));
        }
        Err(AccountError::Storage(e)) => return Err(write_failed(e)),
    };
    let url = link_url(&base_url(&state, &headers), LinkPurpose::Setup, &token);
    Ok(secret_page(
        &state,
        &session,
        "/staff/admin/users",
        "Send the set-up link",
        &format!("Account created for {}", user.name),
        vec![format!(
            "Copy this link and send it to {} at {}. It works once, for 7 days.",
            user.name, user.email
        )],
        "setup-link",
        &url,
        vec![
            "It will not be shown again. If it is lost or runs out, open the account and create a new set-up link.".into(),
        ],
        vec![
            (
                format!("/staff/admin/users/{}", user.id),
                format!("Go to {}'s account", user.name),
            ),
            ("/staff/admin/users".into(), "Back to users".into()),
        ],
    ))
}

#[derive(serde::Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

async fn load_user(state: &AppState, id: &str) -> Result<User, Response> {
    match accounts::user_by_id(&state.db, id).await {
        Ok(Some(u)) => Ok(u),
        Ok(None) => Err(crate::error::not_found_page()),
        Err(e) => Err(read_failed(e)),
    }
}

fn user_page(
    state: &AppState,
    session: &Session,
    user: &User,
    orgs: &[Organisation],
    errors: &Errors,
    banner: Option<String>,
) -> Response {
    let action = format!("/staff/admin/users/{}", user.id);
    let is_self = user.id == session.user.id;
    let second_factor = if !user.role.needs_mfa() {
        "Not needed for this role"
    } else if user.has_totp {
        "Set up"
    } else {
        "Not set up"
    };
    let rows = vec![
        SummaryRow::new("Name", user.name.clone()),
        SummaryRow::new("Email address", user.email.clone()),
        SummaryRow::new("Role", user.role.label()),
        SummaryRow::new(
            "Organisation",
            org_name(orgs, user.organisation_id.as_deref()),
        ),
        SummaryRow::new(
            "Status",
            if !user.active {
                "Deactivated"
            } else if !user.has_password {
                "Set-up not finished"
            } else {
                "Active"
            },
        ),
        SummaryRow::new(
            "Password",
            if user.has_password {
                "Set"
            } else {
                "Not set yet"
            },
        ),
        SummaryRow::new("Authenticator app", second_factor),
    ];
    let mut sections = vec![Section {
        html: html(&SummaryList {
            rows,
            ..SummaryList::default()
        }),
        ..Section::default()
    }];

    // Role
    let role_section = if is_self {
        Section {
            heading: Some("Role".into()),
            id: Some("change-role".into()),
            text: vec!["You cannot change your own role. Ask another administrator.".into()],
            ..Section::default()
        }
    } else {
        Section {
            heading: Some("Change role".into()),
            id: Some("change-role".into()),
            text: vec!["Changing the role signs the person out everywhere.".into()],
            form: Some(form(
                session,
                &action,
                "change-role",
                vec![
                    html(&role_radios(
                        "role",
                        "New role",
                        Some(user.role.id()),
                        errors,
                    )),
                    html(&org_select(
                        "organisation_id",
                        "Organisation",
                        &orgs.iter().collect::<Vec<_>>(),
                        Some("None"),
                        user.organisation_id.as_deref(),
                        Some(
                            "Hospital referrers belong to a hospital, commissioners to a local authority, and advocates and service managers to an advocacy provider.",
                        ),
                        errors,
                    )),
                ],
                button("Change role and organisation"),
            )),
            ..Section::default()
        }
    };
    sections.push(role_section);

    // Signing in
    if user.active {
        if user.has_password {
            sections.push(Section {
                heading: Some("Reset password".into()),
                id: Some("reset-password".into()),
                text: vec![
                    "Creates a link for the person to choose a new password. It works once, for 1 hour.".into(),
                ],
                form: Some(form(
                    session,
                    &action,
                    "reset-password",
                    Vec::new(),
                    secondary_button("Create a password reset link"),
                )),
                ..Section::default()
            });
            if user.role.needs_mfa() && !is_self {
                sections.push(Section {
                    heading: Some("Reset authenticator app".into()),
                    id: Some("reset-mfa".into()),
                    text: vec![
                        "For a lost or new phone. This signs the person out everywhere and creates a set-up link: with it they choose a new password and set up their authenticator app again.".into(),
                    ],
                    form: Some(form(
                        session,
                        &action,
                        "reset-mfa",
                        Vec::new(),
                        secondary_button("Reset authenticator app"),
                    )),
                    ..Section::default()
                });
            }
        } else {
            sections.push(Section {
                heading: Some("Set-up link".into()),
                id: Some("new-setup-link".into()),
                text: vec![
                    "This person has not finished setting up their account. If their link is lost or has run out, create a new one; the old one stops working.".into(),
                ],
                form: Some(form(
                    session,
                    &action,
                    "new-setup-link",
                    Vec::new(),
                    secondary_button("Create a new set-up link"),
                )),
                ..Section::default()
            });
        }
    }

    // Deactivate or reactivate
    if is_self {
        sections.push(Section {
            heading: Some("Deactivate account".into()),
            id: Some("deactivate".into()),
            text: vec!["You cannot deactivate your own account.".into()],
            ..Section::default()
        });
    } else if user.active {
        sections.push(Section {
            heading: Some("Deactivate account".into()),
            id: Some("deactivate".into()),
            html: html(&WarningText {
                text: Some("The person is signed out at once and cannot sign in again until the account is reactivated.".into()),
                icon_fallback_text: Some("Warning".into()),
                ..WarningText::default()
            }),
            form: Some(form(
                session,
                &action,
                "deactivate",
                Vec::new(),
                warning_button("Deactivate account"),
            )),
            ..Section::default()
        });
    } else {
        sections.push(Section {
            heading: Some("Reactivate account".into()),
            id: Some("reactivate".into()),
            text: vec![
                "The person can sign in again with their password and authenticator app.".into(),
            ],
            form: Some(form(
                session,
                &action,
                "reactivate",
                Vec::new(),
                button("Reactivate account"),
            )),
            ..Section::default()
        });
    }

    // Link each error to its form where the page shows it (a crafted request can name a form
    // this page does not offer, like resetting one's own authenticator app).
    let mut targets: Vec<&str> = sections.iter().filter_map(|s| s.id.as_deref()).collect();
    if !is_self {
        targets.push("role");
        targets.push("organisation_id");
    }
    let error_summary = summary(errors).map(|mut summary| {
        for (link, (id, _)) in summary.error_list.iter_mut().zip(errors) {
            if !targets.contains(id) {
                link.href = None;
            }
        }
        summary
    });
    let page = AdminPage {
        heading: user.name.clone(),
        caption: Some("User".into()),
        error_summary,
        banner: banner.map(|b| success_banner(&b)),
        sections,
        links: vec![("/staff/admin/users".into(), "Back to users".into())],
        ..AdminPage::default()
    };
    render(
        state,
        session,
        "/staff/admin/users",
        page,
        !errors.is_empty(),
    )
}

async fn user_detail(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    let user = load_user(&state, &id).await?;
    let orgs = organisations::list(&state.db).await.map_err(read_failed)?;
    let banner = match q.done.as_deref() {
        Some("role") => {
            let mut text = format!("Role changed to {}.", user.role.label().to_lowercase());
            if user.role.needs_mfa() && user.has_password && !user.has_totp {
                text.push_str(
                    " This role needs an authenticator app: reset it to give them a set-up link.",
                );
            }
            Some(text)
        }
        Some("deactivated") => Some("Account deactivated. The person has been signed out.".into()),
        Some("reactivated") => Some("Account reactivated.".into()),
        _ => None,
    };
    Ok(user_page(
        &state,
        &session,
        &user,
        &orgs,
        &Vec::new(),
        banner,
    ))
}

async fn user_action(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Result<Response, Response> {
    let client = client_addr(&headers, Some(peer));
    let user = load_user(&state, &id).await?;
    let orgs = organisations::list(&state.db).await.map_err(read_failed)?;
    let is_self = user.id == session.user.id;
    let back = format!("/staff/admin/users/{}", user.id);
    let refuse = |field: &'static str, msg: &str| {
        user_page(
            &state,
            &session,
            &user,
            &orgs,
            &vec![(field, msg.to_string())],
            None,
        )
    };
    match field(&fields, "action").unwrap_or("") {
        "change-role" => {
            if is_self {
                return Ok(refuse(
                    "change-role",
                    "You cannot change your own role. Ask another administrator",
                ));
            }
            let Some(role) = field(&fields, "role").and_then(Role::parse) else {
                return Ok(refuse("role", "Select the new role"));
            };
            // The organisation field is optional in the form: absent keeps the current one.
            let new_org_id: Option<String> = match fields.get("organisation_id") {
                Some(v) if v.trim().is_empty() => None,
                Some(v) => Some(v.trim().to_string()),
                None => user.organisation_id.clone(),
            };
            let org = match new_org_id.as_deref() {
                Some(id) => match orgs.iter().find(|o| o.id == id) {
                    Some(o) => Some(o),
                    None => {
                        return Ok(refuse(
                            "organisation_id",
                            "Select an organisation from the list",
                        ));
                    }
                },
                None => None,
            };
            if role == user.role && new_org_id == user.organisation_id {
                return Ok(Redirect::to(&format!("{back}?done=role")).into_response());
            }
            if let Err(msg) = check_org_for_role(role, org) {
                return Ok(refuse("organisation_id", &msg));
            }
            let result = async {
                let mut tx = state.db.begin().await?;
                accounts::set_role(&mut tx, &user.id, role).await?;
                accounts::set_organisation(&mut tx, &user.id, new_org_id.as_deref()).await?;
                // A session keeps the second-factor state of the role it began under.
                accounts::end_all_sessions(&mut tx, &user.id).await?;
                audit::record(
                    &mut tx,
                    entry(&session, Action::RoleChanged, &client)
                        .on_record("user", user.id.clone())
                        .with_detail(format!(
                            "role: {} to {}; organisation: {} to {}",
                            user.role.id(),
                            role.id(),
                            user.organisation_id.as_deref().unwrap_or("none"),
                            new_org_id.as_deref().unwrap_or("none")
                        )),
                )
                .await?;
                tx.commit().await
            }
            .await;
            result.map_err(write_failed)?;
            Ok(Redirect::to(&format!("{back}?done=role")).into_response())
        }
        "deactivate" => {
            if is_self {
                return Ok(refuse(
                    "deactivate",
                    "You cannot deactivate your own account",
                ));
            }
            if user.active {
                let result = async {
                    let mut tx = state.db.begin().await?;
                    accounts::set_active(&mut tx, &user.id, false).await?;
                    audit::record(
                        &mut tx,
                        entry(&session, Action::UserDeactivated, &client)
                            .on_record("user", user.id.clone()),
                    )
                    .await?;
                    tx.commit().await
                }
                .await;
                result.map_err(write_failed)?;
            }
            Ok(Redirect::to(&format!("{back}?done=deactivated")).into_response())
        }
        "reactivate" => {
            if !user.active {
                let result = async {
                    let mut tx = state.db.begin().await?;
                    accounts::set_active(&mut tx, &user.id, true).await?;
                    audit::record(
                        &mut tx,
                        entry(&session, Action::RoleChanged, &client)
                            .on_record("user", user.id.clone())
                            .with_detail("reactivated"),
                    )
                    .await?;
                    tx.commit().await
                }
                .await;
                result.map_err(write_failed)?;
            }
            Ok(Redirect::to(&format!("{back}?done=reactivated")).into_response())
        }
        "reset-password" | "reset-mfa" | "new-setup-link" => {
            let action = field(&fields, "action").unwrap_or("");
            let section = match action {
                "reset-password" => "reset-password",
                "reset-mfa" => "reset-mfa",
                _ => "new-setup-link",
            };
            if !user.active {
                return Ok(refuse(
                    section,
                    "This account is deactivated. Reactivate it first",
                ));
            }
            let (purpose, audit_action, detail, heading, banner) = match action {
                "reset-password" => {
                    if !user.has_password {
                        return Ok(refuse(
                            section,
                            "This person has not finished setting up their account. Create a new set-up link instead",
                        ));
                    }
                    (
                        LinkPurpose::Reset,
                        Action::PasswordResetRequested,
                        "link created by an administrator",
                        "Send the password reset link",
                        format!("Password reset link created for {}", user.name),
                    )
                }
                "reset-mfa" => {
                    if is_self {
                        return Ok(refuse(
                            section,
                            "You cannot reset your own authenticator app. Ask another administrator",
                        ));
                    }
                    if !user.role.needs_mfa() {
                        return Ok(refuse(
                            section,
                            "This role does not use an authenticator app",
                        ));
                    }
                    (
                        LinkPurpose::Setup,
                        Action::MfaReset,
                        "second factor cleared, sessions ended, set-up link created",
                        "Send the set-up link",
                        format!("Authenticator app reset for {}", user.name),
                    )
                }
                _ => {
                    if user.has_password {
                        return Ok(refuse(
                            section,
                            "This person has already set up their account. Reset their password or authenticator app instead",
                        ));
                    }
                    (
                        LinkPurpose::Setup,
                        Action::UserInvited,
                        "new set-up link",
                        "Send the set-up link",
                        format!("New set-up link created for {}", user.name),
                    )
                }
            };
            let reset_mfa = audit_action == Action::MfaReset;
            let result = async {
                let mut tx = state.db.begin().await?;
                if reset_mfa {
                    accounts::set_totp_secret(&mut tx, &user.id, None).await?;
                    accounts::end_all_sessions(&mut tx, &user.id).await?;
                }
                let token = accounts::issue_link(&mut tx, &user.id, purpose).await?;
                audit::record(
                    &mut tx,
                    entry(&session, audit_action, &client)
                        .on_record("user", user.id.clone())
                        .with_detail(detail),
                )
                .await?;
                tx.commit().await?;
                Ok::<_, AccountError>(token)
            }
            .await;
            let token = result.map_err(write_failed)?;
            let url = link_url(&base_url(&state, &headers), purpose, &token);
            let lifetime = match purpose {
                LinkPurpose::Setup => "7 days",
                LinkPurpose::Reset => "1 hour",
            };
            let mut before = Vec::new();
            if reset_mfa {
                before.push("They have been signed out everywhere. With this link they choose a new password and set up their authenticator app again.".to_string());
            }
            before.push(format!(
                "Copy this link and send it to {} at {}. It works once, for {lifetime}.",
                user.name, user.email
            ));
            Ok(secret_page(
                &state,
                &session,
                "/staff/admin/users",
                heading,
                &banner,
                before,
                match purpose {
                    LinkPurpose::Setup => "setup-link",
                    LinkPurpose::Reset => "reset-link",
                },
                &url,
                vec!["It will not be shown again. Any earlier link of this kind has stopped working.".into()],
                vec![
                    (back.clone(), format!("Back to {}'s account", user.name)),
                    ("/staff/admin/users".into(), "Back to users".into()),
                ],
            ))
        }
        _ => Ok(Redirect::to(&back).into_response()),
    }
}

// ---------------------------------------------------------------------------------------------
// Organisations

#[derive(Default)]
struct OrgValues {
    kind: Option<String>,
    name: String,
    ods_code: String,
    jurisdiction: Option<String>,
    hospital_id: Option<String>,
    ward_name: String,
    local_authority_id: Option<String>,
    member_id: Option<String>,
}

async fn organisations_page(
    state: &AppState,
    session: &Session,
    values: &OrgValues,
    errors: &Errors,
    banner: Option<&str>,
) -> Result<Response, Response> {
    let orgs = organisations::list(&state.db).await.map_err(read_failed)?;
    let mut rows = Vec::new();
    for o in &orgs {
        let details = match o.kind {
            Kind::Hospital => {
                let wards = organisations::wards(&state.db, &o.id)
                    .await
                    .map_err(read_failed)?;
                if wards.is_empty() {
                    "No wards yet".to_string()
                } else {
                    format!(
                        "Wards: {}",
                        wards
                            .into_iter()
                            .map(|(_, n)| n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            }
            Kind::LocalAuthority => {
                let members = organisations::area_members(&state.db, &o.id)
                    .await
                    .map_err(read_failed)?;
                if members.is_empty() {
                    "No hospitals or providers in its area yet".to_string()
                } else {
                    format!(
                        "Area: {}",
                        members
                            .iter()
                            .map(|m| org_name(&orgs, Some(m)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            }
            Kind::Provider => String::new(),
        };
        rows.push(vec![
            TableCell::text(o.name.clone()),
            TableCell::text(kind_phrase(o.kind)),
            TableCell::text(o.ods_code.clone().unwrap_or_default()),
            TableCell::text(country(&o.jurisdiction)),
            TableCell::text(details),
        ]);
    }
    let mut sections = Vec::new();
    if orgs.is_empty() {
        sections.push(Section {
            text: vec!["There are no organisations yet.".into()],
            ..Section::default()
        });
    } else {
        sections.push(Section {
            html: html(&Table {
                head: Some(
                    ["Name", "Kind", "ODS code", "Country", "Wards or area"]
                        .into_iter()
                        .map(TableCell::text)
                        .collect(),
                ),
                rows,
                first_cell_is_header: true,
                classes: Some("govuk-table--small-text-until-tablet".into()),
                ..Table::default()
            }),
            ..Section::default()
        });
    }

    let action = "/staff/admin/organisations";
    let kind = Radios {
        name: "kind".into(),
        items: Kind::ALL
            .into_iter()
            .map(|k| choice(k.id(), kind_phrase(k), None))
            .collect(),
        value: values.kind.clone(),
        fieldset: legend("Kind of organisation"),
        error_message: error_for(errors, "kind"),
        ..Radios::default()
    };
    let name = Input {
        value: Some(values.name.clone()),
        error_message: error_for(errors, "name"),
        ..Input::new("name", "Name")
    };
    let ods = Input {
        value: Some(values.ods_code.clone()),
        classes: Some("govuk-input--width-10".into()),
        spellcheck: Some(false),
        hint: Some(Hint::text(
            "Needed for hospitals: the NHS Organisation Data Service code, like RXX01.",
        )),
        error_message: error_for(errors, "ods_code"),
        ..Input::new("ods_code", "ODS code (optional for providers and councils)")
    };
    let jurisdiction = Radios {
        name: "jurisdiction".into(),
        items: vec![
            choice("england", "England", None),
            choice("wales", "Wales", None),
        ],
        value: values.jurisdiction.clone(),
        fieldset: legend("Country"),
        hint: Some(Hint::text(
            "The Act's rules differ between England and Wales.",
        )),
        error_message: error_for(errors, "jurisdiction"),
        classes: Some("govuk-radios--inline".into()),
        ..Radios::default()
    };
    sections.push(Section {
        heading: Some("Add an organisation".into()),
        form: Some(form(
            session,
            action,
            "add-organisation",
            vec![html(&kind), html(&name), html(&ods), html(&jurisdiction)],
            button("Add organisation"),
        )),
        ..Section::default()
    });

    let hospitals: Vec<&Organisation> = orgs.iter().filter(|o| o.kind == Kind::Hospital).collect();
    if !hospitals.is_empty() {
        let hospital = org_select(
            "hospital_id",
            "Hospital",
            &hospitals,
            Some("Choose a hospital"),
            values.hospital_id.as_deref(),
            None,
            errors,
        );
        let ward = Input {
            value: Some(values.ward_name.clone()),
            error_message: error_for(errors, "ward_name"),
            ..Input::new("ward_name", "Ward name")
        };
        sections.push(Section {
            heading: Some("Add a ward to a hospital".into()),
            form: Some(form(
                session,
                action,
                "add-ward",
                vec![html(&hospital), html(&ward)],
                button("Add ward"),
            )),
            ..Section::default()
        });
    }

    let councils: Vec<&Organisation> = orgs
        .iter()
        .filter(|o| o.kind == Kind::LocalAuthority)
        .collect();
    let members: Vec<&Organisation> = orgs
        .iter()
        .filter(|o| o.kind != Kind::LocalAuthority)
        .collect();
    if !councils.is_empty() && !members.is_empty() {
        let council = org_select(
            "local_authority_id",
            "Local authority",
            &councils,
            Some("Choose a local authority"),
            values.local_authority_id.as_deref(),
            None,
            errors,
        );
        let member = org_select(
            "member_id",
            "Hospital or advocacy provider in its area",
            &members,
            Some("Choose a hospital or provider"),
            values.member_id.as_deref(),
            None,
            errors,
        );
        sections.push(Section {
            heading: Some("Put a hospital or provider in a council's area".into()),
            text: vec!["The council's commissioners see figures for the hospitals and providers in its area.".into()],
            form: Some(form(
                session,
                action,
                "add-to-area",
                vec![html(&council), html(&member)],
                button("Add to area"),
            )),
            ..Section::default()
        });
    }

    let page = AdminPage {
        heading: "Organisations".into(),
        intro: vec!["Advocacy providers, hospitals with their wards, and local authorities with the hospitals and providers in their area.".into()],
        error_summary: summary(errors),
        banner: banner.map(success_banner),
        sections,
        wide: true,
        ..AdminPage::default()
    };
    Ok(render(state, session, action, page, !errors.is_empty()))
}

async fn organisations_get(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    let banner = match q.done.as_deref() {
        Some("organisation") => Some("Organisation added."),
        Some("ward") => Some("Ward added."),
        Some("area") => Some("Added to the council's area."),
        _ => None,
    };
    organisations_page(&state, &session, &OrgValues::default(), &Vec::new(), banner).await
}

async fn organisations_post(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Result<Response, Response> {
    let client = client_addr(&headers, Some(peer));
    let get = |n: &str| field(&fields, n).map(str::to_string);
    let values = OrgValues {
        kind: get("kind"),
        name: get("name").unwrap_or_default(),
        ods_code: get("ods_code").unwrap_or_default(),
        jurisdiction: get("jurisdiction"),
        hospital_id: get("hospital_id"),
        ward_name: get("ward_name").unwrap_or_default(),
        local_authority_id: get("local_authority_id"),
        member_id: get("member_id"),
    };
    let mut errors: Errors = Vec::new();
    match field(&fields, "action").unwrap_or("add-organisation") {
        "add-ward" => {
            let hospital = match &values.hospital_id {
                Some(id) => organisations::get(&state.db, id)
                    .await
                    .map_err(read_failed)?
                    .filter(|o| o.kind == Kind::Hospital),
                None => None,
            };
            if hospital.is_none() {
                errors.push(("hospital_id", "Select the hospital".into()));
            }
            if values.ward_name.is_empty() {
                errors.push(("ward_name", "Enter the ward's name".into()));
            } else if values.ward_name.chars().count() > 200 {
                errors.push((
                    "ward_name",
                    "Ward name must be 200 characters or fewer".into(),
                ));
            }
            let Some(hospital) = hospital.filter(|_| errors.is_empty()) else {
                return organisations_page(&state, &session, &values, &errors, None).await;
            };
            let result = async {
                let mut tx = state.db.begin().await?;
                let ward_id =
                    organisations::add_ward(&mut tx, &hospital.id, &values.ward_name).await?;
                audit::record(
                    &mut tx,
                    entry(&session, Action::RecordChanged, &client)
                        .on_record("organisation", hospital.id.clone())
                        .with_detail(format!("ward added: {ward_id}")),
                )
                .await?;
                tx.commit().await?;
                Ok::<_, AccountError>(())
            }
            .await;
            match result {
                Ok(()) => Ok(Redirect::to("/staff/admin/organisations?done=ward").into_response()),
                Err(AccountError::Invalid(msg)) => {
                    organisations_page(&state, &session, &values, &vec![("ward_name", msg)], None)
                        .await
                }
                Err(AccountError::Storage(e)) => Err(write_failed(e)),
            }
        }
        "add-to-area" => {
            let council = match &values.local_authority_id {
                Some(id) => organisations::get(&state.db, id)
                    .await
                    .map_err(read_failed)?
                    .filter(|o| o.kind == Kind::LocalAuthority),
                None => None,
            };
            if council.is_none() {
                errors.push(("local_authority_id", "Select the local authority".into()));
            }
            let member = match &values.member_id {
                Some(id) => organisations::get(&state.db, id)
                    .await
                    .map_err(read_failed)?
                    .filter(|o| o.kind != Kind::LocalAuthority),
                None => None,
            };
            if member.is_none() {
                errors.push((
                    "member_id",
                    "Select the hospital or advocacy provider".into(),
                ));
            }
            let (Some(council), Some(member)) = (council, member) else {
                return organisations_page(&state, &session, &values, &errors, None).await;
            };
            let result = async {
                let mut tx = state.db.begin().await?;
                organisations::add_to_area(&mut tx, &council.id, &member.id).await?;
                audit::record(
                    &mut tx,
                    entry(&session, Action::RecordChanged, &client)
                        .on_record("organisation", council.id.clone())
                        .with_detail(format!("area member added: {}", member.id)),
                )
                .await?;
                tx.commit().await
            }
            .await;
            result.map_err(write_failed)?;
            Ok(Redirect::to("/staff/admin/organisations?done=area").into_response())
        }
        _ => {
            let kind = values.kind.as_deref().and_then(Kind::parse);
            if kind.is_none() {
                errors.push(("kind", "Select the kind of organisation".into()));
            }
            if values.name.is_empty() {
                errors.push(("name", "Enter the organisation's name".into()));
            } else if values.name.chars().count() > 200 {
                errors.push(("name", "Name must be 200 characters or fewer".into()));
            }
            if values.ods_code.is_empty() {
                if kind == Some(Kind::Hospital) {
                    errors.push(("ods_code", "Enter the hospital's ODS code".into()));
                }
            } else if let Err(AccountError::Invalid(msg)) =
                organisations::normalise_ods_code(&values.ods_code)
            {
                errors.push(("ods_code", msg));
            }
            let jurisdiction = values
                .jurisdiction
                .as_deref()
                .filter(|j| matches!(*j, "england" | "wales"));
            if jurisdiction.is_none() {
                errors.push(("jurisdiction", "Select England or Wales".into()));
            }
            let (Some(kind), Some(jurisdiction), true) = (kind, jurisdiction, errors.is_empty())
            else {
                return organisations_page(&state, &session, &values, &errors, None).await;
            };
            let ods = Some(values.ods_code.as_str()).filter(|c| !c.is_empty());
            let result = async {
                let mut tx = state.db.begin().await?;
                let org =
                    organisations::create(&mut tx, kind, &values.name, ods, jurisdiction).await?;
                audit::record(
                    &mut tx,
                    entry(&session, Action::OrganisationCreated, &client)
                        .on_record("organisation", org.id.clone())
                        .with_detail(format!("kind: {}", kind.id())),
                )
                .await?;
                tx.commit().await?;
                Ok::<_, AccountError>(())
            }
            .await;
            match result {
                Ok(()) => Ok(
                    Redirect::to("/staff/admin/organisations?done=organisation").into_response()
                ),
                Err(AccountError::Invalid(msg)) => {
                    let field = if msg.contains("ODS") {
                        "ods_code"
                    } else if msg.contains("England") {
                        "jurisdiction"
                    } else {
                        "name"
                    };
                    organisations_page(&state, &session, &values, &vec![(field, msg)], None).await
                }
                Err(AccountError::Storage(e)) => Err(write_failed(e)),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// API tokens

#[derive(Default)]
struct TokenValues {
    organisation_id: Option<String>,
    scope: Option<String>,
    label: String,
}

async fn tokens_page(
    state: &AppState,
    session: &Session,
    values: &TokenValues,
    errors: &Errors,
    banner: Option<&str>,
) -> Result<Response, Response> {
    let orgs = organisations::list(&state.db).await.map_err(read_failed)?;
    let tokens = organisations::list_tokens(&state.db)
        .await
        .map_err(read_failed)?;
    let action = "/staff/admin/tokens";
    let mut sections = Vec::new();
    if tokens.is_empty() {
        sections.push(Section {
            text: vec!["No tokens have been issued yet.".into()],
            ..Section::default()
        });
    } else {
        let rows = tokens
            .iter()
            .map(|t| {
                let (status, revoke) = match &t.revoked_at {
                    Some(at) => (format!("Revoked {}", when(at)), TrustedHtml::default()),
                    None => (
                        "Active".to_string(),
                        TrustedHtml::new(format!(
                            "<form method=\"post\" action=\"{action}\" novalidate>\
                             <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
                             <input type=\"hidden\" name=\"action\" value=\"revoke\">\
                             <input type=\"hidden\" name=\"token_id\" value=\"{}\">\
                             <button type=\"submit\" class=\"govuk-button govuk-button--warning govuk-!-margin-bottom-0\" data-module=\"govuk-button\">Revoke<span class=\"govuk-visually-hidden\"> {}</span></button>\
                             </form>",
                            esc(&session.csrf_token),
                            esc(&t.id),
                            esc(&t.label)
                        )),
                    ),
                };
                vec![
                    TableCell::text(t.label.clone()),
                    TableCell::text(org_name(&orgs, Some(&t.organisation_id))),
                    TableCell::text(t.scope.label()),
                    TableCell::text(when(&t.created_at)),
                    TableCell::text(status),
                    TableCell {
                        html: Some(revoke),
                        ..TableCell::default()
                    },
                ]
            })
            .collect();
        let mut head: Vec<TableCell> = ["Name", "Organisation", "Allows", "Created", "Status"]
            .into_iter()
            .map(TableCell::text)
            .collect();
        head.push(TableCell {
            html: Some(TrustedHtml::new(
                "<span class=\"govuk-visually-hidden\">Actions</span>",
            )),
            ..TableCell::default()
        });
        sections.push(Section {
            html: html(&Table {
                head: Some(head),
                rows,
                first_cell_is_header: true,
                classes: Some("govuk-table--small-text-until-tablet".into()),
                ..Table::default()
            }),
            ..Section::default()
        });
    }

    if orgs.is_empty() {
        sections.push(Section {
            heading: Some("Create a token".into()),
            text: vec!["Add the hospital or organisation first.".into()],
            ..Section::default()
        });
        sections.push(Section {
            html: TrustedHtml::new(link("/staff/admin/organisations", "Add an organisation")),
            ..Section::default()
        });
    } else {
        let org_refs: Vec<&Organisation> = orgs.iter().collect();
        let org = org_select(
            "organisation_id",
            "Organisation",
            &org_refs,
            Some("Choose an organisation"),
            values.organisation_id.as_deref(),
            Some("The hospital (or other organisation) whose system will use the token."),
            errors,
        );
        let scope = Radios {
            name: "scope".into(),
            items: Scope::ALL
                .into_iter()
                .map(|s| {
                    let hint = match s {
                        Scope::Feed => Some("For hospitals only."),
                        Scope::Referrals => None,
                    };
                    choice(s.id(), s.label(), hint)
                })
                .collect(),
            value: values.scope.clone(),
            fieldset: legend("What the token allows"),
            error_message: error_for(errors, "scope"),
            ..Radios::default()
        };
        let label = Input {
            value: Some(values.label.clone()),
            hint: Some(Hint::text(
                "So you can tell tokens apart, like \"MHA office system\".",
            )),
            error_message: error_for(errors, "label"),
            ..Input::new("label", "Name of the token")
        };
        sections.push(Section {
            heading: Some("Create a token".into()),
            text: vec!["The token is shown once, when you create it. Only a fingerprint of it is kept, so it cannot be shown again: if it is lost, revoke it and create another.".into()],
            form: Some(form(
                session,
                action,
                "create",
                vec![html(&org), html(&scope), html(&label)],
                button("Create token"),
            )),
            ..Section::default()
        });
    }

    let page = AdminPage {
        heading: "API tokens".into(),
        intro: vec!["Hospital systems use these to send the legal-status feed or make referrals. A revoked token stops working at once.".into()],
        error_summary: summary(errors),
        banner: banner.map(success_banner),
        sections,
        wide: true,
        ..AdminPage::default()
    };
    Ok(render(state, session, action, page, !errors.is_empty()))
}

async fn tokens_get(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    let banner = match q.done.as_deref() {
        Some("revoked") => Some("Token revoked. It no longer works."),
        Some("not-revoked") => Some("That token had already been revoked."),
        _ => None,
    };
    tokens_page(
        &state,
        &session,
        &TokenValues::default(),
        &Vec::new(),
        banner,
    )
    .await
}

async fn tokens_post(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Result<Response, Response> {
    let client = client_addr(&headers, Some(peer));
    if field(&fields, "action") == Some("revoke") {
        let Some(token_id) = field(&fields, "token_id") else {
            return Ok(Redirect::to("/staff/admin/tokens").into_response());
        };
        let result = async {
            let mut tx = state.db.begin().await?;
            let revoked = organisations::revoke_token(&mut tx, token_id).await?;
            if revoked {
                audit::record(
                    &mut tx,
                    entry(&session, Action::ApiTokenRevoked, &client)
                        .on_record("api_token", token_id),
                )
                .await?;
            }
            tx.commit().await?;
            Ok::<_, StorageError>(revoked)
        }
        .await;
        let to = if result.map_err(write_failed)? {
            "/staff/admin/tokens?done=revoked"
        } else {
            "/staff/admin/tokens?done=not-revoked"
        };
        return Ok(Redirect::to(to).into_response());
    }

    let values = TokenValues {
        organisation_id: field(&fields, "organisation_id").map(str::to_string),
        scope: field(&fields, "scope").map(str::to_string),
        label: field(&fields, "label").unwrap_or("").to_string(),
    };
    let mut errors: Errors = Vec::new();
    let org = match &values.organisation_id {
        Some(id) => organisations::get(&state.db, id)
            .await
            .map_err(read_failed)?,
        None => None,
    };
    if org.is_none() {
        errors.push(("organisation_id", "Select the organisation".into()));
    }
    let scope = values.scope.as_deref().and_then(Scope::parse);
    match scope {
        None => errors.push(("scope", "Select what the token allows".into())),
        Some(Scope::Feed) if org.as_ref().is_some_and(|o| o.kind != Kind::Hospital) => {
            errors.push((
                "scope",
                "Only a hospital can send the legal-status feed. Select a hospital, or choose referrals".into(),
            ));
        }
        Some(_) => {}
    }
    if values.label.is_empty() {
        errors.push((
            "label",
            "Enter a name for the token, like \"MHA office system\"".into(),
        ));
    } else if values.label.chars().count() > 200 {
        errors.push(("label", "Name must be 200 characters or fewer".into()));
    }
    let (Some(org), Some(scope), true) = (org, scope, errors.is_empty()) else {
        return tokens_page(&state, &session, &values, &errors, None).await;
    };
    let result = async {
        let mut tx = state.db.begin().await?;
        let (record, token) = organisations::create_token(
            &mut tx,
            &org.id,
            scope,
            &values.label,
            Some(&session.user.id),
        )
        .await?;
        audit::record(
            &mut tx,
            entry(&session, Action::ApiTokenCreated, &client)
                .on_record("api_token", record.id.clone())
                .with_detail(format!("scope: {}; organisation: {}", scope.id(), org.id)),
        )
        .await?;
        tx.commit().await?;
        Ok::<_, AccountError>(token)
    }
    .await;
    let token = match result {
        Ok(t) => t,
        Err(AccountError::Invalid(msg)) => {
            return tokens_page(&state, &session, &values, &vec![("label", msg)], None).await;
        }
        Err(AccountError::Storage(e)) => return Err(write_failed(e)),
    };
    Ok(secret_page(
        &state,
        &session,
        "/staff/admin/tokens",
        "Copy the API token",
        &format!("Token created for {}", org.name),
        vec![format!(
            "Put this token in the settings of {}'s system. It allows: {}.",
            org.name,
            scope.label().to_lowercase()
        )],
        "api-token",
        &token,
        vec![
            "It will not be shown again. Only a fingerprint of it is kept. If it is lost, revoke it and create another.".into(),
            "Send it only over a secure channel, never by ordinary email.".into(),
        ],
        vec![("/staff/admin/tokens".into(), "Back to API tokens".into())],
    ))
}

// ---------------------------------------------------------------------------------------------
// Routes

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/staff/admin/users", get(users))
        .route("/staff/admin/users/new", get(invite_form).post(invite))
        .route(
            "/staff/admin/users/{id}",
            get(user_detail).post(user_action),
        )
        .route(
            "/staff/admin/organisations",
            get(organisations_get).post(organisations_post),
        )
        .route("/staff/admin/tokens", get(tokens_get).post(tokens_post))
        // `GET /staff/admin/audit` and `/staff/admin/audit/export`.
        .merge(crate::audit_pages::routes())
}
