//! "Can I get an IMHA?" and "What are my dates?": the rights engine for the public, in plain
//! English, with the reason and the Act's citation beside every answer. Both are plain HTML
//! forms (POST, so answers about someone's health stay out of URLs and browser history) and
//! need no JavaScript.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use imha_govuk::{
    Button, ChoiceItem, DateInput, ErrorMessage, ErrorSummary, Fieldset, Hint, Legend, Radios,
};
use imha_law::{Entry, Input, Jurisdiction, Output, Status, Treatment, When, evaluate};
use jiff::civil::Date;

use super::Layout;
use super::statuses::{self, PLAIN_STATUSES, plain};
use crate::AppState;
use crate::forms::{Fields, error_summary, error_title, field};
use crate::i18n::engine::{self, Words};
use crate::i18n::{self, Lang};

/// A question page: one GOV.UK radios question, the answers so far as hidden fields.
#[derive(Template, WebTemplate)]
#[template(path = "pages/question.html")]
struct QuestionPage {
    layout: Layout,
    action: &'static str,
    error_summary: Option<ErrorSummary>,
    hidden: Vec<(&'static str, String)>,
    question: Radios,
    button: Button,
}

fn continue_button(lang: Lang) -> Button {
    Button {
        text: Some(lang.t("form-continue")),
        ..Button::default()
    }
}

fn radios(
    name: &str,
    legend: &str,
    hint: Option<&str>,
    items: Vec<ChoiceItem>,
    value: Option<&str>,
    error: Option<String>,
) -> Radios {
    Radios {
        name: name.to_string(),
        id_prefix: Some(name.to_string()),
        items,
        value: value.map(str::to_string),
        fieldset: Some(Fieldset {
            legend: Some(Legend {
                text: Some(legend.to_string()),
                is_page_heading: true,
                classes: Some("govuk-fieldset__legend--l".into()),
                ..Legend::default()
            }),
            ..Fieldset::default()
        }),
        hint: hint.map(Hint::text),
        error_message: error.map(ErrorMessage::text),
        ..Radios::default()
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

fn country_items(lang: Lang) -> Vec<ChoiceItem> {
    vec![
        item("england", &lang.t("elig-england"), None),
        item("wales", &lang.t("elig-wales"), None),
    ]
}

fn status_items(with_not_sure: bool, lang: Lang) -> Vec<ChoiceItem> {
    let mut items: Vec<ChoiceItem> = PLAIN_STATUSES
        .iter()
        .map(|s| {
            item(
                s.status.id(),
                &statuses::label(s, lang),
                Some(&statuses::hint(s, lang)),
            )
        })
        .collect();
    if with_not_sure {
        items.push(ChoiceItem {
            divider: Some(lang.t("form-or")),
            ..ChoiceItem::default()
        });
        items.push(item("not-sure", &lang.t("elig-not-sure"), None));
    }
    items
}

/// Error pages' title and summary in `lang` (the shared helpers in `forms` are English).
fn error_title_in(heading: &str, has_errors: bool, lang: Lang) -> String {
    if has_errors {
        lang.t_args("form-error-title", &[("heading", heading)])
    } else {
        heading.to_string()
    }
}

fn error_summary_in(errors: &[(&str, String)], lang: Lang) -> Option<ErrorSummary> {
    error_summary(errors).map(|mut s| {
        s.title_text = Some(lang.t("form-error-summary"));
        s
    })
}

/// Today in the UK, or the date fixed in configuration (demo and tests).
pub fn today(state: &AppState) -> Date {
    if let Some(d) = state.config.today {
        return d;
    }
    jiff::Zoned::now()
        .in_tz("Europe/London")
        .map(|z| z.date())
        .unwrap_or_else(|_| jiff::Zoned::now().date())
}

/// "6 April 2026".
pub fn long_date(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

/// The citation as people read it in `lang`: "Mental Health Act 1983, section 66(1)(a)"
/// (the section as the engine cites it; only the words around it are translated).
pub(crate) fn readable_basis_in(basis: &str, lang: Lang) -> String {
    match basis.strip_prefix("MHA 1983 s") {
        Some(section) => lang.t_args("elig-basis", &[("section", &connectives(section, lang))]),
        None => basis.to_string(),
    }
}

/// The English words that join citations ("s68 as substituted by MHA 2025 s31", when MHA 2025
/// is configured as commenced) in `lang`; the citations themselves stay as they are.
fn connectives(section: &str, lang: Lang) -> String {
    match lang {
        Lang::En => section.to_string(),
        Lang::Cy => section
            .replace(" as amended by ", " fel y'i diwygiwyd gan ")
            .replace(" as substituted by ", " fel y'i hamnewidiwyd gan ")
            .replace("(inserted by ", "(a fewnosodwyd gan "),
    }
}

// ---------------------------------------------------------------------------------------------
// Can I get an IMHA?

/// What someone has told the eligibility questions so far.
#[derive(Default)]
struct EligibilityAnswers {
    country: Option<Jurisdiction>,
    /// `None` inside = "I'm not sure".
    status: Option<Option<Status>>,
    in_patient: Option<bool>,
    treatment: Option<Option<Treatment>>,
    under_18: Option<bool>,
}

impl EligibilityAnswers {
    fn hidden(&self) -> Vec<(&'static str, String)> {
        let mut h = Vec::new();
        if let Some(c) = self.country {
            h.push(("country", c.id().to_string()));
        }
        if let Some(s) = self.status {
            h.push((
                "status",
                s.map(|s| s.id()).unwrap_or("not-sure").to_string(),
            ));
        }
        if let Some(p) = self.in_patient {
            h.push(("in-patient", yes_no(p).to_string()));
        }
        if let Some(t) = self.treatment {
            h.push(("treatment", t.map(|t| t.id()).unwrap_or("none").to_string()));
        }
        if let Some(u) = self.under_18 {
            h.push(("under-18", yes_no(u).to_string()));
        }
        h
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn parse_yes_no(s: &str) -> Option<bool> {
    match s {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// The eligibility questions, in order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Question {
    Country,
    Status,
    InPatient,
    Treatment,
    Under18,
}

impl Question {
    fn name(self) -> &'static str {
        match self {
            Question::Country => "country",
            Question::Status => "status",
            Question::InPatient => "in-patient",
            Question::Treatment => "treatment",
            Question::Under18 => "under-18",
        }
    }

    /// The message when the question is not answered (`elig-{name}-error`).
    fn error(self, lang: Lang) -> String {
        lang.t(&format!("elig-{}-error", self.name()))
    }
}

/// Read the answers, returning the question whose answer was invalid, if any.
fn read_answers(fields: &Fields) -> (EligibilityAnswers, Option<Question>) {
    let mut a = EligibilityAnswers::default();
    let mut bad = None;
    if let Some(v) = field(fields, "country") {
        a.country = Jurisdiction::parse(v);
        bad = bad.or(a.country.is_none().then_some(Question::Country));
    }
    if let Some(v) = field(fields, "status") {
        a.status = if v == "not-sure" {
            Some(None)
        } else {
            Status::parse(v).ok().map(Some)
        };
        bad = bad.or(a.status.is_none().then_some(Question::Status));
    }
    if let Some(v) = field(fields, "in-patient") {
        a.in_patient = parse_yes_no(v);
        bad = bad.or(a.in_patient.is_none().then_some(Question::InPatient));
    }
    if let Some(v) = field(fields, "treatment") {
        a.treatment = match v {
            "ect" => Some(Some(Treatment::S58a)),
            "s57" => Some(Some(Treatment::S57)),
            "none" => Some(None),
            _ => None,
        };
        bad = bad.or(a.treatment.is_none().then_some(Question::Treatment));
    }
    if let Some(v) = field(fields, "under-18") {
        a.under_18 = parse_yes_no(v);
        bad = bad.or(a.under_18.is_none().then_some(Question::Under18));
    }
    (a, bad)
}

/// Ask the engine, with what is known. Age only matters for ECT (s130C(3)(b)): a date of birth
/// on the right side of 18 stands in for the answer to "Are you under 18?".
fn eligibility(
    state: &AppState,
    country: Jurisdiction,
    status: Status,
    a: &EligibilityAnswers,
) -> Output {
    let today = today(state);
    let mut input = Input::new(
        country,
        When::Day(today),
        vec![Entry::new(status, When::Day(today))],
    );
    // Not assumed: in Wales the answer decides s130J, so it is asked.
    input.informal_in_patient = a.in_patient.unwrap_or(false);
    input.treatment_discussed = a.treatment.flatten();
    input.date_of_birth = a.under_18.map(|u| {
        let years = if u { 16 } else { 30 };
        today
            .checked_sub(jiff::Span::new().years(years))
            .unwrap_or(today)
    });
    evaluate(&input, &state.law)
}

/// The next question to ask, or the answer.
enum Next {
    Ask(Question),
    NotSure,
    Answer(Box<Output>, Status),
}

fn next_step(state: &AppState, a: &EligibilityAnswers) -> Next {
    let Some(country) = a.country else {
        return Next::Ask(Question::Country);
    };
    let Some(status) = a.status else {
        return Next::Ask(Question::Status);
    };
    let Some(status) = status else {
        return Next::NotSure;
    };
    let out = eligibility(state, country, status, a);
    if out.imha.qualifies {
        return Next::Answer(Box::new(out), status);
    }
    // Wales: informal in-patients qualify (s130J); ask before anything about treatment.
    if status == Status::Informal && country == Jurisdiction::Wales && a.in_patient.is_none() {
        return Next::Ask(Question::InPatient);
    }
    // Anyone not otherwise qualifying may qualify by discussing s57 or s58A treatment.
    match a.treatment {
        None => Next::Ask(Question::Treatment),
        Some(Some(Treatment::S58a)) if a.under_18.is_none() => Next::Ask(Question::Under18),
        Some(_) => Next::Answer(Box::new(eligibility(state, country, status, a)), status),
    }
}

fn question_page(
    state: &AppState,
    a: &EligibilityAnswers,
    q: Question,
    error: bool,
) -> QuestionPage {
    let lang = i18n::current();
    let t = |id: &str| lang.t(id);
    let yes_no_items = || {
        vec![
            item("yes", &t("form-yes"), None),
            item("no", &t("form-no"), None),
        ]
    };
    let err = error.then(|| q.error(lang));
    let (legend, hint, items, value): (String, Option<String>, Vec<ChoiceItem>, Option<String>) =
        match q {
            Question::Country => (
                t("elig-country-legend"),
                Some(t("elig-country-hint")),
                country_items(lang),
                a.country.map(|c| c.id().to_string()),
            ),
            Question::Status => (
                t("elig-status-legend"),
                Some(t("elig-status-hint")),
                status_items(true, lang),
                None,
            ),
            Question::InPatient => (
                t("elig-in-patient-legend"),
                Some(t("elig-in-patient-hint")),
                yes_no_items(),
                None,
            ),
            Question::Treatment => (
                t("elig-treatment-legend"),
                Some(t("elig-treatment-hint")),
                vec![
                    item("ect", &t("elig-treatment-ect"), None),
                    item("s57", &t("elig-treatment-s57"), None),
                    ChoiceItem {
                        divider: Some(t("form-or")),
                        ..ChoiceItem::default()
                    },
                    item("none", &t("elig-treatment-none"), None),
                ],
                None,
            ),
            Question::Under18 => (t("elig-under-18-legend"), None, yes_no_items(), None),
        };
    let mut answers = a.hidden();
    answers.retain(|(name, _)| *name != q.name());
    let mut radios = radios(
        q.name(),
        &legend,
        hint.as_deref(),
        items,
        value.as_deref(),
        err.clone(),
    );
    if let Some(e) = radios.error_message.as_mut() {
        e.visually_hidden_text = Some(t("form-error-prefix"));
    }
    let first_id = q.name();
    QuestionPage {
        layout: Layout::new(state, error_title_in(&legend, error, lang), "/eligibility"),
        action: "/eligibility",
        error_summary: err.and_then(|e| error_summary_in(&[(first_id, e)], lang)),
        hidden: answers,
        question: radios,
        button: continue_button(lang),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/eligibility_result.html")]
struct EligibilityResult {
    layout: Layout,
    qualifies: bool,
    not_sure: bool,
    heading: String,
    reason: String,
    basis: String,
    who_tells: Option<String>,
    /// The engine's warnings in the page's language.
    warnings: Vec<Words>,
}

fn who_tells(out: &Output, lang: Lang) -> Option<String> {
    use imha_law::ResponsiblePerson as R;
    out.imha.responsible_person.map(|p| {
        lang.t(match p {
            R::HospitalManagers => "elig-tells-hospital",
            R::ResponsibleClinician => "elig-tells-rc",
            R::LocalSocialServicesAuthority => "elig-tells-council",
            R::ResponsibleHospitalManagers => "elig-tells-cto-hospital",
            R::ClinicianDiscussingTreatment => "elig-tells-doctor",
        })
    })
}

fn reason(out: &Output, status: Status, country: Jurisdiction, lang: Lang) -> String {
    let label = plain(status)
        .map(|p| statuses::label(p, lang))
        .unwrap_or_else(|| lang.t("elig-this-status"));
    let with_label = |id: &str| lang.t_args(id, &[("label", &label)]);
    let basis = out.imha.basis;
    if out.imha.qualifies {
        if basis.contains("130C(3)") || basis.contains("130I(3)") {
            return lang.t("elig-reason-treatment");
        }
        if basis.contains("130J") {
            return lang.t("elig-reason-wales-informal");
        }
        return with_label("elig-reason-qualifies");
    }
    match status {
        Status::Informal => match country {
            Jurisdiction::England => lang.t("elig-reason-england-informal"),
            Jurisdiction::Wales => lang.t("elig-reason-wales-not-in-patient"),
        },
        Status::S4 | Status::S5_2 | Status::S5_4 | Status::S135 | Status::S136 => {
            with_label("elig-reason-short")
        }
        _ => with_label("elig-reason-not"),
    }
}

async fn eligibility_start(State(state): State<AppState>) -> QuestionPage {
    question_page(
        &state,
        &EligibilityAnswers::default(),
        Question::Country,
        false,
    )
}

async fn eligibility_answer(
    State(state): State<AppState>,
    Form(fields): Form<Fields>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let (answers, bad) = read_answers(&fields);
    // A question submitted with no answer is an error on that question.
    let asked = field(&fields, "asked").and_then(|q| {
        [
            Question::Country,
            Question::Status,
            Question::InPatient,
            Question::Treatment,
            Question::Under18,
        ]
        .into_iter()
        .find(|x| x.name() == q)
    });
    if let Some(q) = bad {
        return question_page(&state, &answers, q, true).into_response();
    }
    let next = next_step(&state, &answers);
    if let (Some(q), Next::Ask(n)) = (asked, &next)
        && q == *n
    {
        return question_page(&state, &answers, q, true).into_response();
    }
    let lang = i18n::current();
    match next {
        Next::Ask(q) => question_page(&state, &answers, q, false).into_response(),
        Next::NotSure => EligibilityResult {
            layout: Layout::new(&state, lang.t("elig-may-heading"), "/eligibility"),
            qualifies: false,
            not_sure: true,
            heading: lang.t("elig-may-heading"),
            reason: lang.t("elig-may-reason"),
            basis: String::new(),
            who_tells: None,
            warnings: Vec::new(),
        }
        .into_response(),
        Next::Answer(out, status) => {
            let country = answers.country.unwrap_or(Jurisdiction::England);
            let heading = if out.imha.qualifies {
                lang.t("elig-yes-heading")
            } else {
                lang.t("elig-no-heading")
            };
            EligibilityResult {
                layout: Layout::new(&state, heading.clone(), "/eligibility"),
                qualifies: out.imha.qualifies,
                not_sure: false,
                reason: reason(&out, status, country, lang),
                basis: readable_basis_in(out.imha.basis, lang),
                who_tells: if out.imha.qualifies {
                    who_tells(&out, lang)
                } else {
                    None
                },
                warnings: engine::warnings(&out.warnings, lang),
                heading,
            }
            .into_response()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What are my dates?

#[derive(Template, WebTemplate)]
#[template(path = "pages/my_dates.html")]
struct MyDatesPage {
    layout: Layout,
    error_summary: Option<ErrorSummary>,
    country: Radios,
    status: Radios,
    start: DateInput,
    button: Button,
    result: Option<DatesResult>,
}

/// One line of the answer: what, the plain-English answer, and the footnote citing the Act.
pub struct DateLine {
    pub key: String,
    pub value: String,
    /// The rights engine's own words after the value, in the page's language (`lang="en"` if
    /// no translation is known).
    pub engine_words: Option<Words>,
    pub note: Option<usize>,
}

pub struct DatesResult {
    pub status_label: String,
    pub lines: Vec<DateLine>,
    pub how_to_apply: Option<String>,
    pub footnotes: Vec<String>,
    pub warnings: Vec<Words>,
    pub qualifies: bool,
}

fn my_dates_form(state: &AppState, fields: &Fields, errors: &[(&str, String)]) -> MyDatesPage {
    let lang = crate::i18n::current();
    let err = |id: &str| {
        errors
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, m)| crate::forms::error_message(m.clone()))
    };
    let mut country = radios(
        "country",
        &lang.t("elig-country-legend"),
        Some(&lang.t("elig-country-hint")),
        country_items(lang),
        field(fields, "country"),
        None,
    );
    country.error_message = err("country");
    if let Some(fs) = country.fieldset.as_mut()
        && let Some(l) = fs.legend.as_mut()
    {
        l.is_page_heading = false;
        l.classes = Some("govuk-fieldset__legend--m".into());
    }
    let mut status = radios(
        "status",
        &lang.t("elig-status-legend"),
        Some(&lang.t("elig-status-hint")),
        status_items(false, lang),
        field(fields, "status"),
        None,
    );
    status.error_message = err("status");
    if let Some(fs) = status.fieldset.as_mut()
        && let Some(l) = fs.legend.as_mut()
    {
        l.is_page_heading = false;
        l.classes = Some("govuk-fieldset__legend--m".into());
    }
    let mut values = std::collections::BTreeMap::new();
    for part in ["day", "month", "year"] {
        let name = format!("start-{part}");
        if let Some(v) = field(fields, &name) {
            values.insert(name, v.to_string());
        }
    }
    // The parts' labels ("Day", "Month", "Year") in the page's language; GOV.UK's defaults
    // are the English ones.
    let part = |name: &str| {
        (lang != Lang::En).then(|| imha_govuk::DateInputItem {
            name: Some(name.to_string()),
            label: Some(lang.t(&format!("refer-date-{name}"))),
            value: values.get(&format!("start-{name}")).cloned(),
            classes: Some(if name == "year" {
                "govuk-input--width-4".into()
            } else {
                "govuk-input--width-2".into()
            }),
            ..imha_govuk::DateInputItem::default()
        })
    };
    let (day, month, year) = (part("day"), part("month"), part("year"));
    let start = DateInput {
        id: "start".into(),
        day,
        month,
        year,
        name_prefix: Some("start".into()),
        values,
        fieldset: Some(Fieldset {
            legend: Some(Legend {
                text: Some(lang.t("dates-start-legend")),
                classes: Some("govuk-fieldset__legend--m".into()),
                ..Legend::default()
            }),
            role: Some("group".into()),
            ..Fieldset::default()
        }),
        hint: Some(Hint::text(lang.t("dates-start-hint"))),
        error_message: err("start"),
        ..DateInput::default()
    };
    let has_error = !errors.is_empty();
    MyDatesPage {
        layout: Layout::new(
            state,
            error_title(&lang.t("dates-title"), has_error),
            "/my-dates",
        ),
        error_summary: error_summary(
            &errors
                .iter()
                .map(|(f, m)| (if *f == "start" { "start-day" } else { *f }, m.clone()))
                .collect::<Vec<_>>(),
        ),
        country,
        status,
        start,
        button: Button {
            text: Some(lang.t("dates-show")),
            ..Button::default()
        },
        result: None,
    }
}

/// Read "When did it start?" with GOV.UK's date-input error messages (in the request's
/// language).
fn read_start(fields: &Fields, today: Date) -> Result<Date, String> {
    use crate::i18n::{t, t_args};
    let parts = ["day", "month", "year"].map(|p| field(fields, &format!("start-{p}")));
    let missing: Vec<String> = ["day", "month", "year"]
        .iter()
        .zip(parts.iter())
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| t(&format!("dates-missing-{n}")))
        .collect();
    if missing.len() == 3 {
        return Err(t("dates-error-enter"));
    }
    let real = || t("dates-error-real");
    if !missing.is_empty() {
        let and = format!(" {} ", t("dates-and"));
        return Err(t_args(
            "dates-error-include",
            &[("parts", &missing.join(&and))],
        ));
    }
    let num = |s: Option<&str>| s.and_then(|s| s.parse::<i16>().ok());
    let (Some(d), Some(m), Some(y)) = (num(parts[0]), num(parts[1]), num(parts[2])) else {
        return Err(real());
    };
    if !(1000..=9999).contains(&y) {
        return Err(t("dates-error-year"));
    }
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(real());
    }
    let Ok(date) = Date::new(y, m as i8, d as i8) else {
        return Err(real());
    };
    if date > today {
        return Err(t("dates-error-future"));
    }
    if date.year() < 1983 {
        return Err(t("dates-error-1983"));
    }
    Ok(date)
}

async fn my_dates_start(State(state): State<AppState>) -> MyDatesPage {
    my_dates_form(&state, &Fields::new(), &[])
}

async fn my_dates_answer(State(state): State<AppState>, Form(fields): Form<Fields>) -> MyDatesPage {
    let today = today(&state);
    let mut errors: Vec<(&str, String)> = Vec::new();
    let country = match field(&fields, "country") {
        Some(v) => Jurisdiction::parse(v),
        None => None,
    };
    if country.is_none() {
        errors.push(("country", Question::Country.error(crate::i18n::current())));
    }
    let status = field(&fields, "status").and_then(|v| Status::parse(v).ok());
    if status.is_none() {
        errors.push(("status", crate::i18n::t("dates-error-status")));
    }
    let start = read_start(&fields, today);
    if let Err(e) = &start {
        errors.push(("start", e.clone()));
    }
    let mut page = my_dates_form(&state, &fields, &errors);
    if let (Some(country), Some(status), Ok(start)) = (country, status, start) {
        let input = Input::new(
            country,
            When::Day(today),
            vec![Entry::new(status, When::Day(start))],
        );
        let out = evaluate(&input, &state.law);
        page.result = Some(dates_result(&out, status, today));
        page.layout.title = crate::i18n::t("dates-result-title");
    }
    page
}

fn window_text(w: &imha_law::Window) -> String {
    use crate::i18n::t_args;
    let lang = crate::i18n::current();
    let date = |d| long_date_in(d, lang);
    let mut text = if w.open {
        t_args("dates-window-open", &[("to", &date(w.to))])
    } else if w.state == imha_law::WindowState::Passed {
        t_args(
            "dates-window-passed",
            &[("from", &date(w.from)), ("to", &date(w.to))],
        )
    } else {
        t_args(
            "dates-window-next",
            &[("from", &date(w.from)), ("to", &date(w.to))],
        )
    };
    if let Some(next) = w.extended_to_next_open_day {
        text.push(' ');
        text.push_str(&t_args("dates-window-closed-day", &[("date", &date(next))]));
    }
    text
}

/// A date in `lang` ("6 April 2026", "6 Ebrill 2026").
pub fn long_date_in(d: Date, lang: Lang) -> String {
    crate::i18n::long_date(d, lang)
}

fn dates_result(out: &Output, status: Status, today: Date) -> DatesResult {
    use crate::i18n::{t, t_args};
    let lang = crate::i18n::current();
    let date = |d| long_date_in(d, lang);
    let plain_status = plain(status);
    let mut lines = Vec::new();
    let mut footnotes: Vec<String> = Vec::new();
    let mut cite = |basis: &str| -> usize {
        let text = readable_basis_in(basis, lang);
        match footnotes.iter().position(|f| *f == text) {
            Some(i) => i + 1,
            None => {
                footnotes.push(text);
                footnotes.len()
            }
        }
    };

    let mut engine_words = None;
    let ends = match (&out.authority, plain_status.and_then(|p| p.hours)) {
        (_, Some(hours)) => {
            let note = out.authority.as_ref().map(|a| cite(a.basis));
            // "72 hours": the number, in the language's words for hours.
            let n = hours.split(' ').next().unwrap_or(hours);
            (t_args("dates-ends-hours", &[("hours", n)]), note)
        }
        (Some(a), None) => {
            let note = Some(cite(a.basis));
            match (a.end, a.extended) {
                (_, Some(ext)) => {
                    engine_words = Some(engine::reason(ext.reason, lang));
                    (
                        t_args("dates-ends-extended", &[("date", &date(ext.nominal_end))]),
                        note,
                    )
                }
                (Some(end), None) => {
                    let period = match a.period {
                        1 => t("dates-first-period"),
                        n => t_args("dates-renewal", &[("n", &(n - 1).to_string())]),
                    };
                    (
                        t_args(
                            "dates-ends-on",
                            &[
                                ("end", &date(end)),
                                ("period", &period),
                                ("start", &date(a.start)),
                            ],
                        ),
                        note,
                    )
                }
                (None, None) => (t("dates-no-end"), note),
            }
        }
        (None, None) => (t("dates-no-end-decides"), None),
    };
    lines.push(DateLine {
        key: t("dates-key-ends"),
        value: ends.0,
        engine_words,
        note: ends.1,
    });

    let tribunal = match &out.tribunal_patient {
        Some(w) => (window_text(w), Some(cite(w.basis))),
        None => (t("dates-cannot-apply"), None),
    };
    lines.push(DateLine {
        key: t("dates-key-tribunal"),
        value: tribunal.0,
        engine_words: None,
        note: tribunal.1,
    });

    if let Some(r) = &out.managers_reference {
        let who = match r.by {
            imha_law::Referrer::HospitalManagers => "hospital",
            imha_law::Referrer::SecretaryOfState => "secretary-of-state",
        };
        let id = if r.as_soon_as_possible {
            "dates-reference-asap"
        } else {
            "dates-reference-on"
        };
        let value = t_args(id, &[("who", who), ("date", &date(r.due))]);
        lines.push(DateLine {
            key: t("dates-key-reference"),
            value,
            engine_words: None,
            note: Some(cite(r.basis)),
        });
    }
    let imha_line = if out.imha.qualifies {
        t("dates-imha-yes")
    } else {
        t("dates-imha-no")
    };
    lines.push(DateLine {
        key: t("dates-key-imha"),
        value: imha_line,
        engine_words: None,
        note: Some(cite(out.imha.basis)),
    });

    let how_to_apply = out
        .tribunal_patient
        .as_ref()
        .map(|_| match out.tribunal_name {
            Some(name) if name.contains("Wales") => t("dates-how-wales"),
            _ => t("dates-how-england"),
        });
    let _ = today;
    DatesResult {
        status_label: plain_status
            .map(|p| statuses::label(p, lang))
            .unwrap_or_default(),
        lines,
        how_to_apply,
        footnotes,
        warnings: engine::warnings(&out.warnings, lang),
        qualifies: out.imha.qualifies,
    }
}

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route(
            "/eligibility",
            get(eligibility_start).post(eligibility_answer),
        )
        .route("/my-dates", get(my_dates_start).post(my_dates_answer))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Under MHA 2025 (when configured) citations join sections with English words; in Welsh
    /// only those words are translated, the citations stay as they are.
    #[test]
    fn welsh_citations_translate_only_the_joining_words() {
        let cases = [
            (
                "MHA 1983 s68 as substituted by MHA 2025 s31",
                "Mental Health Act 1983, section 68 as substituted by MHA 2025 s31",
                "Deddf Iechyd Meddwl 1983, adran 68 fel y'i hamnewidiwyd gan MHA 2025 s31",
            ),
            (
                "MHA 1983 s66(1)(a), (2)(a) as amended by MHA 2025 s30(1)",
                "Mental Health Act 1983, section 66(1)(a), (2)(a) as amended by MHA 2025 s30(1)",
                "Deddf Iechyd Meddwl 1983, adran 66(1)(a), (2)(a) fel y'i diwygiwyd gan MHA 2025 \
                 s30(1)",
            ),
            (
                "MHA 1983 s130CA (inserted by MHA 2025 Sch 3)",
                "Mental Health Act 1983, section 130CA (inserted by MHA 2025 Sch 3)",
                "Deddf Iechyd Meddwl 1983, adran 130CA (a fewnosodwyd gan MHA 2025 Sch 3)",
            ),
            (
                "R (Modaresi) v SSH [2011] EWCA Civ 1359",
                "R (Modaresi) v SSH [2011] EWCA Civ 1359",
                "R (Modaresi) v SSH [2011] EWCA Civ 1359",
            ),
        ];
        for (basis, en, cy) in cases {
            assert_eq!(readable_basis_in(basis, Lang::En), en);
            assert_eq!(readable_basis_in(basis, Lang::Cy), cy);
        }
    }
}
