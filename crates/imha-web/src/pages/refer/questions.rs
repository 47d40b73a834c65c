//! The referral form's question pages: which pages there are and when each applies, reading a
//! page's answers into the draft, checking them with the domain's own rules, and drawing each
//! page with GOV.UK components.
//!
//! The domain ([`referrals::validate`]) is the one source of the rules and messages. A page
//! adds only what the domain cannot know: the parts of a date as typed, and answers the form
//! asks for but the domain treats as optional (the section, England or Wales, communication).

use imha_core::nhs_number::NhsNumber;
use imha_core::referrals::{
    self, Answer, Channel, HelpKind, MAX_LONG, RawReferral, ReferrerKind, Whereabouts,
};
use imha_govuk::{
    Checkboxes, ChoiceItem, Conditional, DateInput, DateInputItem, ErrorMessage, Fieldset, Hint,
    Input, Label, Legend, Radios, Textarea, TrustedHtml,
};
use imha_law::{Jurisdiction, LawConfig, Status};
use jiff::civil::Date;

use crate::i18n::{self, t, t_args};
use crate::pages::statuses::{self, PLAIN_STATUSES};

/// What deciding which pages apply needs besides the answers.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub law: &'a LawConfig,
    /// Today in the UK (dates of birth may not be later).
    pub today: Date,
}

/// The question pages, in the order they are asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Who,
    Name,
    DateOfBirth,
    NhsNumber,
    Where,
    Hospital,
    Address,
    Contact,
    Section,
    Country,
    Help,
    Communication,
    Knows,
    Agrees,
    BeforeVisiting,
    AboutYou,
}

/// The checkbox group on the communication page (not a field of [`RawReferral`]: its ticks
/// become `interpreter_language`, `bsl`, `easy_read` and `communication_other`).
pub const COMMUNICATION: &str = "communication";

/// The limit on free-text answers, told in the hint as GOV.UK's character count does
/// without JavaScript. No `maxlength` attribute: browsers silently cut pasted text short,
/// while the domain's limit gives a clear message and keeps what was typed.
fn long_hint() -> String {
    t_args("refer-long-hint", &[("max", &thousands(MAX_LONG))])
}

/// 2000 as "2,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Page {
    pub const ALL: [Page; 16] = [
        Page::Who,
        Page::Name,
        Page::DateOfBirth,
        Page::NhsNumber,
        Page::Where,
        Page::Hospital,
        Page::Address,
        Page::Contact,
        Page::Section,
        Page::Country,
        Page::Help,
        Page::Communication,
        Page::Knows,
        Page::Agrees,
        Page::BeforeVisiting,
        Page::AboutYou,
    ];

    /// The page's address under `/refer/`.
    pub const fn slug(self) -> &'static str {
        match self {
            Page::Who => "who",
            Page::Name => "name",
            Page::DateOfBirth => "date-of-birth",
            Page::NhsNumber => "nhs-number",
            Page::Where => "where",
            Page::Hospital => "hospital",
            Page::Address => "address",
            Page::Contact => "contact",
            Page::Section => "section",
            Page::Country => "country",
            Page::Help => "help",
            Page::Communication => "communication",
            Page::Knows => "knows",
            Page::Agrees => "agrees",
            Page::BeforeVisiting => "before-visiting",
            Page::AboutYou => "about-you",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|p| p.slug() == slug)
    }

    pub fn path(self) -> String {
        format!("/refer/{}", self.slug())
    }

    /// The fields this page asks for, in the order they appear on it.
    pub const fn fields(self) -> &'static [&'static str] {
        match self {
            Page::Who => &["referrer"],
            Page::Name => &["given_name", "family_name"],
            Page::DateOfBirth => &["date_of_birth"],
            Page::NhsNumber => &["nhs_number"],
            Page::Where => &["whereabouts"],
            Page::Hospital => &["hospital_name", "hospital_ods", "ward"],
            Page::Address => &["address"],
            Page::Contact => &["phone", "email"],
            Page::Section => &["legal_status"],
            Page::Country => &["jurisdiction"],
            Page::Help => &["help", "help_other"],
            Page::Communication => &[
                COMMUNICATION,
                "interpreter_language",
                "bsl",
                "easy_read",
                "communication_other",
            ],
            Page::Knows => &["knows_about_referral"],
            Page::Agrees => &["agrees_to_referral"],
            Page::BeforeVisiting => &["risk"],
            Page::AboutYou => &[
                "referrer_name",
                "referrer_role",
                "referrer_organisation",
                "referrer_phone",
                "referrer_email",
            ],
        }
    }

    /// The page that asks for `field`.
    pub fn for_field(field: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|p| p.fields().contains(&field))
    }

    /// Whether this page is asked, given the answers so far.
    pub fn applies(self, raw: &RawReferral, ctx: Ctx<'_>) -> bool {
        match self {
            Page::Country => country_matters(raw, ctx),
            Page::Hospital => whereabouts(raw) == Some(Whereabouts::Hospital),
            Page::Address => whereabouts(raw) == Some(Whereabouts::Community),
            Page::Knows | Page::AboutYou => !is_self(raw),
            Page::Agrees => {
                !is_self(raw) && raw.knows_about_referral.as_deref() == Some(Answer::Yes.id())
            }
            _ => true,
        }
    }

    /// The next page to ask after this one, if any.
    pub fn next(self, raw: &RawReferral, ctx: Ctx<'_>) -> Option<Page> {
        Page::ALL
            .into_iter()
            .skip_while(|p| *p != self)
            .skip(1)
            .find(|p| p.applies(raw, ctx))
    }

    /// The page asked before this one, if any.
    pub fn previous(self, raw: &RawReferral, ctx: Ctx<'_>) -> Option<Page> {
        Page::ALL
            .into_iter()
            .take_while(|p| *p != self)
            .filter(|p| p.applies(raw, ctx))
            .last()
    }

    /// Whether the answers this page asks for are missing or wrong.
    fn incomplete(self, raw: &RawReferral, ctx: Ctx<'_>) -> bool {
        let missing = match self {
            Page::Section => raw.legal_status.is_none(),
            Page::Country => raw.jurisdiction.is_none(),
            Page::Communication => raw.bsl.is_none(),
            _ => false,
        };
        missing || !domain_problems(self, raw, ctx, &[]).is_empty()
    }
}

/// The first page that applies and still needs an answer.
pub fn first_incomplete(raw: &RawReferral, ctx: Ctx<'_>) -> Option<Page> {
    Page::ALL
        .into_iter()
        .find(|p| p.applies(raw, ctx) && p.incomplete(raw, ctx))
}

fn is_self(raw: &RawReferral) -> bool {
    raw.referrer.as_deref() == Some(ReferrerKind::SelfReferral.id())
}

fn whereabouts(raw: &RawReferral) -> Option<Whereabouts> {
    raw.whereabouts.as_deref().and_then(Whereabouts::parse)
}

fn referrer(raw: &RawReferral) -> Option<ReferrerKind> {
    raw.referrer.as_deref().and_then(ReferrerKind::parse)
}

/// England or Wales is asked only when the answer changes whether the person appears to
/// qualify (the law differs for short holding powers and informal patients).
fn country_matters(raw: &RawReferral, ctx: Ctx<'_>) -> bool {
    let Some(status) = raw
        .legal_status
        .as_deref()
        .and_then(|s| Status::parse(s).ok())
    else {
        return false;
    };
    let dob = raw
        .date_of_birth
        .as_deref()
        .and_then(imha_law::dates::parse_date);
    // Compare only the answers: the provisions always differ (s130C in England, s130E in
    // Wales).
    let ask =
        |j| referrals::appears_eligible(Some(status), j, dob, ctx.today, ctx.law).map(|(q, _)| q);
    ask(Jurisdiction::England) != ask(Jurisdiction::Wales)
}

/// The answers as they will be sent: answers to pages that no longer apply, and the details
/// of the option not chosen, are left out (they stay in the draft in case the person changes
/// their mind again).
pub fn effective(raw: &RawReferral, ctx: Ctx<'_>) -> RawReferral {
    let mut r = raw.clone();
    let kind = referrer(raw);
    if is_self(raw) {
        r.knows_about_referral = None;
        r.agrees_to_referral = None;
        r.referrer_name = None;
        r.referrer_phone = None;
        r.referrer_email = None;
    }
    if kind != Some(ReferrerKind::Professional) {
        r.referrer_role = None;
        r.referrer_organisation = None;
    }
    if !Page::Agrees.applies(raw, ctx) {
        r.agrees_to_referral = None;
    }
    if !Page::Country.applies(raw, ctx) {
        r.jurisdiction = None;
    }
    match whereabouts(raw) {
        Some(Whereabouts::Hospital) => r.address = None,
        Some(Whereabouts::Community) => {
            r.hospital_name = None;
            r.ward = None;
        }
        None => {}
    }
    if !raw.help.iter().any(|h| h == HelpKind::Other.id()) {
        r.help_other = None;
    }
    r
}

/// Who the questions are about: the person filling in the form ("you"), or someone else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Voice {
    Own,
    Other,
}

impl Voice {
    pub fn of(raw: &RawReferral) -> Voice {
        if is_self(raw) {
            Voice::Own
        } else {
            Voice::Other
        }
    }

    pub fn pick<'a>(self, own: &'a str, other: &'a str) -> &'a str {
        match self {
            Voice::Own => own,
            Voice::Other => other,
        }
    }

    /// The `$voice` variable of the catalogue's messages: `own` or `other`.
    pub fn code(self) -> &'static str {
        self.pick("own", "other")
    }

    /// The message `id` in the current language, said to this voice.
    pub fn t(self, id: &str) -> String {
        t_args(id, &[("voice", self.code())])
    }

    /// GOV.UK: `autocomplete` only for the user's own details, never someone else's.
    fn autocomplete(self, token: &str) -> Option<String> {
        (self == Voice::Own).then(|| token.to_string())
    }
}

/// The submitted fields of a page, in order, repeated names kept (checkboxes).
pub struct Posted(pub Vec<(String, String)>);

impl Posted {
    /// The last value given for `name`, trimmed, if not empty.
    pub fn one(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Every non-empty value given for `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect()
    }

    fn text(&self, name: &str) -> Option<String> {
        self.one(name).map(str::to_string)
    }
}

/// One problem on a page: the field, the element the error summary links to, the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub anchor: String,
    pub message: String,
}

impl Problem {
    /// The message in the page's language.
    pub fn shown(&self) -> String {
        super::messages::localise(self.field, &self.message)
    }

    fn new(field: &'static str, message: impl Into<String>) -> Problem {
        Problem {
            field,
            anchor: field.to_string(),
            message: message.into(),
        }
    }
}

/// The errors of `problems` as `(field, message)` pairs, for [`crate::forms::error_for`].
fn pairs(problems: &[Problem]) -> Vec<(&str, String)> {
    problems.iter().map(|p| (p.field, p.shown())).collect()
}

fn error(problems: &[Problem], field: &str) -> Option<ErrorMessage> {
    crate::forms::error_for(&pairs(problems), field)
}

// ---------------------------------------------------------------------------------------------
// Reading and checking a page

// Problems are kept in English (the tests and `date_parts_in_error` read them) and shown in
// the page's language by `messages::localise`.
const SECTION_MISSING: &str = "Select the section or order, or select I'm not sure";
const COUNTRY_MISSING: &str = "Select England or Wales";
const COMMUNICATION_MISSING: &str =
    "Select the help needed to communicate, or select No, none of these";

/// Put the page's submitted answers into `raw`. Returns the problems only the page can see
/// (a date typed in parts, a required choice the domain treats as optional).
pub fn read(page: Page, posted: &Posted, raw: &mut RawReferral) -> Vec<Problem> {
    let mut problems = Vec::new();
    match page {
        Page::Who => raw.referrer = posted.text("referrer"),
        Page::Name => {
            raw.given_name = posted.text("given_name");
            raw.family_name = posted.text("family_name");
        }
        Page::DateOfBirth => match read_date(posted) {
            Ok(iso) => raw.date_of_birth = iso,
            Err(p) => {
                raw.date_of_birth = None;
                problems.push(p);
            }
        },
        Page::NhsNumber => raw.nhs_number = posted.text("nhs_number"),
        Page::Where => raw.whereabouts = posted.text("whereabouts"),
        Page::Hospital => {
            raw.hospital_name = posted.text("hospital_name");
            raw.ward = posted.text("ward");
        }
        Page::Address => raw.address = posted.text("address"),
        Page::Contact => {
            raw.phone = posted.text("phone");
            raw.email = posted.text("email");
        }
        Page::Section => {
            raw.legal_status = posted.text("legal_status");
            if raw.legal_status.is_none() {
                problems.push(Problem::new("legal_status", SECTION_MISSING));
            }
        }
        Page::Country => {
            raw.jurisdiction = posted.text("jurisdiction");
            if raw.jurisdiction.is_none() {
                problems.push(Problem::new("jurisdiction", COUNTRY_MISSING));
            }
        }
        Page::Help => {
            raw.help = posted.all("help").into_iter().map(str::to_string).collect();
            raw.help_other = posted.text("help_other");
        }
        Page::Communication => read_communication(posted, raw, &mut problems),
        Page::Knows => raw.knows_about_referral = posted.text("knows_about_referral"),
        Page::Agrees => raw.agrees_to_referral = posted.text("agrees_to_referral"),
        Page::BeforeVisiting => raw.risk = posted.text("risk"),
        Page::AboutYou => {
            raw.referrer_name = posted.text("referrer_name");
            raw.referrer_role = posted.text("referrer_role");
            raw.referrer_organisation = posted.text("referrer_organisation");
            raw.referrer_phone = posted.text("referrer_phone");
            raw.referrer_email = posted.text("referrer_email");
        }
    }
    problems
}

fn read_communication(posted: &Posted, raw: &mut RawReferral, problems: &mut Vec<Problem>) {
    let ticked = posted.all(COMMUNICATION);
    let has = |v: &str| ticked.contains(&v);
    raw.interpreter_language = if has("interpreter") {
        posted.text("interpreter_language")
    } else {
        None
    };
    raw.communication_other = if has("other") {
        posted.text("communication_other")
    } else {
        None
    };
    raw.bsl = Some(has("bsl"));
    raw.easy_read = Some(has("easy-read"));
    let any_need = ticked.iter().any(|t| *t != "none");
    // "None of these" with a need ticked too can only happen without JavaScript (GOV.UK's
    // exclusive checkbox clears the others): ask rather than guess.
    if ticked.is_empty() || (has("none") && any_need) {
        problems.push(Problem::new(COMMUNICATION, COMMUNICATION_MISSING));
    }
    if has("interpreter") && raw.interpreter_language.is_none() {
        problems.push(Problem::new(
            "interpreter_language",
            "Enter the language the interpreter should speak",
        ));
    }
    if has("other") && raw.communication_other.is_none() {
        problems.push(Problem::new(
            "communication_other",
            "Describe the help needed to communicate",
        ));
    }
}

/// The domain's problems with this page's fields, leaving out fields the page has already
/// reported.
fn domain_problems(
    page: Page,
    raw: &RawReferral,
    ctx: Ctx<'_>,
    already: &[Problem],
) -> Vec<Problem> {
    let Err(errors) = referrals::validate(&effective(raw, ctx), Channel::PublicForm, ctx.today)
    else {
        return Vec::new();
    };
    errors
        .into_iter()
        .filter(|e| page.fields().contains(&e.field))
        .filter(|e| !already.iter().any(|p| p.field == e.field))
        .map(|e| {
            let anchor = if e.field == "date_of_birth" {
                "date_of_birth-day".to_string()
            } else {
                e.field.to_string()
            };
            Problem {
                field: e.field,
                anchor,
                message: e.message,
            }
        })
        .collect()
}

/// Everything wrong with a page's answers, in the order the fields appear.
pub fn check(
    page: Page,
    raw: &RawReferral,
    ctx: Ctx<'_>,
    mut problems: Vec<Problem>,
) -> Vec<Problem> {
    let more = domain_problems(page, raw, ctx, &problems);
    problems.extend(more);
    let order = |p: &Problem| {
        page.fields()
            .iter()
            .position(|f| *f == p.field)
            .unwrap_or(usize::MAX)
    };
    problems.sort_by_key(order);
    problems
}

const DATE_PARTS: [&str; 3] = ["day", "month", "year"];

fn date_part(posted: &Posted, part: &str) -> Option<String> {
    posted.text(&format!("date_of_birth-{part}"))
}

/// The date of birth as typed, with GOV.UK's messages for a date in parts: `Ok(None)` when
/// left blank (it is optional), `Ok(Some("YYYY-MM-DD"))` when whole. Whether it is in the past
/// is the domain's rule, checked afterwards.
fn read_date(posted: &Posted) -> Result<Option<String>, Problem> {
    let parts = DATE_PARTS.map(|p| date_part(posted, p));
    let missing: Vec<usize> = (0..3).filter(|i| parts[*i].is_none()).collect();
    let problem = |message: String, first: usize| Problem {
        field: "date_of_birth",
        anchor: format!("date_of_birth-{}", DATE_PARTS[first]),
        message,
    };
    if missing.len() == 3 {
        return Ok(None);
    }
    if let Some(first) = missing.first() {
        let names: Vec<&str> = missing.iter().map(|i| DATE_PARTS[*i]).collect();
        return Err(problem(
            format!("Date of birth must include a {}", names.join(" and ")),
            *first,
        ));
    }
    let number = |i: usize| -> Option<i16> {
        parts[i]
            .as_deref()
            .filter(|s| s.chars().all(|c| c.is_ascii_digit()))
            .and_then(|s| s.parse().ok())
    };
    let real = |first: usize| problem("Date of birth must be a real date".into(), first);
    let (Some(day), Some(month), Some(year)) = (number(0), number(1), number(2)) else {
        let first = (0..3).find(|i| number(*i).is_none()).unwrap_or(0);
        return Err(real(first));
    };
    if parts[2].as_deref().map(str::len) != Some(4) {
        return Err(problem("Year must include 4 numbers".into(), 2));
    }
    if !(1..=12).contains(&month) {
        return Err(real(1));
    }
    let (Ok(day), Ok(month)) = (i8::try_from(day), i8::try_from(month)) else {
        return Err(real(0));
    };
    match Date::new(year, month, day) {
        Ok(d) => Ok(Some(d.to_string())),
        Err(_) => Err(real(0)),
    }
}

/// Which date parts to mark as wrong for a date-of-birth problem.
fn date_parts_in_error(problem: Option<&Problem>, posted: Option<&Posted>) -> [bool; 3] {
    let Some(p) = problem else {
        return [false; 3];
    };
    match posted {
        // Missing parts are the ones in error; otherwise the part the summary links to, or
        // all three when the whole date is wrong (in the future, before 1900).
        Some(posted) if p.message.contains("must include") => {
            DATE_PARTS.map(|part| date_part(posted, part).is_none())
        }
        _ if p.message.ends_with("real date") || p.message.starts_with("Year") => {
            DATE_PARTS.map(|part| p.anchor.ends_with(part))
        }
        _ => [true; 3],
    }
}

// ---------------------------------------------------------------------------------------------
// Drawing a page

/// The page's heading (its `<h1>`, which is also the question's legend or label).
pub fn heading(page: Page, raw: &RawReferral) -> String {
    let v = Voice::of(raw);
    match page {
        Page::Who => t("refer-q-who"),
        Page::Name => v.t("refer-q-name"),
        Page::DateOfBirth => v.t("refer-q-date-of-birth"),
        Page::NhsNumber => v.t("refer-q-nhs-number"),
        Page::Where => v.t("refer-q-where"),
        Page::Hospital => v.t("refer-q-hospital"),
        Page::Address => v.t("refer-q-address"),
        Page::Contact => v.t("refer-q-contact"),
        Page::Section => v.t("refer-q-section"),
        Page::Country => t("refer-q-country"),
        Page::Help => v.t("refer-q-help"),
        Page::Communication => v.t("refer-q-communication"),
        Page::Knows => t_args("refer-q-knows", &[("person", &person(raw))]),
        Page::Agrees => t_args("refer-q-agrees", &[("person", &person(raw))]),
        Page::BeforeVisiting => v.t("refer-q-before-visiting"),
        Page::AboutYou => t("refer-q-about-you"),
    }
}

/// The person's name as given, or "the person".
fn person(raw: &RawReferral) -> String {
    let name = [raw.given_name.as_deref(), raw.family_name.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        t("refer-the-person")
    } else {
        name
    }
}

/// How a person referring for themself or for someone else reads the options.
pub fn who_label(kind: ReferrerKind) -> String {
    t(&format!("refer-who-{}", kind.id()))
}

fn who_hint(kind: ReferrerKind) -> Option<String> {
    match kind {
        ReferrerKind::NearestRelative | ReferrerKind::Professional => {
            Some(t(&format!("refer-who-{}-hint", kind.id())))
        }
        _ => None,
    }
}

/// A kind of help in the person's own words when they refer themself ("your rights"): the
/// message `help-kind-{id}` (in English, [`HelpKind::label`] with "their" as "your").
pub fn help_label(kind: HelpKind, voice: Voice) -> String {
    voice.t(&format!("help-kind-{}", kind.id()))
}

/// A status's hint about someone else rather than "you": `status-{id}-hint-other` where the
/// hint says "you" (in English, the hint with "you" and "your" as "them" and "their").
fn status_hint(s: &statuses::PlainStatus, voice: Voice) -> String {
    let lang = i18n::current();
    let other = format!("status-{}-hint-other", s.status.id());
    if voice == Voice::Other && i18n::has_message(lang, &other) {
        lang.t(&other)
    } else {
        statuses::hint(s, lang)
    }
}

fn item(value: &str, text: &str, hint: Option<&str>) -> ChoiceItem {
    ChoiceItem {
        value: Some(value.to_string()),
        text: Some(text.to_string()),
        hint: hint.map(Hint::text),
        ..ChoiceItem::default()
    }
}

fn divider() -> ChoiceItem {
    ChoiceItem {
        divider: Some(t("form-or")),
        ..ChoiceItem::default()
    }
}

fn reveal(html: Vec<TrustedHtml>) -> Option<Conditional> {
    Some(Conditional {
        html: TrustedHtml::new(html.iter().map(TrustedHtml::as_str).collect::<String>()),
    })
}

fn heading_legend(text: &str) -> Option<Fieldset> {
    Some(Fieldset {
        legend: Some(Legend {
            text: Some(text.to_string()),
            is_page_heading: true,
            classes: Some("govuk-fieldset__legend--l".into()),
            ..Legend::default()
        }),
        ..Fieldset::default()
    })
}

fn heading_label(text: &str) -> Label {
    Label {
        text: Some(text.to_string()),
        is_page_heading: true,
        classes: Some("govuk-label--l".into()),
        ..Label::default()
    }
}

fn radios(
    name: &str,
    legend: &str,
    hint: Option<String>,
    items: Vec<ChoiceItem>,
    value: Option<&str>,
    problems: &[Problem],
) -> Radios {
    Radios {
        name: name.to_string(),
        id_prefix: Some(name.to_string()),
        items,
        value: value.map(str::to_string),
        fieldset: heading_legend(legend),
        hint: hint.map(Hint::text),
        error_message: error(problems, name),
        ..Radios::default()
    }
}

/// A short text input for a field of the referral.
fn input(name: &str, label: &str, value: Option<&str>, problems: &[Problem]) -> Input {
    Input {
        value: value.map(str::to_string),
        error_message: error(problems, name),
        ..Input::new(name, label)
    }
}

fn name_input(name: &str, label: &str, value: Option<&str>, problems: &[Problem]) -> Input {
    Input {
        spellcheck: Some(false),
        classes: Some("govuk-input--width-20".into()),
        ..input(name, label, value, problems)
    }
}

fn phone_input(
    name: &str,
    label: &str,
    value: Option<&str>,
    voice: Voice,
    problems: &[Problem],
) -> Input {
    Input {
        input_type: Some("tel".into()),
        autocomplete: voice.autocomplete("tel"),
        classes: Some("govuk-input--width-20".into()),
        ..input(name, label, value, problems)
    }
}

fn email_input(
    name: &str,
    label: &str,
    value: Option<&str>,
    voice: Voice,
    problems: &[Problem],
) -> Input {
    Input {
        input_type: Some("email".into()),
        autocomplete: voice.autocomplete("email"),
        spellcheck: Some(false),
        ..input(name, label, value, problems)
    }
}

fn textarea(
    name: &str,
    label: Label,
    hint: &str,
    value: Option<&str>,
    problems: &[Problem],
) -> Textarea {
    Textarea {
        label,
        hint: Some(Hint::text(hint)),
        value: value.map(str::to_string),
        error_message: error(problems, name),
        rows: Some(4),
        ..Textarea::new(name, "")
    }
}

/// A component rendered for a page body.
fn r(component: &impl askama::Template) -> askama::Result<TrustedHtml> {
    TrustedHtml::render(component)
}

fn paragraph(text: &str) -> TrustedHtml {
    let mut out = String::from("<p class=\"govuk-body\">");
    out.push_str(&super::escape(text));
    out.push_str("</p>");
    TrustedHtml::new(out)
}

/// Several fields under one heading: a fieldset whose legend is the page's `<h1>`.
fn fieldset(legend: &str, parts: Vec<TrustedHtml>) -> Fieldset {
    Fieldset {
        html: Some(TrustedHtml::new(
            parts.iter().map(TrustedHtml::as_str).collect::<String>(),
        )),
        ..heading_legend(legend).unwrap_or_default()
    }
}

/// The page's form fields. `posted` is what was just submitted (when the page is shown again
/// with errors): it keeps a date typed in parts and ticked boxes the answers cannot hold.
pub fn body(
    page: Page,
    raw: &RawReferral,
    posted: Option<&Posted>,
    problems: &[Problem],
) -> askama::Result<TrustedHtml> {
    let v = Voice::of(raw);
    let h = heading(page, raw);
    match page {
        Page::Who => {
            let items = ReferrerKind::ALL
                .iter()
                .map(|k| item(k.id(), &who_label(*k), who_hint(*k).as_deref()))
                .collect();
            r(&radios(
                "referrer",
                &h,
                Some(t("refer-who-hint")),
                items,
                raw.referrer.as_deref(),
                problems,
            ))
        }
        Page::Name => {
            let given = Input {
                autocomplete: v.autocomplete("given-name"),
                ..name_input(
                    "given_name",
                    &t("refer-given-name"),
                    raw.given_name.as_deref(),
                    problems,
                )
            };
            let family = Input {
                autocomplete: v.autocomplete("family-name"),
                ..name_input(
                    "family_name",
                    &t("refer-family-name"),
                    raw.family_name.as_deref(),
                    problems,
                )
            };
            r(&fieldset(&h, vec![r(&given)?, r(&family)?]))
        }
        Page::DateOfBirth => r(&date_of_birth(raw, posted, problems, &h, v)),
        Page::NhsNumber => r(&Input {
            label: heading_label(&h),
            hint: Some(Hint::text(t("refer-nhs-hint"))),
            inputmode: Some("numeric".into()),
            spellcheck: Some(false),
            classes: Some("govuk-input--width-10".into()),
            ..input("nhs_number", "", raw.nhs_number.as_deref(), problems)
        }),
        // Plain radios, then a page for the details of the choice: GOV.UK's conditional
        // reveal puts `aria-expanded` on radio buttons, which ARIA does not allow there.
        Page::Where => {
            let items = vec![
                item(Whereabouts::Hospital.id(), &t("refer-in-hospital"), None),
                item(
                    Whereabouts::Community.id(),
                    &t("refer-in-community"),
                    Some(&t("refer-in-community-hint")),
                ),
            ];
            r(&radios(
                "whereabouts",
                &h,
                None,
                items,
                raw.whereabouts.as_deref(),
                problems,
            ))
        }
        Page::Hospital => r(&fieldset(
            &h,
            vec![
                r(&input(
                    "hospital_name",
                    &t("refer-hospital-name"),
                    raw.hospital_name.as_deref(),
                    problems,
                ))?,
                r(&Input {
                    classes: Some("govuk-input--width-20".into()),
                    ..input("ward", &t("refer-ward"), raw.ward.as_deref(), problems)
                })?,
            ],
        )),
        Page::Address => r(&Textarea {
            autocomplete: v.autocomplete("street-address"),
            ..textarea(
                "address",
                heading_label(&h),
                &v.t("refer-address-hint"),
                raw.address.as_deref(),
                problems,
            )
        }),
        Page::Contact => {
            let in_hospital = raw.whereabouts.as_deref() == Some(Whereabouts::Hospital.id());
            let intro = t(match (v, in_hospital) {
                (Voice::Own, true) => "refer-contact-own-hospital",
                (Voice::Own, false) => "refer-contact-own",
                (Voice::Other, _) => "refer-contact-other",
            });
            r(&fieldset(
                &h,
                vec![
                    paragraph(&intro),
                    r(&phone_input(
                        "phone",
                        &t("refer-phone"),
                        raw.phone.as_deref(),
                        v,
                        problems,
                    ))?,
                    r(&email_input(
                        "email",
                        &t("refer-email"),
                        raw.email.as_deref(),
                        v,
                        problems,
                    ))?,
                ],
            ))
        }
        Page::Section => {
            let lang = i18n::current();
            let mut items: Vec<ChoiceItem> = PLAIN_STATUSES
                .iter()
                .map(|s| {
                    item(
                        s.status.id(),
                        &statuses::label(s, lang),
                        Some(&status_hint(s, v)),
                    )
                })
                .collect();
            items.push(divider());
            items.push(item("not-sure", &t("refer-not-sure"), None));
            r(&radios(
                "legal_status",
                &h,
                Some(v.t("refer-section-hint")),
                items,
                raw.legal_status.as_deref(),
                problems,
            ))
        }
        Page::Country => {
            let items = vec![
                item(Jurisdiction::England.id(), &t("refer-england"), None),
                item(Jurisdiction::Wales.id(), &t("refer-wales"), None),
            ];
            r(&radios(
                "jurisdiction",
                &h,
                Some(v.t("refer-country-hint")),
                items,
                raw.jurisdiction.as_deref(),
                problems,
            ))
        }
        Page::Help => {
            let other = textarea(
                "help_other",
                Label::text(v.t("refer-help-other-label")),
                &long_hint(),
                raw.help_other.as_deref(),
                problems,
            );
            let other = r(&other)?;
            let items = HelpKind::ALL
                .iter()
                .map(|k| {
                    let it = item(k.id(), &help_label(*k, v), None);
                    if *k == HelpKind::Other {
                        ChoiceItem {
                            conditional: reveal(vec![other.clone()]),
                            ..it
                        }
                    } else {
                        it
                    }
                })
                .collect();
            r(&Checkboxes {
                name: "help".into(),
                id_prefix: Some("help".into()),
                items,
                values: raw.help.clone(),
                fieldset: heading_legend(&h),
                hint: Some(Hint::text(t("refer-select-all"))),
                error_message: error(problems, "help"),
                ..Checkboxes::default()
            })
        }
        Page::Communication => r(&communication(raw, posted, problems, &h)?),
        Page::Knows | Page::Agrees => {
            let (name, value, hint) = if page == Page::Knows {
                (
                    "knows_about_referral",
                    raw.knows_about_referral.as_deref(),
                    "refer-knows-hint",
                )
            } else {
                (
                    "agrees_to_referral",
                    raw.agrees_to_referral.as_deref(),
                    "refer-agrees-hint",
                )
            };
            let items = Answer::ALL
                .iter()
                .map(|a| item(a.id(), &answer_label(*a), None))
                .collect();
            r(&radios(name, &h, Some(t(hint)), items, value, problems))
        }
        Page::BeforeVisiting => r(&textarea(
            "risk",
            heading_label(&h),
            &t_args("refer-before-visiting-hint", &[("long", &long_hint())]),
            raw.risk.as_deref(),
            problems,
        )),
        Page::AboutYou => {
            let professional = referrer(raw) == Some(ReferrerKind::Professional);
            let mut parts = vec![
                paragraph(&t("refer-about-you-intro")),
                r(&Input {
                    autocomplete: Some("name".into()),
                    ..name_input(
                        "referrer_name",
                        &t("refer-your-full-name"),
                        raw.referrer_name.as_deref(),
                        problems,
                    )
                })?,
            ];
            if professional {
                parts.push(r(&Input {
                    autocomplete: Some("organization-title".into()),
                    ..input(
                        "referrer_role",
                        &t("refer-your-job-title"),
                        raw.referrer_role.as_deref(),
                        problems,
                    )
                })?);
                parts.push(r(&Input {
                    autocomplete: Some("organization".into()),
                    ..input(
                        "referrer_organisation",
                        &t("refer-organisation-optional"),
                        raw.referrer_organisation.as_deref(),
                        problems,
                    )
                })?);
            }
            // The referrer's own details: autocomplete is right here.
            parts.push(r(&phone_input(
                "referrer_phone",
                &t("refer-your-phone"),
                raw.referrer_phone.as_deref(),
                Voice::Own,
                problems,
            ))?);
            parts.push(r(&email_input(
                "referrer_email",
                &t("refer-your-email"),
                raw.referrer_email.as_deref(),
                Voice::Own,
                problems,
            ))?);
            r(&fieldset(&h, parts))
        }
    }
}

fn date_of_birth(
    raw: &RawReferral,
    posted: Option<&Posted>,
    problems: &[Problem],
    heading: &str,
    v: Voice,
) -> DateInput {
    // What was typed, else the saved date split into its parts.
    let saved = raw
        .date_of_birth
        .as_deref()
        .and_then(imha_law::dates::parse_date);
    let value = |i: usize| -> Option<String> {
        match posted {
            Some(p) => date_part(p, DATE_PARTS[i]),
            None => saved.map(|d| match i {
                0 => d.day().to_string(),
                1 => d.month().to_string(),
                _ => d.year().to_string(),
            }),
        }
    };
    let problem = problems.iter().find(|p| p.field == "date_of_birth");
    let wrong = date_parts_in_error(problem, posted);
    let part = |i: usize| DateInputItem {
        name: Some(DATE_PARTS[i].to_string()),
        label: Some(t(&format!("refer-date-{}", DATE_PARTS[i]))),
        value: value(i),
        classes: Some(if i == 2 {
            "govuk-input--width-4".into()
        } else {
            "govuk-input--width-2".into()
        }),
        error: Some(wrong[i]),
        autocomplete: v.autocomplete(["bday-day", "bday-month", "bday-year"][i]),
        ..DateInputItem::default()
    };
    DateInput {
        id: "date_of_birth".into(),
        name_prefix: Some("date_of_birth".into()),
        day: Some(part(0)),
        month: Some(part(1)),
        year: Some(part(2)),
        fieldset: Some(Fieldset {
            role: Some("group".into()),
            ..heading_legend(heading).unwrap_or_default()
        }),
        hint: Some(Hint::text(t("refer-dob-hint"))),
        error_message: problem.map(|p| crate::forms::error_message(p.shown())),
        ..DateInput::default()
    }
}

fn communication(
    raw: &RawReferral,
    posted: Option<&Posted>,
    problems: &[Problem],
    heading: &str,
) -> askama::Result<Checkboxes> {
    // Ticks as submitted, else as the saved answers imply.
    let ticked: Vec<String> = match posted {
        Some(p) => p
            .all(COMMUNICATION)
            .into_iter()
            .map(str::to_string)
            .collect(),
        None => {
            let mut t = Vec::new();
            if raw.interpreter_language.is_some() {
                t.push("interpreter".to_string());
            }
            if raw.bsl == Some(true) {
                t.push("bsl".into());
            }
            if raw.easy_read == Some(true) {
                t.push("easy-read".into());
            }
            if raw.communication_other.is_some() {
                t.push("other".into());
            }
            if t.is_empty() && raw.bsl.is_some() {
                t.push("none".into());
            }
            t
        }
    };
    let language = Input {
        spellcheck: Some(false),
        classes: Some("govuk-input--width-20".into()),
        ..input(
            "interpreter_language",
            &t("refer-interpreter-language"),
            raw.interpreter_language.as_deref(),
            problems,
        )
    };
    let other = textarea(
        "communication_other",
        Label::text(t("refer-communication-other")),
        &long_hint(),
        raw.communication_other.as_deref(),
        problems,
    );
    let items = vec![
        ChoiceItem {
            conditional: reveal(vec![TrustedHtml::render(&language)?]),
            ..item("interpreter", &t("refer-interpreter"), None)
        },
        item("bsl", &t("refer-bsl"), None),
        item(
            "easy-read",
            &t("refer-easy-read"),
            Some(&t("refer-easy-read-hint")),
        ),
        ChoiceItem {
            conditional: reveal(vec![TrustedHtml::render(&other)?]),
            ..item("other", &t("refer-something-else"), None)
        },
        divider(),
        ChoiceItem {
            behaviour: Some("exclusive".into()),
            ..item("none", &t("refer-none-of-these"), None)
        },
    ];
    let hint = t("refer-communication-hint");
    Ok(Checkboxes {
        name: COMMUNICATION.into(),
        id_prefix: Some(COMMUNICATION.into()),
        items,
        values: ticked,
        fieldset: heading_legend(heading),
        hint: Some(Hint::text(hint)),
        error_message: error(problems, COMMUNICATION),
        ..Checkboxes::default()
    })
}

/// A yes / no / not sure answer in the current language (message `answer-{id}`; English
/// is [`Answer::label`]).
pub fn answer_label(a: Answer) -> String {
    t(&format!("answer-{}", a.id()))
}

/// An NHS number as people read it ("943 476 5919"), or as given if it does not parse.
pub fn nhs_number_spaced(s: &str) -> String {
    NhsNumber::parse(s)
        .map(|n| n.spaced())
        .unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(law: &LawConfig) -> Ctx<'_> {
        Ctx {
            law,
            today: jiff::civil::date(2026, 11, 28),
        }
    }

    fn posted(pairs: &[(&str, &str)]) -> Posted {
        Posted(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn every_answer_the_public_form_sends_is_asked_on_a_page() {
        // Every field of the domain's referral, so a field added there must be placed here.
        let json = serde_json::to_value(RawReferral::default()).unwrap();
        let staff_only = [
            "told_orally_on",
            "told_in_writing_on",
            "nearest_relative_copy",
            "nearest_relative_copy_sent_on",
        ];
        for field in json.as_object().unwrap().keys() {
            if staff_only.contains(&field.as_str()) {
                continue;
            }
            assert!(Page::for_field(field).is_some(), "no page asks for {field}");
        }
        let slugs: std::collections::HashSet<_> = Page::ALL.iter().map(|p| p.slug()).collect();
        assert_eq!(slugs.len(), Page::ALL.len());
        for p in Page::ALL {
            assert_eq!(Page::from_slug(p.slug()), Some(p));
        }
        assert_eq!(
            Page::from_slug("check"),
            None,
            "the check page is not a question"
        );
    }

    #[test]
    fn dates_of_birth_are_read_from_their_parts_with_gov_uk_messages() {
        let date = |d: &str, m: &str, y: &str| {
            read_date(&posted(&[
                ("date_of_birth-day", d),
                ("date_of_birth-month", m),
                ("date_of_birth-year", y),
            ]))
        };
        assert_eq!(date("", " ", ""), Ok(None), "optional");
        assert_eq!(date("1", "5", "1990"), Ok(Some("1990-05-01".into())));
        assert_eq!(date("01", "05", "1990"), Ok(Some("1990-05-01".into())));
        let e = date("12", "", "").unwrap_err();
        assert_eq!(e.message, "Date of birth must include a month and year");
        assert_eq!(e.anchor, "date_of_birth-month");
        let e = date("31", "2", "1990").unwrap_err();
        assert_eq!(e.message, "Date of birth must be a real date");
        let e = date("1", "13", "1990").unwrap_err();
        assert_eq!(e.anchor, "date_of_birth-month");
        let e = date("1", "x", "1990").unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.anchor.as_str()),
            ("Date of birth must be a real date", "date_of_birth-month")
        );
        let e = date("1", "1", "90").unwrap_err();
        assert_eq!(e.message, "Year must include 4 numbers");
        assert_eq!(e.anchor, "date_of_birth-year");
    }

    #[test]
    fn questions_about_someone_else_do_not_say_you() {
        for kind in HelpKind::ALL {
            assert!(!help_label(*kind, Voice::Own).contains("their"), "{kind}");
        }
        assert_eq!(
            help_label(HelpKind::Rights, Voice::Own),
            "Understand your rights under the Mental Health Act"
        );
        for s in PLAIN_STATUSES {
            let hint = status_hint(s, Voice::Other);
            assert!(!hint.contains(" you") && !hint.contains("your"), "{hint}");
        }
        let mut raw = RawReferral {
            referrer: Some("carer".into()),
            ..RawReferral::default()
        };
        assert_eq!(
            heading(Page::Knows, &raw),
            "Does the person know about this referral?"
        );
        raw.given_name = Some("Ana".into());
        raw.family_name = Some("Silva".into());
        assert_eq!(
            heading(Page::Knows, &raw),
            "Does Ana Silva know about this referral?"
        );
        for page in Page::ALL {
            assert!(!heading(page, &raw).contains("your"), "{page:?}");
        }
    }

    /// The catalogue's English is what the domain and the statuses say, with "your" for
    /// "their" (and "them" for "you") as the form always put it.
    #[test]
    fn the_english_catalogue_says_what_the_domain_says() {
        for kind in HelpKind::ALL {
            assert_eq!(help_label(*kind, Voice::Other), kind.label(), "{kind}");
            assert_eq!(
                help_label(*kind, Voice::Own),
                kind.label().replace(" their ", " your "),
                "{kind}"
            );
        }
        for a in Answer::ALL {
            assert_eq!(answer_label(*a), a.label());
        }
        // Only two hints speak to "you"; about someone else they say "them" and "their".
        for s in PLAIN_STATUSES {
            let other = status_hint(s, Voice::Other);
            match s.status.id() {
                "s7" => assert_eq!(
                    other,
                    "A guardian, usually the council, can make some decisions for them"
                ),
                "informal" => assert_eq!(
                    other,
                    "In hospital for their mental health without being on a section"
                ),
                _ => assert_eq!(other, s.hint, "{}", s.status.id()),
            }
            assert_eq!(status_hint(s, Voice::Own), s.hint);
        }
    }

    /// Every page's heading, labels and hints exist in Welsh, for both voices, and no message
    /// id shows.
    #[test]
    fn every_page_is_drawn_in_welsh() {
        use crate::i18n::{Lang, sync_scope};
        for referrer in ["self", "professional"] {
            let raw = RawReferral {
                referrer: Some(referrer.into()),
                whereabouts: Some("hospital".into()),
                knows_about_referral: Some("yes".into()),
                legal_status: Some("s4".into()),
                help: vec!["other".into()],
                ..RawReferral::default()
            };
            for page in Page::ALL {
                let en = sync_scope(Lang::En, || body(page, &raw, None, &[]).unwrap());
                let cy = sync_scope(Lang::Cy, || body(page, &raw, None, &[]).unwrap());
                let (en_h, cy_h) = (
                    sync_scope(Lang::En, || heading(page, &raw)),
                    sync_scope(Lang::Cy, || heading(page, &raw)),
                );
                assert_ne!(en_h, cy_h, "{page:?}");
                let (en, cy) = (en.as_str(), cy.as_str());
                for html in [en, cy] {
                    assert!(!html.contains("refer-"), "{page:?}: {html}");
                    assert!(!html.contains("help-kind-"), "{page:?}");
                    assert!(!html.contains("answer-"), "{page:?}");
                }
                assert!(
                    !cy.contains(en_h.as_str()),
                    "{page:?} in Welsh shows {en_h}"
                );
            }
        }
    }

    #[test]
    fn pages_apply_to_the_answers_given() {
        let law = LawConfig::default();
        let c = ctx(&law);
        let mut raw = RawReferral {
            referrer: Some("self".into()),
            whereabouts: Some("hospital".into()),
            legal_status: Some("s3".into()),
            ..RawReferral::default()
        };
        let asked: Vec<Page> = Page::ALL
            .into_iter()
            .filter(|p| p.applies(&raw, c))
            .collect();
        assert!(asked.contains(&Page::Hospital) && !asked.contains(&Page::Address));
        assert!(!asked.contains(&Page::Knows) && !asked.contains(&Page::AboutYou));
        assert!(
            !asked.contains(&Page::Country),
            "section 3 qualifies in both"
        );
        raw.legal_status = Some("s4".into());
        assert!(
            Page::Country.applies(&raw, c),
            "section 4 qualifies only in Wales"
        );
        raw.legal_status = Some("not-sure".into());
        assert!(!Page::Country.applies(&raw, c));
        assert_eq!(Page::Where.next(&raw, c), Some(Page::Hospital));
        assert_eq!(Page::Contact.previous(&raw, c), Some(Page::Hospital));
        // Becoming a carer's referral: the consent questions are now missing.
        raw.referrer = Some("carer".into());
        raw.given_name = Some("Ana".into());
        raw.family_name = Some("Silva".into());
        raw.hospital_name = Some("Northshire General".into());
        raw.help = vec!["rights".into()];
        raw.bsl = Some(false);
        assert_eq!(first_incomplete(&raw, c), Some(Page::Knows));
        raw.knows_about_referral = Some("yes".into());
        assert_eq!(first_incomplete(&raw, c), Some(Page::Agrees));
        raw.agrees_to_referral = Some("yes".into());
        assert_eq!(first_incomplete(&raw, c), Some(Page::AboutYou));
        raw.referrer_name = Some("Jo".into());
        raw.referrer_phone = Some("01632 960 001".into());
        assert_eq!(first_incomplete(&raw, c), None);
    }

    #[test]
    fn answers_to_pages_that_no_longer_apply_are_not_sent() {
        let law = LawConfig::default();
        let raw = RawReferral {
            referrer: Some("self".into()),
            whereabouts: Some("community".into()),
            hospital_name: Some("Northshire General".into()),
            address: Some("1 High Street".into()),
            knows_about_referral: Some("yes".into()),
            referrer_name: Some("Jo".into()),
            referrer_role: Some("Nurse".into()),
            legal_status: Some("s3".into()),
            jurisdiction: Some("wales".into()),
            help: vec!["rights".into()],
            help_other: Some("typed, then untick".into()),
            ..RawReferral::default()
        };
        let sent = effective(&raw, ctx(&law));
        assert_eq!(sent.address.as_deref(), Some("1 High Street"));
        assert_eq!(sent.hospital_name, None);
        assert_eq!(sent.knows_about_referral, None);
        assert_eq!(sent.referrer_name, None);
        assert_eq!(sent.referrer_role, None);
        assert_eq!(sent.jurisdiction, None);
        assert_eq!(sent.help_other, None);
        assert_eq!(
            raw.hospital_name.as_deref(),
            Some("Northshire General"),
            "kept in the draft"
        );
    }

    #[test]
    fn communication_ticks_become_the_answers() {
        let mut raw = RawReferral::default();
        let problems = read(
            Page::Communication,
            &posted(&[
                (COMMUNICATION, "interpreter"),
                ("interpreter_language", "Polish"),
                (COMMUNICATION, "bsl"),
                ("communication_other", "typed, then untick"),
            ]),
            &mut raw,
        );
        assert!(problems.is_empty());
        assert_eq!(raw.interpreter_language.as_deref(), Some("Polish"));
        assert_eq!((raw.bsl, raw.easy_read), (Some(true), Some(false)));
        assert_eq!(raw.communication_other, None);
        let problems = read(Page::Communication, &posted(&[]), &mut raw);
        assert_eq!(problems[0].message, COMMUNICATION_MISSING);
        let problems = read(
            Page::Communication,
            &posted(&[(COMMUNICATION, "none"), (COMMUNICATION, "easy-read")]),
            &mut raw,
        );
        assert_eq!(problems.len(), 1, "None of these with a need ticked");
    }

    #[test]
    fn long_answer_hints_state_the_domain_limit() {
        assert_eq!(thousands(2000), "2,000");
        assert_eq!(thousands(200), "200");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(
            long_hint(),
            format!("You can enter up to {} characters.", thousands(MAX_LONG))
        );
    }
}
