//! The audit trail for administrators: `GET /staff/admin/audit` (search, newest first, 50 a
//! page) and `GET /staff/admin/audit/export` (the same search as a CSV file).
//!
//! The pieces are pure where they can be: [`parse_filter`] reads the query into an
//! [`audit::Filter`] with GOV.UK error messages, [`render_search_page`] renders the page. The
//! handlers [`search`] and [`export`] expect to sit behind the staff permission check
//! (`Permission::ViewAudit`), which puts the [`Session`] in the request's extensions; each
//! search and each export is itself written to the trail (`audit-searched`, `audit-exported`),
//! and if that write fails nothing is shown.
//!
//! The search form takes ids, not names: the values searched for are written to the trail, and
//! the trail holds no personal data. [`parse_filter`] refuses anything that does not look like
//! an id.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::SocketAddr;

use askama::Template;
use axum::Extension;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use imha_core::accounts::Session;
use imha_core::audit::{self, Action, AuditEntry, Filter, NewEntry};
use imha_govuk::{
    Button, DateInput, ErrorMessage, ErrorSummary, Fieldset, Hint, Input, Legend, Select,
    SelectItem, Table, TableCell, TrustedHtml,
};

use crate::AppState;
use crate::pages::Layout;

/// The page's path.
pub const PATH: &str = "/staff/admin/audit";
/// The export's path.
pub const EXPORT_PATH: &str = "/staff/admin/audit/export";
/// Entries on one page of results.
pub const PAGE_SIZE: i64 = 50;
/// Most entries one export holds.
pub const EXPORT_LIMIT: i64 = 100_000;
/// Longest id accepted in a search field.
const MAX_ID_LEN: usize = 100;

/// A search form field in error: the id of the input to link to, and the message.
pub type FieldError = (&'static str, String);

/// What each action is called on the page.
pub fn action_label(action: Action) -> &'static str {
    match action {
        Action::SignIn => "Signed in",
        Action::SignInFailed => "Sign-in failed",
        Action::SignOut => "Signed out",
        Action::SignOutEverywhere => "Signed out everywhere",
        Action::MfaSetUp => "Set up authenticator app",
        Action::MfaReset => "Reset authenticator app",
        Action::PasswordSet => "Set password",
        Action::PasswordResetRequested => "Asked to reset password",
        Action::UserInvited => "Invited user",
        Action::RoleChanged => "Changed role",
        Action::UserDeactivated => "Deactivated user",
        Action::ApiTokenCreated => "Created API token",
        Action::ApiTokenRevoked => "Revoked API token",
        Action::OrganisationCreated => "Added organisation",
        Action::RecordViewed => "Viewed record",
        Action::RecordCreated => "Created record",
        Action::RecordChanged => "Changed record",
        Action::RecordExported => "Exported records",
        Action::AuditExported => "Exported audit trail",
        Action::AuditSearched => "Searched audit trail",
        Action::FeedImported => "Imported hospital feed",
        Action::CaseAllocated => "Allocated case",
        Action::AllocationOverridden => "Overrode allocation conflicts",
        Action::LibraryItemAdded => "Added library item",
        Action::LibraryItemReviewed => "Reviewed library item",
        Action::LibraryItemRemoved => "Removed library item",
        Action::QualityAssessmentStarted => "Started quality self-assessment",
        Action::QualityAssessmentChanged => "Changed quality self-assessment",
        Action::QualityAssessmentFinalised => "Finalised quality self-assessment",
    }
}

/// A stored action id as the page shows it (an id this version does not know, as it is).
fn stored_action_label(id: &str) -> String {
    id.parse::<Action>()
        .map(|a| action_label(a).to_string())
        .unwrap_or_else(|_| id.to_string())
}

use crate::forms::{field, read_date};

/// An id-like value: letters, digits and `-`, `_`, `.`, `:`, at most 100 characters.
fn read_id(
    fields: &HashMap<String, String>,
    name: &'static str,
    what: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let value = field(fields, name)?;
    if value.chars().count() > MAX_ID_LEN {
        errors.push((
            name,
            format!("{what} must be {MAX_ID_LEN} characters or fewer"),
        ));
        return None;
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
    {
        errors.push((
            name,
            format!(
                "{what} must only include letters, numbers, hyphens, underscores, dots and colons"
            ),
        ));
        return None;
    }
    Some(value.to_string())
}

/// The first moment of `date` in the UK.
fn start_of_uk_day(date: jiff::civil::Date) -> jiff::Timestamp {
    date.in_tz("Europe/London")
        .or_else(|_| date.to_zoned(jiff::tz::TimeZone::UTC))
        .map(|z| z.timestamp())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// The 1-based page number asked for (1 when absent or not a number).
fn page_number(fields: &HashMap<String, String>) -> i64 {
    read_page_number(field(fields, "page"))
}

/// A `page` query value as a 1-based page number: 1 when absent, not a number or out of range.
pub fn read_page_number(value: Option<&str>) -> i64 {
    value
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| (1..=1_000_000).contains(p))
        .unwrap_or(1)
}

/// Read the search form (the query string) into a filter for one page of [`PAGE_SIZE`]
/// entries, or the fields in error with GOV.UK messages. Dates are UK dates and both are
/// included: "from 1 April to 3 April" is from midnight starting 1 April to midnight ending
/// 3 April, UK time.
pub fn parse_filter(fields: &HashMap<String, String>) -> Result<Filter, Vec<FieldError>> {
    let mut errors: Vec<FieldError> = Vec::new();
    let actor_id = read_id(fields, "actor-id", "User ID", &mut errors);
    let action = match field(fields, "action") {
        None => None,
        Some(a) => match a.parse::<Action>() {
            Ok(a) => Some(a.as_str().to_string()),
            Err(_) => {
                errors.push(("action", "Select an action from the list".to_string()));
                None
            }
        },
    };
    let record_type = read_id(fields, "record-type", "Record type", &mut errors);
    let record_id = read_id(fields, "record-id", "Record ID", &mut errors);
    let from = read_date(
        fields,
        "from",
        ["from-day", "from-month", "from-year"],
        "from",
    )
    .map_err(|e| errors.push(e))
    .ok()
    .flatten();
    let to = read_date(fields, "to", ["to-day", "to-month", "to-year"], "to")
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.push((
            "to-day",
            "The to date must be the same as or after the from date".to_string(),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let page = page_number(fields);
    Ok(Filter {
        actor_id,
        action,
        record_type,
        record_id,
        from: from.map(start_of_uk_day),
        to: to.and_then(|t| t.tomorrow().ok()).map(start_of_uk_day),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
    })
}

/// What a search or export asked for, for the `detail` of its audit entry: field names and the
/// ids searched for (never anything else, as [`parse_filter`] accepts ids only).
pub fn filter_detail(filter: &Filter) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut add = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            parts.push(format!("{k}={v}"));
        }
    };
    add("actor_id", filter.actor_id.clone());
    add("action", filter.action.clone());
    add("record_type", filter.record_type.clone());
    add("record_id", filter.record_id.clone());
    add("from", filter.from.map(audit::format_at));
    add("to", filter.to.map(audit::format_at));
    if filter.offset > 0 {
        parts.push(format!("offset={}", filter.offset));
    }
    if parts.is_empty() {
        "all".to_string()
    } else {
        parts.join(" ")
    }
}

/// The search fields that are set, as a query string (`a=1&b=2`, percent-encoded), without
/// `page`.
pub fn query_string(fields: &HashMap<String, String>) -> String {
    const NAMES: [&str; 10] = [
        "actor-id",
        "action",
        "record-type",
        "record-id",
        "from-day",
        "from-month",
        "from-year",
        "to-day",
        "to-month",
        "to-year",
    ];
    let mut out = String::new();
    for name in NAMES {
        if let Some(v) = field(fields, name) {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(name);
            out.push('=');
            percent_encode(v, &mut out);
        }
    }
    out
}

fn percent_encode(value: &str, out: &mut String) {
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

fn with_query(path: &str, query: &str, page: Option<i64>) -> String {
    let mut q = query.to_string();
    if let Some(p) = page {
        if !q.is_empty() {
            q.push('&');
        }
        let _ = write!(q, "page={p}");
    }
    if q.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{q}")
    }
}

/// "6 April 2026 at 14:05:09" in UK time, from a stored timestamp.
fn when(stored: &str) -> String {
    crate::forms::uk_time(stored, "%-d %B %Y at %H:%M:%S")
}

/// Escape text for markup built here.
fn esc(s: &str) -> String {
    askama::filters::escape(s, askama::filters::Html)
        .map(|s| s.to_string())
        .unwrap_or_default()
}

fn link_cell(href: &str, text: &str, hidden: &str) -> TableCell {
    TableCell {
        html: Some(TrustedHtml::new(format!(
            r#"<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a>"#,
            esc(href),
            esc(text),
            esc(hidden)
        ))),
        ..TableCell::default()
    }
}

/// The previous and next pages of results.
pub struct Pagination {
    pub prev: Option<String>,
    pub next: Option<String>,
    pub page: i64,
    pub pages: i64,
}

impl Pagination {
    /// The links around `page` of a list of `total` items, `per_page` a page, each page's
    /// address from `href`; `None` when everything fits on the first page. Past the end, the
    /// previous link goes to the last page.
    pub fn for_page(
        page: i64,
        total: i64,
        per_page: i64,
        href: impl Fn(i64) -> String,
    ) -> Option<Pagination> {
        let pages = ((total + per_page - 1) / per_page).max(1);
        (pages > 1 || page > 1).then(|| Pagination {
            prev: (page > 1).then(|| href((page - 1).min(pages))),
            next: (page < pages).then(|| href(page + 1)),
            page,
            pages,
        })
    }
}

#[derive(Template)]
#[template(path = "staff/audit.html")]
struct SearchPage {
    layout: Layout,
    error_summary: Option<ErrorSummary>,
    actor_id: Input,
    action: Select,
    record_type: Input,
    record_id: Input,
    from: DateInput,
    to: DateInput,
    button: Button,
    /// Results, when the search ran.
    results: Option<Results>,
}

struct Results {
    /// "Showing entries 1 to 50 of 1,234", or that none match.
    summary: String,
    table: Option<Table>,
    pagination: Option<Pagination>,
    export_href: Option<String>,
}

fn error_for(errors: &[FieldError], ids: &[&str]) -> Option<ErrorMessage> {
    errors
        .iter()
        .find(|(id, _)| ids.contains(id))
        .map(|(_, m)| ErrorMessage::text(m.clone()))
}

fn text_input(
    fields: &HashMap<String, String>,
    errors: &[FieldError],
    name: &'static str,
    label: &str,
    hint: &str,
) -> Input {
    Input {
        value: fields.get(name).map(|v| v.trim().to_string()),
        hint: Some(Hint::text(hint)),
        error_message: error_for(errors, &[name]),
        classes: Some("govuk-input--width-30".into()),
        spellcheck: Some(false),
        autocomplete: Some("off".into()),
        ..Input::new(name, label)
    }
}

fn date_input(
    fields: &HashMap<String, String>,
    errors: &[FieldError],
    prefix: &'static str,
    legend: &str,
) -> DateInput {
    let mut values = std::collections::BTreeMap::new();
    for part in ["day", "month", "year"] {
        let name = format!("{prefix}-{part}");
        if let Some(v) = fields.get(&name) {
            values.insert(name, v.trim().to_string());
        }
    }
    let ids = ["day", "month", "year"].map(|p| format!("{prefix}-{p}"));
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    DateInput {
        id: prefix.into(),
        name_prefix: Some(prefix.into()),
        values,
        fieldset: Some(Fieldset {
            legend: Some(Legend {
                text: Some(legend.into()),
                classes: Some("govuk-fieldset__legend--s".into()),
                ..Legend::default()
            }),
            role: Some("group".into()),
            ..Fieldset::default()
        }),
        hint: Some(Hint::text("UK time. For example, 27 3 2026")),
        error_message: error_for(errors, &ids),
        ..DateInput::default()
    }
}

fn action_select(fields: &HashMap<String, String>, errors: &[FieldError]) -> Select {
    let chosen = field(fields, "action");
    let mut items = vec![SelectItem {
        value: Some(String::new()),
        text: "Any action".into(),
        selected: Some(chosen.is_none()),
        ..SelectItem::default()
    }];
    items.extend(Action::ALL.iter().map(|a| SelectItem {
        value: Some(a.as_str().into()),
        text: action_label(*a).into(),
        selected: Some(chosen == Some(a.as_str())),
        ..SelectItem::default()
    }));
    Select {
        items,
        error_message: error_for(errors, &["action"]),
        ..Select::new("action", "Action")
    }
}

fn results_table(entries: &[AuditEntry]) -> Table {
    let head = ["When", "Who", "Action", "Record", "From", "Detail", "Entry"]
        .map(TableCell::text)
        .to_vec();
    let rows = entries
        .iter()
        .map(|e| {
            let who = match &e.actor_id {
                Some(id) => link_cell(
                    &with_query(PATH, &format!("actor-id={}", encoded(id)), None),
                    &e.actor,
                    "(show all their entries)",
                ),
                None => TableCell::text(e.actor.clone()),
            };
            let record = match (&e.record_type, &e.record_id) {
                (Some(t), Some(id)) => link_cell(
                    &with_query(
                        PATH,
                        &format!("record-type={}&record-id={}", encoded(t), encoded(id)),
                        None,
                    ),
                    &format!("{t} {id}"),
                    "(show all entries for this record)",
                ),
                (Some(t), None) => TableCell::text(t.clone()),
                (None, Some(id)) => TableCell::text(id.clone()),
                (None, None) => TableCell::text(""),
            };
            vec![
                TableCell::text(when(&e.at)),
                who,
                TableCell::text(stored_action_label(&e.action)),
                record,
                TableCell::text(e.client.clone().unwrap_or_default()),
                TableCell::text(e.detail.clone().unwrap_or_default()),
                TableCell::numeric(e.seq.to_string()),
            ]
        })
        .collect();
    Table {
        caption: Some("Audit entries, newest first".into()),
        caption_classes: Some("govuk-visually-hidden".into()),
        head: Some(head),
        rows,
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    }
}

fn encoded(v: &str) -> String {
    let mut s = String::new();
    percent_encode(v, &mut s);
    s
}

/// "1,234".
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Render the search page. `fields` are the query's fields as given (to fill the form);
/// `errors` come from [`parse_filter`] (then `entries` and `total` are ignored and no results
/// are shown); otherwise `entries` is the page of results and `total` how many match in all.
pub fn render_search_page(
    mut layout: Layout,
    fields: &HashMap<String, String>,
    entries: &[AuditEntry],
    total: i64,
    errors: &[FieldError],
) -> Result<String, askama::Error> {
    if !errors.is_empty() && !layout.title.starts_with("Error: ") {
        layout.title = format!("Error: {}", layout.title);
    }
    let error_summary = crate::forms::error_summary(errors);
    let results = errors.is_empty().then(|| {
        let page = page_number(fields);
        let first = (page - 1) * PAGE_SIZE + 1;
        let query = query_string(fields);
        let summary = if entries.is_empty() {
            if total == 0 {
                "No entries match.".to_string()
            } else {
                format!(
                    "There are no entries on page {page}: {} entries match.",
                    thousands(total)
                )
            }
        } else {
            let last = first + entries.len() as i64 - 1;
            format!(
                "Showing entries {} to {} of {}, newest first.",
                thousands(first),
                thousands(last),
                thousands(total)
            )
        };
        let pagination = Pagination::for_page(page, total, PAGE_SIZE, |p| {
            with_query(PATH, &query, Some(p))
        });
        Results {
            summary,
            table: (!entries.is_empty()).then(|| results_table(entries)),
            pagination,
            export_href: (total > 0).then(|| with_query(EXPORT_PATH, &query, None)),
        }
    });
    SearchPage {
        layout,
        error_summary,
        actor_id: text_input(
            fields,
            errors,
            "actor-id",
            "User ID",
            "The ID of the person or API token, as shown on their page",
        ),
        action: action_select(fields, errors),
        record_type: text_input(
            fields,
            errors,
            "record-type",
            "Record type",
            "For example, user, organisation or referral",
        ),
        record_id: text_input(fields, errors, "record-id", "Record ID", "The record's ID"),
        from: date_input(fields, errors, "from", "From"),
        to: date_input(fields, errors, "to", "To"),
        button: Button {
            text: Some("Search".into()),
            ..Button::default()
        },
        results,
    }
    .render()
}

// ---------------------------------------------------------------------------------------------
// Handlers (mounted by the staff routes, behind Permission::ViewAudit)

fn html(body: Result<String, askama::Error>) -> Response {
    match body {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "audit page could not be rendered");
            crate::error::server_error_page()
        }
    }
}

/// `GET /staff/admin/audit`: the search form and a page of results.
pub async fn search(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(fields): Query<HashMap<String, String>>,
) -> Response {
    let layout = Layout::staff(&state, "Audit trail", PATH, Some(&session));
    let filter = match parse_filter(&fields) {
        Ok(f) => f,
        Err(errors) => return html(render_search_page(layout, &fields, &[], 0, &errors)),
    };
    let client = crate::staff::client_addr(&headers, Some(peer));
    let entry = NewEntry::by_user(session.user.id.clone(), Action::AuditSearched)
        .from_client(client)
        .with_detail(filter_detail(&filter));
    if let Err(e) = audit::record_now(&state.db, entry).await {
        tracing::error!(error = %e, "could not write the audit trail; search refused");
        return crate::error::unavailable_page();
    }
    let found = async {
        let entries = audit::search(&state.db, &filter).await?;
        let total = audit::count(&state.db, &filter).await?;
        Ok::<_, imha_core::StorageError>((entries, total))
    }
    .await;
    match found {
        Ok((entries, total)) => html(render_search_page(layout, &fields, &entries, total, &[])),
        Err(e) => {
            tracing::error!(error = %e, "audit search failed");
            crate::error::unavailable_page()
        }
    }
}

/// The export's file name: `audit-trail-2026-04-01.csv` (the UK date).
pub fn export_filename(now: jiff::Timestamp) -> String {
    let date = now
        .in_tz("Europe/London")
        .map(|z| z.date())
        .unwrap_or_else(|_| now.to_zoned(jiff::tz::TimeZone::UTC).date());
    format!("audit-trail-{date}.csv")
}

/// `GET /staff/admin/audit/export`: every entry the search matches (up to 100,000, newest
/// first) as CSV, cells neutralised against spreadsheet formulas.
pub async fn export(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(fields): Query<HashMap<String, String>>,
) -> Response {
    let Ok(mut filter) = parse_filter(&fields) else {
        // The export link is built from a valid search; go back to the form to show errors.
        return axum::response::Redirect::to(&with_query(PATH, &query_string(&fields), None))
            .into_response();
    };
    // Freeze the end of the export at now, so entries written while it runs (this export's
    // own, for one) do not shift the pages.
    let now = jiff::Timestamp::now();
    filter.to = Some(filter.to.map_or(now, |t| t.min(now)));
    filter.offset = 0;
    filter.limit = audit::MAX_SEARCH_LIMIT;
    let mut entries: Vec<AuditEntry> = Vec::new();
    loop {
        let page = match audit::search(&state.db, &filter).await {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "audit export failed");
                return crate::error::unavailable_page();
            }
        };
        let n = page.len() as i64;
        entries.extend(page);
        if n < filter.limit || entries.len() as i64 >= EXPORT_LIMIT {
            break;
        }
        filter.offset += n;
    }
    entries.truncate(usize::try_from(EXPORT_LIMIT).unwrap_or(usize::MAX));
    filter.offset = 0;
    let client = crate::staff::client_addr(&headers, Some(peer));
    let entry = NewEntry::by_user(session.user.id.clone(), Action::AuditExported)
        .from_client(client)
        .with_detail(format!(
            "{} entries={}",
            filter_detail(&filter),
            entries.len()
        ));
    if let Err(e) = audit::record_now(&state.db, entry).await {
        tracing::error!(error = %e, "could not write the audit trail; export refused");
        return crate::error::unavailable_page();
    }
    let disposition = format!("attachment; filename=\"{}\"", export_filename(now));
    let mut response = audit::to_csv(&entries).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// The two routes, for the staff router to merge (behind its permission check).
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(PATH, axum::routing::get(search))
        .route(EXPORT_PATH, axum::routing::get(export))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn errors_of(pairs: &[(&str, &str)]) -> Vec<FieldError> {
        parse_filter(&fields(pairs)).unwrap_err()
    }

    fn entry(seq: i64, detail: &str) -> AuditEntry {
        AuditEntry {
            seq,
            at: "2026-07-01T12:00:00.000000Z".into(),
            actor_id: Some("u-1".into()),
            actor: "user:u-1".into(),
            action: "record-viewed".into(),
            record_type: Some("referral".into()),
            record_id: Some("r 1".into()),
            client: Some("192.0.2.1".into()),
            detail: Some(detail.into()),
            prev_hash: audit::GENESIS_HASH.into(),
            hash: "ab".repeat(32),
        }
    }

    #[test]
    fn an_empty_form_finds_the_newest_page() {
        let f = parse_filter(&HashMap::new()).unwrap();
        assert_eq!(
            f,
            Filter {
                limit: PAGE_SIZE,
                ..Filter::default()
            }
        );
        assert_eq!(filter_detail(&f), "all");
    }

    #[test]
    fn fields_become_a_filter() {
        let f = parse_filter(&fields(&[
            ("actor-id", " 0190a5b2-aaaa-7bbb-8ccc-123456789abc "),
            ("action", "record-viewed"),
            ("record-type", "referral"),
            ("record-id", "r1"),
            ("from-day", "1"),
            ("from-month", "4"),
            ("from-year", "2026"),
            ("to-day", "3"),
            ("to-month", "4"),
            ("to-year", "2026"),
            ("page", "3"),
        ]))
        .unwrap();
        assert_eq!(
            f.actor_id.as_deref(),
            Some("0190a5b2-aaaa-7bbb-8ccc-123456789abc")
        );
        assert_eq!(f.action.as_deref(), Some("record-viewed"));
        assert_eq!(f.record_type.as_deref(), Some("referral"));
        assert_eq!(f.record_id.as_deref(), Some("r1"));
        // UK summer time: midnight in London is 23:00 UTC the day before.
        assert_eq!(f.from.unwrap().to_string(), "2026-03-31T23:00:00Z");
        assert_eq!(f.to.unwrap().to_string(), "2026-04-03T23:00:00Z");
        assert_eq!((f.limit, f.offset), (PAGE_SIZE, 2 * PAGE_SIZE));
        assert_eq!(
            filter_detail(&f),
            "actor_id=0190a5b2-aaaa-7bbb-8ccc-123456789abc action=record-viewed \
             record_type=referral record_id=r1 from=2026-03-31T23:00:00.000000Z \
             to=2026-04-03T23:00:00.000000Z offset=100"
        );
        // Winter: UK time is UTC.
        let w = parse_filter(&fields(&[
            ("from-day", "5"),
            ("from-month", "1"),
            ("from-year", "2026"),
        ]))
        .unwrap();
        assert_eq!(w.from.unwrap().to_string(), "2026-01-05T00:00:00Z");
        assert_eq!(w.to, None);
    }

    #[test]
    fn bad_dates_get_specific_messages() {
        assert_eq!(
            errors_of(&[("from-day", "1"), ("from-year", "2026")]),
            vec![(
                "from-month",
                "The from date must include a month".to_string()
            )]
        );
        assert_eq!(
            errors_of(&[("to-month", "4")]),
            vec![(
                "to-day",
                "The to date must include a day and a year".to_string()
            )]
        );
        assert_eq!(
            errors_of(&[
                ("from-day", "31"),
                ("from-month", "2"),
                ("from-year", "2026")
            ]),
            vec![("from-day", "The from date must be a real date".to_string())]
        );
        assert_eq!(
            errors_of(&[
                ("from-day", "x"),
                ("from-month", "2"),
                ("from-year", "2026")
            ]),
            vec![("from-day", "The from date must be a real date".to_string())]
        );
        assert_eq!(
            errors_of(&[("to-day", "1"), ("to-month", "13"), ("to-year", "2026")]),
            vec![("to-day", "The to date must be a real date".to_string())]
        );
        assert_eq!(
            errors_of(&[("to-day", "1"), ("to-month", "2"), ("to-year", "26")]),
            vec![(
                "to-year",
                "The year of the to date must include 4 numbers".to_string()
            )]
        );
        assert_eq!(
            errors_of(&[
                ("from-day", "2"),
                ("from-month", "4"),
                ("from-year", "2026"),
                ("to-day", "1"),
                ("to-month", "4"),
                ("to-year", "2026"),
            ]),
            vec![(
                "to-day",
                "The to date must be the same as or after the from date".to_string()
            )]
        );
        // The same day for both is one whole day.
        let one = parse_filter(&fields(&[
            ("from-day", "1"),
            ("from-month", "1"),
            ("from-year", "2026"),
            ("to-day", "1"),
            ("to-month", "1"),
            ("to-year", "2026"),
        ]))
        .unwrap();
        assert_eq!(one.to.unwrap().to_string(), "2026-01-02T00:00:00Z");
    }

    #[test]
    fn other_fields_must_be_ids_or_from_the_list() {
        let errs = errors_of(&[
            ("actor-id", "Jane Smith"),
            ("action", "delete-everything"),
            ("record-id", &"x".repeat(101)),
        ]);
        assert_eq!(
            errs,
            vec![
                (
                    "actor-id",
                    "User ID must only include letters, numbers, hyphens, underscores, dots and colons"
                        .to_string()
                ),
                ("action", "Select an action from the list".to_string()),
                (
                    "record-id",
                    "Record ID must be 100 characters or fewer".to_string()
                ),
            ]
        );
        // A nonsense page number is page 1.
        assert_eq!(parse_filter(&fields(&[("page", "-4")])).unwrap().offset, 0);
    }

    #[test]
    fn the_query_string_keeps_the_search_for_paging_and_export() {
        let q = query_string(&fields(&[
            ("actor-id", "a b&c"),
            ("action", ""),
            ("from-year", "2026"),
            ("page", "2"),
            ("other", "x"),
        ]));
        assert_eq!(q, "actor-id=a%20b%26c&from-year=2026");
        assert_eq!(with_query(PATH, &q, Some(3)), format!("{PATH}?{q}&page=3"));
        assert_eq!(with_query(PATH, "", None), PATH);
    }

    #[test]
    fn the_page_shows_the_form_results_and_paging() {
        let f = fields(&[("record-type", "referral"), ("page", "2")]);
        let entries = vec![
            entry(7, "<script>alert(1)</script>"),
            entry(6, "fields=all"),
        ];
        let html =
            render_search_page(Layout::plain("Audit trail"), &f, &entries, 120, &[]).unwrap();
        assert!(html.contains("<title>Audit trail"), "{html}");
        assert!(html.contains(r#"method="get""#));
        assert!(html.contains(r#"name="record-type""#));
        assert!(html.contains(r#"value="referral""#));
        assert!(html.contains(r#"<option value="record-viewed">Viewed record</option>"#));
        assert!(html.contains("Showing entries 51 to 52 of 120, newest first."));
        assert!(html.contains("1 July 2026 at 13:00:00"), "UK time");
        assert!(html.contains("&#60;script&#62;"), "escaped");
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("?record-type=referral&#38;record-id=r%201"));
        assert!(html.contains("/staff/admin/audit?record-type=referral&#38;page=1"));
        assert!(html.contains("/staff/admin/audit?record-type=referral&#38;page=3"));
        assert!(html.contains("Page 2 of 3"));
        assert!(html.contains("/staff/admin/audit/export?record-type=referral\""));
        assert!(!html.contains("There is a problem"));
    }

    #[test]
    fn the_page_shows_errors_and_keeps_what_was_typed() {
        let f = fields(&[
            ("from-day", "31"),
            ("from-month", "2"),
            ("from-year", "2026"),
        ]);
        let errors = parse_filter(&f).unwrap_err();
        let html = render_search_page(Layout::plain("Audit trail"), &f, &[], 0, &errors).unwrap();
        assert!(html.contains("<title>Error: Audit trail"));
        assert!(html.contains("There is a problem"));
        assert!(html.contains(r##"href="#from-day""##));
        assert!(html.contains("The from date must be a real date"));
        assert!(html.contains(r#"value="31""#));
        assert!(!html.contains("Showing entries"));
        assert!(!html.contains("/export"));
    }

    #[test]
    fn no_matches_say_so_without_an_export_link() {
        let html =
            render_search_page(Layout::plain("Audit trail"), &HashMap::new(), &[], 0, &[]).unwrap();
        assert!(html.contains("No entries match."));
        assert!(!html.contains("/export"));
        assert!(!html.contains("govuk-pagination"));
    }

    /// The handlers end to end, behind a stand-in for the staff permission check.
    async fn call(
        state: &AppState,
        session: &Session,
        uri: &str,
    ) -> (axum::http::StatusCode, HeaderMap, String) {
        use tower::ServiceExt;
        let app = routes()
            .layer(Extension(session.clone()))
            .with_state(state.clone());
        let mut req = axum::http::Request::get(uri)
            .body(axum::body::Body::empty())
            .unwrap();
        let peer: SocketAddr = "192.0.2.9:5000".parse().unwrap();
        req.extensions_mut().insert(ConnectInfo(peer));
        let res = app.oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = axum::body::to_bytes(res.into_body(), 10_000_000)
            .await
            .unwrap();
        (status, headers, String::from_utf8(body.to_vec()).unwrap())
    }

    imha_core::storage_test!(searching_and_exporting_are_themselves_audited, |t| {
        use imha_core::accounts;
        let mut tx = t.db.begin().await.unwrap();
        let admin = accounts::create_user(
            &mut tx,
            "admin@example.org",
            "Ada Admin",
            accounts::Role::Admin,
            None,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let cookie = accounts::start_session(&t.db, &admin, true).await.unwrap();
        let session = accounts::load_session(&t.db, &cookie)
            .await
            .unwrap()
            .unwrap();
        for i in 0..3 {
            audit::record_now(
                &t.db,
                NewEntry::by_user("u-7", Action::RecordViewed)
                    .on_record("referral", format!("r{i}")),
            )
            .await
            .unwrap();
        }
        let state = AppState::new(t.db.clone(), crate::Config::default());

        let (status, _, html) = call(&state, &session, "/staff/admin/audit?actor-id=u-7").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Showing entries 1 to 3 of 3, newest first."),
            "{html}"
        );
        let searched = audit::search(
            &t.db,
            &Filter {
                action: Some("audit-searched".into()),
                ..Filter::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(searched.len(), 1);
        assert_eq!(searched[0].actor_id.as_deref(), Some(admin.id.as_str()));
        assert_eq!(searched[0].client.as_deref(), Some("192.0.2.9"));
        assert_eq!(searched[0].detail.as_deref(), Some("actor_id=u-7"));

        // Errors: the form again, nothing searched, nothing recorded.
        let (status, _, html) = call(
            &state,
            &session,
            "/staff/admin/audit?from-day=1&from-year=2026",
        )
        .await;
        assert_eq!(status, 200);
        assert!(html.contains("The from date must include a month"));
        assert_eq!(audit::verify(&t.db).await.unwrap().entries, 4);

        let (status, headers, csv) = call(
            &state,
            &session,
            "/staff/admin/audit/export?action=record-viewed",
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert!(
            headers[header::CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .starts_with("attachment; filename=\"audit-trail-")
        );
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 4, "{csv}");
        assert!(lines[0].starts_with("seq,at,actor_id,actor,action"));
        assert!(lines[1].starts_with("3,"));
        let exported = audit::search(
            &t.db,
            &Filter {
                action: Some("audit-exported".into()),
                ..Filter::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(exported.len(), 1);
        let detail = exported[0].detail.as_deref().unwrap();
        assert!(detail.starts_with("action=record-viewed to="), "{detail}");
        assert!(detail.ends_with(" entries=3"), "{detail}");

        let report = audit::verify(&t.db).await.unwrap();
        assert!(report.ok);
        assert_eq!(report.entries, 5);
    });

    #[test]
    fn export_files_are_named_by_uk_date() {
        let t: jiff::Timestamp = "2026-06-30T23:30:00Z".parse().unwrap();
        assert_eq!(export_filename(t), "audit-trail-2026-07-01.csv");
    }

    #[test]
    fn numbers_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
