//! Allocation: a manager names the advocate for a case, only an advocate eligible to act as
//! the patient's IMHA, and the manager's view of the service.
//!
//! Who may act as an IMHA (law.md §4): in England SI 2008/3166 reg 6(2): (a) appropriate
//! experience or training; (b) integrity and good character, for which an enhanced criminal
//! record certificate must be obtained (reg 6(5)) with suitability information relating to
//! children (Police Act 1997 s113BA) for a patient under 18, or to vulnerable adults (s113BB)
//! for one 18 or over; (c) able to act independently of anyone professionally concerned with
//! the patient's medical treatment; (d) and of anyone who asks them to visit or interview the
//! patient. In Wales SI 2011/2501 reg 4(1)(a), 4(4)(a)/(b) and reg 5(1)(a)/(b) say the same
//! (reg 5 was read from legislation.gov.uk; law.md does not yet hold it). How old a
//! certificate may be is the provider's renewal policy ([`Policy`]), not the law's.
//!
//! [`check`] is pure: the advocate's facts, the case's facts, today and the policy give the
//! conflicts, each with a plain-English reason and its citation. [`allocate`] refuses an
//! advocate with conflicts unless a manager gives a written reason, and records the override.
//!
//! Only active accounts with the advocate role can be allocated. A service manager is not
//! offered even if they hold the qualifications: the person named on a case is the IMHA the
//! regulations govern, and a manager allocating to themselves could override their own
//! conflicts, which would defeat "an override needs a manager". A manager who also works as an
//! IMHA needs an advocate account for that work.

use imha_law::Jurisdiction;
use jiff::Timestamp;
use jiff::civil::Date;

use crate::accounts::Role;
use crate::advocates::{self, BarredLists, Certificate, Declaration, InterestKind, List, Training};
use crate::audit::{self, Action};
use crate::db::{Database, StorageError, Tx};
use crate::referrals::{Actor, FieldError, MAX_LONG};
use crate::{on_pool, on_tx};

/// The provider's own rules for allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// How many months after its issue a criminal record certificate is relied on. Not the
    /// law's: reg 6(5) only says one must be obtained.
    pub certificate_renewal_months: i32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            certificate_renewal_months: 36,
        }
    }
}

/// What stops an advocate acting for a patient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConflictCode {
    NoTraining,
    NoCertificate,
    CertificateExpired,
    ProfessionallyConcerned,
    AskedToVisit,
    PersonalRelationship,
    DeclaredInterest,
}

impl ConflictCode {
    pub const ALL: &'static [ConflictCode] = &[
        ConflictCode::NoTraining,
        ConflictCode::NoCertificate,
        ConflictCode::CertificateExpired,
        ConflictCode::ProfessionallyConcerned,
        ConflictCode::AskedToVisit,
        ConflictCode::PersonalRelationship,
        ConflictCode::DeclaredInterest,
    ];

    /// The id stored in `case_allocations.conflicts`.
    pub const fn id(self) -> &'static str {
        match self {
            ConflictCode::NoTraining => "no-training",
            ConflictCode::NoCertificate => "no-certificate",
            ConflictCode::CertificateExpired => "certificate-expired",
            ConflictCode::ProfessionallyConcerned => "professionally-concerned",
            ConflictCode::AskedToVisit => "asked-to-visit",
            ConflictCode::PersonalRelationship => "personal-relationship",
            ConflictCode::DeclaredInterest => "declared-interest",
        }
    }

    /// A short label for lists of stored codes.
    pub const fn label(self) -> &'static str {
        match self {
            ConflictCode::NoTraining => "No training or qualification",
            ConflictCode::NoCertificate => "No certificate for the patient's age",
            ConflictCode::CertificateExpired => "Certificate past the renewal policy",
            ConflictCode::ProfessionallyConcerned => "Professionally concerned",
            ConflictCode::AskedToVisit => "Asked for the visit",
            ConflictCode::PersonalRelationship => "Personal relationship",
            ConflictCode::DeclaredInterest => "Other declared link",
        }
    }

    pub fn parse(s: &str) -> Option<ConflictCode> {
        ConflictCode::ALL.iter().copied().find(|c| c.id() == s)
    }
}

/// One reason an advocate may not act for a patient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub code: ConflictCode,
    /// Plain English, starting lower case, e.g. "no enhanced criminal record certificate
    /// covering vulnerable adults (the patient is 18 or over)".
    pub reason: String,
    /// Where the rule comes from, e.g. "SI 2008/3166 reg 6(5)".
    pub citation: &'static str,
}

impl Conflict {
    /// "reason — citation".
    pub fn text(&self) -> String {
        format!("{} — {}", self.reason, self.citation)
    }
}

/// What the eligibility check knows about an advocate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdvocateFacts {
    pub user_id: String,
    pub email: String,
    pub training: Vec<Training>,
    pub certificates: Vec<Certificate>,
    /// Declarations not withdrawn.
    pub declarations: Vec<Declaration>,
}

/// What the eligibility check knows about a case's patient and who asked for the visit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseFacts {
    pub jurisdiction: Jurisdiction,
    /// The patient's record (and the record it was merged into), if the feed has one.
    pub patient_ids: Vec<String>,
    pub nhs_numbers: Vec<String>,
    /// Name and date of birth keys (`feed::import::match_key`).
    pub match_keys: Vec<String>,
    /// Every date of birth on record (the referral's and the patient record's).
    pub dates_of_birth: Vec<Date>,
    /// The member of staff who made the referral.
    pub referred_by_user: Option<String>,
    /// The referrer's email address, as given.
    pub referrer_email: Option<String>,
}

const CERT_ENGLAND: &str = "SI 2008/3166 reg 6(5)";
const CERT_WALES_CHILDREN: &str = "SI 2011/2501 reg 4(4)(a)";
const CERT_WALES_ADULTS: &str = "SI 2011/2501 reg 4(4)(b)";
const RENEWAL_POLICY: &str = "the provider's renewal policy (not a legal limit)";

fn training_citation(j: Jurisdiction) -> &'static str {
    match j {
        Jurisdiction::England => "SI 2008/3166 reg 6(2)(a)",
        Jurisdiction::Wales => "SI 2011/2501 reg 4(1)(a)",
    }
}

fn concerned_citation(j: Jurisdiction) -> &'static str {
    match j {
        Jurisdiction::England => "SI 2008/3166 reg 6(2)(c)",
        Jurisdiction::Wales => "SI 2011/2501 reg 5(1)(a)",
    }
}

fn asked_citation(j: Jurisdiction) -> &'static str {
    match j {
        Jurisdiction::England => "SI 2008/3166 reg 6(2)(d)",
        Jurisdiction::Wales => "SI 2011/2501 reg 5(1)(b)",
    }
}

const DECLARED_POLICY: &str = "declared by the advocate (the provider's independence policy)";

/// Which barred lists a certificate must cover for this patient, and why, in words. Unknown
/// age (no date of birth): both. Dates of birth that disagree about 18: both.
pub fn lists_needed(dates_of_birth: &[Date], today: Date) -> (Vec<List>, &'static str) {
    if dates_of_birth.is_empty() {
        return (
            vec![List::Children, List::Adults],
            "the patient's date of birth is not known, so the certificate must cover both children and vulnerable adults",
        );
    }
    let minor = dates_of_birth
        .iter()
        .any(|d| imha_law::dates::age_on(*d, today) < 18);
    let adult = dates_of_birth
        .iter()
        .any(|d| imha_law::dates::age_on(*d, today) >= 18);
    match (minor, adult) {
        (true, true) => (
            vec![List::Children, List::Adults],
            "the patient's recorded dates of birth disagree about whether they are 18, so the certificate must cover both",
        ),
        (true, false) => (vec![List::Children], "the patient is under 18"),
        _ => (vec![List::Adults], "the patient is 18 or over"),
    }
}

fn list_words(list: List, j: Jurisdiction) -> &'static str {
    match (list, j) {
        (List::Children, _) => "children",
        (List::Adults, Jurisdiction::England) => "vulnerable adults",
        (List::Adults, Jurisdiction::Wales) => "vulnerable persons",
    }
}

fn long_date(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

fn declared_on(d: &Declaration) -> String {
    d.declared_at
        .parse::<Timestamp>()
        .map(|t| long_date(crate::referrals::uk_date(t)))
        .unwrap_or_else(|_| d.declared_at.clone())
}

/// Whether a declaration names this case's patient: the same patient record, NHS number, or
/// name and date of birth.
pub fn names_patient(d: &Declaration, case: &CaseFacts) -> bool {
    d.patient_id
        .as_ref()
        .is_some_and(|p| case.patient_ids.contains(p))
        || d.nhs_number
            .as_ref()
            .is_some_and(|n| case.nhs_numbers.contains(n))
        || d.match_key
            .as_ref()
            .is_some_and(|k| case.match_keys.contains(k))
}

/// Everything that stops `advocate` acting as the IMHA for `case`'s patient on `today`, each
/// with its reason and citation. Empty: eligible.
pub fn check(
    advocate: &AdvocateFacts,
    case: &CaseFacts,
    today: Date,
    policy: &Policy,
) -> Vec<Conflict> {
    let j = case.jurisdiction;
    let mut out = Vec::new();

    // (a) Experience or training.
    if !advocate.training.iter().any(|t| t.awarded_on <= today) {
        out.push(Conflict {
            code: ConflictCode::NoTraining,
            reason: "no training or qualification recorded".into(),
            citation: training_citation(j),
        });
    }

    // (b) An enhanced certificate with the right suitability information, within the policy.
    let (needed, why) = lists_needed(&case.dates_of_birth, today);
    for list in needed {
        let words = list_words(list, j);
        let citation = match (j, list) {
            (Jurisdiction::England, _) => CERT_ENGLAND,
            (Jurisdiction::Wales, List::Children) => CERT_WALES_CHILDREN,
            (Jurisdiction::Wales, List::Adults) => CERT_WALES_ADULTS,
        };
        match advocates::certificate_status(
            &advocate.certificates,
            list,
            today,
            policy.certificate_renewal_months,
        ) {
            advocates::CertificateStatus::Missing => out.push(Conflict {
                code: ConflictCode::NoCertificate,
                reason: format!("no enhanced criminal record certificate covering {words} ({why})"),
                citation,
            }),
            advocates::CertificateStatus::Expired { until } => out.push(Conflict {
                code: ConflictCode::CertificateExpired,
                reason: format!(
                    "the enhanced criminal record certificate covering {words} ({why}) was due \
                     for renewal on {}: the provider relies on a certificate for {} months",
                    long_date(until),
                    policy.certificate_renewal_months
                ),
                citation: RENEWAL_POLICY,
            }),
            _ => {}
        }
    }

    // (d) Independent of whoever asked for the visit.
    if case.referred_by_user.as_deref() == Some(advocate.user_id.as_str()) {
        out.push(Conflict {
            code: ConflictCode::AskedToVisit,
            reason: "made the referral asking for the patient to be visited".into(),
            citation: asked_citation(j),
        });
    }
    if case
        .referrer_email
        .as_deref()
        .is_some_and(|e| e.trim().eq_ignore_ascii_case(advocate.email.trim()))
    {
        out.push(Conflict {
            code: ConflictCode::AskedToVisit,
            reason: "is the referrer: the referral gives their email address".into(),
            citation: asked_citation(j),
        });
    }

    // (c), (d) and the provider's own rules: what the advocate declared.
    for d in advocate
        .declarations
        .iter()
        .filter(|d| d.withdrawn_at.is_none() && names_patient(d, case))
    {
        let on = declared_on(d);
        out.push(match d.kind {
            InterestKind::ProfessionallyConcerned => Conflict {
                code: ConflictCode::ProfessionallyConcerned,
                reason: format!(
                    "declared on {on} that they are, or work closely with, someone \
                     professionally concerned with the patient's medical treatment"
                ),
                citation: concerned_citation(j),
            },
            InterestKind::AskedToVisit => Conflict {
                code: ConflictCode::AskedToVisit,
                reason: format!(
                    "declared on {on} that they are not independent of the person who asked \
                     for the patient to be visited or interviewed"
                ),
                citation: asked_citation(j),
            },
            InterestKind::PersonalRelationship => Conflict {
                code: ConflictCode::PersonalRelationship,
                reason: format!(
                    "declared on {on} a personal relationship with the patient or their family"
                ),
                citation: DECLARED_POLICY,
            },
            InterestKind::Other => Conflict {
                code: ConflictCode::DeclaredInterest,
                reason: format!("declared on {on} another link with the patient"),
                citation: DECLARED_POLICY,
            },
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Reading the facts

/// A case as the allocation screens show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseSummary {
    pub case_id: String,
    pub referral_id: String,
    pub reference: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<Date>,
    /// open, paused or closed.
    pub status: String,
    pub opened_at: String,
    pub advocate_id: Option<String>,
    pub advocate_name: Option<String>,
    pub allocated_at: Option<String>,
    pub facts: CaseFacts,
}

impl CaseSummary {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    case_id: String,
    referral_id: String,
    reference: String,
    given_name: String,
    family_name: String,
    date_of_birth: Option<String>,
    status: String,
    opened_at: String,
    advocate_id: Option<String>,
    advocate_name: Option<String>,
    allocated_at: Option<String>,
    jurisdiction: String,
    patient_id: Option<String>,
    merged_into: Option<String>,
    nhs_number: Option<String>,
    patient_nhs_number: Option<String>,
    match_key: Option<String>,
    patient_match_key: Option<String>,
    patient_date_of_birth: Option<String>,
    referrer_email: Option<String>,
    created_by_user: Option<String>,
}

const CASE_SQL: &str = "SELECT c.id AS case_id, r.id AS referral_id, r.reference, \
    r.given_name, r.family_name, r.date_of_birth, c.status, c.opened_at, c.advocate_id, \
    u.name AS advocate_name, c.allocated_at, r.jurisdiction, r.patient_id, p.merged_into, \
    r.nhs_number, p.nhs_number AS patient_nhs_number, r.match_key, \
    p.match_key AS patient_match_key, p.date_of_birth AS patient_date_of_birth, \
    r.referrer_email, r.created_by_user \
    FROM cases c JOIN referrals r ON r.id = c.referral_id \
    LEFT JOIN patients p ON p.id = r.patient_id \
    LEFT JOIN users u ON u.id = c.advocate_id WHERE c.id = $1";

fn push_new<T: PartialEq>(v: &mut Vec<T>, x: Option<T>) {
    if let Some(x) = x
        && !v.contains(&x)
    {
        v.push(x);
    }
}

fn summary_from_row(r: CaseRow) -> CaseSummary {
    let mut facts = CaseFacts {
        jurisdiction: Jurisdiction::parse(&r.jurisdiction).unwrap_or_default(),
        referred_by_user: r.created_by_user,
        referrer_email: r.referrer_email,
        ..CaseFacts::default()
    };
    push_new(&mut facts.patient_ids, r.patient_id);
    push_new(&mut facts.patient_ids, r.merged_into);
    push_new(&mut facts.nhs_numbers, r.nhs_number);
    push_new(&mut facts.nhs_numbers, r.patient_nhs_number);
    push_new(&mut facts.match_keys, r.match_key);
    push_new(&mut facts.match_keys, r.patient_match_key);
    let referral_dob = r
        .date_of_birth
        .as_deref()
        .and_then(imha_law::dates::parse_date);
    push_new(&mut facts.dates_of_birth, referral_dob);
    push_new(
        &mut facts.dates_of_birth,
        r.patient_date_of_birth
            .as_deref()
            .and_then(imha_law::dates::parse_date),
    );
    CaseSummary {
        case_id: r.case_id,
        referral_id: r.referral_id,
        reference: r.reference,
        given_name: r.given_name,
        family_name: r.family_name,
        date_of_birth: referral_dob.or_else(|| facts.dates_of_birth.first().copied()),
        status: r.status,
        opened_at: r.opened_at,
        advocate_id: r.advocate_id,
        advocate_name: r.advocate_name,
        allocated_at: r.allocated_at,
        facts,
    }
}

/// A case and its patient's facts, without auditing (screens audit their view themselves).
pub async fn case_summary(
    db: &Database,
    case_id: &str,
) -> Result<Option<CaseSummary>, StorageError> {
    let row: Option<CaseRow> =
        on_pool!(db, p => sqlx::query_as(CASE_SQL).bind(case_id).fetch_optional(p).await)?;
    Ok(row.map(summary_from_row))
}

async fn case_summary_tx(tx: &mut Tx, case_id: &str) -> Result<Option<CaseSummary>, StorageError> {
    let row: Option<CaseRow> =
        on_tx!(tx, c => sqlx::query_as(CASE_SQL).bind(case_id).fetch_optional(c).await)?;
    Ok(row.map(summary_from_row))
}

/// The facts of every active advocate (or of `only`), in name order, with their names.
pub async fn advocate_facts(
    db: &Database,
    only: Option<&str>,
) -> Result<Vec<(crate::accounts::User, AdvocateFacts)>, StorageError> {
    let users = advocates::active_advocates(db).await?;
    let training = advocates::training(db, only).await?;
    let certificates = advocates::certificates(db, only).await?;
    let declarations = advocates::declarations(db, only, false).await?;
    Ok(users
        .into_iter()
        .filter(|u| only.is_none_or(|o| o == u.id))
        .map(|u| {
            let facts = AdvocateFacts {
                user_id: u.id.clone(),
                email: u.email.clone(),
                training: training
                    .iter()
                    .filter(|t| t.advocate_id == u.id)
                    .cloned()
                    .collect(),
                certificates: certificates
                    .iter()
                    .filter(|c| c.advocate_id == u.id)
                    .cloned()
                    .collect(),
                declarations: declarations
                    .iter()
                    .filter(|d| d.advocate_id == u.id)
                    .cloned()
                    .collect(),
            };
            (u, facts)
        })
        .collect())
}

/// An advocate's open and paused cases.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Caseload {
    pub open: i64,
    pub paused: i64,
}

/// Caseloads by advocate id (advocates with none are absent).
pub async fn caseloads(db: &Database) -> Result<Vec<(String, Caseload)>, StorageError> {
    let sql = "SELECT advocate_id, \
               SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END), \
               SUM(CASE WHEN status = 'paused' THEN 1 ELSE 0 END) \
               FROM cases WHERE advocate_id IS NOT NULL AND status IN ('open', 'paused') \
               GROUP BY advocate_id";
    let rows: Vec<(String, i64, i64)> = on_pool!(db, p => sqlx::query_as(sql).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, open, paused)| (id, Caseload { open, paused }))
        .collect())
}

/// One advocate as the allocation page offers them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub caseload: Caseload,
    pub conflicts: Vec<Conflict>,
}

/// Every active advocate for `case`, with caseload and conflicts on `today`: eligible ones
/// first, then by caseload and name.
pub async fn candidates(
    db: &Database,
    case: &CaseSummary,
    today: Date,
    policy: &Policy,
) -> Result<Vec<Candidate>, StorageError> {
    let loads = caseloads(db).await?;
    let mut out: Vec<Candidate> = advocate_facts(db, None)
        .await?
        .into_iter()
        .map(|(u, facts)| Candidate {
            caseload: loads
                .iter()
                .find(|(id, _)| *id == u.id)
                .map(|(_, l)| l.clone())
                .unwrap_or_default(),
            conflicts: check(&facts, &case.facts, today, policy),
            id: u.id,
            name: u.name,
        })
        .collect();
    out.sort_by(|a, b| {
        (!a.conflicts.is_empty(), a.caseload.open + a.caseload.paused)
            .cmp(&(!b.conflicts.is_empty(), b.caseload.open + b.caseload.paused))
            .then(a.name.cmp(&b.name))
    });
    Ok(out)
}

/// One past allocation of a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllocationRecord {
    pub advocate_name: String,
    pub allocated_by_name: String,
    pub allocated_at: String,
    pub conflicts: Vec<ConflictCode>,
    pub override_reason: Option<String>,
}

/// A case's allocations, newest first.
pub async fn history(db: &Database, case_id: &str) -> Result<Vec<AllocationRecord>, StorageError> {
    let sql = "SELECT a.name, m.name, ca.allocated_at, ca.conflicts, ca.override_reason \
               FROM case_allocations ca JOIN users a ON a.id = ca.advocate_id \
               JOIN users m ON m.id = ca.allocated_by WHERE ca.case_id = $1 \
               ORDER BY ca.allocated_at DESC, ca.id DESC";
    type Row = (String, String, String, Option<String>, Option<String>);
    let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as(sql).bind(case_id).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|(a, m, at, conflicts, reason)| AllocationRecord {
            advocate_name: a,
            allocated_by_name: m,
            allocated_at: at,
            conflicts: conflicts
                .unwrap_or_default()
                .split(',')
                .filter_map(ConflictCode::parse)
                .collect(),
            override_reason: reason,
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Allocating

/// Why a case could not be allocated.
#[derive(Debug, thiserror::Error)]
pub enum AllocationError {
    #[error("no such case")]
    CaseNotFound,
    #[error("the case is closed")]
    CaseClosed,
    #[error("this person cannot be allocated cases: {0}")]
    NotAllocatable(&'static str),
    #[error("already the case's advocate")]
    AlreadyAllocated,
    #[error("the advocate has conflicts: {}", .0.iter().map(Conflict::text).collect::<Vec<_>>().join("; "))]
    Conflicts(Vec<Conflict>),
    #[error("the override reason has a problem: {}", .0.message)]
    Invalid(FieldError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for AllocationError {
    fn from(e: sqlx::Error) -> Self {
        AllocationError::Storage(StorageError::Query(e))
    }
}

/// What [`allocate`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocated {
    pub allocation_id: String,
    /// The conflicts overridden (empty when there were none).
    pub overridden: Vec<Conflict>,
    /// The advocate the case had before, if any.
    pub previous: Option<String>,
}

/// When an allocation happens: `now` stamps the records, `today` is the day eligibility is
/// checked on (the same day the candidate list was checked on).
#[derive(Clone, Copy, Debug)]
pub struct When {
    pub now: Timestamp,
    pub today: Date,
}

impl When {
    /// `now`, checked on its UK date.
    pub fn at(now: Timestamp) -> When {
        When {
            now,
            today: crate::referrals::uk_date(now),
        }
    }

    /// `now`, checked on `today` (a date fixed in configuration for demos and tests).
    pub fn on(now: Timestamp, today: Date) -> When {
        When { now, today }
    }
}

/// Name `advocate_id` as `case_id`'s advocate (allocation or reallocation), checking their
/// eligibility on `when.today` (see [`When`]). With conflicts and no `override_reason`, refuses with
/// [`AllocationError::Conflicts`]; with a reason, allocates and records the override. Writes
/// the case, a `case_allocations` row, a `case_events` row ("allocated") and the audit
/// entries, all in `tx`.
pub async fn allocate(
    tx: &mut Tx,
    case_id: &str,
    advocate_id: &str,
    override_reason: Option<&str>,
    actor: &Actor,
    when: When,
    policy: &Policy,
) -> Result<Allocated, AllocationError> {
    let When { now, today } = when;
    let case = case_summary_tx(tx, case_id)
        .await?
        .ok_or(AllocationError::CaseNotFound)?;
    if case.status == "closed" {
        return Err(AllocationError::CaseClosed);
    }
    let user: Option<(String, String, bool)> = on_tx!(tx, c => sqlx::query_as("SELECT email, role, active FROM users WHERE id = $1").bind(advocate_id).fetch_optional(c).await)?;
    let Some((email, role, active)) = user else {
        return Err(AllocationError::NotAllocatable("no such account"));
    };
    if role != Role::Advocate.id() {
        return Err(AllocationError::NotAllocatable(
            "only advocates can be allocated cases",
        ));
    }
    if !active {
        return Err(AllocationError::NotAllocatable(
            "the account is deactivated",
        ));
    }
    if case.advocate_id.as_deref() == Some(advocate_id) {
        return Err(AllocationError::AlreadyAllocated);
    }
    let facts = advocate_facts_tx(tx, advocate_id, &email).await?;
    let conflicts = check(&facts, &case.facts, today, policy);
    let reason = override_reason.map(str::trim).filter(|r| !r.is_empty());
    if !conflicts.is_empty() {
        let Some(r) = reason else {
            return Err(AllocationError::Conflicts(conflicts));
        };
        if r.chars().count() > MAX_LONG {
            return Err(AllocationError::Invalid(FieldError {
                field: "override_reason",
                message: format!("The reason must be {MAX_LONG} characters or fewer"),
            }));
        }
    }
    let overriding = !conflicts.is_empty();
    let reason = reason.filter(|_| overriding);
    let mut codes: Vec<&str> = Vec::new();
    for c in &conflicts {
        if !codes.contains(&c.code.id()) {
            codes.push(c.code.id());
        }
    }
    let at = now.to_string();
    let manager = actor.user_id();
    let sql = "UPDATE cases SET advocate_id = $1, allocated_at = $2, updated_at = $2 WHERE id = $3";
    on_tx!(tx, c => sqlx::query(sql).bind(advocate_id).bind(&at).bind(case_id).execute(c).await.map(|_| ()))?;
    let allocation_id = uuid::Uuid::now_v7().to_string();
    let sql = "INSERT INTO case_allocations (id, case_id, advocate_id, allocated_by, \
               allocated_at, conflicts, override_reason) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(tx, c => sqlx::query(sql)
        .bind(&allocation_id)
        .bind(case_id)
        .bind(advocate_id)
        .bind(manager)
        .bind(&at)
        .bind(overriding.then(|| codes.join(",")))
        .bind(reason)
        .execute(c).await.map(|_| ()))?;
    let sql = "INSERT INTO case_events (id, case_id, at, by_user, kind, reason) \
               VALUES ($1, $2, $3, $4, 'allocated', $5)";
    on_tx!(tx, c => sqlx::query(sql)
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(case_id)
        .bind(&at)
        .bind(manager)
        .bind(reason)
        .execute(c).await.map(|_| ()))?;
    let mut detail = format!("advocate={advocate_id}");
    if let Some(p) = &case.advocate_id {
        detail.push_str(&format!(" previous={p}"));
    }
    audit::record(
        tx,
        actor
            .entry(Action::CaseAllocated)
            .on_record("case", case_id)
            .with_detail(detail),
    )
    .await?;
    if overriding {
        audit::record(
            tx,
            actor
                .entry(Action::AllocationOverridden)
                .on_record("case", case_id)
                .with_detail(format!(
                    "advocate={advocate_id} conflicts={}",
                    codes.join(",")
                )),
        )
        .await?;
    }
    Ok(Allocated {
        allocation_id,
        overridden: if overriding { conflicts } else { Vec::new() },
        previous: case.advocate_id,
    })
}

async fn advocate_facts_tx(
    tx: &mut Tx,
    advocate_id: &str,
    email: &str,
) -> Result<AdvocateFacts, StorageError> {
    use advocates::{
        CERTIFICATE_COLUMNS, CertificateRow, DECLARATION_COLUMNS, DeclarationRow, TRAINING_COLUMNS,
        TrainingRow,
    };
    let sql = format!("SELECT {TRAINING_COLUMNS} FROM advocate_training WHERE advocate_id = $1");
    let training: Vec<TrainingRow> =
        on_tx!(tx, c => sqlx::query_as(&sql).bind(advocate_id).fetch_all(c).await)?;
    let sql = format!(
        "SELECT {CERTIFICATE_COLUMNS} FROM criminal_record_certificates WHERE advocate_id = $1"
    );
    let certificates: Vec<CertificateRow> =
        on_tx!(tx, c => sqlx::query_as(&sql).bind(advocate_id).fetch_all(c).await)?;
    let sql = format!(
        "SELECT {DECLARATION_COLUMNS} FROM interest_declarations \
         WHERE advocate_id = $1 AND withdrawn_at IS NULL"
    );
    let declarations: Vec<DeclarationRow> =
        on_tx!(tx, c => sqlx::query_as(&sql).bind(advocate_id).fetch_all(c).await)?;
    Ok(AdvocateFacts {
        user_id: advocate_id.to_string(),
        email: email.to_string(),
        training: training
            .into_iter()
            .filter_map(advocates::training_from_row)
            .collect(),
        certificates: certificates
            .into_iter()
            .filter_map(advocates::certificate_from_row)
            .collect(),
        declarations: declarations
            .into_iter()
            .filter_map(advocates::declaration_from_row)
            .collect(),
    })
}

// ---------------------------------------------------------------------------------------------
// The manager's view

/// An open case with no advocate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unallocated {
    pub case_id: String,
    pub reference: String,
    pub name: String,
    pub opened_at: Timestamp,
    /// Working days since the case opened (England and Wales bank holidays excluded).
    pub waiting_working_days: i32,
}

/// Open cases without an advocate, oldest first.
pub async fn unallocated(db: &Database, today: Date) -> Result<Vec<Unallocated>, StorageError> {
    let sql = "SELECT c.id, r.reference, r.given_name, r.family_name, c.opened_at \
               FROM cases c JOIN referrals r ON r.id = c.referral_id \
               WHERE c.status = 'open' AND c.advocate_id IS NULL ORDER BY c.opened_at, c.id";
    let rows: Vec<(String, String, String, String, String)> =
        on_pool!(db, p => sqlx::query_as(sql).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, reference, g, f, opened)| {
            let opened_at: Timestamp = opened.parse().ok()?;
            Some(Unallocated {
                case_id: id,
                reference,
                name: format!("{g} {f}"),
                waiting_working_days: imha_law::holidays::working_days_between(
                    crate::referrals::uk_date(opened_at),
                    today,
                ),
                opened_at,
            })
        })
        .collect())
}

/// New referrals waiting for triage.
pub async fn awaiting_triage(db: &Database) -> Result<i64, StorageError> {
    Ok(
        on_pool!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM referrals WHERE status = 'new'").fetch_one(p).await)?,
    )
}

/// An accepted referral whose first contact is past the response target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverdueContact {
    pub referral_id: String,
    pub reference: String,
    pub name: String,
    pub case_id: Option<String>,
    pub advocate_name: Option<String>,
    pub received_at: Timestamp,
    pub due_on: Date,
    pub working_days: i32,
}

/// Accepted referrals (with open or paused cases) with no first contact beyond `target`
/// working days, longest waiting first.
pub async fn overdue_first_contacts(
    db: &Database,
    today: Date,
    target: i32,
) -> Result<Vec<OverdueContact>, StorageError> {
    let sql = "SELECT r.id, r.reference, r.given_name, r.family_name, c.id, u.name, r.received_at \
               FROM referrals r LEFT JOIN cases c ON c.referral_id = r.id \
               LEFT JOIN users u ON u.id = c.advocate_id \
               WHERE r.status = 'accepted' AND r.first_contact_at IS NULL \
               AND (c.id IS NULL OR c.status <> 'closed') ORDER BY r.received_at, r.id";
    type Row = (
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
    );
    let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as(sql).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, reference, g, f, case_id, advocate, received)| {
            let received_at: Timestamp = received.parse().ok()?;
            let rt = crate::referrals::response_time(received_at, None, today, target);
            (!rt.within_target).then(|| OverdueContact {
                referral_id: id,
                reference,
                name: format!("{g} {f}"),
                case_id,
                advocate_name: advocate,
                received_at,
                due_on: rt.due_on,
                working_days: rt.working_days,
            })
        })
        .collect())
}

/// A task past its date and not done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverdueTask {
    pub task_id: String,
    pub advocate_id: String,
    pub advocate_name: String,
    pub title: String,
    pub due_on: Date,
    pub case_id: Option<String>,
}

/// Tasks due before `today` and not done, by advocate name then date.
pub async fn overdue_tasks(db: &Database, today: Date) -> Result<Vec<OverdueTask>, StorageError> {
    let sql = "SELECT t.id, t.assigned_to, u.name, t.title, t.due_on, t.case_id \
               FROM tasks t JOIN users u ON u.id = t.assigned_to \
               WHERE t.done_at IS NULL AND t.due_on < $1 ORDER BY u.name, t.due_on, t.id";
    let rows: Vec<(String, String, String, String, String, Option<String>)> =
        on_pool!(db, p => sqlx::query_as(sql).bind(today.to_string()).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, advocate_id, name, title, due, case_id)| {
            Some(OverdueTask {
                task_id: id,
                advocate_id,
                advocate_name: name,
                title,
                due_on: imha_law::dates::parse_date(&due)?,
                case_id,
            })
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Demo data

/// Give `imha demo`'s service what the allocation screens show: a second advocate, training
/// and certificates (Ash's expiring soon; Bailey's adults' list only), a declaration (Ash
/// worked on Bracken Ward, where Gus Hale is), two more accepted referrals (one waiting past
/// the first-contact target), cases allocated to each advocate and one left unallocated (Fern,
/// 17, whose case only Ash's certificate covers), and an overdue task.
pub async fn seed_demo(db: &Database) -> Result<(), StorageError> {
    use crate::referrals::{self as refs, Channel, Decision, RawReferral};
    let domain = crate::demo::DEMO_DOMAIN;
    let id_of = |local: &str| format!("{local}@{domain}");
    let Some(manager) = crate::accounts::user_by_email(db, &id_of("manager")).await? else {
        return Ok(());
    };
    let Some(ash) = crate::accounts::user_by_email(db, &id_of("advocate")).await? else {
        return Ok(());
    };
    let now = Timestamp::now();
    let today = refs::uk_date(now);
    let hours_ago = |h: i64| {
        now.checked_sub(jiff::SignedDuration::from_hours(h))
            .unwrap_or(now)
    };
    let months_ago = |m: i32| {
        today
            .checked_sub(jiff::Span::new().months(m))
            .unwrap_or(today)
    };
    let actor = Actor::User {
        id: manager.id.clone(),
        client: None,
    };
    let mut tx = db.begin().await?;
    let bailey = crate::accounts::create_user(
        &mut tx,
        &id_of("advocate2"),
        "Bailey Advocate (demo)",
        Role::Advocate,
        ash.organisation_id.as_deref(),
    )
    .await
    .map_err(|e| StorageError::Query(sqlx::Error::Protocol(e.to_string())))?;
    audit::record(
        &mut tx,
        audit::NewEntry::system(Action::UserInvited)
            .on_record("user", &bailey.id)
            .with_detail("demo account"),
    )
    .await?;
    let invalid =
        |e: advocates::AdvocateError| StorageError::Query(sqlx::Error::Protocol(e.to_string()));
    advocates::record_training(
        &mut tx,
        &ash.id,
        Some(advocates::TrainingKind::Qualification),
        Some("National Qualification in Independent Advocacy: Independent Mental Health Advocacy"),
        Some(months_ago(30)),
        &actor,
        now,
    )
    .await
    .map_err(invalid)?;
    // 36 months less 40 days ago: expiring soon under the default renewal policy.
    let ash_cert = imha_law::dates::add_days(months_ago(36), 40);
    advocates::record_certificate(
        &mut tx,
        &ash.id,
        Some(ash_cert),
        Some(BarredLists::Both),
        Some("001234567890"),
        &actor,
        now,
    )
    .await
    .map_err(invalid)?;
    advocates::record_training(
        &mut tx,
        &bailey.id,
        Some(advocates::TrainingKind::Training),
        Some("IMHA induction: the Mental Health Act and the role of the IMHA"),
        Some(months_ago(8)),
        &actor,
        now,
    )
    .await
    .map_err(invalid)?;
    advocates::record_certificate(
        &mut tx,
        &bailey.id,
        Some(months_ago(10)),
        Some(BarredLists::Adults),
        None,
        &actor,
        now,
    )
    .await
    .map_err(invalid)?;
    let ash_actor = Actor::User {
        id: ash.id.clone(),
        client: None,
    };
    advocates::declare(
        &mut tx,
        &ash.id,
        &advocates::NewDeclaration {
            kind: Some(InterestKind::ProfessionallyConcerned),
            nhs_number: Some("9990000077".into()),
            description: Some(
                "I worked as a support worker on Bracken Ward until last year and was part of \
                 Gus's care team."
                    .into(),
            ),
            ..advocates::NewDeclaration::default()
        },
        &ash_actor,
        now,
    )
    .await
    .map_err(invalid)?;

    // Two more accepted referrals: one contacted, one still waiting past the target.
    let law = imha_law::LawConfig::default();
    let referral = |given: &str, family: &str, dob: &str, ward: &str, status: &str| RawReferral {
        referrer: Some("professional".into()),
        given_name: Some(given.into()),
        family_name: Some(family.into()),
        date_of_birth: Some(dob.into()),
        whereabouts: Some("hospital".into()),
        hospital_ods: Some("RZZ02".into()),
        ward: Some(ward.into()),
        legal_status: Some(status.into()),
        help: vec!["rights".into(), "tribunal".into()],
        knows_about_referral: Some("yes".into()),
        agrees_to_referral: Some("yes".into()),
        referrer_name: Some("Rowan Referrer (demo)".into()),
        referrer_phone: Some("01632 960 456".into()),
        nearest_relative_copy: Some("not-yet".into()),
        ..RawReferral::default()
    };
    let to_refs =
        |e: refs::ReferralError| StorageError::Query(sqlx::Error::Protocol(e.to_string()));
    let mut cases = Vec::new();
    for (raw, hours, contacted) in [
        (
            referral("Noor", "Haddad", "1991-08-19", "Heather Ward", "s3"),
            200,
            true,
        ),
        (
            referral(
                "Fern",
                "Adair",
                "2009-05-05",
                "Fern Ward (adolescent)",
                "s2",
            ),
            170,
            false,
        ),
        (
            referral("Owen", "Pryce", "1972-01-09", "Bracken Ward", "s37"),
            150,
            false,
        ),
    ] {
        let made = refs::create(
            &mut tx,
            &raw,
            Channel::Staff,
            &actor,
            hours_ago(hours),
            &law,
        )
        .await
        .map_err(to_refs)?;
        if contacted {
            refs::record_first_contact(&mut tx, &made.id, hours_ago(hours - 20), &actor, now)
                .await
                .map_err(to_refs)?;
        }
        let decided = refs::decide(
            &mut tx,
            &made.id,
            &Decision::Accept,
            &actor,
            hours_ago(hours - 24),
        )
        .await
        .map_err(to_refs)?;
        cases.extend(decided.case_id);
    }
    tx.commit().await?;

    // Allocate: every open case but Fern's (the second made here), oldest first, alternating.
    let open: Vec<String> = on_pool!(db, p => sqlx::query_scalar("SELECT id FROM cases WHERE status = 'open' AND advocate_id IS NULL ORDER BY opened_at, id").fetch_all(p).await)?;
    let fern = cases.get(1).cloned();
    let policy = Policy::default();
    let mut tx = db.begin().await?;
    for (i, case_id) in open
        .iter()
        .filter(|c| Some(*c) != fern.as_ref())
        .enumerate()
    {
        let who = if i % 2 == 0 { &ash.id } else { &bailey.id };
        match allocate(&mut tx, case_id, who, None, &actor, When::at(now), &policy).await {
            Ok(_) | Err(AllocationError::Conflicts(_)) => {}
            Err(AllocationError::Storage(e)) => return Err(e),
            Err(e) => return Err(StorageError::Query(sqlx::Error::Protocol(e.to_string()))),
        }
    }
    // One of Ash's tasks, overdue.
    if let Some(case_id) = open.first() {
        let sql = "INSERT INTO tasks (id, case_id, assigned_to, kind, title, due_on, created_by, \
                   created_at) VALUES ($1, $2, $3, 'task', $4, $5, $6, $7)";
        on_tx!(&mut tx, c => sqlx::query(sql)
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(case_id)
            .bind(&ash.id)
            .bind("Send the patient the tribunal application form")
            .bind(imha_law::dates::add_days(today, -3).to_string())
            .bind(&manager.id)
            .bind(now.to_string())
            .execute(c).await.map(|_| ()))?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 6, 15);

    fn training(on: Date) -> Training {
        Training {
            id: "t".into(),
            advocate_id: "a".into(),
            kind: advocates::TrainingKind::Qualification,
            title: "National IMHA qualification".into(),
            awarded_on: on,
            recorded_by: "m".into(),
            recorded_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    fn cert(on: Date, lists: BarredLists) -> Certificate {
        Certificate {
            id: "c".into(),
            advocate_id: "a".into(),
            issued_on: on,
            lists,
            reference: None,
            recorded_by: "m".into(),
            recorded_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    fn declaration(kind: InterestKind) -> Declaration {
        Declaration {
            id: "d".into(),
            advocate_id: "a".into(),
            kind,
            patient_id: None,
            nhs_number: None,
            given_name: None,
            family_name: None,
            date_of_birth: None,
            match_key: None,
            description: "x".into(),
            declared_at: "2026-05-03T09:00:00Z".into(),
            withdrawn_at: None,
        }
    }

    fn qualified(lists: BarredLists) -> AdvocateFacts {
        AdvocateFacts {
            user_id: "a".into(),
            email: "ash@provider.example".into(),
            training: vec![training(date(2024, 1, 1))],
            certificates: vec![cert(date(2025, 1, 1), lists)],
            declarations: vec![],
        }
    }

    fn patient(dob: Option<Date>) -> CaseFacts {
        CaseFacts {
            jurisdiction: Jurisdiction::England,
            patient_ids: vec!["p1".into()],
            nhs_numbers: vec!["9434765919".into()],
            match_keys: vec!["sam|okafor|1990-05-01".into()],
            dates_of_birth: dob.into_iter().collect(),
            referred_by_user: Some("nurse".into()),
            referrer_email: Some("nurse@nhs.example".into()),
        }
    }

    fn codes(c: &[Conflict]) -> Vec<ConflictCode> {
        c.iter().map(|c| c.code).collect()
    }

    #[test]
    fn a_trained_advocate_with_the_right_certificate_is_eligible() {
        let c = check(
            &qualified(BarredLists::Adults),
            &patient(Some(date(1990, 5, 1))),
            TODAY,
            &Policy::default(),
        );
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn without_training_the_advocate_is_not_eligible() {
        let mut a = qualified(BarredLists::Both);
        a.training.clear();
        let c = check(
            &a,
            &patient(Some(date(1990, 5, 1))),
            TODAY,
            &Policy::default(),
        );
        assert_eq!(codes(&c), vec![ConflictCode::NoTraining]);
        assert_eq!(
            c[0].text(),
            "no training or qualification recorded — SI 2008/3166 reg 6(2)(a)"
        );
    }

    #[test]
    fn the_patient_s_18th_birthday_switches_the_list_needed() {
        // Born 15 June 2008: 17 on 14 June 2026, 18 on 15 June 2026.
        let dob = Some(date(2008, 6, 15));
        let adults = qualified(BarredLists::Adults);
        let c = check(
            &adults,
            &patient(dob),
            date(2026, 6, 14),
            &Policy::default(),
        );
        assert_eq!(codes(&c), vec![ConflictCode::NoCertificate]);
        assert_eq!(
            c[0].text(),
            "no enhanced criminal record certificate covering children (the patient is under \
             18) — SI 2008/3166 reg 6(5)"
        );
        assert!(
            check(
                &adults,
                &patient(dob),
                date(2026, 6, 15),
                &Policy::default()
            )
            .is_empty()
        );
        let children = qualified(BarredLists::Children);
        assert!(
            check(
                &children,
                &patient(dob),
                date(2026, 6, 14),
                &Policy::default()
            )
            .is_empty()
        );
        let c = check(
            &children,
            &patient(dob),
            date(2026, 6, 15),
            &Policy::default(),
        );
        assert_eq!(
            c[0].text(),
            "no enhanced criminal record certificate covering vulnerable adults (the patient is \
             18 or over) — SI 2008/3166 reg 6(5)"
        );
    }

    #[test]
    fn an_unknown_date_of_birth_needs_both_lists() {
        let c = check(
            &qualified(BarredLists::Adults),
            &patient(None),
            TODAY,
            &Policy::default(),
        );
        assert_eq!(codes(&c), vec![ConflictCode::NoCertificate]);
        assert!(
            c[0].reason.contains("covering children")
                && c[0].reason.contains("date of birth is not known"),
            "{}",
            c[0].reason
        );
        assert!(
            check(
                &qualified(BarredLists::Both),
                &patient(None),
                TODAY,
                &Policy::default()
            )
            .is_empty()
        );
        // Two certificates, one for each list, together cover both.
        let mut two = qualified(BarredLists::Adults);
        two.certificates
            .push(cert(date(2025, 2, 1), BarredLists::Children));
        assert!(check(&two, &patient(None), TODAY, &Policy::default()).is_empty());
    }

    #[test]
    fn a_certificate_is_relied_on_up_to_the_renewal_limit_and_not_a_day_more() {
        let mut a = qualified(BarredLists::Adults);
        a.certificates = vec![cert(date(2023, 6, 15), BarredLists::Adults)];
        let p = patient(Some(date(1990, 5, 1)));
        let policy = Policy::default();
        assert!(
            check(&a, &p, date(2026, 6, 15), &policy).is_empty(),
            "exactly 36 months"
        );
        let c = check(&a, &p, date(2026, 6, 16), &policy);
        assert_eq!(codes(&c), vec![ConflictCode::CertificateExpired]);
        assert!(c[0].reason.contains("15 June 2026"), "{}", c[0].reason);
        assert!(c[0].citation.contains("renewal policy"));
        // A longer policy keeps it.
        let longer = Policy {
            certificate_renewal_months: 48,
        };
        assert!(check(&a, &p, date(2026, 6, 16), &longer).is_empty());
    }

    #[test]
    fn whoever_asked_for_the_visit_is_not_independent() {
        let mut a = qualified(BarredLists::Adults);
        let mut p = patient(Some(date(1990, 5, 1)));
        p.referred_by_user = Some("a".into());
        let c = check(&a, &p, TODAY, &Policy::default());
        assert_eq!(codes(&c), vec![ConflictCode::AskedToVisit]);
        assert_eq!(c[0].citation, "SI 2008/3166 reg 6(2)(d)");
        p.referred_by_user = None;
        p.referrer_email = Some(" ASH@provider.example ".into());
        assert_eq!(
            codes(&check(&a, &p, TODAY, &Policy::default())),
            vec![ConflictCode::AskedToVisit]
        );
        p.referrer_email = None;
        let mut d = declaration(InterestKind::AskedToVisit);
        d.match_key = Some("sam|okafor|1990-05-01".into());
        a.declarations.push(d);
        let c = check(&a, &p, TODAY, &Policy::default());
        assert_eq!(codes(&c), vec![ConflictCode::AskedToVisit]);
        assert!(c[0].reason.contains("3 May 2026"), "{}", c[0].reason);
    }

    #[test]
    fn a_declaration_naming_the_patient_is_a_conflict_and_others_are_not() {
        let p = patient(Some(date(1990, 5, 1)));
        let mut a = qualified(BarredLists::Adults);
        let mut other_patient = declaration(InterestKind::ProfessionallyConcerned);
        other_patient.nhs_number = Some("9990000042".into());
        a.declarations.push(other_patient);
        assert!(check(&a, &p, TODAY, &Policy::default()).is_empty());
        for (field, kind, code, citation) in [
            (
                "patient",
                InterestKind::ProfessionallyConcerned,
                ConflictCode::ProfessionallyConcerned,
                "SI 2008/3166 reg 6(2)(c)",
            ),
            (
                "nhs",
                InterestKind::PersonalRelationship,
                ConflictCode::PersonalRelationship,
                DECLARED_POLICY,
            ),
            (
                "key",
                InterestKind::Other,
                ConflictCode::DeclaredInterest,
                DECLARED_POLICY,
            ),
        ] {
            let mut d = declaration(kind);
            match field {
                "patient" => d.patient_id = Some("p1".into()),
                "nhs" => d.nhs_number = Some("9434765919".into()),
                _ => d.match_key = Some("sam|okafor|1990-05-01".into()),
            }
            let mut with = a.clone();
            with.declarations.push(d.clone());
            let c = check(&with, &p, TODAY, &Policy::default());
            assert_eq!(codes(&c), vec![code]);
            assert_eq!(c[0].citation, citation);
            // Withdrawn: no longer a conflict.
            d.withdrawn_at = Some("2026-06-01T00:00:00Z".into());
            let mut withdrawn = a.clone();
            withdrawn.declarations.push(d);
            assert!(check(&withdrawn, &p, TODAY, &Policy::default()).is_empty());
        }
    }

    #[test]
    fn wales_cites_its_own_regulations() {
        let mut a = qualified(BarredLists::Children);
        a.training.clear();
        let mut d = declaration(InterestKind::ProfessionallyConcerned);
        d.patient_id = Some("p1".into());
        a.declarations.push(d);
        let mut p = patient(Some(date(1990, 5, 1)));
        p.jurisdiction = Jurisdiction::Wales;
        let c = check(&a, &p, TODAY, &Policy::default());
        let cites: Vec<&str> = c.iter().map(|c| c.citation).collect();
        assert_eq!(
            cites,
            vec![
                "SI 2011/2501 reg 4(1)(a)",
                "SI 2011/2501 reg 4(4)(b)",
                "SI 2011/2501 reg 5(1)(a)"
            ]
        );
        assert!(c[1].reason.contains("vulnerable persons"));
    }

    #[test]
    fn conflicting_dates_of_birth_need_both_lists() {
        let (lists, why) = lists_needed(&[date(2010, 1, 1), date(1990, 1, 1)], TODAY);
        assert_eq!(lists, vec![List::Children, List::Adults]);
        assert!(why.contains("disagree"));
    }
}
