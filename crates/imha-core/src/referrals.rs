//! Referrals: someone asks for an IMHA for a person (themself, a relative, a patient they work
//! with), through the public form, the staff form or the API. One validation for all three
//! ([`validate`]), one way in ([`create`]), the triage decisions ([`decide`]), the first contact
//! and the response time against a target in working days.
//!
//! A referral is never refused because the person does not appear to qualify: the rights
//! engine's view is recorded ([`Referral::appears_eligible`]) and shown, and the provider
//! decides. Every change is audited in the same transaction; audit entries hold ids and action
//! names only.

use imha_law::{Entry, Input, Jurisdiction, LawConfig, Status, When, evaluate};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::audit::{self, Action, NewEntry};
use crate::db::{Database, StorageError, Tx};
use crate::nhs_number::NhsNumber;
use crate::{on_pool, on_tx};

/// Longest name part.
pub const MAX_NAME: usize = 100;
/// Longest short answer (ward, language, role, organisation, phone, email).
pub const MAX_SHORT: usize = 200;
/// Longest free-text answer (address, what help, communication, risk, reasons).
pub const MAX_LONG: usize = 2000;

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $id:literal, $label:literal;)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The id stored and used in forms and the API.
            pub const fn id(self) -> &'static str {
                match self {
                    $($name::$variant => $id,)*
                }
            }

            /// Plain English for screens.
            pub const fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)*
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.id() == s)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}
pub(crate) use code_enum;

code_enum! {
    /// How a referral arrived.
    Channel {
        PublicForm => "public-form", "Referral form";
        Staff => "staff", "Staff referral";
        Api => "api", "Hospital system";
        OptOut => "opt-out", "Opt-out referral";
    }
}

code_enum! {
    /// Who is referring.
    ReferrerKind {
        SelfReferral => "self", "The person themself";
        NearestRelative => "nearest-relative", "Their nearest relative";
        Carer => "carer", "A carer, friend or family member";
        Professional => "professional", "A professional";
    }
}

code_enum! {
    /// The kinds of help an IMHA gives (the seed page's eight, and "something else").
    HelpKind {
        Rights => "rights", "Understand their rights under the Mental Health Act";
        Tribunal => "tribunal", "Ask for a review of their section or apply to a tribunal";
        Concerns => "concerns", "Raise concerns about their experience or care";
        Treatment => "treatment", "Find out about their treatment";
        Meetings => "meetings", "Prepare for and go to meetings";
        CarePlanning => "care-planning", "Be involved in planning their care";
        Conditions => "conditions", "Find out about conditions or restrictions";
        WardRounds => "ward-rounds", "Speak up at ward rounds and care reviews";
        Other => "other", "Something else";
    }
}

code_enum! {
    /// Where the person can be reached.
    Whereabouts {
        Hospital => "hospital", "In hospital";
        Community => "community", "In the community";
    }
}

code_enum! {
    /// Yes, no or not sure: whether the person knows about, and agrees to, a referral someone
    /// else makes.
    Answer {
        Yes => "yes", "Yes";
        No => "no", "No";
        NotSure => "not-sure", "Not sure";
    }
}

code_enum! {
    /// The nearest relative's copy of the s130D information (s130D(5)).
    NearestRelativeCopy {
        Sent => "sent", "A copy was sent to the nearest relative";
        PatientObjected => "patient-objected", "The patient objected to a copy being sent";
        NotYet => "not-yet", "Not sent yet";
        NotApplicable => "not-applicable", "Not needed (no nearest relative, or not required for this status)";
    }
}

code_enum! {
    /// Why the provider declines a referral: the NHS Data Dictionary's REFERRAL REJECTION
    /// REASON national codes (used by the Mental Health Services Data Set).
    RejectionReason {
        Duplicate => "01", "Duplicate referral";
        Inappropriate => "02", "Not appropriate for this service";
        Incomplete => "03", "Incomplete referral";
    }
}

code_enum! {
    /// Why the person decided not to have an IMHA. imha's own codes: the Mental Health
    /// Services Data Set has no code list for IMHA decisions that we could verify (see
    /// ARCHITECTURE.md), so these are kept separate from the MHSDS rejection codes.
    PatientDecision {
        DoesNotWant => "does-not-want", "Does not want an advocate";
        HasAdvocate => "has-advocate", "Already has an advocate";
        ManagingThemself => "managing-themself", "Prefers to speak up for themself";
        LaterMaybe => "later", "Not now, may ask later";
        Other => "other", "Another reason";
    }
}

code_enum! {
    /// Where a referral is in triage.
    ReferralStatus {
        New => "new", "New";
        Accepted => "accepted", "Accepted";
        Declined => "declined", "Declined";
        PatientDeclined => "patient-declined", "Person decided not to have an IMHA";
    }
}

/// One problem with one field. `field` is the field's name in forms and the API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub(crate) fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

/// A referral as submitted: every field optional text, exactly as the form or API gave it.
/// The field names are the API's JSON names and the forms' field names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawReferral {
    pub referrer: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub date_of_birth: Option<String>,
    pub nhs_number: Option<String>,
    pub whereabouts: Option<String>,
    /// The hospital's ODS code (staff and API referrals).
    pub hospital_ods: Option<String>,
    /// The hospital's name, as the public know it.
    pub hospital_name: Option<String>,
    pub ward: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub legal_status: Option<String>,
    pub jurisdiction: Option<String>,
    pub help: Vec<String>,
    pub help_other: Option<String>,
    pub interpreter_language: Option<String>,
    pub bsl: Option<bool>,
    pub easy_read: Option<bool>,
    pub communication_other: Option<String>,
    pub knows_about_referral: Option<String>,
    pub agrees_to_referral: Option<String>,
    pub risk: Option<String>,
    pub referrer_name: Option<String>,
    pub referrer_role: Option<String>,
    pub referrer_organisation: Option<String>,
    pub referrer_phone: Option<String>,
    pub referrer_email: Option<String>,
    pub told_orally_on: Option<String>,
    pub told_in_writing_on: Option<String>,
    pub nearest_relative_copy: Option<String>,
    pub nearest_relative_copy_sent_on: Option<String>,
}

/// The s130D record a hospital referrer gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DutyRecord {
    pub told_orally_on: Option<Date>,
    pub told_in_writing_on: Option<Date>,
    pub nearest_relative_copy: NearestRelativeCopy,
    pub nearest_relative_copy_sent_on: Option<Date>,
}

/// A referral that passed [`validate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReferral {
    pub channel: Channel,
    pub referrer: ReferrerKind,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<Date>,
    pub nhs_number: Option<NhsNumber>,
    pub whereabouts: Whereabouts,
    pub hospital_ods: Option<String>,
    pub hospital_name: Option<String>,
    pub ward: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// `None`: not known.
    pub legal_status: Option<Status>,
    /// `None`: not given (then the hospital's, else England).
    pub jurisdiction: Option<Jurisdiction>,
    pub help: Vec<HelpKind>,
    pub help_other: Option<String>,
    pub interpreter_language: Option<String>,
    pub bsl: bool,
    pub easy_read: bool,
    pub communication_other: Option<String>,
    pub knows_about_referral: Option<Answer>,
    pub agrees_to_referral: Option<Answer>,
    pub risk: Option<String>,
    pub referrer_name: Option<String>,
    pub referrer_role: Option<String>,
    pub referrer_organisation: Option<String>,
    pub referrer_phone: Option<String>,
    pub referrer_email: Option<String>,
    pub duty: Option<DutyRecord>,
}

/// Collects field errors while reading a [`RawReferral`].
struct Checker {
    errors: Vec<FieldError>,
}

fn has_bad_control(s: &str, multiline: bool) -> bool {
    s.chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

impl Checker {
    fn err(&mut self, field: &'static str, message: impl Into<String>) {
        if !self.errors.iter().any(|e| e.field == field) {
            self.errors.push(FieldError::new(field, message));
        }
    }

    /// Optional text: trimmed, `None` if empty, checked for length and control characters.
    fn text(
        &mut self,
        field: &'static str,
        value: &Option<String>,
        what: &str,
        max: usize,
    ) -> Option<String> {
        let v = value.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
        if v.chars().count() > max {
            self.err(field, format!("{what} must be {max} characters or fewer"));
            return None;
        }
        if has_bad_control(v, max == MAX_LONG) {
            self.err(field, format!("{what} must not contain special characters"));
            return None;
        }
        Some(v.to_string())
    }

    fn required(
        &mut self,
        field: &'static str,
        value: &Option<String>,
        what: &str,
        missing: &str,
        max: usize,
    ) -> Option<String> {
        let v = self.text(field, value, what, max);
        if v.is_none() && !self.errors.iter().any(|e| e.field == field) {
            self.err(field, missing);
        }
        v
    }

    fn choice<T: Copy>(
        &mut self,
        field: &'static str,
        value: &Option<String>,
        parse: impl Fn(&str) -> Option<T>,
        missing: &str,
    ) -> Option<T> {
        match value.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => {
                self.err(field, missing);
                None
            }
            Some(v) => {
                let parsed = parse(v);
                if parsed.is_none() {
                    self.err(field, missing);
                }
                parsed
            }
        }
    }

    fn date(
        &mut self,
        field: &'static str,
        value: &Option<String>,
        what: &str,
        today: Date,
    ) -> Option<Date> {
        let v = value.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
        match imha_law::dates::parse_date(v) {
            None => {
                self.err(field, format!("{what} must be a real date"));
                None
            }
            Some(d) if d > today => {
                self.err(field, format!("{what} must be today or in the past"));
                None
            }
            Some(d) if d.year() < 1900 => {
                self.err(field, format!("{what} must be after 1900"));
                None
            }
            Some(d) => Some(d),
        }
    }

    fn phone(&mut self, field: &'static str, value: &Option<String>, what: &str) -> Option<String> {
        let v = self.text(field, value, what, MAX_SHORT)?;
        let digits = v.chars().filter(char::is_ascii_digit).count();
        let allowed = v
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-'));
        if !allowed || !(7..=15).contains(&digits) {
            self.err(
                field,
                format!("{what} must be a phone number, like 01632 960 001 or +44 808 157 0192"),
            );
            return None;
        }
        Some(v)
    }

    fn email(&mut self, field: &'static str, value: &Option<String>, what: &str) -> Option<String> {
        let v = self.text(field, value, what, 254)?;
        let ok = match v.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !v.chars().any(char::is_whitespace)
                    && !domain.contains('@')
            }
            None => false,
        };
        if !ok {
            self.err(
                field,
                format!("{what} must be in the right format, like name@example.com"),
            );
            return None;
        }
        Some(v)
    }
}

/// Check a submitted referral. Every problem is reported at once, each against its field, in
/// the order the fields appear in the forms. `today` is the UK date (dates may not be later).
pub fn validate(
    raw: &RawReferral,
    channel: Channel,
    today: Date,
) -> Result<NewReferral, Vec<FieldError>> {
    let mut c = Checker { errors: Vec::new() };
    let third_party_default = matches!(channel, Channel::Staff | Channel::Api | Channel::OptOut);
    let referrer = if third_party_default && raw.referrer.is_none() {
        Some(ReferrerKind::Professional)
    } else {
        c.choice(
            "referrer",
            &raw.referrer,
            ReferrerKind::parse,
            "Select who is making the referral",
        )
    };
    let is_self = referrer == Some(ReferrerKind::SelfReferral);
    let given_name = c.required(
        "given_name",
        &raw.given_name,
        "First name",
        "Enter the first name of the person who wants an advocate",
        MAX_NAME,
    );
    let family_name = c.required(
        "family_name",
        &raw.family_name,
        "Last name",
        "Enter the last name of the person who wants an advocate",
        MAX_NAME,
    );
    let date_of_birth = c.date("date_of_birth", &raw.date_of_birth, "Date of birth", today);
    if date_of_birth.is_none()
        && matches!(channel, Channel::Staff | Channel::Api)
        && !c.errors.iter().any(|e| e.field == "date_of_birth")
    {
        c.err("date_of_birth", "Enter the patient's date of birth");
    }
    let nhs_number = match raw.nhs_number.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => match NhsNumber::parse(v) {
            Ok(n) => Some(n),
            Err(e) => {
                c.err("nhs_number", format!("NHS number {e}"));
                None
            }
        },
    };
    let whereabouts = c.choice(
        "whereabouts",
        &raw.whereabouts,
        Whereabouts::parse,
        "Select whether the person is in hospital or in the community",
    );
    let hospital_ods = match raw.hospital_ods.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(code) => match crate::organisations::normalise_ods_code(code) {
            Ok(c) => Some(c),
            Err(_) => {
                c.err(
                    "hospital_ods",
                    "Hospital ODS code must be 3 to 10 letters and numbers, like RXX01",
                );
                None
            }
        },
    };
    let hospital_name = c.text("hospital_name", &raw.hospital_name, "Hospital", MAX_SHORT);
    let ward = c.text("ward", &raw.ward, "Ward", MAX_SHORT);
    let address = c.text("address", &raw.address, "Address", MAX_LONG);
    match whereabouts {
        Some(Whereabouts::Hospital)
            if hospital_ods.is_none()
                && hospital_name.is_none()
                && !c.errors.iter().any(|e| e.field == "hospital_ods") =>
        {
            let field = if matches!(channel, Channel::Api | Channel::OptOut) {
                "hospital_ods"
            } else {
                "hospital_name"
            };
            c.err(field, "Enter the name of the hospital");
        }
        Some(Whereabouts::Community) if address.is_none() => {
            c.err(
                "address",
                "Enter the address where the person can be contacted",
            );
        }
        _ => {}
    }
    let phone = c.phone("phone", &raw.phone, "Phone number");
    let email = c.email("email", &raw.email, "Email address");
    let legal_status = match raw.legal_status.as_deref().map(str::trim) {
        None | Some("") | Some("not-sure") => None,
        Some(v) => match Status::parse(v) {
            Ok(s) => Some(s),
            Err(_) => {
                c.err(
                    "legal_status",
                    "Select the section or order, or select I'm not sure",
                );
                None
            }
        },
    };
    let jurisdiction = match raw.jurisdiction.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => {
            let j = Jurisdiction::parse(v);
            if j.is_none() {
                c.err("jurisdiction", "Select England or Wales");
            }
            j
        }
    };
    let mut help = Vec::new();
    for h in &raw.help {
        match HelpKind::parse(h.trim()) {
            Some(k) if !help.contains(&k) => help.push(k),
            Some(_) => {}
            None => c.err("help", "Select the kinds of help from the list"),
        }
    }
    if help.is_empty() {
        c.err(
            "help",
            "Select what help the person wants, or select Something else",
        );
    }
    let help_other = c.text("help_other", &raw.help_other, "Other help", MAX_LONG);
    if help.contains(&HelpKind::Other) && help_other.is_none() {
        c.err("help_other", "Describe the other help the person wants");
    }
    let interpreter_language = c.text(
        "interpreter_language",
        &raw.interpreter_language,
        "Language",
        MAX_SHORT,
    );
    let communication_other = c.text(
        "communication_other",
        &raw.communication_other,
        "Other communication needs",
        MAX_LONG,
    );
    let (knows_about_referral, agrees_to_referral) = if is_self || referrer.is_none() {
        (None, None)
    } else {
        let knows = c.choice(
            "knows_about_referral",
            &raw.knows_about_referral,
            Answer::parse,
            "Select whether the person knows about this referral",
        );
        let agrees = if knows == Some(Answer::Yes) {
            c.choice(
                "agrees_to_referral",
                &raw.agrees_to_referral,
                Answer::parse,
                "Select whether the person agrees to this referral",
            )
        } else {
            None
        };
        (knows, agrees)
    };
    let risk = c.text("risk", &raw.risk, "What the advocate should know", MAX_LONG);
    let referrer_name = c.text("referrer_name", &raw.referrer_name, "Your name", MAX_SHORT);
    let referrer_role = c.text("referrer_role", &raw.referrer_role, "Your role", MAX_SHORT);
    let referrer_organisation = c.text(
        "referrer_organisation",
        &raw.referrer_organisation,
        "Organisation",
        MAX_SHORT,
    );
    let referrer_phone = c.phone("referrer_phone", &raw.referrer_phone, "Your phone number");
    let referrer_email = c.email("referrer_email", &raw.referrer_email, "Your email address");
    if is_self {
        // The person referring themself must be reachable: a phone, an email, or their ward.
        if phone.is_none()
            && email.is_none()
            && whereabouts != Some(Whereabouts::Hospital)
            && !c
                .errors
                .iter()
                .any(|e| matches!(e.field, "phone" | "email"))
        {
            c.err(
                "phone",
                "Enter a phone number or an email address so we can contact you",
            );
        }
    } else if referrer.is_some() {
        if referrer_name.is_none() && !c.errors.iter().any(|e| e.field == "referrer_name") {
            c.err("referrer_name", "Enter your name");
        }
        if referrer_phone.is_none()
            && referrer_email.is_none()
            && !c
                .errors
                .iter()
                .any(|e| matches!(e.field, "referrer_phone" | "referrer_email"))
        {
            c.err(
                "referrer_phone",
                "Enter your phone number or email address so we can contact you",
            );
        }
    }
    let duty = if channel == Channel::Staff
        || raw.nearest_relative_copy.is_some()
        || raw.told_orally_on.is_some()
        || raw.told_in_writing_on.is_some()
    {
        let told_orally_on = c.date(
            "told_orally_on",
            &raw.told_orally_on,
            "Date told in person",
            today,
        );
        let told_in_writing_on = c.date(
            "told_in_writing_on",
            &raw.told_in_writing_on,
            "Date given in writing",
            today,
        );
        let copy = c.choice(
            "nearest_relative_copy",
            &raw.nearest_relative_copy,
            NearestRelativeCopy::parse,
            "Select whether the nearest relative was sent a copy",
        );
        let sent_on = c.date(
            "nearest_relative_copy_sent_on",
            &raw.nearest_relative_copy_sent_on,
            "Date the copy was sent",
            today,
        );
        if copy == Some(NearestRelativeCopy::Sent)
            && sent_on.is_none()
            && !c
                .errors
                .iter()
                .any(|e| e.field == "nearest_relative_copy_sent_on")
        {
            c.err(
                "nearest_relative_copy_sent_on",
                "Enter the date the copy was sent to the nearest relative",
            );
        }
        copy.map(|nearest_relative_copy| DutyRecord {
            told_orally_on,
            told_in_writing_on,
            nearest_relative_copy,
            nearest_relative_copy_sent_on: sent_on
                .filter(|_| nearest_relative_copy == NearestRelativeCopy::Sent),
        })
    } else {
        None
    };
    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    match (referrer, given_name, family_name, whereabouts) {
        (Some(referrer), Some(given_name), Some(family_name), Some(whereabouts)) => {
            Ok(NewReferral {
                channel,
                referrer,
                given_name,
                family_name,
                date_of_birth,
                nhs_number,
                whereabouts,
                hospital_ods,
                hospital_name,
                ward,
                address,
                phone,
                email,
                legal_status,
                jurisdiction,
                help,
                help_other,
                interpreter_language,
                bsl: raw.bsl.unwrap_or(false),
                easy_read: raw.easy_read.unwrap_or(false),
                communication_other,
                knows_about_referral,
                agrees_to_referral,
                risk,
                referrer_name,
                referrer_role,
                referrer_organisation,
                referrer_phone,
                referrer_email,
                duty,
            })
        }
        // Unreachable in practice: each None above recorded an error.
        _ => Err(vec![FieldError::new("referrer", "Check the referral")]),
    }
}

/// What the rights engine makes of a status on a day: whether the person appears to qualify
/// for an IMHA and the provision that decides it. `None` when the status is not known.
///
/// The referral does not say when the status began, so the engine is asked about a status
/// starting that day; qualification under s130C/s130I/J does not depend on the start.
pub fn appears_eligible(
    status: Option<Status>,
    jurisdiction: Jurisdiction,
    date_of_birth: Option<Date>,
    today: Date,
    law: &LawConfig,
) -> Option<(bool, &'static str)> {
    let status = status?;
    let mut input = Input::new(
        jurisdiction,
        When::Day(today),
        vec![Entry::new(status, When::Day(today))],
    );
    input.date_of_birth = date_of_birth;
    let out = evaluate(&input, law);
    Some((out.imha.qualifies, out.imha.basis))
}

/// Who did something: for the audit trail and the `created_by_*` columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// Someone using the public form (not identified); their address, if known.
    Public { client: Option<String> },
    /// A signed-in member of staff.
    User { id: String, client: Option<String> },
    /// A machine client with an API token.
    Token { id: String },
    /// imha itself (the opt-out feed).
    System,
}

impl Actor {
    pub(crate) fn entry(&self, action: Action) -> NewEntry {
        match self {
            Actor::Public { client } => {
                let e = NewEntry::anonymous(action);
                match client {
                    Some(c) => e.from_client(c.clone()),
                    None => e,
                }
            }
            Actor::User { id, client } => {
                let e = NewEntry::by_user(id.clone(), action);
                match client {
                    Some(c) => e.from_client(c.clone()),
                    None => e,
                }
            }
            Actor::Token { id } => NewEntry::by_api_token(id.clone(), action),
            Actor::System => NewEntry::system(action),
        }
    }

    pub(crate) fn user_id(&self) -> Option<&str> {
        match self {
            Actor::User { id, .. } => Some(id),
            _ => None,
        }
    }
}

/// Why a referral could not be made or changed.
#[derive(Debug, thiserror::Error)]
pub enum ReferralError {
    #[error("the referral has problems: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error("no such referral")]
    NotFound,
    #[error("this referral has already been decided ({0})")]
    AlreadyDecided(ReferralStatus),
    #[error("could not make a reference number: {0}")]
    Random(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for ReferralError {
    fn from(e: sqlx::Error) -> Self {
        ReferralError::Storage(StorageError::Query(e))
    }
}

/// What [`create`] made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    pub id: String,
    pub reference: String,
    /// Whether the person appears to qualify (`None`: status not known).
    pub appears_eligible: Option<bool>,
    pub eligibility_basis: Option<&'static str>,
}

/// Crockford's base 32: no I, L, O or U, so references read aloud and typed back are
/// unambiguous.
const REFERENCE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A fresh reference: 12 random characters (60 bits) in three groups, e.g. `K7QM-2XPD-9HWT`.
/// Unguessable, so a reference alone reveals nothing and cannot be enumerated.
pub fn new_reference() -> Result<String, ReferralError> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| ReferralError::Random(e.to_string()))?;
    Ok(reference_from(&bytes))
}

/// A reference from 12 random bytes (the operating system's, as [`new_reference`] takes them).
pub fn reference_from(bytes: &[u8; 12]) -> String {
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(REFERENCE_ALPHABET[usize::from(b & 31)]))
        .collect();
    let mut out = String::with_capacity(14);
    for (i, ch) in chars.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(*ch);
    }
    out
}

/// The duplicate check's key: the same one patients carry (`feed::import::match_key`), so a
/// referral and a feed patient compare alike; none without a date of birth.
fn match_key(given: &str, family: &str, dob: Option<Date>) -> Option<String> {
    dob.map(|d| crate::feed::import::match_key(given, family, d))
}

/// The UK calendar date of a moment.
pub fn uk_date(t: Timestamp) -> Date {
    t.in_tz("Europe/London")
        .map(|z| z.date())
        .unwrap_or_else(|_| t.to_zoned(jiff::tz::TimeZone::UTC).date())
}

/// Validate and store a referral, with its audit entry, in `tx`. A hospital ODS code must
/// name a hospital imha knows. The rights engine's view of eligibility is stored with it.
pub async fn create(
    tx: &mut Tx,
    raw: &RawReferral,
    channel: Channel,
    actor: &Actor,
    received_at: Timestamp,
    law: &LawConfig,
) -> Result<Created, ReferralError> {
    let today = uk_date(received_at);
    let new = validate(raw, channel, today).map_err(ReferralError::Invalid)?;
    insert(tx, &new, actor, received_at, law).await
}

/// Store a validated referral (see [`create`]).
pub async fn insert(
    tx: &mut Tx,
    new: &NewReferral,
    actor: &Actor,
    received_at: Timestamp,
    law: &LawConfig,
) -> Result<Created, ReferralError> {
    let today = uk_date(received_at);
    let mut hospital_id = None;
    let mut hospital_jurisdiction = None;
    let mut hospital_name = new.hospital_name.clone();
    if let Some(code) = &new.hospital_ods {
        let sql = "SELECT id, name, jurisdiction FROM organisations \
                   WHERE ods_code = $1 AND kind = 'hospital'";
        let row: Option<(String, String, String)> =
            on_tx!(tx, c => sqlx::query_as(sql).bind(code).fetch_optional(c).await)?;
        match row {
            Some((id, name, j)) => {
                hospital_id = Some(id);
                hospital_jurisdiction = Jurisdiction::parse(&j);
                hospital_name.get_or_insert(name);
            }
            None => {
                return Err(ReferralError::Invalid(vec![FieldError::new(
                    "hospital_ods",
                    "No hospital here has this ODS code",
                )]));
            }
        }
    }
    let jurisdiction = new
        .jurisdiction
        .or(hospital_jurisdiction)
        .unwrap_or(Jurisdiction::England);
    let eligibility = appears_eligible(
        new.legal_status,
        jurisdiction,
        new.date_of_birth,
        today,
        law,
    );
    let id = uuid::Uuid::now_v7().to_string();
    // A collision on 60 random bits is vanishingly rare; retry rather than fail if it happens.
    let mut reference = new_reference()?;
    for _ in 0..3 {
        let taken: Option<String> = on_tx!(tx, c => sqlx::query_scalar("SELECT id FROM referrals WHERE reference = $1").bind(&reference).fetch_optional(c).await)?;
        if taken.is_none() {
            break;
        }
        reference = new_reference()?;
    }
    let help: Vec<&str> = new.help.iter().map(|h| h.id()).collect();
    let duty = new.duty.as_ref();
    let (created_by_user, created_by_token) = match actor {
        Actor::User { id, .. } => (Some(id.clone()), None),
        Actor::Token { id } => (None, Some(id.clone())),
        _ => (None, None),
    };
    let sql = "INSERT INTO referrals (id, reference, channel, referrer_kind, received_at, \
        given_name, family_name, date_of_birth, nhs_number, match_key, whereabouts, hospital_id, \
        hospital_name, ward, address, phone, email, legal_status, jurisdiction, help, help_other, \
        interpreter_language, bsl, easy_read, communication_other, knows_about_referral, \
        agrees_to_referral, risk, referrer_name, referrer_role, referrer_organisation, \
        referrer_phone, referrer_email, told_orally_on, told_in_writing_on, \
        nearest_relative_copy, nearest_relative_copy_sent_on, appears_eligible, \
        eligibility_basis, created_by_user, created_by_token, status) VALUES ($1, $2, $3, $4, \
        $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, \
        $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39, \
        $40, $41, 'new')";
    on_tx!(tx, c => sqlx::query(sql)
        .bind(&id)
        .bind(&reference)
        .bind(new.channel.id())
        .bind(new.referrer.id())
        .bind(received_at.to_string())
        .bind(&new.given_name)
        .bind(&new.family_name)
        .bind(new.date_of_birth.map(|d| d.to_string()))
        .bind(new.nhs_number.as_ref().map(|n| n.as_str().to_string()))
        .bind(match_key(&new.given_name, &new.family_name, new.date_of_birth))
        .bind(new.whereabouts.id())
        .bind(&hospital_id)
        .bind(&hospital_name)
        .bind(&new.ward)
        .bind(&new.address)
        .bind(&new.phone)
        .bind(&new.email)
        .bind(new.legal_status.map(|s| s.id()))
        .bind(jurisdiction.id())
        .bind(help.join(","))
        .bind(&new.help_other)
        .bind(&new.interpreter_language)
        .bind(new.bsl)
        .bind(new.easy_read)
        .bind(&new.communication_other)
        .bind(new.knows_about_referral.map(|a| a.id()))
        .bind(new.agrees_to_referral.map(|a| a.id()))
        .bind(&new.risk)
        .bind(&new.referrer_name)
        .bind(&new.referrer_role)
        .bind(&new.referrer_organisation)
        .bind(&new.referrer_phone)
        .bind(&new.referrer_email)
        .bind(duty.and_then(|d| d.told_orally_on).map(|d| d.to_string()))
        .bind(duty.and_then(|d| d.told_in_writing_on).map(|d| d.to_string()))
        .bind(duty.map(|d| d.nearest_relative_copy.id()))
        .bind(duty.and_then(|d| d.nearest_relative_copy_sent_on).map(|d| d.to_string()))
        .bind(eligibility.map(|e| e.0))
        .bind(eligibility.map(|e| e.1))
        .bind(&created_by_user)
        .bind(&created_by_token)
        .execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        actor
            .entry(Action::RecordCreated)
            .on_record("referral", &id)
            .with_detail(format!("channel={}", new.channel.id())),
    )
    .await?;
    Ok(Created {
        id,
        reference,
        appears_eligible: eligibility.map(|e| e.0),
        eligibility_basis: eligibility.map(|e| e.1),
    })
}

/// A stored referral.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Referral {
    pub id: String,
    pub reference: String,
    pub channel: Channel,
    pub referrer: ReferrerKind,
    pub received_at: Timestamp,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<Date>,
    pub nhs_number: Option<NhsNumber>,
    pub whereabouts: Whereabouts,
    pub hospital_id: Option<String>,
    pub hospital_name: Option<String>,
    pub ward: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub legal_status: Option<Status>,
    pub jurisdiction: Jurisdiction,
    pub help: Vec<HelpKind>,
    pub help_other: Option<String>,
    pub interpreter_language: Option<String>,
    pub bsl: bool,
    pub easy_read: bool,
    pub communication_other: Option<String>,
    pub knows_about_referral: Option<Answer>,
    pub agrees_to_referral: Option<Answer>,
    pub risk: Option<String>,
    pub referrer_name: Option<String>,
    pub referrer_role: Option<String>,
    pub referrer_organisation: Option<String>,
    pub referrer_phone: Option<String>,
    pub referrer_email: Option<String>,
    pub duty: Option<DutyRecord>,
    pub appears_eligible: Option<bool>,
    pub eligibility_basis: Option<String>,
    pub created_by_user: Option<String>,
    pub status: ReferralStatus,
    pub decision_code: Option<String>,
    pub decision_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<Timestamp>,
    pub first_contact_at: Option<Timestamp>,
    /// The case opened when the referral was accepted.
    pub case_id: Option<String>,
}

impl Referral {
    /// "Given Family".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

const SELECT_REFERRAL: &str = "SELECT r.id, r.reference, r.channel, r.referrer_kind, \
    r.received_at, r.given_name, r.family_name, r.date_of_birth, r.nhs_number, r.whereabouts, \
    r.hospital_id, r.hospital_name, r.ward, r.address, r.phone, r.email, r.legal_status, \
    r.jurisdiction, r.help, r.help_other, r.interpreter_language, r.bsl, r.easy_read, \
    r.communication_other, r.knows_about_referral, r.agrees_to_referral, r.risk, \
    r.referrer_name, r.referrer_role, r.referrer_organisation, r.referrer_phone, \
    r.referrer_email, r.told_orally_on, r.told_in_writing_on, r.nearest_relative_copy, \
    r.nearest_relative_copy_sent_on, r.appears_eligible, r.eligibility_basis, \
    r.created_by_user, r.status, r.decision_code, r.decision_reason, r.decided_by, \
    r.decided_at, r.first_contact_at, c.id AS case_id \
    FROM referrals r LEFT JOIN cases c ON c.referral_id = r.id";

fn opt_date(s: Option<String>) -> Option<Date> {
    s.as_deref().and_then(imha_law::dates::parse_date)
}

fn opt_time(s: Option<String>) -> Option<Timestamp> {
    s.as_deref().and_then(|t| t.parse().ok())
}

fn referral_from_row<R: sqlx::Row>(row: &R) -> Result<Referral, sqlx::Error>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> bool: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<bool>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let bad = |col: &str| sqlx::Error::ColumnDecode {
        index: col.to_string(),
        source: "unexpected value".into(),
    };
    let channel: String = row.try_get("channel")?;
    let referrer: String = row.try_get("referrer_kind")?;
    let received_at: String = row.try_get("received_at")?;
    let whereabouts: String = row.try_get("whereabouts")?;
    let status: String = row.try_get("status")?;
    let jurisdiction: String = row.try_get("jurisdiction")?;
    let help: String = row.try_get("help")?;
    let copy: Option<String> = row.try_get("nearest_relative_copy")?;
    let duty = copy
        .as_deref()
        .and_then(NearestRelativeCopy::parse)
        .map(|nearest_relative_copy| -> Result<DutyRecord, sqlx::Error> {
            Ok(DutyRecord {
                told_orally_on: opt_date(row.try_get("told_orally_on")?),
                told_in_writing_on: opt_date(row.try_get("told_in_writing_on")?),
                nearest_relative_copy,
                nearest_relative_copy_sent_on: opt_date(
                    row.try_get("nearest_relative_copy_sent_on")?,
                ),
            })
        })
        .transpose()?;
    Ok(Referral {
        id: row.try_get("id")?,
        reference: row.try_get("reference")?,
        channel: Channel::parse(&channel).ok_or_else(|| bad("channel"))?,
        referrer: ReferrerKind::parse(&referrer).ok_or_else(|| bad("referrer_kind"))?,
        received_at: received_at.parse().map_err(|_| bad("received_at"))?,
        given_name: row.try_get("given_name")?,
        family_name: row.try_get("family_name")?,
        date_of_birth: opt_date(row.try_get("date_of_birth")?),
        nhs_number: row
            .try_get::<Option<String>, _>("nhs_number")?
            .and_then(|n| NhsNumber::parse(&n).ok()),
        whereabouts: Whereabouts::parse(&whereabouts).ok_or_else(|| bad("whereabouts"))?,
        hospital_id: row.try_get("hospital_id")?,
        hospital_name: row.try_get("hospital_name")?,
        ward: row.try_get("ward")?,
        address: row.try_get("address")?,
        phone: row.try_get("phone")?,
        email: row.try_get("email")?,
        legal_status: row
            .try_get::<Option<String>, _>("legal_status")?
            .and_then(|s| Status::parse(&s).ok()),
        jurisdiction: Jurisdiction::parse(&jurisdiction).ok_or_else(|| bad("jurisdiction"))?,
        help: help.split(',').filter_map(HelpKind::parse).collect(),
        help_other: row.try_get("help_other")?,
        interpreter_language: row.try_get("interpreter_language")?,
        bsl: row.try_get("bsl")?,
        easy_read: row.try_get("easy_read")?,
        communication_other: row.try_get("communication_other")?,
        knows_about_referral: row
            .try_get::<Option<String>, _>("knows_about_referral")?
            .and_then(|a| Answer::parse(&a)),
        agrees_to_referral: row
            .try_get::<Option<String>, _>("agrees_to_referral")?
            .and_then(|a| Answer::parse(&a)),
        risk: row.try_get("risk")?,
        referrer_name: row.try_get("referrer_name")?,
        referrer_role: row.try_get("referrer_role")?,
        referrer_organisation: row.try_get("referrer_organisation")?,
        referrer_phone: row.try_get("referrer_phone")?,
        referrer_email: row.try_get("referrer_email")?,
        duty,
        appears_eligible: row.try_get("appears_eligible")?,
        eligibility_basis: row.try_get("eligibility_basis")?,
        created_by_user: row.try_get("created_by_user")?,
        status: ReferralStatus::parse(&status).ok_or_else(|| bad("status"))?,
        decision_code: row.try_get("decision_code")?,
        decision_reason: row.try_get("decision_reason")?,
        decided_by: row.try_get("decided_by")?,
        decided_at: opt_time(row.try_get("decided_at")?),
        first_contact_at: opt_time(row.try_get("first_contact_at")?),
        case_id: row.try_get("case_id")?,
    })
}

/// A referral by id, without auditing: for imha's own use (notifications, tests). Screens
/// that show a referral to a person use [`view`].
pub async fn get(db: &Database, id: &str) -> Result<Option<Referral>, StorageError> {
    let sql = format!("{SELECT_REFERRAL} WHERE r.id = $1");
    let r = on_pool!(db, p => match sqlx::query(&sql).bind(id).fetch_optional(p).await {
        Ok(Some(row)) => referral_from_row(&row).map(Some),
        Ok(None) => Ok(None),
        Err(e) => Err(e),
    })?;
    Ok(r)
}

/// A referral by its reference (what the referrer quotes), without auditing.
pub async fn id_for_reference(
    db: &Database,
    reference: &str,
) -> Result<Option<String>, StorageError> {
    let sql = "SELECT id FROM referrals WHERE reference = $1";
    let r = reference.trim().to_uppercase();
    Ok(on_pool!(db, p => sqlx::query_scalar(sql).bind(&r).fetch_optional(p).await)?)
}

/// Show a referral to a person: reads it and records the view in the audit trail.
pub async fn view(
    db: &Database,
    id: &str,
    actor: &Actor,
) -> Result<Option<Referral>, StorageError> {
    let Some(r) = get(db, id).await? else {
        return Ok(None);
    };
    audit::record_now(
        db,
        actor.entry(Action::RecordViewed).on_record("referral", id),
    )
    .await?;
    Ok(Some(r))
}

/// Another referral that may be for the same person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PossibleDuplicate {
    pub id: String,
    pub reference: String,
    pub status: ReferralStatus,
    /// `nhs-number` or `name-and-date-of-birth`.
    pub matched_on: &'static str,
}

/// Other referrals with the same NHS number, or the same name and date of birth.
pub async fn possible_duplicates(
    db: &Database,
    id: &str,
) -> Result<Vec<PossibleDuplicate>, StorageError> {
    Ok(duplicates_of(db, &[id.to_string()])
        .await?
        .into_iter()
        .map(|(_, d)| d)
        .collect())
}

/// The possible duplicates of the referrals `ids` (referral id, duplicate), oldest first.
async fn duplicates_of(
    db: &Database,
    ids: &[String],
) -> Result<Vec<(String, PossibleDuplicate)>, StorageError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    // Other referrals are found by index in two ways (migration 0014): most through
    // `referrals_nhs_number` and `referrals_match_key`, which leave out the opt-out referrals
    // marked `keys_on_patient`; those through their patient, whose NHS number and match_key
    // are theirs (`patients_nhs_number`, `patients_match_key`, then `referrals_patient`).
    // Each way compares the other referral's own values, as a join on them would; UNION
    // keeps each pair once. CROSS JOIN keeps SQLite to that order (left to right; without it,
    // it chose to scan every referral for the last way); to PostgreSQL it is a plain join.
    let sql = format!(
        "WITH r AS (SELECT id, nhs_number, match_key FROM referrals WHERE id IN ({})), \
         pairs (rid, oid) AS ( \
           SELECT r.id, o.id FROM r CROSS JOIN referrals o \
             WHERE o.nhs_number = r.nhs_number AND NOT o.keys_on_patient \
           UNION SELECT r.id, o.id FROM r CROSS JOIN referrals o \
             WHERE o.match_key = r.match_key AND NOT o.keys_on_patient \
           UNION SELECT r.id, o.id FROM r CROSS JOIN patients p CROSS JOIN referrals o \
             WHERE p.nhs_number = r.nhs_number AND o.patient_id = p.id \
             AND o.keys_on_patient AND o.nhs_number = r.nhs_number \
           UNION SELECT r.id, o.id FROM r CROSS JOIN patients p CROSS JOIN referrals o \
             WHERE p.match_key = r.match_key AND o.patient_id = p.id \
             AND o.keys_on_patient AND o.match_key = r.match_key) \
         SELECT r.id, o.id, o.reference, o.status, \
         CASE WHEN r.nhs_number IS NOT NULL AND o.nhs_number = r.nhs_number \
              THEN 'nhs-number' ELSE 'name-and-date-of-birth' END \
         FROM pairs JOIN r ON r.id = pairs.rid JOIN referrals o ON o.id = pairs.oid \
         WHERE o.id <> r.id ORDER BY o.received_at, o.id",
        placeholders.join(", ")
    );
    let rows: Vec<(String, String, String, String, String)> = on_pool!(db, p => {
        let mut q = sqlx::query_as(&sql);
        for id in ids {
            q = q.bind(id);
        }
        q.fetch_all(p).await
    })?;
    Ok(rows
        .into_iter()
        .filter_map(|(rid, id, reference, status, on)| {
            Some((
                rid,
                PossibleDuplicate {
                    id,
                    reference,
                    status: ReferralStatus::parse(&status)?,
                    matched_on: if on == "nhs-number" {
                        "nhs-number"
                    } else {
                        "name-and-date-of-birth"
                    },
                },
            ))
        })
        .collect())
}

/// A new referral waiting in the triage queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueItem {
    pub referral: Referral,
    pub duplicates: Vec<PossibleDuplicate>,
}

/// How many referrals wait in the triage queue.
pub async fn count_new(db: &Database) -> Result<i64, StorageError> {
    Ok(on_pool!(db, p => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM referrals WHERE status = 'new'").fetch_one(p).await)?)
}

/// The triage queue: all new referrals, oldest first, each with its possible duplicates.
/// Screens use [`queue_page`]: after an opt-out feed's first import the queue can hold
/// hundreds of thousands.
pub async fn queue(db: &Database) -> Result<Vec<QueueItem>, StorageError> {
    queue_page(db, i64::MAX, 0).await
}

/// One page of the triage queue: at most `limit` new referrals, oldest first, after skipping
/// `offset`, each with its possible duplicates.
pub async fn queue_page(
    db: &Database,
    limit: i64,
    offset: i64,
) -> Result<Vec<QueueItem>, StorageError> {
    let sql = format!(
        "{SELECT_REFERRAL} WHERE r.status = 'new' ORDER BY r.received_at, r.id LIMIT $1 OFFSET $2"
    );
    let referrals: Vec<Referral> = on_pool!(db, p => match sqlx::query(&sql)
        .bind(limit)
        .bind(offset.max(0))
        .fetch_all(p)
        .await
    {
        Ok(rows) => rows.iter().map(referral_from_row).collect::<Result<Vec<_>, _>>(),
        Err(e) => Err(e),
    })?;
    // The duplicates of these referrals only, a statement per chunk of ids.
    let mut dups: std::collections::HashMap<String, Vec<PossibleDuplicate>> =
        std::collections::HashMap::new();
    let ids: Vec<String> = referrals.iter().map(|r| r.id.clone()).collect();
    for chunk in ids.chunks(500) {
        for (rid, d) in duplicates_of(db, chunk).await? {
            dups.entry(rid).or_default().push(d);
        }
    }
    Ok(referrals
        .into_iter()
        .map(|referral| {
            let duplicates = dups.remove(&referral.id).unwrap_or_default();
            QueueItem {
                referral,
                duplicates,
            }
        })
        .collect())
}

/// Referrals decided recently (newest first), for the queue page's "recently decided" list.
pub async fn recently_decided(db: &Database, limit: i64) -> Result<Vec<Referral>, StorageError> {
    let sql = format!(
        "{SELECT_REFERRAL} WHERE r.status <> 'new' ORDER BY r.decided_at DESC, r.id LIMIT $1"
    );
    Ok(
        on_pool!(db, p => match sqlx::query(&sql).bind(limit).fetch_all(p).await {
            Ok(rows) => rows.iter().map(referral_from_row).collect::<Result<Vec<_>, _>>(),
            Err(e) => Err(e),
        })?,
    )
}

/// What the service manager decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Accept: opens a case.
    Accept,
    /// The provider declines, with the MHSDS rejection code and a reason in words.
    Decline {
        code: RejectionReason,
        reason: String,
    },
    /// The person decided not to have an IMHA.
    PatientDeclined {
        code: PatientDecision,
        reason: Option<String>,
    },
}

/// What [`decide`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decided {
    pub status: ReferralStatus,
    /// The case opened (accepting only).
    pub case_id: Option<String>,
}

/// Record a triage decision on a new referral, with its audit entries, in `tx`.
pub async fn decide(
    tx: &mut Tx,
    id: &str,
    decision: &Decision,
    actor: &Actor,
    at: Timestamp,
) -> Result<Decided, ReferralError> {
    let status: Option<String> = on_tx!(tx, c => sqlx::query_scalar("SELECT status FROM referrals WHERE id = $1").bind(id).fetch_optional(c).await)?;
    let status = status
        .as_deref()
        .and_then(ReferralStatus::parse)
        .ok_or(ReferralError::NotFound)?;
    if status != ReferralStatus::New {
        return Err(ReferralError::AlreadyDecided(status));
    }
    let (new_status, code, reason) = match decision {
        Decision::Accept => (ReferralStatus::Accepted, None, None),
        Decision::Decline { code, reason } => {
            let r = reason.trim();
            if r.is_empty() {
                return Err(ReferralError::Invalid(vec![FieldError::new(
                    "reason",
                    "Enter the reason for declining the referral",
                )]));
            }
            if r.chars().count() > MAX_LONG {
                return Err(ReferralError::Invalid(vec![FieldError::new(
                    "reason",
                    format!("Reason must be {MAX_LONG} characters or fewer"),
                )]));
            }
            (
                ReferralStatus::Declined,
                Some(code.id()),
                Some(r.to_string()),
            )
        }
        Decision::PatientDeclined { code, reason } => {
            let r = reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
            if *code == PatientDecision::Other && r.is_none() {
                return Err(ReferralError::Invalid(vec![FieldError::new(
                    "reason",
                    "Enter the person's reason",
                )]));
            }
            if r.is_some_and(|r| r.chars().count() > MAX_LONG) {
                return Err(ReferralError::Invalid(vec![FieldError::new(
                    "reason",
                    format!("Reason must be {MAX_LONG} characters or fewer"),
                )]));
            }
            (
                ReferralStatus::PatientDeclined,
                Some(code.id()),
                r.map(str::to_string),
            )
        }
    };
    let sql = "UPDATE referrals SET status = $1, decision_code = $2, decision_reason = $3, \
               decided_by = $4, decided_at = $5 WHERE id = $6 AND status = 'new'";
    let changed = on_tx!(tx, c => sqlx::query(sql).bind(new_status.id()).bind(code).bind(&reason).bind(actor.user_id()).bind(at.to_string()).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    if changed == 0 {
        // Someone else decided it after we read "new" (PostgreSQL's READ COMMITTED lets both
        // read it; this UPDATE waited for theirs and then matched nothing). Nothing is
        // recorded and no case is opened: say what they decided.
        let now: Option<String> = on_tx!(tx, c => sqlx::query_scalar("SELECT status FROM referrals WHERE id = $1").bind(id).fetch_optional(c).await)?;
        let now = now
            .as_deref()
            .and_then(ReferralStatus::parse)
            .ok_or(ReferralError::NotFound)?;
        return Err(ReferralError::AlreadyDecided(now));
    }
    audit::record(
        tx,
        actor
            .entry(Action::RecordChanged)
            .on_record("referral", id)
            .with_detail(format!("decision={}", new_status.id())),
    )
    .await?;
    let case_id = if *decision == Decision::Accept {
        let case_id = uuid::Uuid::now_v7().to_string();
        let sql = "INSERT INTO cases (id, referral_id, status, opened_at, opened_by) \
                   VALUES ($1, $2, 'open', $3, $4)";
        on_tx!(tx, c => sqlx::query(sql).bind(&case_id).bind(id).bind(at.to_string()).bind(actor.user_id()).execute(c).await.map(|_| ()))?;
        audit::record(
            tx,
            actor
                .entry(Action::RecordCreated)
                .on_record("case", &case_id)
                .with_detail(format!("referral={id}")),
        )
        .await?;
        Some(case_id)
    } else {
        None
    };
    Ok(Decided {
        status: new_status,
        case_id,
    })
}

/// Record when the provider first contacted the person (or the referrer, for a person who
/// cannot be reached directly). Only the first is kept; it cannot be before the referral
/// arrived or in the future.
pub async fn record_first_contact(
    tx: &mut Tx,
    id: &str,
    at: Timestamp,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), ReferralError> {
    let row: Option<(String, Option<String>)> = on_tx!(tx, c => sqlx::query_as("SELECT received_at, first_contact_at FROM referrals WHERE id = $1").bind(id).fetch_optional(c).await)?;
    let (received, existing) = row.ok_or(ReferralError::NotFound)?;
    if existing.is_some() {
        return Err(ReferralError::Invalid(vec![FieldError::new(
            "first_contact",
            "First contact has already been recorded for this referral",
        )]));
    }
    let received: Timestamp = received.parse().map_err(|_| ReferralError::NotFound)?;
    // Minutes are what people enter; compare at that precision.
    if at.as_second() / 60 < received.as_second() / 60 {
        return Err(ReferralError::Invalid(vec![FieldError::new(
            "first_contact",
            "First contact must be after the referral arrived",
        )]));
    }
    if at > now {
        return Err(ReferralError::Invalid(vec![FieldError::new(
            "first_contact",
            "First contact must be now or in the past",
        )]));
    }
    let at = at.max(received);
    // Only if still unset: a first contact recorded by someone else since we read the row
    // (PostgreSQL's READ COMMITTED) is kept, not overwritten.
    let sql = "UPDATE referrals SET first_contact_at = $1, first_contact_by = $2 \
               WHERE id = $3 AND first_contact_at IS NULL";
    let changed = on_tx!(tx, c => sqlx::query(sql).bind(at.to_string()).bind(actor.user_id()).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    if changed == 0 {
        return Err(ReferralError::Invalid(vec![FieldError::new(
            "first_contact",
            "First contact has already been recorded for this referral",
        )]));
    }
    audit::record(
        tx,
        actor
            .entry(Action::RecordChanged)
            .on_record("referral", id)
            .with_detail("first-contact"),
    )
    .await?;
    Ok(())
}

/// How quickly the provider responded, in working days (England and Wales: weekends and bank
/// holidays are not working days).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResponseTime {
    /// The UK date the referral arrived.
    pub received_on: Date,
    /// The target, in working days after the day it arrived.
    pub target_working_days: i32,
    /// The last day that meets the target.
    pub due_on: Date,
    /// The UK date of first contact, if made.
    pub first_contact_on: Option<Date>,
    /// Working days from arrival to first contact, or to today while waiting.
    pub working_days: i32,
    /// Whether the target is (still) met.
    pub within_target: bool,
}

/// The response time of a referral received at `received_at`, first contacted at
/// `first_contact_at` (or still waiting on `today`), against a target of `target` working days.
pub fn response_time(
    received_at: Timestamp,
    first_contact_at: Option<Timestamp>,
    today: Date,
    target: i32,
) -> ResponseTime {
    response_time_from(
        uk_date(received_at),
        first_contact_at.map(uk_date),
        today,
        target,
    )
}

/// [`response_time`] from UK dates: the day counting starts (the day a referral arrived; for
/// the reports, an opt-out referral's qualifying episode's start) and the day of first contact.
pub fn response_time_from(
    received_on: Date,
    first_contact_on: Option<Date>,
    today: Date,
    target: i32,
) -> ResponseTime {
    let until = first_contact_on.unwrap_or(today);
    let working_days = imha_law::holidays::working_days_between(received_on, until);
    ResponseTime {
        received_on,
        target_working_days: target,
        due_on: imha_law::holidays::add_working_days(received_on, target),
        first_contact_on,
        working_days,
        within_target: working_days <= target,
    }
}

/// How long a draft of the public form is kept without change.
pub const DRAFT_LIFETIME: jiff::SignedDuration = jiff::SignedDuration::from_hours(4);

/// Save the public form's answers so far under the draft cookie `token`. Also deletes drafts
/// older than [`DRAFT_LIFETIME`].
pub async fn save_draft(
    db: &Database,
    token: &str,
    answers: &RawReferral,
    now: Timestamp,
) -> Result<(), StorageError> {
    let json = serde_json::to_string(answers)
        .map_err(|e| StorageError::Query(sqlx::Error::Protocol(e.to_string())))?;
    let hash = crate::accounts::token_hash(token);
    let cutoff = now.checked_sub(DRAFT_LIFETIME).unwrap_or(now).to_string();
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, c => sqlx::query("DELETE FROM referral_drafts WHERE updated_at < $1").bind(&cutoff).execute(c).await.map(|_| ()))?;
    let sql = "INSERT INTO referral_drafts (id_hash, answers, updated_at) VALUES ($1, $2, $3) \
               ON CONFLICT (id_hash) DO UPDATE SET answers = excluded.answers, \
               updated_at = excluded.updated_at";
    on_tx!(&mut tx, c => sqlx::query(sql).bind(&hash).bind(&json).bind(now.to_string()).execute(c).await.map(|_| ()))?;
    tx.commit().await
}

/// The answers saved under `token`, unless missing or older than [`DRAFT_LIFETIME`].
pub async fn load_draft(
    db: &Database,
    token: &str,
    now: Timestamp,
) -> Result<Option<RawReferral>, StorageError> {
    let hash = crate::accounts::token_hash(token);
    let row: Option<(String, String)> = on_pool!(db, p => sqlx::query_as("SELECT answers, updated_at FROM referral_drafts WHERE id_hash = $1").bind(&hash).fetch_optional(p).await)?;
    Ok(row.and_then(|(answers, updated)| {
        let updated: Timestamp = updated.parse().ok()?;
        if now.duration_since(updated) > DRAFT_LIFETIME {
            return None;
        }
        serde_json::from_str(&answers).ok()
    }))
}

/// Delete the draft under `token` (in the transaction that stores the referral). Returns
/// whether there was one: a second "Send" of the same draft (a double click, a resent form)
/// finds none, so the caller can store the referral only once.
pub async fn discard_draft(tx: &mut Tx, token: &str) -> Result<bool, StorageError> {
    let hash = crate::accounts::token_hash(token);
    let deleted = on_tx!(tx, c => sqlx::query("DELETE FROM referral_drafts WHERE id_hash = $1").bind(&hash).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(deleted > 0)
}

/// Email addresses to tell about a new referral: active service managers.
pub async fn notification_addresses(db: &Database) -> Result<Vec<String>, StorageError> {
    let sql = "SELECT email FROM users WHERE role = 'service-manager' AND active = TRUE \
               ORDER BY email";
    Ok(on_pool!(db, p => sqlx::query_scalar(sql).fetch_all(p).await)?)
}

/// Tell the provider about a new referral by email, when mail is configured. The message
/// holds the reference and a link only, never the person's details (email is not a secure
/// channel). Failures are logged (without addresses) and do not undo the referral: it is
/// already in the queue, which is the provider's primary notification.
pub async fn notify_new_referral(
    db: &Database,
    mailer: &crate::mail::Mailer,
    reference: &str,
    id: &str,
    base_url: Option<&str>,
) {
    if !mailer.is_on() {
        return;
    }
    let to = match notification_addresses(db).await {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(error = %e, "could not list who to tell about a new referral");
            return;
        }
    };
    let link = base_url
        .map(|b| format!("{}/staff/referrals/{id}", b.trim_end_matches('/')))
        .unwrap_or_else(|| "the referrals queue".to_string());
    let body = format!(
        "A new referral is waiting for triage.\n\nReference: {reference}\nOpen it: {link}\n\n\
         This email does not contain the person's details. Sign in to see them."
    );
    for address in to {
        if let Err(e) = mailer
            .send(&address, &format!("New referral {reference}"), body.clone())
            .await
        {
            tracing::warn!(error = %e, "could not send a new-referral email");
        }
    }
}

/// Send the referrer their reference, when they gave an email address and mail is
/// configured. Holds the reference only.
pub async fn acknowledge(
    mailer: &crate::mail::Mailer,
    to: Option<&str>,
    reference: &str,
    service_name: &str,
) {
    let Some(to) = to else { return };
    if !mailer.is_on() {
        return;
    }
    let body = format!(
        "Thank you. {service_name} has your referral.\n\nYour reference is {reference}.\n\n\
         Quote it if you contact us about this referral. An advocate will be in touch."
    );
    if let Err(e) = mailer
        .send(to, &format!("Your referral: {reference}"), body)
        .await
    {
        tracing::warn!(error = %e, "could not send a referral acknowledgement");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn minimal_self() -> RawReferral {
        RawReferral {
            referrer: Some("self".into()),
            given_name: Some("Sam".into()),
            family_name: Some("Okafor".into()),
            whereabouts: Some("hospital".into()),
            hospital_name: Some("Northshire General".into()),
            help: vec!["rights".into()],
            ..RawReferral::default()
        }
    }

    fn fields(e: &[FieldError]) -> Vec<&'static str> {
        e.iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_minimal_self_referral_from_a_ward_is_valid() {
        let r = validate(&minimal_self(), Channel::PublicForm, date(2026, 11, 28)).unwrap();
        assert_eq!(r.referrer, ReferrerKind::SelfReferral);
        assert_eq!(r.help, vec![HelpKind::Rights]);
        assert_eq!(r.knows_about_referral, None);
        assert!(r.duty.is_none());
    }

    #[test]
    fn every_problem_is_reported_against_its_field_in_form_order() {
        let raw = RawReferral {
            referrer: Some("neighbour".into()),
            given_name: Some("  ".into()),
            date_of_birth: Some("2030-01-01".into()),
            nhs_number: Some("9434765918".into()),
            whereabouts: Some("community".into()),
            email: Some("not-an-email".into()),
            legal_status: Some("s99".into()),
            help: vec!["other".into()],
            ..RawReferral::default()
        };
        let e = validate(&raw, Channel::PublicForm, date(2026, 11, 28)).unwrap_err();
        assert_eq!(
            fields(&e),
            vec![
                "referrer",
                "given_name",
                "family_name",
                "date_of_birth",
                "nhs_number",
                "address",
                "email",
                "legal_status",
                "help_other",
            ]
        );
        let msg = |f: &str| e.iter().find(|x| x.field == f).unwrap().message.clone();
        assert_eq!(msg("nhs_number"), "NHS number check digit does not match");
        assert_eq!(
            msg("date_of_birth"),
            "Date of birth must be today or in the past"
        );
    }

    #[test]
    fn third_parties_must_say_whether_the_person_knows_and_how_to_reach_them() {
        let mut raw = minimal_self();
        raw.referrer = Some("carer".into());
        let e = validate(&raw, Channel::PublicForm, date(2026, 11, 28)).unwrap_err();
        assert_eq!(
            fields(&e),
            vec!["knows_about_referral", "referrer_name", "referrer_phone"]
        );
        raw.knows_about_referral = Some("yes".into());
        raw.referrer_name = Some("Ana".into());
        raw.referrer_email = Some("ana@example.com".into());
        let e = validate(&raw, Channel::PublicForm, date(2026, 11, 28)).unwrap_err();
        assert_eq!(fields(&e), vec!["agrees_to_referral"]);
        raw.agrees_to_referral = Some("not-sure".into());
        assert!(validate(&raw, Channel::PublicForm, date(2026, 11, 28)).is_ok());
    }

    #[test]
    fn staff_referrals_record_the_duty_to_inform() {
        let mut raw = minimal_self();
        raw.referrer = None;
        raw.knows_about_referral = Some("yes".into());
        raw.agrees_to_referral = Some("yes".into());
        raw.referrer_name = Some("Staff Nurse".into());
        raw.referrer_phone = Some("01632 960 001".into());
        raw.date_of_birth = Some("1990-05-01".into());
        let e = validate(&raw, Channel::Staff, date(2026, 11, 28)).unwrap_err();
        assert_eq!(fields(&e), vec!["nearest_relative_copy"]);
        raw.nearest_relative_copy = Some("sent".into());
        let e = validate(&raw, Channel::Staff, date(2026, 11, 28)).unwrap_err();
        assert_eq!(fields(&e), vec!["nearest_relative_copy_sent_on"]);
        raw.nearest_relative_copy_sent_on = Some("2026-11-27".into());
        raw.told_orally_on = Some("2026-11-26".into());
        let ok = validate(&raw, Channel::Staff, date(2026, 11, 28)).unwrap();
        let duty = ok.duty.unwrap();
        assert_eq!(duty.told_orally_on, Some(date(2026, 11, 26)));
        assert_eq!(duty.told_in_writing_on, None);
        assert_eq!(ok.referrer, ReferrerKind::Professional);
    }

    #[test]
    fn over_long_and_control_character_answers_are_refused() {
        let mut raw = minimal_self();
        raw.given_name = Some("x".repeat(MAX_NAME + 1));
        raw.ward = Some("Ward\u{0007}".into());
        raw.risk = Some("Line one\nLine two".into());
        let e = validate(&raw, Channel::PublicForm, date(2026, 11, 28)).unwrap_err();
        assert_eq!(fields(&e), vec!["given_name", "ward"]);
        assert_eq!(e[0].message, "First name must be 100 characters or fewer");
    }

    #[test]
    fn references_are_unguessable_and_unambiguous() {
        let a = new_reference().unwrap();
        let b = new_reference().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 14);
        assert!(
            a.chars()
                .all(|c| c == '-' || REFERENCE_ALPHABET.contains(&(c as u8)))
        );
        assert!(!a.contains(['I', 'L', 'O', 'U']));
    }

    #[test]
    fn eligibility_is_the_rights_engine_s_answer() {
        let law = LawConfig::default();
        let today = date(2026, 11, 28);
        let (q, basis) =
            appears_eligible(Some(Status::S3), Jurisdiction::England, None, today, &law).unwrap();
        assert!(q);
        assert_eq!(basis, "MHA 1983 s130C(2)(a)");
        let (q, _) =
            appears_eligible(Some(Status::S136), Jurisdiction::England, None, today, &law).unwrap();
        assert!(!q);
        assert_eq!(
            appears_eligible(None, Jurisdiction::England, None, today, &law),
            None
        );
    }

    #[test]
    fn response_time_counts_working_days() {
        // Received Thursday 24 December 2026 at 10:00 UK time; target 2 working days: due
        // Wednesday 30 December (25th and 28th are bank holidays).
        let received: Timestamp = "2026-12-24T10:00:00Z".parse().unwrap();
        let r = response_time(received, None, date(2026, 12, 29), 2);
        assert_eq!(r.due_on, date(2026, 12, 30));
        assert_eq!(r.working_days, 1);
        assert!(r.within_target);
        let contact: Timestamp = "2026-12-31T09:00:00Z".parse().unwrap();
        let r = response_time(received, Some(contact), date(2027, 1, 5), 2);
        assert_eq!(r.working_days, 3);
        assert!(!r.within_target);
        assert_eq!(r.first_contact_on, Some(date(2026, 12, 31)));
    }
}
