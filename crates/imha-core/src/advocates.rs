//! Advocates' eligibility records: what a manager records about each advocate (training and
//! qualifications, SI 2008/3166 reg 6(2)(a); enhanced criminal record certificates, reg 6(5))
//! and what advocates declare themselves (links to patients that touch their independence,
//! reg 6(2)(c) and (d)). [`crate::allocation`] reads these to decide whether an advocate may be
//! allocated a case.
//!
//! Every change is audited in the same transaction; entries hold ids and kinds only, never
//! titles, certificate references, patients' details or descriptions.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::accounts::{Role, User};
use crate::audit::{self, Action};
use crate::db::{Database, StorageError, Tx};
use crate::nhs_number::NhsNumber;
use crate::referrals::{Actor, FieldError, MAX_LONG, MAX_NAME, MAX_SHORT, code_enum};
use crate::{on_pool, on_tx};

code_enum! {
    /// A qualification (for example the national IMHA qualification) or training recorded.
    TrainingKind {
        Qualification => "qualification", "Qualification";
        Training => "training", "Training";
    }
}

code_enum! {
    /// Which suitability information an enhanced certificate includes (Police Act 1997
    /// s113BB for adults, s113BA for children).
    BarredLists {
        Adults => "adults", "Adults (vulnerable adults, Police Act 1997 s113BB)";
        Children => "children", "Children (Police Act 1997 s113BA)";
        Both => "both", "Both adults and children";
    }
}

code_enum! {
    /// A link an advocate declares with a patient.
    InterestKind {
        ProfessionallyConcerned => "professionally-concerned",
            "I am professionally concerned with the patient's medical treatment, or work closely with someone who is";
        AskedToVisit => "asked-to-visit",
            "I asked for the patient to be visited or interviewed, or I am not independent of the person who did";
        PersonalRelationship => "personal-relationship",
            "I have a personal relationship with the patient or their family";
        Other => "other", "Another link with the patient";
    }
}

impl BarredLists {
    pub fn covers(self, list: List) -> bool {
        matches!(
            (self, list),
            (BarredLists::Both, _)
                | (BarredLists::Adults, List::Adults)
                | (BarredLists::Children, List::Children)
        )
    }
}

/// One barred list's suitability information.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum List {
    Adults,
    Children,
}

impl List {
    pub const ALL: [List; 2] = [List::Adults, List::Children];

    pub fn label(self) -> &'static str {
        match self {
            List::Adults => "Adults",
            List::Children => "Children",
        }
    }
}

/// A training or qualification record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Training {
    pub id: String,
    pub advocate_id: String,
    pub kind: TrainingKind,
    pub title: String,
    pub awarded_on: Date,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// An enhanced criminal record certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    pub id: String,
    pub advocate_id: String,
    pub issued_on: Date,
    pub lists: BarredLists,
    pub reference: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// A link an advocate declared with a patient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    pub id: String,
    pub advocate_id: String,
    pub kind: InterestKind,
    pub patient_id: Option<String>,
    pub nhs_number: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub date_of_birth: Option<Date>,
    pub match_key: Option<String>,
    pub description: String,
    pub declared_at: String,
    pub withdrawn_at: Option<String>,
}

impl Declaration {
    /// Who the declaration names, as the advocate gave it: "Sam Okafor, born 1 May 1990",
    /// "NHS number 943 476 5919", or both.
    pub fn patient_text(&self) -> String {
        let mut parts = Vec::new();
        if let (Some(g), Some(f)) = (&self.given_name, &self.family_name) {
            let mut s = format!("{g} {f}");
            if let Some(d) = self.date_of_birth {
                s.push_str(&format!(", born {}", d.strftime("%-d %B %Y")));
            }
            parts.push(s);
        }
        if let Some(n) = &self.nhs_number {
            let spaced = NhsNumber::parse(n).map(|n| n.spaced()).unwrap_or(n.clone());
            parts.push(format!("NHS number {spaced}"));
        }
        if parts.is_empty() {
            "Patient record".to_string()
        } else {
            parts.join("; ")
        }
    }
}

/// Why an advocate's record could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum AdvocateError {
    #[error("not found")]
    NotFound,
    #[error("the answers have problems: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for AdvocateError {
    fn from(e: sqlx::Error) -> Self {
        AdvocateError::Storage(StorageError::Query(e))
    }
}

fn problem(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// Text that must be given, at most `max` characters, without control characters other than
/// line breaks (when `multiline`).
fn text(
    value: Option<&str>,
    field: &'static str,
    what: &str,
    max: usize,
    multiline: bool,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let v = value.map(str::trim).filter(|v| !v.is_empty());
    match v {
        None => None,
        Some(v) if v.chars().count() > max => {
            errors.push(problem(
                field,
                format!("{what} must be {max} characters or fewer"),
            ));
            None
        }
        Some(v)
            if v.chars()
                .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'))) =>
        {
            errors.push(problem(
                field,
                format!("{what} must not contain special characters"),
            ));
            None
        }
        Some(v) => Some(v.to_string()),
    }
}

/// Whether `id` is an advocate's account (any state).
async fn advocate_exists(tx: &mut Tx, id: &str) -> Result<bool, StorageError> {
    let role: Option<String> = on_tx!(tx, c => sqlx::query_scalar("SELECT role FROM users WHERE id = $1").bind(id).fetch_optional(c).await)?;
    Ok(role.as_deref() == Some(Role::Advocate.id()))
}

/// Record a training course or qualification for an advocate, with its audit entry. The
/// kind, a title and the date it was awarded (not in the future) are needed.
pub async fn record_training(
    tx: &mut Tx,
    advocate_id: &str,
    kind: Option<TrainingKind>,
    title: Option<&str>,
    awarded_on: Option<Date>,
    actor: &Actor,
    now: Timestamp,
) -> Result<String, AdvocateError> {
    let today = crate::referrals::uk_date(now);
    let mut errors = Vec::new();
    if kind.is_none() {
        errors.push(problem(
            "kind",
            "Select whether this is a qualification or training",
        ));
    }
    let title = text(title, "title", "Title", MAX_SHORT, false, &mut errors);
    if title.is_none() && !errors.iter().any(|e| e.field == "title") {
        errors.push(problem(
            "title",
            "Enter the name of the qualification or course",
        ));
    }
    match awarded_on {
        None => errors.push(problem(
            "awarded_on",
            "Enter the date it was awarded or completed",
        )),
        Some(d) if d > today => errors.push(problem(
            "awarded_on",
            "The date it was awarded must be today or in the past",
        )),
        Some(_) => {}
    }
    let (Some(kind), Some(title), Some(awarded_on), true) =
        (kind, title, awarded_on, errors.is_empty())
    else {
        return Err(AdvocateError::Invalid(errors));
    };
    if !advocate_exists(tx, advocate_id).await? {
        return Err(AdvocateError::NotFound);
    }
    let id = uuid::Uuid::now_v7().to_string();
    let sql = "INSERT INTO advocate_training (id, advocate_id, kind, title, awarded_on, \
               recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(tx, c => sqlx::query(sql)
        .bind(&id)
        .bind(advocate_id)
        .bind(kind.id())
        .bind(&title)
        .bind(awarded_on.to_string())
        .bind(actor.user_id())
        .bind(now.to_string())
        .execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        actor
            .entry(Action::RecordCreated)
            .on_record("advocate-training", &id)
            .with_detail(format!("advocate={advocate_id} kind={}", kind.id())),
    )
    .await?;
    Ok(id)
}

/// Record an enhanced criminal record certificate for an advocate, with its audit entry: the
/// date of issue (not in the future), the barred lists it covers and an optional reference.
pub async fn record_certificate(
    tx: &mut Tx,
    advocate_id: &str,
    issued_on: Option<Date>,
    lists: Option<BarredLists>,
    reference: Option<&str>,
    actor: &Actor,
    now: Timestamp,
) -> Result<String, AdvocateError> {
    let today = crate::referrals::uk_date(now);
    let mut errors = Vec::new();
    match issued_on {
        None => errors.push(problem(
            "issued_on",
            "Enter the date the certificate was issued",
        )),
        Some(d) if d > today => errors.push(problem(
            "issued_on",
            "The date of issue must be today or in the past",
        )),
        Some(_) => {}
    }
    if lists.is_none() {
        errors.push(problem(
            "barred_lists",
            "Select which barred lists the certificate includes",
        ));
    }
    let reference = text(
        reference,
        "reference",
        "Certificate number",
        MAX_NAME,
        false,
        &mut errors,
    );
    let (Some(issued_on), Some(lists), true) = (issued_on, lists, errors.is_empty()) else {
        return Err(AdvocateError::Invalid(errors));
    };
    if !advocate_exists(tx, advocate_id).await? {
        return Err(AdvocateError::NotFound);
    }
    let id = uuid::Uuid::now_v7().to_string();
    let sql = "INSERT INTO criminal_record_certificates (id, advocate_id, issued_on, \
               barred_lists, reference, recorded_by, recorded_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(tx, c => sqlx::query(sql)
        .bind(&id)
        .bind(advocate_id)
        .bind(issued_on.to_string())
        .bind(lists.id())
        .bind(&reference)
        .bind(actor.user_id())
        .bind(now.to_string())
        .execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        actor
            .entry(Action::RecordCreated)
            .on_record("criminal-record-certificate", &id)
            .with_detail(format!("advocate={advocate_id} lists={}", lists.id())),
    )
    .await?;
    Ok(id)
}

/// A declaration as typed: the patient by NHS number, or by name and date of birth (or both).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewDeclaration {
    pub kind: Option<InterestKind>,
    pub nhs_number: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub date_of_birth: Option<Date>,
    pub description: Option<String>,
}

/// Declare a link with a patient, with its audit entry. The patient is named by a valid NHS
/// number, or a full name and date of birth; when a patient record from the hospital feed
/// has that NHS number (or, failing that, is the only one with that name and date of birth)
/// the declaration points at it too. Returns the declaration's id.
pub async fn declare(
    tx: &mut Tx,
    advocate_id: &str,
    new: &NewDeclaration,
    actor: &Actor,
    now: Timestamp,
) -> Result<String, AdvocateError> {
    let today = crate::referrals::uk_date(now);
    let mut errors = Vec::new();
    if new.kind.is_none() {
        errors.push(problem("kind", "Select what your link with the patient is"));
    }
    let nhs = match new.nhs_number.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(n) => match NhsNumber::parse(n) {
            Ok(n) => Some(n),
            Err(e) => {
                errors.push(problem("nhs_number", format!("NHS number {e}")));
                None
            }
        },
    };
    let given = text(
        new.given_name.as_deref(),
        "given_name",
        "First name",
        MAX_NAME,
        false,
        &mut errors,
    );
    let family = text(
        new.family_name.as_deref(),
        "family_name",
        "Last name",
        MAX_NAME,
        false,
        &mut errors,
    );
    if let Some(d) = new.date_of_birth
        && d > today
    {
        errors.push(problem(
            "date_of_birth",
            "Date of birth must be today or in the past",
        ));
    }
    let named = given.is_some() || family.is_some() || new.date_of_birth.is_some();
    let bad_nhs = errors.iter().any(|e| e.field == "nhs_number");
    if named {
        if given.is_none() && !errors.iter().any(|e| e.field == "given_name") {
            errors.push(problem("given_name", "Enter the patient's first name"));
        }
        if family.is_none() && !errors.iter().any(|e| e.field == "family_name") {
            errors.push(problem("family_name", "Enter the patient's last name"));
        }
        if new.date_of_birth.is_none() {
            errors.push(problem(
                "date_of_birth",
                "Enter the patient's date of birth",
            ));
        }
    } else if nhs.is_none() && !bad_nhs {
        errors.push(problem(
            "nhs_number",
            "Enter the patient's NHS number, or their name and date of birth",
        ));
    }
    let description = text(
        new.description.as_deref(),
        "description",
        "Description",
        MAX_LONG,
        true,
        &mut errors,
    );
    if description.is_none() && !errors.iter().any(|e| e.field == "description") {
        errors.push(problem(
            "description",
            "Describe your link with the patient",
        ));
    }
    let (Some(kind), Some(description), true) = (new.kind, description, errors.is_empty()) else {
        return Err(AdvocateError::Invalid(errors));
    };
    let match_key = match (&given, &family, new.date_of_birth) {
        (Some(g), Some(f), Some(d)) => Some(crate::feed::import::match_key(g, f, d)),
        _ => None,
    };
    // The patient record, if the feed has one: by NHS number, else the only match by name and
    // date of birth. Merged records point at their survivor.
    let mut patient_id: Option<String> = None;
    if let Some(n) = &nhs {
        let sql = "SELECT COALESCE(merged_into, id) FROM patients WHERE nhs_number = $1";
        patient_id =
            on_tx!(tx, c => sqlx::query_scalar(sql).bind(n.as_str()).fetch_optional(c).await)?;
    }
    if patient_id.is_none()
        && let Some(key) = &match_key
    {
        let sql = "SELECT id FROM patients WHERE match_key = $1 AND merged_into IS NULL";
        let ids: Vec<String> =
            on_tx!(tx, c => sqlx::query_scalar(sql).bind(key).fetch_all(c).await)?;
        if ids.len() == 1 {
            patient_id = ids.into_iter().next();
        }
    }
    let id = uuid::Uuid::now_v7().to_string();
    let sql = "INSERT INTO interest_declarations (id, advocate_id, kind, patient_id, nhs_number, \
               given_name, family_name, date_of_birth, match_key, description, declared_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    on_tx!(tx, c => sqlx::query(sql)
        .bind(&id)
        .bind(advocate_id)
        .bind(kind.id())
        .bind(&patient_id)
        .bind(nhs.as_ref().map(|n| n.as_str().to_string()))
        .bind(&given)
        .bind(&family)
        .bind(new.date_of_birth.map(|d| d.to_string()))
        .bind(&match_key)
        .bind(&description)
        .bind(now.to_string())
        .execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        actor
            .entry(Action::RecordCreated)
            .on_record("interest-declaration", &id)
            .with_detail(format!("advocate={advocate_id} kind={}", kind.id())),
    )
    .await?;
    Ok(id)
}

/// Withdraw one of `advocate_id`'s own declarations (kept, marked withdrawn), with its audit
/// entry. Someone else's declaration, or one already withdrawn, is [`AdvocateError::NotFound`].
pub async fn withdraw(
    tx: &mut Tx,
    declaration_id: &str,
    advocate_id: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), AdvocateError> {
    let sql = "UPDATE interest_declarations SET withdrawn_at = $1 \
               WHERE id = $2 AND advocate_id = $3 AND withdrawn_at IS NULL";
    let changed = on_tx!(tx, c => sqlx::query(sql).bind(now.to_string()).bind(declaration_id).bind(advocate_id).execute(c).await.map(|r| r.rows_affected()))?;
    if changed == 0 {
        return Err(AdvocateError::NotFound);
    }
    audit::record(
        tx,
        actor
            .entry(Action::RecordChanged)
            .on_record("interest-declaration", declaration_id)
            .with_detail("withdrawn"),
    )
    .await?;
    Ok(())
}

pub(crate) type TrainingRow = (String, String, String, String, String, String, String);

pub(crate) fn training_from_row(r: TrainingRow) -> Option<Training> {
    Some(Training {
        id: r.0,
        advocate_id: r.1,
        kind: TrainingKind::parse(&r.2)?,
        title: r.3,
        awarded_on: imha_law::dates::parse_date(&r.4)?,
        recorded_by: r.5,
        recorded_at: r.6,
    })
}

pub(crate) type CertificateRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
);

pub(crate) fn certificate_from_row(r: CertificateRow) -> Option<Certificate> {
    Some(Certificate {
        id: r.0,
        advocate_id: r.1,
        issued_on: imha_law::dates::parse_date(&r.2)?,
        lists: BarredLists::parse(&r.3)?,
        reference: r.4,
        recorded_by: r.5,
        recorded_at: r.6,
    })
}

pub(crate) type DeclarationRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    Option<String>,
);

pub(crate) fn declaration_from_row(r: DeclarationRow) -> Option<Declaration> {
    Some(Declaration {
        id: r.0,
        advocate_id: r.1,
        kind: InterestKind::parse(&r.2)?,
        patient_id: r.3,
        nhs_number: r.4,
        given_name: r.5,
        family_name: r.6,
        date_of_birth: r.7.as_deref().and_then(imha_law::dates::parse_date),
        match_key: r.8,
        description: r.9,
        declared_at: r.10,
        withdrawn_at: r.11,
    })
}

pub(crate) const TRAINING_COLUMNS: &str =
    "id, advocate_id, kind, title, awarded_on, recorded_by, recorded_at";
pub(crate) const CERTIFICATE_COLUMNS: &str =
    "id, advocate_id, issued_on, barred_lists, reference, recorded_by, recorded_at";
pub(crate) const DECLARATION_COLUMNS: &str = "id, advocate_id, kind, patient_id, nhs_number, given_name, \
    family_name, date_of_birth, match_key, description, declared_at, withdrawn_at";

/// Training and qualifications: of one advocate, or of every advocate (`None`); newest first.
pub async fn training(
    db: &Database,
    advocate_id: Option<&str>,
) -> Result<Vec<Training>, StorageError> {
    let sql = format!(
        "SELECT {TRAINING_COLUMNS} FROM advocate_training \
         WHERE ($1 IS NULL OR advocate_id = $1) ORDER BY awarded_on DESC, id DESC"
    );
    let rows: Vec<TrainingRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(advocate_id).fetch_all(p).await)?;
    Ok(rows.into_iter().filter_map(training_from_row).collect())
}

/// Certificates: of one advocate, or of every advocate (`None`); newest first.
pub async fn certificates(
    db: &Database,
    advocate_id: Option<&str>,
) -> Result<Vec<Certificate>, StorageError> {
    let sql = format!(
        "SELECT {CERTIFICATE_COLUMNS} FROM criminal_record_certificates \
         WHERE ($1 IS NULL OR advocate_id = $1) ORDER BY issued_on DESC, id DESC"
    );
    let rows: Vec<CertificateRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(advocate_id).fetch_all(p).await)?;
    Ok(rows.into_iter().filter_map(certificate_from_row).collect())
}

/// Declarations: of one advocate or of every advocate (`None`); withdrawn ones only when
/// `include_withdrawn`; newest first.
pub async fn declarations(
    db: &Database,
    advocate_id: Option<&str>,
    include_withdrawn: bool,
) -> Result<Vec<Declaration>, StorageError> {
    let sql = format!(
        "SELECT {DECLARATION_COLUMNS} FROM interest_declarations \
         WHERE ($1 IS NULL OR advocate_id = $1) AND ($2 OR withdrawn_at IS NULL) \
         ORDER BY declared_at DESC, id DESC"
    );
    let rows: Vec<DeclarationRow> = on_pool!(db, p => sqlx::query_as(&sql).bind(advocate_id).bind(include_withdrawn).fetch_all(p).await)?;
    Ok(rows.into_iter().filter_map(declaration_from_row).collect())
}

/// Active advocates' accounts, by name.
pub async fn active_advocates(db: &Database) -> Result<Vec<User>, StorageError> {
    let mut v: Vec<User> = crate::accounts::list_users(db)
        .await?
        .into_iter()
        .filter(|u| u.role == Role::Advocate && u.active)
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok(v)
}

/// The last day a certificate issued on `issued_on` is within a renewal policy of `months`
/// months: the same day `months` months later (the month's last day when it has no such day).
pub fn valid_until(issued_on: Date, months: i32) -> Date {
    issued_on
        .checked_add(jiff::Span::new().months(months))
        .unwrap_or(Date::MAX)
}

/// How one barred list stands for an advocate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificateStatus {
    /// Within the renewal policy until this day.
    Valid { until: Date },
    /// Within the renewal policy until this day, which is at most [`EXPIRING_WITHIN_DAYS`]
    /// away.
    ExpiringSoon { until: Date },
    /// The newest certificate covering the list passed the renewal policy after this day.
    Expired { until: Date },
    /// No certificate covers the list.
    Missing,
}

/// "Expiring soon" is this many days or fewer before the renewal policy's limit.
pub const EXPIRING_WITHIN_DAYS: i32 = 60;

/// How `list` stands on `today` given `certificates` (any order) and a renewal policy of
/// `months` months: the certificate covering it that lasts longest decides.
pub fn certificate_status(
    certificates: &[Certificate],
    list: List,
    today: Date,
    months: i32,
) -> CertificateStatus {
    let Some(until) = certificates
        .iter()
        .filter(|c| c.lists.covers(list))
        .map(|c| valid_until(c.issued_on, months))
        .max()
    else {
        return CertificateStatus::Missing;
    };
    if until < today {
        CertificateStatus::Expired { until }
    } else if imha_law::dates::days_between(today, until) <= EXPIRING_WITHIN_DAYS {
        CertificateStatus::ExpiringSoon { until }
    } else {
        CertificateStatus::Valid { until }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cert(issued: Date, lists: BarredLists) -> Certificate {
        Certificate {
            id: "c".into(),
            advocate_id: "a".into(),
            issued_on: issued,
            lists,
            reference: None,
            recorded_by: "m".into(),
            recorded_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn a_certificate_is_valid_through_the_day_the_policy_ends() {
        let c = [cert(date(2023, 3, 1), BarredLists::Adults)];
        assert_eq!(valid_until(date(2023, 3, 1), 36), date(2026, 3, 1));
        assert_eq!(
            certificate_status(&c, List::Adults, date(2026, 3, 1), 36),
            CertificateStatus::ExpiringSoon {
                until: date(2026, 3, 1)
            }
        );
        assert_eq!(
            certificate_status(&c, List::Adults, date(2026, 3, 2), 36),
            CertificateStatus::Expired {
                until: date(2026, 3, 1)
            }
        );
        assert_eq!(
            certificate_status(&c, List::Adults, date(2025, 12, 31), 36),
            CertificateStatus::ExpiringSoon {
                until: date(2026, 3, 1)
            },
            "60 days before"
        );
        assert_eq!(
            certificate_status(&c, List::Adults, date(2025, 12, 30), 36),
            CertificateStatus::Valid {
                until: date(2026, 3, 1)
            },
            "61 days before"
        );
        assert_eq!(
            certificate_status(&c, List::Children, date(2025, 1, 1), 36),
            CertificateStatus::Missing
        );
        // The month's last day when the day does not exist.
        assert_eq!(valid_until(date(2024, 2, 29), 12), date(2025, 2, 28));
    }

    #[test]
    fn the_longest_lasting_certificate_for_a_list_decides() {
        let c = [
            cert(date(2020, 1, 1), BarredLists::Both),
            cert(date(2025, 6, 1), BarredLists::Adults),
        ];
        assert!(matches!(
            certificate_status(&c, List::Adults, date(2026, 1, 1), 36),
            CertificateStatus::Valid { .. }
        ));
        assert!(matches!(
            certificate_status(&c, List::Children, date(2026, 1, 1), 36),
            CertificateStatus::Expired { .. }
        ));
    }

    #[test]
    fn a_declaration_names_its_patient_as_given() {
        let d = Declaration {
            id: "d".into(),
            advocate_id: "a".into(),
            kind: InterestKind::Other,
            patient_id: None,
            nhs_number: Some("9434765919".into()),
            given_name: Some("Sam".into()),
            family_name: Some("Okafor".into()),
            date_of_birth: Some(date(1990, 5, 1)),
            match_key: None,
            description: "x".into(),
            declared_at: "t".into(),
            withdrawn_at: None,
        };
        assert_eq!(
            d.patient_text(),
            "Sam Okafor, born 1 May 1990; NHS number 943 476 5919"
        );
    }
}
