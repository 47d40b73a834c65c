//! The provider's quality self-assessment (issue 9 point 1): SCIE's "What does a good IMHA
//! service look like?" (see `../shared/design/practice.md`), ten indicators each rated red
//! (not met), amber (attention needed) or green (all is well), with evidence and actions
//! (what, who owns it, by when). Assessments are kept over time: a new one can start from the
//! last one's ratings, evidence and open actions, and any two can be compared indicator by
//! indicator. A final assessment is read-only.
//!
//! Who may do what is decided here, from the person's role and organisation:
//! - a service manager edits and sees every assessment of their own provider ([`Editor`]);
//! - an advocate sees every assessment of their own provider, drafts included;
//! - a commissioner sees the **final** assessments of the providers in their council's area
//!   (`area_members`): the provider's published view of itself, never its working drafts.
//!
//! Anything else looks missing ([`QualityError::NotFound`]), as a case someone may not work on
//! does. Every change is audited in its transaction (ids, indicator numbers and ratings only:
//! evidence and action text are never written to the trail).
//!
//! [`live_evidence`] is pure: the published figures (`reports::Figures` through the
//! small-number rule) as plain sentences for the indicators imha can measure.

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::accounts::{Role, User};
use crate::audit::{self, Action as AuditAction, NewEntry};
use crate::db::{Database, StorageError, Tx};
use crate::referrals::{FieldError, code_enum};
use crate::reports::{Figures, Shown, Suppression};
use crate::{on_pool, on_tx};

/// Longest title.
pub const MAX_TITLE: usize = 100;
/// Longest evidence for one indicator.
pub const MAX_EVIDENCE: usize = 5_000;
/// Longest description of an action.
pub const MAX_ACTION: usize = 500;
/// Longest owner's name typed in.
pub const MAX_OWNER: usize = 100;

// ---------------------------------------------------------------------------------------------
// The ten indicators

/// One of SCIE's ten quality indicators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Indicator {
    /// 1 to 10, SCIE's numbering.
    pub number: u8,
    /// A short title for lists and headings.
    pub title: &'static str,
    /// The indicator in SCIE's words.
    pub wording: &'static str,
    /// Evidence a provider might give.
    pub evidence: &'static [&'static str],
}

/// The ten indicators, in SCIE's order (`INDICATORS[n - 1]` is indicator `n`).
pub const INDICATORS: [Indicator; 10] = [
    Indicator {
        number: 1,
        title: "A clear role",
        wording: "A clearly defined role, understood by patients, carers and staff.",
        evidence: &[
            "Information about the IMHA role in easy-to-understand formats and languages",
            "Training or briefings given to ward staff about the role",
            "Feedback from patients and staff about what an IMHA does",
        ],
    },
    Indicator {
        number: 2,
        title: "Person-centred and recovery-focused",
        wording: "A recovery-focused, person-centred approach that supports self-determination.",
        evidence: &[
            "Patients' own words about being heard and involved",
            "Outcome measures: felt heard, felt involved in decisions",
            "Support for people to speak up for themselves (self-advocacy)",
        ],
    },
    Indicator {
        number: 3,
        title: "Independence",
        wording: "Demonstrable independence from mental health services.",
        evidence: &[
            "Funding and management separate from the hospital",
            "Advocates' declared links with patients, and how conflicts are handled",
            "Hospital staff's understanding that the advocate is independent",
        ],
    },
    Indicator {
        number: 4,
        title: "Co-production",
        wording: "Co-production: people who use services involved in design, delivery and \
                  monitoring.",
        evidence: &[
            "People with lived experience on steering or reference groups",
            "Patients' involvement in recruiting and training advocates",
            "Changes made because of what people who use the service said",
        ],
    },
    Indicator {
        number: 5,
        title: "Meets diverse needs",
        wording: "Meets diverse needs.",
        evidence: &[
            "Interpreters, British Sign Language and Easy Read used when needed",
            "Non-instructed advocacy for people who cannot instruct an advocate",
            "Work with community groups that reach people the service may miss",
        ],
    },
    Indicator {
        number: 6,
        title: "Trained and accountable staff",
        wording: "Trained staff working within clear policy, management and accountability.",
        evidence: &[
            "Advocates' IMHA qualification and criminal record checks up to date",
            "Supervision, policies and a complaints procedure",
            "Case recording that a manager reviews",
        ],
    },
    Indicator {
        number: 7,
        title: "Links to other advocacy",
        wording: "Links to other advocacy, with clear transition pathways.",
        evidence: &[
            "How people move to other advocacy (care and support, IMCA, community) when they \
             leave hospital",
            "Arrangements for patients placed out of their home area",
            "Joint work with local advocacy providers",
        ],
    },
    Indicator {
        number: 8,
        title: "Access for all qualifying patients",
        wording: "Accessible to all qualifying patients, and access monitored.",
        evidence: &[
            "Uptake: qualifying patients who saw an advocate",
            "Uptake by group (ethnicity, age, gender, legal status)",
            "Time from referral to first contact",
        ],
    },
    Indicator {
        number: 9,
        title: "An engagement protocol with the hospital",
        wording: "An engagement protocol with the mental health provider: a clear process for \
                  staff to support access, a positive context for independent work, and a route \
                  for the IMHA service to raise common themes and concerns.",
        evidence: &[
            "A written protocol agreed with the hospital",
            "How patients are referred: the opt-out feed, hospital systems and staff",
            "Themes raised with the hospital and what changed",
        ],
    },
    Indicator {
        number: 10,
        title: "Measuring impact",
        wording: "The service measures and reports its impact.",
        evidence: &[
            "Outcomes recorded for each case, in the patient's own words too",
            "Issues raised and resolved",
            "An annual impact report for the commissioner",
        ],
    },
];

/// Indicator `n` (1 to 10).
pub fn indicator(n: u8) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.number == n)
}

code_enum! {
    /// A rating (SCIE's traffic lights).
    Rating {
        Red => "red", "Red";
        Amber => "amber", "Amber";
        Green => "green", "Green";
    }
}

impl Rating {
    /// What the colour means, in SCIE's words.
    pub const fn meaning(self) -> &'static str {
        match self {
            Rating::Red => "not met",
            Rating::Amber => "attention needed",
            Rating::Green => "all is well",
        }
    }

    /// "Amber (attention needed)".
    pub fn described(self) -> String {
        format!("{} ({})", self.label(), self.meaning())
    }

    fn rank(self) -> u8 {
        match self {
            Rating::Red => 0,
            Rating::Amber => 1,
            Rating::Green => 2,
        }
    }
}

code_enum! {
    /// Where an assessment is.
    Status {
        Draft => "draft", "Draft";
        Final => "final", "Final";
    }
}

// ---------------------------------------------------------------------------------------------
// Who may do what

/// Whose assessments a person may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every assessment of this provider (its managers and advocates).
    Provider { provider_id: String },
    /// The final assessments of the providers in this council's area (commissioners).
    Area { local_authority_id: String },
}

impl Scope {
    /// The scope of a signed-in person; `None` for roles that see no assessment, or an
    /// account without the organisation its role needs.
    pub fn for_user(user: &User) -> Option<Scope> {
        let org = user.organisation_id.clone()?;
        match user.role {
            Role::ServiceManager | Role::Advocate => Some(Scope::Provider { provider_id: org }),
            Role::Commissioner => Some(Scope::Area {
                local_authority_id: org,
            }),
            Role::Admin | Role::HospitalReferrer => None,
        }
    }
}

/// Someone who may change their provider's assessments: a service manager of the provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    pub user_id: String,
    pub provider_id: String,
    /// The client's address, for the audit trail.
    pub client: Option<String>,
}

impl Editor {
    /// `Some` for a service manager who belongs to a provider.
    pub fn for_user(user: &User, client: Option<String>) -> Option<Editor> {
        (user.role == Role::ServiceManager).then_some(())?;
        Some(Editor {
            user_id: user.id.clone(),
            provider_id: user.organisation_id.clone()?,
            client,
        })
    }

    fn entry(&self, action: AuditAction, assessment_id: &str) -> NewEntry {
        let e = NewEntry::by_user(self.user_id.clone(), action)
            .on_record("quality-assessment", assessment_id);
        match &self.client {
            Some(c) => e.from_client(c.clone()),
            None => e,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum QualityError {
    #[error("the form has problems")]
    Invalid(Vec<FieldError>),
    #[error("no such assessment")]
    NotFound,
    #[error(
        "this assessment is final and can no longer be changed: start a new assessment to \
         record what has changed"
    )]
    Final,
    #[error("an assessment is already in progress: finish or finalise it first")]
    DraftExists(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for QualityError {
    fn from(e: sqlx::Error) -> Self {
        QualityError::Storage(StorageError::Query(e))
    }
}

// ---------------------------------------------------------------------------------------------
// What is stored

/// An assessment's heading facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    pub id: String,
    pub provider_id: String,
    pub provider_name: String,
    pub title: String,
    pub period_start: Date,
    pub period_end: Date,
    pub status: Status,
    pub repeated_from: Option<String>,
    pub created_by: String,
    pub created_at: Timestamp,
    pub finalised_by: Option<String>,
    pub finalised_at: Option<Timestamp>,
}

/// One indicator's rating in an assessment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorRating {
    pub indicator: u8,
    /// `None`: not yet rated.
    pub rating: Option<Rating>,
    pub evidence: String,
    /// The live figures kept when the assessment was finalised (empty for drafts).
    pub live_figures: Vec<String>,
}

/// An action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QualityAction {
    pub id: String,
    pub indicator: u8,
    pub description: String,
    /// The owner's account, when they have one.
    pub owner_user_id: Option<String>,
    /// The owner's name (from their account, or as typed).
    pub owner: String,
    pub due_on: Date,
    pub done: bool,
    pub done_at: Option<Timestamp>,
    /// Carried over from an earlier assessment's open action.
    pub carried_from: Option<String>,
}

impl QualityAction {
    /// Not done and due before `today`.
    pub fn overdue(&self, today: Date) -> bool {
        !self.done && self.due_on < today
    }
}

/// An assessment with its ten ratings (in indicator order) and its actions (by indicator,
/// then due date).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FullAssessment {
    pub assessment: Assessment,
    pub ratings: Vec<IndicatorRating>,
    pub actions: Vec<QualityAction>,
}

impl FullAssessment {
    pub fn rating(&self, indicator: u8) -> Option<&IndicatorRating> {
        self.ratings.iter().find(|r| r.indicator == indicator)
    }

    pub fn actions_for(&self, indicator: u8) -> impl Iterator<Item = &QualityAction> {
        self.actions
            .iter()
            .filter(move |a| a.indicator == indicator)
    }
}

/// An assessment in the list: its red, amber and green counts and open actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub assessment: Assessment,
    pub red: u32,
    pub amber: u32,
    pub green: u32,
    pub not_rated: u32,
    pub open_actions: u32,
}

// ---------------------------------------------------------------------------------------------
// Validation

/// A new assessment as the form gives it.
#[derive(Clone, Debug, Default)]
pub struct RawAssessment {
    pub title: String,
    /// `None` when no date, or one that could not be read, was given (the form reports the
    /// second kind itself).
    pub period_start: Option<Date>,
    pub period_end: Option<Date>,
    /// Start from the last assessment's ratings, evidence and open actions.
    pub repeat: bool,
}

/// A valid new assessment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAssessment {
    pub title: String,
    pub period_start: Date,
    pub period_end: Date,
    pub repeat: bool,
}

/// Check a new assessment: every problem against its field, in form order.
pub fn validate_assessment(
    raw: &RawAssessment,
    today: Date,
) -> Result<NewAssessment, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = raw.title.trim().to_string();
    if title.is_empty() {
        errors.push(FieldError::new(
            "title",
            "Enter a name for the assessment, for example Spring 2027",
        ));
    } else if title.chars().count() > MAX_TITLE {
        errors.push(FieldError::new(
            "title",
            format!("The name must be {MAX_TITLE} characters or fewer"),
        ));
    }
    if raw.period_start.is_none() {
        errors.push(FieldError::new(
            "period_start",
            "Enter the date the period starts",
        ));
    }
    match raw.period_end {
        None => errors.push(FieldError::new(
            "period_end",
            "Enter the date the period ends",
        )),
        Some(end) if end > today => errors.push(FieldError::new(
            "period_end",
            "The end of the period must be today or in the past",
        )),
        Some(end) => {
            if let Some(start) = raw.period_start {
                if start > end {
                    errors.push(FieldError::new(
                        "period_end",
                        "The end of the period must be after its start",
                    ));
                } else if (end - start).get_days() > 731 {
                    errors.push(FieldError::new(
                        "period_end",
                        "The period must be 2 years or shorter",
                    ));
                }
            }
        }
    }
    match (raw.period_start, raw.period_end, errors.is_empty()) {
        (Some(period_start), Some(period_end), true) => Ok(NewAssessment {
            title,
            period_start,
            period_end,
            repeat: raw.repeat,
        }),
        _ => Err(errors),
    }
}

/// A rating as the form gives it.
#[derive(Clone, Debug, Default)]
pub struct RawRating {
    /// `red`, `amber` or `green`.
    pub rating: Option<String>,
    pub evidence: String,
}

/// Check a rating; the fields are `rating` and `evidence`.
pub fn validate_rating(
    indicator: &Indicator,
    raw: &RawRating,
) -> Result<(Rating, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let rating = raw.rating.as_deref().map(str::trim).and_then(Rating::parse);
    if rating.is_none() {
        errors.push(FieldError::new(
            "rating",
            format!(
                "Select red, amber or green for indicator {}: {}",
                indicator.number, indicator.title
            ),
        ));
    }
    let evidence = raw.evidence.trim().to_string();
    if evidence.chars().count() > MAX_EVIDENCE {
        errors.push(FieldError::new(
            "evidence",
            format!(
                "The evidence for indicator {} must be {MAX_EVIDENCE} characters or fewer",
                indicator.number
            ),
        ));
    }
    match rating {
        Some(r) if errors.is_empty() => Ok((r, evidence)),
        _ => Err(errors),
    }
}

/// An action as the form gives it.
#[derive(Clone, Debug, Default)]
pub struct RawAction {
    pub indicator: Option<String>,
    pub description: String,
    /// A member of staff chosen from the list.
    pub owner_user_id: Option<String>,
    /// Or a name typed in.
    pub owner_name: Option<String>,
    /// `None` when no date, or one that could not be read, was given.
    pub due_on: Option<Date>,
}

/// Who owns an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    User(String),
    Name(String),
}

/// A valid new action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAction {
    pub indicator: u8,
    pub description: String,
    pub owner: Owner,
    pub due_on: Date,
}

/// Check an action: `indicator`, `description`, `owner` and `due_on`. `staff` are the
/// provider's people an action may be given to (ids). The due date may not be in the past or
/// more than 3 years ahead.
pub fn validate_action(
    raw: &RawAction,
    staff: &[String],
    today: Date,
) -> Result<NewAction, Vec<FieldError>> {
    let mut errors = Vec::new();
    let indicator = raw
        .indicator
        .as_deref()
        .and_then(|s| s.trim().parse::<u8>().ok())
        .filter(|n| (1..=10).contains(n));
    if indicator.is_none() {
        errors.push(FieldError::new(
            "indicator",
            "Select the indicator this action is for",
        ));
    }
    let description = raw.description.trim().to_string();
    if description.is_empty() {
        errors.push(FieldError::new("description", "Enter what will be done"));
    } else if description.chars().count() > MAX_ACTION {
        errors.push(FieldError::new(
            "description",
            format!("What will be done must be {MAX_ACTION} characters or fewer"),
        ));
    }
    let user = raw
        .owner_user_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let name = raw
        .owner_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let owner = match (user, name) {
        (Some(_), Some(_)) => {
            errors.push(FieldError::new(
                "owner",
                "Choose a person from the list or type a name, not both",
            ));
            None
        }
        (Some(u), None) if staff.iter().any(|s| s == u) => Some(Owner::User(u.to_string())),
        (Some(_), None) => {
            errors.push(FieldError::new("owner", "Choose a person from the list"));
            None
        }
        (None, Some(n)) if n.chars().count() > MAX_OWNER => {
            errors.push(FieldError::new(
                "owner",
                format!("The owner's name must be {MAX_OWNER} characters or fewer"),
            ));
            None
        }
        (None, Some(n)) => Some(Owner::Name(n.to_string())),
        (None, None) => {
            errors.push(FieldError::new(
                "owner",
                "Choose who owns this action, or type their name",
            ));
            None
        }
    };
    match raw.due_on {
        None => errors.push(FieldError::new("due_on", "Enter the date it is due")),
        Some(d) if d < today => errors.push(FieldError::new(
            "due_on",
            "The due date must be today or in the future",
        )),
        Some(d) if (d - today).get_days() > 3 * 366 => errors.push(FieldError::new(
            "due_on",
            "The due date must be within 3 years",
        )),
        Some(_) => {}
    }
    match (indicator, owner, raw.due_on, errors.is_empty()) {
        (Some(indicator), Some(owner), Some(due_on), true) => Ok(NewAction {
            indicator,
            description,
            owner,
            due_on,
        }),
        _ => Err(errors),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

const ASSESSMENT_COLUMNS: &str = "a.id, a.provider_id, o.name, a.title, a.period_start, \
    a.period_end, a.status, a.repeated_from, cu.name, a.created_at, fu.name, a.finalised_at";

const ASSESSMENT_FROM: &str = "FROM quality_assessments a \
    JOIN organisations o ON o.id = a.provider_id \
    JOIN users cu ON cu.id = a.created_by \
    LEFT JOIN users fu ON fu.id = a.finalised_by";

type AssessmentRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
);

fn bad_row(what: &str) -> StorageError {
    StorageError::Query(sqlx::Error::Decode(
        format!("quality assessment: unreadable {what}").into(),
    ))
}

fn assessment_from(row: AssessmentRow) -> Result<Assessment, StorageError> {
    let (
        id,
        provider_id,
        provider_name,
        title,
        start,
        end,
        status,
        repeated_from,
        by,
        at,
        fby,
        fat,
    ) = row;
    Ok(Assessment {
        id,
        provider_id,
        provider_name,
        title,
        period_start: start.parse().map_err(|_| bad_row("period start"))?,
        period_end: end.parse().map_err(|_| bad_row("period end"))?,
        status: Status::parse(&status).ok_or_else(|| bad_row("status"))?,
        repeated_from,
        created_by: by,
        created_at: at.parse().map_err(|_| bad_row("created_at"))?,
        finalised_by: fby,
        finalised_at: fat.and_then(|t| t.parse().ok()),
    })
}

/// The condition that limits a query to what `scope` may see; `$1` is the scope's id.
fn scope_filter(scope: &Scope) -> &'static str {
    match scope {
        Scope::Provider { .. } => "a.provider_id = $1",
        Scope::Area { .. } => {
            "a.status = 'final' AND a.provider_id IN \
             (SELECT member_id FROM area_members WHERE local_authority_id = $1)"
        }
    }
}

fn scope_id(scope: &Scope) -> &str {
    match scope {
        Scope::Provider { provider_id } => provider_id,
        Scope::Area { local_authority_id } => local_authority_id,
    }
}

/// The assessments `scope` may see, newest first, with their counts.
pub async fn list(db: &Database, scope: &Scope) -> Result<Vec<Summary>, StorageError> {
    let sql = format!(
        "SELECT {ASSESSMENT_COLUMNS} {ASSESSMENT_FROM} WHERE {} \
         ORDER BY a.created_at DESC, a.id",
        scope_filter(scope)
    );
    let rows: Vec<AssessmentRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(scope_id(scope)).fetch_all(p).await)?;
    let counts_sql = format!(
        "SELECT r.assessment_id, r.rating, COUNT(*) FROM quality_ratings r \
         JOIN quality_assessments a ON a.id = r.assessment_id WHERE {} \
         GROUP BY r.assessment_id, r.rating",
        scope_filter(scope)
    );
    let counts: Vec<(String, Option<String>, i64)> =
        on_pool!(db, p => sqlx::query_as(&counts_sql).bind(scope_id(scope)).fetch_all(p).await)?;
    let open_sql = format!(
        "SELECT q.assessment_id, COUNT(*) FROM quality_actions q \
         JOIN quality_assessments a ON a.id = q.assessment_id WHERE {} AND q.done = FALSE \
         GROUP BY q.assessment_id",
        scope_filter(scope)
    );
    let open: Vec<(String, i64)> =
        on_pool!(db, p => sqlx::query_as(&open_sql).bind(scope_id(scope)).fetch_all(p).await)?;
    rows.into_iter()
        .map(|row| {
            let assessment = assessment_from(row)?;
            let mut s = Summary {
                red: 0,
                amber: 0,
                green: 0,
                not_rated: 0,
                open_actions: 0,
                assessment,
            };
            for (id, rating, n) in &counts {
                if *id != s.assessment.id {
                    continue;
                }
                let n = u32::try_from(*n).unwrap_or(0);
                match rating.as_deref().and_then(Rating::parse) {
                    Some(Rating::Red) => s.red += n,
                    Some(Rating::Amber) => s.amber += n,
                    Some(Rating::Green) => s.green += n,
                    None => s.not_rated += n,
                }
            }
            s.open_actions = open
                .iter()
                .find(|(id, _)| *id == s.assessment.id)
                .map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(0));
            Ok(s)
        })
        .collect()
}

/// One assessment with its ratings and actions, if `scope` may see it.
pub async fn get(
    db: &Database,
    scope: &Scope,
    id: &str,
) -> Result<Option<FullAssessment>, StorageError> {
    let sql = format!(
        "SELECT {ASSESSMENT_COLUMNS} {ASSESSMENT_FROM} WHERE {} AND a.id = $2",
        scope_filter(scope)
    );
    let row: Option<AssessmentRow> = on_pool!(db, p => sqlx::query_as(&sql)
        .bind(scope_id(scope)).bind(id).fetch_optional(p).await)?;
    let Some(row) = row else { return Ok(None) };
    let assessment = assessment_from(row)?;
    let ratings_sql = "SELECT indicator, rating, evidence, live_figures FROM quality_ratings \
                       WHERE assessment_id = $1 ORDER BY indicator";
    let rows: Vec<(i64, Option<String>, String, Option<String>)> =
        on_pool!(db, p => sqlx::query_as(ratings_sql).bind(id).fetch_all(p).await)?;
    let ratings = rows
        .into_iter()
        .map(|(n, rating, evidence, live)| IndicatorRating {
            indicator: u8::try_from(n).unwrap_or(0),
            rating: rating.as_deref().and_then(Rating::parse),
            evidence,
            live_figures: live
                .map(|l| l.lines().map(str::to_string).collect())
                .unwrap_or_default(),
        })
        .collect();
    let actions_sql = "SELECT q.id, q.indicator, q.description, q.owner_user_id, \
                       COALESCE(u.name, q.owner_name, ''), q.due_on, q.done, q.done_at, \
                       q.carried_from \
                       FROM quality_actions q LEFT JOIN users u ON u.id = q.owner_user_id \
                       WHERE q.assessment_id = $1 \
                       ORDER BY q.indicator, q.due_on, q.created_at, q.id";
    type ActionRow = (
        String,
        i64,
        String,
        Option<String>,
        String,
        String,
        bool,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<ActionRow> =
        on_pool!(db, p => sqlx::query_as(actions_sql).bind(id).fetch_all(p).await)?;
    let actions = rows
        .into_iter()
        .map(
            |(id, n, description, owner_user_id, owner, due, done, done_at, carried_from)| {
                Ok(QualityAction {
                    id,
                    indicator: u8::try_from(n).unwrap_or(0),
                    description,
                    owner_user_id,
                    owner,
                    due_on: due.parse().map_err(|_| bad_row("due date"))?,
                    done,
                    done_at: done_at.and_then(|t| t.parse().ok()),
                    carried_from,
                })
            },
        )
        .collect::<Result<Vec<_>, StorageError>>()?;
    Ok(Some(FullAssessment {
        assessment,
        ratings,
        actions,
    }))
}

/// The provider's active managers and advocates, who may own an action: (id, name), by name.
pub async fn owners(
    db: &Database,
    provider_id: &str,
) -> Result<Vec<(String, String)>, StorageError> {
    let sql = "SELECT id, name FROM users WHERE organisation_id = $1 AND active = TRUE \
               AND role IN ('service-manager', 'advocate') ORDER BY name, id";
    Ok(on_pool!(db, p => sqlx::query_as(sql).bind(provider_id).fetch_all(p).await)?)
}

// ---------------------------------------------------------------------------------------------
// Changing

/// Lock the assessment `id` of the editor's provider for this transaction and give its status
/// (an update that changes nothing takes PostgreSQL's row lock; SQLite's `BEGIN IMMEDIATE`
/// already holds the write lock). `NotFound` for another provider's assessment.
async fn lock(tx: &mut Tx, editor: &Editor, id: &str) -> Result<Status, QualityError> {
    let sql = "UPDATE quality_assessments SET status = status \
               WHERE id = $1 AND provider_id = $2 RETURNING status";
    let status: Option<String> = on_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(id).bind(&editor.provider_id).fetch_optional(c).await)?;
    status
        .as_deref()
        .and_then(Status::parse)
        .ok_or(QualityError::NotFound)
}

/// Lock a draft: `Final` for a final assessment.
async fn lock_draft(tx: &mut Tx, editor: &Editor, id: &str) -> Result<(), QualityError> {
    match lock(tx, editor, id).await? {
        Status::Draft => Ok(()),
        Status::Final => Err(QualityError::Final),
    }
}

/// Start a new assessment (a draft) for the editor's provider, with its audit entry. With
/// `repeat`, the newest earlier assessment's ratings and evidence are copied and its open
/// actions carried over. Refused while a draft is in progress (`DraftExists` with its id).
pub async fn create(
    tx: &mut Tx,
    editor: &Editor,
    raw: &RawAssessment,
    today: Date,
    now: Timestamp,
) -> Result<String, QualityError> {
    let new = validate_assessment(raw, today).map_err(QualityError::Invalid)?;
    let draft_sql =
        "SELECT id FROM quality_assessments WHERE provider_id = $1 AND status = 'draft'";
    let draft: Option<String> = on_tx!(tx, c => sqlx::query_scalar(draft_sql)
        .bind(&editor.provider_id).fetch_optional(c).await)?;
    if let Some(d) = draft {
        return Err(QualityError::DraftExists(d));
    }
    let last = if new.repeat {
        let sql = "SELECT id FROM quality_assessments WHERE provider_id = $1 \
                   ORDER BY created_at DESC, id LIMIT 1";
        on_tx!(tx, c => sqlx::query_scalar::<_, String>(sql)
            .bind(&editor.provider_id).fetch_optional(c).await)?
    } else {
        None
    };
    let id = uuid::Uuid::new_v4().to_string();
    let at = now.to_string();
    let sql = "INSERT INTO quality_assessments (id, provider_id, title, period_start, period_end, \
               status, repeated_from, created_by, created_at) \
               VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8)";
    let inserted = on_tx!(tx, c => sqlx::query(sql)
        .bind(&id).bind(&editor.provider_id).bind(&new.title)
        .bind(new.period_start.to_string()).bind(new.period_end.to_string())
        .bind(&last).bind(&editor.user_id).bind(&at)
        .execute(c).await.map(|_| ()));
    match inserted {
        Ok(()) => {}
        // Another start won the race for the one draft.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(QualityError::DraftExists(String::new()));
        }
        Err(e) => return Err(e.into()),
    }
    for ind in &INDICATORS {
        let n = i64::from(ind.number);
        if let Some(from) = &last {
            let sql = "INSERT INTO quality_ratings (assessment_id, indicator, rating, evidence) \
                       SELECT $1, indicator, rating, evidence FROM quality_ratings \
                       WHERE assessment_id = $2 AND indicator = $3";
            on_tx!(tx, c => sqlx::query(sql).bind(&id).bind(from).bind(n)
                .execute(c).await.map(|_| ()))?;
        }
        let sql = "INSERT INTO quality_ratings (assessment_id, indicator, evidence) \
                   SELECT $1, $2, '' WHERE NOT EXISTS \
                   (SELECT 1 FROM quality_ratings WHERE assessment_id = $1 AND indicator = $2)";
        on_tx!(tx, c => sqlx::query(sql).bind(&id).bind(n).execute(c).await.map(|_| ()))?;
    }
    let mut carried = 0u64;
    if let Some(from) = &last {
        let open_sql = "SELECT id FROM quality_actions WHERE assessment_id = $1 AND done = FALSE \
                        ORDER BY indicator, due_on, id";
        let open: Vec<String> =
            on_tx!(tx, c => sqlx::query_scalar(open_sql).bind(from).fetch_all(c).await)?;
        for old in open {
            let sql = "INSERT INTO quality_actions (id, assessment_id, indicator, description, \
                       owner_user_id, owner_name, due_on, done, carried_from, created_by, created_at) \
                       SELECT $1, $2, indicator, description, owner_user_id, owner_name, due_on, \
                       FALSE, id, $3, $4 FROM quality_actions WHERE id = $5";
            on_tx!(tx, c => sqlx::query(sql)
                .bind(uuid::Uuid::new_v4().to_string()).bind(&id).bind(&editor.user_id)
                .bind(&at).bind(&old).execute(c).await.map(|_| ()))?;
            carried += 1;
        }
    }
    let detail = match &last {
        Some(from) => format!("repeated-from={from} actions-carried={carried}"),
        None => "new".to_string(),
    };
    audit::record(
        tx,
        editor
            .entry(AuditAction::QualityAssessmentStarted, &id)
            .with_detail(detail),
    )
    .await?;
    Ok(id)
}

/// Rate indicator `n` of a draft and record its evidence (audited with the rating, never the
/// evidence).
pub async fn rate(
    tx: &mut Tx,
    editor: &Editor,
    id: &str,
    n: u8,
    raw: &RawRating,
    now: Timestamp,
) -> Result<Rating, QualityError> {
    let ind = indicator(n).ok_or(QualityError::NotFound)?;
    lock_draft(tx, editor, id).await?;
    let (rating, evidence) = validate_rating(ind, raw).map_err(QualityError::Invalid)?;
    let sql = "UPDATE quality_ratings SET rating = $3, evidence = $4, updated_by = $5, \
               updated_at = $6 WHERE assessment_id = $1 AND indicator = $2";
    on_tx!(tx, c => sqlx::query(sql).bind(id).bind(i64::from(n)).bind(rating.id())
        .bind(&evidence).bind(&editor.user_id).bind(now.to_string())
        .execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        editor
            .entry(AuditAction::QualityAssessmentChanged, id)
            .with_detail(format!("indicator={n} rating={}", rating.id())),
    )
    .await?;
    Ok(rating)
}

/// Add an action to a draft (audited with its id and indicator).
pub async fn add_action(
    tx: &mut Tx,
    editor: &Editor,
    id: &str,
    raw: &RawAction,
    today: Date,
    now: Timestamp,
) -> Result<String, QualityError> {
    lock_draft(tx, editor, id).await?;
    let staff_sql = "SELECT id FROM users WHERE organisation_id = $1 AND active = TRUE \
                     AND role IN ('service-manager', 'advocate')";
    let staff: Vec<String> = on_tx!(tx, c => sqlx::query_scalar(staff_sql)
        .bind(&editor.provider_id).fetch_all(c).await)?;
    let new = validate_action(raw, &staff, today).map_err(QualityError::Invalid)?;
    let (user, name) = match &new.owner {
        Owner::User(u) => (Some(u.as_str()), None),
        Owner::Name(n) => (None, Some(n.as_str())),
    };
    let action_id = uuid::Uuid::new_v4().to_string();
    let sql = "INSERT INTO quality_actions (id, assessment_id, indicator, description, \
               owner_user_id, owner_name, due_on, done, created_by, created_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE, $8, $9)";
    on_tx!(tx, c => sqlx::query(sql)
        .bind(&action_id).bind(id).bind(i64::from(new.indicator)).bind(&new.description)
        .bind(user).bind(name).bind(new.due_on.to_string()).bind(&editor.user_id)
        .bind(now.to_string()).execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        editor
            .entry(AuditAction::QualityAssessmentChanged, id)
            .with_detail(format!(
                "action-added={action_id} indicator={}",
                new.indicator
            )),
    )
    .await?;
    Ok(action_id)
}

/// Mark an action of a draft done. `NotFound` when the action is not this assessment's; done
/// twice is done once.
pub async fn complete_action(
    tx: &mut Tx,
    editor: &Editor,
    id: &str,
    action_id: &str,
    now: Timestamp,
) -> Result<(), QualityError> {
    lock_draft(tx, editor, id).await?;
    let sql = "SELECT done FROM quality_actions WHERE id = $1 AND assessment_id = $2";
    let done: Option<bool> = on_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(action_id).bind(id).fetch_optional(c).await)?;
    match done {
        None => return Err(QualityError::NotFound),
        Some(true) => return Ok(()),
        Some(false) => {}
    }
    let sql = "UPDATE quality_actions SET done = TRUE, done_at = $2, done_by = $3 WHERE id = $1";
    on_tx!(tx, c => sqlx::query(sql).bind(action_id).bind(now.to_string())
        .bind(&editor.user_id).execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        editor
            .entry(AuditAction::QualityAssessmentChanged, id)
            .with_detail(format!("action-done={action_id}")),
    )
    .await?;
    Ok(())
}

/// Make a draft final: every indicator must be rated (one error per unrated indicator, field
/// `indicator-N`). `live` (indicator, sentence) is kept beside each rating, so the final
/// assessment shows the figures it was judged on.
pub async fn finalise(
    tx: &mut Tx,
    editor: &Editor,
    id: &str,
    live: &[(u8, String)],
    now: Timestamp,
) -> Result<(), QualityError> {
    lock_draft(tx, editor, id).await?;
    let sql = "SELECT indicator FROM quality_ratings WHERE assessment_id = $1 AND rating IS NULL \
               ORDER BY indicator";
    let unrated: Vec<i64> = on_tx!(tx, c => sqlx::query_scalar(sql).bind(id).fetch_all(c).await)?;
    if !unrated.is_empty() {
        return Err(QualityError::Invalid(
            unrated
                .iter()
                .filter_map(|n| indicator(u8::try_from(*n).ok()?))
                .map(|ind| {
                    FieldError::new(
                        INDICATOR_FIELDS[usize::from(ind.number - 1)],
                        format!(
                            "Rate indicator {} ({}) before you finalise the assessment",
                            ind.number, ind.title
                        ),
                    )
                })
                .collect(),
        ));
    }
    for ind in &INDICATORS {
        let lines: Vec<&str> = live
            .iter()
            .filter(|(n, _)| *n == ind.number)
            .map(|(_, s)| s.as_str())
            .collect();
        if lines.is_empty() {
            continue;
        }
        let sql = "UPDATE quality_ratings SET live_figures = $3 \
                   WHERE assessment_id = $1 AND indicator = $2";
        on_tx!(tx, c => sqlx::query(sql).bind(id).bind(i64::from(ind.number))
            .bind(lines.join("\n")).execute(c).await.map(|_| ()))?;
    }
    let sql = "UPDATE quality_assessments SET status = 'final', finalised_by = $2, \
               finalised_at = $3 WHERE id = $1";
    on_tx!(tx, c => sqlx::query(sql).bind(id).bind(&editor.user_id).bind(now.to_string())
        .execute(c).await.map(|_| ()))?;
    audit::record(
        tx,
        editor.entry(AuditAction::QualityAssessmentFinalised, id),
    )
    .await?;
    Ok(())
}

/// The field name of each indicator, for errors that point at one (`indicator-1` ...).
pub const INDICATOR_FIELDS: [&str; 10] = [
    "indicator-1",
    "indicator-2",
    "indicator-3",
    "indicator-4",
    "indicator-5",
    "indicator-6",
    "indicator-7",
    "indicator-8",
    "indicator-9",
    "indicator-10",
];

// ---------------------------------------------------------------------------------------------
// Comparing

/// How an indicator's rating changed between two assessments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Better,
    Same,
    Worse,
    /// Rated now, not then.
    NewlyRated,
    /// Rated then, not now.
    NoLongerRated,
    /// Rated in neither.
    NotRated,
}

impl Change {
    pub const fn label(self) -> &'static str {
        match self {
            Change::Better => "Better",
            Change::Same => "No change",
            Change::Worse => "Worse",
            Change::NewlyRated => "Newly rated",
            Change::NoLongerRated => "Not rated now",
            Change::NotRated => "Not rated",
        }
    }
}

/// One indicator, then and now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compared {
    pub indicator: u8,
    pub then: Option<Rating>,
    pub now: Option<Rating>,
    pub change: Change,
}

impl Compared {
    /// The change in words (never colour alone): "Better: amber then, green now".
    pub fn words(&self) -> String {
        let name = |r: Rating| r.label().to_lowercase();
        match (self.then, self.now) {
            (Some(t), Some(n)) if t == n => format!("No change: {} both times", name(n)),
            (Some(t), Some(n)) => {
                format!("{}: {} then, {} now", self.change.label(), name(t), name(n))
            }
            (None, Some(n)) => format!("Newly rated: not rated then, {} now", name(n)),
            (Some(t), None) => format!("Not rated now: {} then", name(t)),
            (None, None) => "Not rated in either assessment".to_string(),
        }
    }
}

/// Each indicator's rating in `then` and `now`, and how it changed.
pub fn compare(then: &FullAssessment, now: &FullAssessment) -> Vec<Compared> {
    INDICATORS
        .iter()
        .map(|ind| {
            let t = then.rating(ind.number).and_then(|r| r.rating);
            let n = now.rating(ind.number).and_then(|r| r.rating);
            let change = match (t, n) {
                (Some(t), Some(n)) if n.rank() > t.rank() => Change::Better,
                (Some(t), Some(n)) if n.rank() < t.rank() => Change::Worse,
                (Some(_), Some(_)) => Change::Same,
                (None, Some(_)) => Change::NewlyRated,
                (Some(_), None) => Change::NoLongerRated,
                (None, None) => Change::NotRated,
            };
            Compared {
                indicator: ind.number,
                then: t,
                now: n,
                change,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// CSV

/// The assessment as CSV: one row per indicator (its rating and evidence), then one per
/// action, every cell neutralised against spreadsheet formulas
/// ([`audit::neutralise_cell`]). `live` is shown for drafts; a final assessment's own kept
/// figures are used for it.
pub fn to_csv(full: &FullAssessment, live: &[(u8, String)]) -> String {
    let mut buf: Vec<u8> = Vec::new();
    if let Err(e) = write_csv(full, live, &mut buf) {
        tracing::error!(error = %e, "quality assessment CSV export failed");
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// The CSV's header row.
pub const CSV_HEADER: [&str; 12] = [
    "assessment",
    "period_start",
    "period_end",
    "status",
    "row",
    "indicator",
    "indicator_title",
    "rating",
    "evidence_or_action",
    "live_figures_or_owner",
    "due_on",
    "done",
];

/// The live figures for indicator `n`: the kept ones of a final assessment, otherwise `live`.
pub fn live_for<'a>(full: &'a FullAssessment, live: &'a [(u8, String)], n: u8) -> Vec<&'a str> {
    match full.assessment.status {
        Status::Final => full
            .rating(n)
            .map(|r| r.live_figures.iter().map(String::as_str).collect())
            .unwrap_or_default(),
        Status::Draft => live
            .iter()
            .filter(|(i, _)| *i == n)
            .map(|(_, s)| s.as_str())
            .collect(),
    }
}

fn write_csv<W: std::io::Write>(
    full: &FullAssessment,
    live: &[(u8, String)],
    out: W,
) -> Result<(), csv::Error> {
    let a = &full.assessment;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    let start = a.period_start.to_string();
    let end = a.period_end.to_string();
    let clean = |cells: Vec<String>| -> Vec<String> {
        cells
            .iter()
            .map(|c| audit::neutralise_cell(c).into_owned())
            .collect()
    };
    for ind in &INDICATORS {
        let r = full.rating(ind.number);
        let rating = r
            .and_then(|r| r.rating)
            .map_or("not rated", |r| r.id())
            .to_string();
        w.write_record(clean(vec![
            a.title.clone(),
            start.clone(),
            end.clone(),
            a.status.id().to_string(),
            "rating".into(),
            ind.number.to_string(),
            ind.title.into(),
            rating,
            r.map(|r| r.evidence.clone()).unwrap_or_default(),
            live_for(full, live, ind.number).join(" "),
            String::new(),
            String::new(),
        ]))?;
    }
    for act in &full.actions {
        let title = indicator(act.indicator).map_or("", |i| i.title);
        w.write_record(clean(vec![
            a.title.clone(),
            start.clone(),
            end.clone(),
            a.status.id().to_string(),
            "action".into(),
            act.indicator.to_string(),
            title.into(),
            String::new(),
            act.description.clone(),
            act.owner.clone(),
            act.due_on.to_string(),
            if act.done { "yes" } else { "no" }.into(),
        ]))?;
    }
    w.flush()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Live figures

/// A count in a sentence: the published number, or "1 to 7" where it is suppressed.
fn count(s: &Suppression, raw: u64) -> String {
    match s.count(raw) {
        Shown::Value(v) => v.to_string(),
        Shown::Suppressed => format!("1 to {}", s.suppress_up_to),
    }
}

/// A rate in a sentence: "62%", or a plain note where it is withheld.
fn percent(rate: Option<u64>) -> String {
    match rate {
        Some(p) => format!("{p}%"),
        None => "not shown, too few to publish".to_string(),
    }
}

/// An equality dimension as people say it.
fn dimension_words(id: &str) -> String {
    match id {
        "ethnicity" => "ethnicity".into(),
        "age-band" => "age".into(),
        "gender" => "gender".into(),
        "legal-status" => "legal status".into(),
        "cto" => "community treatment order".into(),
        other => other.replace('-', " "),
    }
}

/// A category id as people read it: `under-18` is "Under 18", `s3` is "S3".
fn category_words(id: &str) -> String {
    let s = id.replace(['-', '_'], " ");
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => s,
    }
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The live figures for the indicators imha can measure, as plain sentences (indicator,
/// sentence), every count through the small-number rule `s` and every rate from raw figures
/// (withheld where either side is suppressed). Nothing here names a person.
///
/// - 5 (diverse needs): instructed and non-instructed advocacy.
/// - 7 (links to other advocacy): patients placed into or out of the area.
/// - 8 (access): uptake (seen / qualifying), the groups with the lowest uptake (only groups
///   large enough to publish), and time to first contact against the target.
/// - 9 (engagement with the hospital): how referrals arrived.
/// - 10 (impact): issues raised and resolved, outcomes recorded, and the share who felt heard.
pub fn live_evidence(f: &Figures, s: &Suppression) -> Vec<(u8, String)> {
    let mut out: Vec<(u8, String)> = Vec::new();

    // 5: diverse needs.
    let cases = f.cases_instructed + f.cases_non_instructed;
    if cases > 0 {
        out.push((
            5,
            format!(
                "Cases open in the period: {} instructed and {} non-instructed advocacy (for \
                 people who could not instruct an advocate).",
                count(s, f.cases_instructed),
                count(s, f.cases_non_instructed)
            ),
        ));
    }

    // 7: out-of-area placements.
    if f.out_of_area_in + f.out_of_area_out > 0 {
        out.push((
            7,
            format!(
                "Out-of-area placements in the period: {} cases for patients placed here from \
                 another area, {} for patients from here placed elsewhere.",
                count(s, f.out_of_area_in),
                count(s, f.out_of_area_out)
            ),
        ));
    }

    // 8: access.
    let u = &f.uptake;
    if u.qualifying == 0 {
        out.push((
            8,
            "No patients qualified for an IMHA in the period, according to the hospitals' \
             feed."
                .to_string(),
        ));
    } else {
        let overall = s.rate(u.seen, u.qualifying);
        out.push((
            8,
            format!(
                "Qualifying patients in the period: {}. Referred: {}. Seen by an advocate: {} \
                 (uptake {}).",
                count(s, u.qualifying),
                count(s, u.referred),
                count(s, u.seen),
                percent(overall)
            ),
        ));
        let mut lowest: Vec<String> = Vec::new();
        let mut withheld = false;
        let mut measured = false;
        for dim in &f.equality {
            let rates: Vec<(&str, u64)> = dim
                .categories
                .iter()
                .filter(|(_, qualifying, _, _)| *qualifying > 0)
                .filter_map(
                    |(id, qualifying, seen, _)| match s.rate(*seen, *qualifying) {
                        Some(r) => Some((id.as_str(), r)),
                        None => {
                            withheld = true;
                            None
                        }
                    },
                )
                .collect();
            let Some(min) = rates.iter().map(|(_, r)| *r).min() else {
                continue;
            };
            measured = true;
            if overall.is_some_and(|o| min >= o) {
                continue;
            }
            let groups: Vec<String> = rates
                .iter()
                .filter(|(_, r)| *r == min)
                .map(|(id, _)| category_words(id))
                .collect();
            let each = if groups.len() > 1 { " each" } else { "" };
            lowest.push(format!(
                "by {}, {} ({min}%{each})",
                dimension_words(&dim.dimension),
                and_list(&groups)
            ));
        }
        if !lowest.is_empty() {
            let mut sentence = format!("Lowest uptake {}", lowest.join("; "));
            if let Some(o) = overall {
                let _ = write!(sentence, ", against {o}% overall");
            }
            sentence.push('.');
            out.push((8, sentence));
        } else if measured {
            out.push((
                8,
                "No group's uptake is below the overall uptake.".to_string(),
            ));
        }
        if withheld {
            out.push((
                8,
                "Groups too small to publish under the small-number rule are left out.".to_string(),
            ));
        }
    }
    let r = &f.response;
    let contacted = r.working_days.len() as u64;
    if contacted > 0 {
        let within = r
            .working_days
            .iter()
            .filter(|d| **d <= r.target_working_days)
            .count() as u64;
        let mut sentence = match s.rate(within, contacted) {
            Some(p) => format!(
                "First contact within the target of {} working days: {p}% of {} referrals.",
                r.target_working_days,
                count(s, contacted)
            ),
            None => format!(
                "First contact within the target of {} working days: not shown, too few to \
                 publish.",
                r.target_working_days
            ),
        };
        if !matches!(s.count(contacted), Shown::Suppressed) {
            let mut days = r.working_days.clone();
            days.sort_unstable();
            let mid = days.len() / 2;
            let median = if days.len().is_multiple_of(2) {
                (f64::from(days[mid - 1]) + f64::from(days[mid])) / 2.0
            } else {
                f64::from(days[mid])
            };
            let _ = write!(sentence, " Median: {median:.1} working days.");
        }
        out.push((8, sentence));
    }
    if r.waiting > 0 {
        out.push((
            8,
            format!(
                "Referrals from the period still waiting for a first contact at its end: {}.",
                count(s, r.waiting)
            ),
        ));
    }

    // 9: how referrals arrived.
    let total: u64 = f.referrals_by_channel.iter().map(|(_, n)| n).sum();
    if total > 0 {
        let parts: Vec<String> = f
            .referrals_by_channel
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(id, n)| {
                let label = crate::referrals::Channel::parse(id)
                    .map_or_else(|| category_words(id), |c| c.label().to_string());
                format!("{} {}", label.to_lowercase(), count(s, *n))
            })
            .collect();
        out.push((
            9,
            format!(
                "Referrals in the period: {}, by how they arrived: {}.",
                count(s, total),
                parts.join(", ")
            ),
        ));
    }

    // 10: impact.
    let raised: u64 = f.issues.iter().map(|i| i.raised).sum();
    if raised > 0 {
        let resolved: u64 = f.issues.iter().map(|i| i.resolved).sum();
        let unresolved: u64 = f.issues.iter().map(|i| i.closed_unresolved).sum();
        out.push((
            10,
            format!(
                "Issues raised in the period: {}. Resolved: {} ({} of those raised). Closed \
                 without resolution: {}.",
                count(s, raised),
                count(s, resolved),
                percent(s.rate(resolved, raised)),
                count(s, unresolved)
            ),
        ));
    }
    let recorded = f
        .outcomes
        .iter()
        .map(|o| o.yes + o.partly + o.no + o.not_known)
        .max()
        .unwrap_or(0);
    if recorded == 0 {
        out.push((
            10,
            "No outcomes were recorded on cases closed in the period.".to_string(),
        ));
    } else {
        out.push((
            10,
            format!(
                "Outcomes recorded on cases closed in the period: {}.",
                count(s, recorded)
            ),
        ));
        if let Some(h) = f.outcomes.iter().find(|o| o.measure == "felt_heard") {
            let known = h.yes + h.partly + h.no;
            if known > 0 {
                out.push((
                    10,
                    format!(
                        "Felt heard, of the {} patients whose answer is known: {} yes, {} \
                         partly, {} no.",
                        count(s, known),
                        percent(s.rate(h.yes, known)),
                        percent(s.rate(h.partly, known)),
                        percent(s.rate(h.no, known))
                    ),
                ));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Demo

/// `imha demo`: two assessments for the demo provider, so the list, the comparison and a
/// repeated assessment have something to show: a final one from about six months ago, and the
/// current draft started from it (its open actions carried over), with some ratings changed
/// and a new action.
pub async fn seed_demo(
    db: &Database,
    provider_id: &str,
    manager_id: &str,
    advocate_id: &str,
) -> Result<(), QualityError> {
    let editor = Editor {
        user_id: manager_id.to_string(),
        provider_id: provider_id.to_string(),
        client: None,
    };
    let now = Timestamp::now();
    let today = crate::referrals::uk_date(now);
    let days = |n: i32| imha_law::dates::add_days(today, n);
    let then = now
        .checked_sub(jiff::SignedDuration::from_hours(24 * 180))
        .unwrap_or(now);
    let then_day = crate::referrals::uk_date(then);
    let then_days = |n: i32| imha_law::dates::add_days(then_day, n);

    let mut tx = db.begin().await?;
    let first = create(
        &mut tx,
        &editor,
        &RawAssessment {
            title: "Spring 2026 (demo)".into(),
            period_start: Some(then_days(-182)),
            period_end: Some(then_day),
            repeat: false,
        },
        then_day,
        then,
    )
    .await?;
    let old: [(Rating, &str); 10] = [
        (
            Rating::Amber,
            "Leaflets in English only. Ward staff on two of five wards had a briefing.",
        ),
        (
            Rating::Amber,
            "Outcome measures recorded on about half of closed cases.",
        ),
        (
            Rating::Green,
            "Funded by the council; no shared managers with the trust. Advocates declare links with patients.",
        ),
        (
            Rating::Red,
            "No one with lived experience involved in the service yet.",
        ),
        (
            Rating::Amber,
            "Interpreters booked case by case; no Easy Read information.",
        ),
        (
            Rating::Green,
            "All advocates hold the IMHA qualification; certificates in date.",
        ),
        (
            Rating::Red,
            "No agreed way to hand over to community advocacy at discharge.",
        ),
        (
            Rating::Amber,
            "Opt-out referrals from both hospitals; uptake lower for Black patients.",
        ),
        (
            Rating::Amber,
            "Protocol agreed with Moorside; not yet with Northshire General.",
        ),
        (Rating::Red, "No impact report to the council last year."),
    ];
    for (n, (rating, evidence)) in (1u8..).zip(old) {
        rate(
            &mut tx,
            &editor,
            &first,
            n,
            &RawRating {
                rating: Some(rating.id().into()),
                evidence: evidence.into(),
            },
            then,
        )
        .await?;
    }
    let action =
        |n: u8, what: &str, owner: Option<&str>, name: Option<&str>, due: Date| RawAction {
            indicator: Some(n.to_string()),
            description: what.into(),
            owner_user_id: owner.map(str::to_string),
            owner_name: name.map(str::to_string),
            due_on: Some(due),
        };
    let mut done = Vec::new();
    for (raw, finished) in [
        (
            action(
                1,
                "Brief ward staff on the remaining three wards",
                Some(advocate_id),
                None,
                then_days(60),
            ),
            true,
        ),
        (
            action(
                4,
                "Set up a reference group of former patients",
                None,
                Some("Jo Peer (demo)"),
                then_days(120),
            ),
            false,
        ),
        (
            action(
                7,
                "Agree a discharge hand-over with community advocacy",
                Some(manager_id),
                None,
                then_days(150),
            ),
            false,
        ),
        (
            action(
                10,
                "Send the council an annual impact report",
                Some(manager_id),
                None,
                then_days(90),
            ),
            true,
        ),
    ] {
        let id = add_action(&mut tx, &editor, &first, &raw, then_day, then).await?;
        if finished {
            done.push(id);
        }
    }
    for id in &done {
        complete_action(&mut tx, &editor, &first, id, then).await?;
    }
    finalise(&mut tx, &editor, &first, &[], then).await?;

    let second = create(
        &mut tx,
        &editor,
        &RawAssessment {
            title: "Autumn 2026 (demo)".into(),
            period_start: Some(days(-182)),
            period_end: Some(today),
            repeat: true,
        },
        today,
        now,
    )
    .await?;
    for (n, rating, evidence) in [
        (
            1u8,
            Rating::Green,
            "Every ward briefed; an Easy Read leaflet about the role is in use.",
        ),
        (
            4,
            Rating::Amber,
            "A reference group of four former patients met twice.",
        ),
        (
            7,
            Rating::Amber,
            "Hand-over with community advocacy agreed in draft.",
        ),
        (
            10,
            Rating::Amber,
            "Impact report sent; outcome measures on most closed cases.",
        ),
        (
            9,
            Rating::Red,
            "Northshire General withdrew from the protocol after a change of ward managers.",
        ),
    ] {
        rate(
            &mut tx,
            &editor,
            &second,
            n,
            &RawRating {
                rating: Some(rating.id().into()),
                evidence: evidence.into(),
            },
            now,
        )
        .await?;
    }
    add_action(
        &mut tx,
        &editor,
        &second,
        &action(
            9,
            "Meet Northshire General's new ward managers about the protocol",
            Some(manager_id),
            None,
            days(30),
        ),
        today,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::{EqualityFigures, IssueFigures, OutcomeFigures, Response, Uptake};

    fn figures() -> Figures {
        Figures {
            uptake: Uptake {
                qualifying: 200,
                referred: 190,
                offered_visit: 170,
                seen: 124,
                accepted: 60,
            },
            response: Response {
                working_days: vec![1, 2, 2, 3, 9, 1, 2, 4, 5, 6],
                target_working_days: 5,
                waiting: 3,
            },
            referrals_by_channel: vec![
                ("opt-out".into(), 150),
                ("staff".into(), 30),
                ("public-form".into(), 10),
                ("api".into(), 0),
            ],
            issues: vec![
                IssueFigures {
                    kind: "rights".into(),
                    raised: 40,
                    resolved: 25,
                    closed_unresolved: 5,
                },
                IssueFigures {
                    kind: "tribunal-application".into(),
                    raised: 20,
                    resolved: 11,
                    closed_unresolved: 2,
                },
            ],
            outcomes: vec![
                OutcomeFigures {
                    measure: "felt_heard".into(),
                    yes: 30,
                    partly: 10,
                    no: 10,
                    not_known: 4,
                },
                OutcomeFigures {
                    measure: "felt_involved".into(),
                    yes: 20,
                    partly: 10,
                    no: 10,
                    not_known: 0,
                },
            ],
            minutes: 6_000,
            cases_instructed: 52,
            cases_non_instructed: 8,
            out_of_area_in: 0,
            out_of_area_out: 0,
            equality: vec![
                EqualityFigures {
                    dimension: "ethnicity".into(),
                    categories: vec![
                        ("white".into(), 120, 84, 40),
                        ("black".into(), 50, 20, 10),
                        ("asian".into(), 25, 16, 8),
                        // 5 qualifying: too few to publish.
                        ("mixed".into(), 5, 4, 2),
                    ],
                },
                EqualityFigures {
                    dimension: "age-band".into(),
                    categories: vec![
                        ("18-to-64".into(), 180, 112, 55),
                        ("65-and-over".into(), 20, 12, 5),
                    ],
                },
            ],
        }
    }

    fn lines(v: &[(u8, String)], n: u8) -> Vec<&str> {
        v.iter()
            .filter(|(i, _)| *i == n)
            .map(|(_, s)| s.as_str())
            .collect()
    }

    #[test]
    fn access_gives_uptake_the_lowest_groups_and_response_times() {
        let live = live_evidence(&figures(), &Suppression::default());
        let access = lines(&live, 8);
        // 200 qualifying, 190 referred, 124 seen (rounded to 125 under the rule; the rate is
        // from raw figures: 124 / 200 = 62%).
        assert_eq!(
            access[0],
            "Qualifying patients in the period: 200. Referred: 190. Seen by an advocate: 125 \
             (uptake 62%)."
        );
        // Black patients: 20 of 50 = 40%; age 65 and over: 12 of 20 = 60%. Mixed (5
        // qualifying) is suppressed, so never singled out.
        assert_eq!(
            access[1],
            "Lowest uptake by ethnicity, Black (40%); by age, 65 and over (60%), against 62% \
             overall."
        );
        assert!(!access[1].contains("Mixed"));
        assert_eq!(
            access[2],
            "Groups too small to publish under the small-number rule are left out."
        );
        // 10 first contacts, 8 within 5 working days; median of 1,1,2,2,2,3,4,5,6,9 = 2.5.
        assert_eq!(
            access[3],
            "First contact within the target of 5 working days: 80% of 10 referrals. Median: \
             2.5 working days."
        );
        // 3 waiting: suppressed.
        assert_eq!(
            access[4],
            "Referrals from the period still waiting for a first contact at its end: 1 to 7."
        );
        assert_eq!(access.len(), 5);
    }

    #[test]
    fn impact_gives_issues_outcomes_recorded_and_the_share_who_felt_heard() {
        let live = live_evidence(&figures(), &Suppression::default());
        let impact = lines(&live, 10);
        // 60 raised, 36 resolved (60%), 7 closed without resolution (suppressed).
        assert_eq!(
            impact[0],
            "Issues raised in the period: 60. Resolved: 35 (60% of those raised). Closed \
             without resolution: 1 to 7."
        );
        // The most-answered measure: felt heard, 54 answers (rounded to 55).
        assert_eq!(
            impact[1],
            "Outcomes recorded on cases closed in the period: 55."
        );
        // 50 known: 30 yes (60%), 10 partly (20%), 10 no (20%).
        assert_eq!(
            impact[2],
            "Felt heard, of the 50 patients whose answer is known: 60% yes, 20% partly, 20% no."
        );
        // Others: instructed and non-instructed (8 is shown, rounded to 10), channels.
        assert_eq!(
            lines(&live, 5),
            vec![
                "Cases open in the period: 50 instructed and 10 non-instructed advocacy (for \
                 people who could not instruct an advocate)."
            ]
        );
        assert_eq!(
            lines(&live, 9),
            vec![
                "Referrals in the period: 190, by how they arrived: opt-out referral 150, staff \
                 referral 30, referral form 10."
            ]
        );
        assert!(lines(&live, 7).is_empty(), "no out-of-area placements");
        for n in [1, 2, 3, 4, 6] {
            assert!(lines(&live, n).is_empty(), "nothing measured for {n}");
        }
    }

    #[test]
    fn small_numbers_are_never_published() {
        let f = Figures {
            uptake: Uptake {
                qualifying: 6,
                referred: 6,
                offered_visit: 5,
                seen: 4,
                accepted: 2,
            },
            outcomes: vec![OutcomeFigures {
                measure: "felt_heard".into(),
                yes: 3,
                partly: 0,
                no: 1,
                not_known: 0,
            }],
            response: Response {
                working_days: vec![1, 3],
                target_working_days: 5,
                waiting: 0,
            },
            out_of_area_in: 2,
            ..Figures::default()
        };
        let live = live_evidence(&f, &Suppression::default());
        let all: String = live.iter().map(|(_, s)| s.as_str()).collect();
        for raw in ["6", "4", "3", "2"] {
            assert!(
                !all.split(|c: char| !c.is_ascii_digit()).any(|w| w == raw),
                "{raw} published in {all}"
            );
        }
        assert!(
            all.contains("Seen by an advocate: 1 to 7 (uptake not shown, too few to publish).")
        );
        // A median of two contacts would tell each one's time: left out.
        assert!(all.contains("5 working days: not shown") && !all.contains("Median"));
        assert!(all.contains("placed here from another area"));
    }

    #[test]
    fn no_group_below_overall_and_no_qualifying_patients_say_so() {
        let mut f = figures();
        f.equality = vec![EqualityFigures {
            dimension: "gender".into(),
            categories: vec![("female".into(), 100, 62, 30), ("male".into(), 100, 62, 30)],
        }];
        let live = live_evidence(&f, &Suppression::default());
        assert!(
            lines(&live, 8).contains(&"No group's uptake is below the overall uptake."),
            "{live:?}"
        );
        let empty = live_evidence(&Figures::default(), &Suppression::default());
        assert_eq!(
            empty,
            vec![
                (
                    8,
                    "No patients qualified for an IMHA in the period, according to the \
                     hospitals' feed."
                        .to_string()
                ),
                (
                    10,
                    "No outcomes were recorded on cases closed in the period.".to_string()
                ),
            ]
        );
    }

    #[test]
    fn ties_for_lowest_are_all_named() {
        let mut f = figures();
        f.equality = vec![EqualityFigures {
            dimension: "legal-status".into(),
            categories: vec![
                ("s2".into(), 50, 20, 10),
                ("s3".into(), 100, 40, 20),
                ("cto".into(), 50, 50, 10),
            ],
        }];
        let live = live_evidence(&f, &Suppression::default());
        assert!(
            lines(&live, 8).contains(
                &"Lowest uptake by legal status, S2 and S3 (40% each), against 62% overall."
            ),
            "{live:?}"
        );
    }

    fn full(ratings: [Option<Rating>; 10]) -> FullAssessment {
        FullAssessment {
            assessment: Assessment {
                id: "a".into(),
                provider_id: "p".into(),
                provider_name: "P".into(),
                title: "T".into(),
                period_start: jiff::civil::date(2026, 1, 1),
                period_end: jiff::civil::date(2026, 6, 30),
                status: Status::Draft,
                repeated_from: None,
                created_by: "M".into(),
                created_at: Timestamp::UNIX_EPOCH,
                finalised_by: None,
                finalised_at: None,
            },
            ratings: ratings
                .iter()
                .zip(1u8..)
                .map(|(r, n)| IndicatorRating {
                    indicator: n,
                    rating: *r,
                    evidence: String::new(),
                    live_figures: vec![],
                })
                .collect(),
            actions: vec![],
        }
    }

    #[test]
    fn comparison_says_better_same_worse_in_words() {
        use Rating::*;
        let then = full([
            Some(Red),
            Some(Amber),
            Some(Green),
            None,
            Some(Amber),
            None,
            Some(Green),
            Some(Amber),
            Some(Red),
            Some(Green),
        ]);
        let now = full([
            Some(Amber),
            Some(Amber),
            Some(Red),
            Some(Green),
            None,
            None,
            Some(Green),
            Some(Green),
            Some(Green),
            Some(Amber),
        ]);
        let c = compare(&then, &now);
        let changes: Vec<Change> = c.iter().map(|x| x.change).collect();
        assert_eq!(
            changes,
            vec![
                Change::Better,
                Change::Same,
                Change::Worse,
                Change::NewlyRated,
                Change::NoLongerRated,
                Change::NotRated,
                Change::Same,
                Change::Better,
                Change::Better,
                Change::Worse,
            ]
        );
        assert_eq!(c[0].words(), "Better: red then, amber now");
        assert_eq!(c[1].words(), "No change: amber both times");
        assert_eq!(c[2].words(), "Worse: green then, red now");
        assert_eq!(c[3].words(), "Newly rated: not rated then, green now");
        assert_eq!(c[4].words(), "Not rated now: amber then");
        assert_eq!(c[5].words(), "Not rated in either assessment");
    }

    #[test]
    fn the_ten_indicators_are_scie_s_in_order() {
        for (i, ind) in INDICATORS.iter().enumerate() {
            assert_eq!(usize::from(ind.number), i + 1);
            assert_eq!(indicator(ind.number), Some(ind));
            assert!(!ind.evidence.is_empty());
            assert!(ind.wording.ends_with('.'));
            assert_eq!(INDICATOR_FIELDS[i], format!("indicator-{}", ind.number));
        }
        assert!(indicator(0).is_none() && indicator(11).is_none());
        assert!(
            INDICATORS[7]
                .wording
                .contains("Accessible to all qualifying patients")
        );
        assert!(
            INDICATORS[9]
                .wording
                .contains("measures and reports its impact")
        );
    }

    #[test]
    fn actions_are_validated_field_by_field() {
        let today = jiff::civil::date(2026, 11, 29);
        let staff = vec!["u1".to_string()];
        let errs = validate_action(&RawAction::default(), &staff, today).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["indicator", "description", "owner", "due_on"]);
        let ok = validate_action(
            &RawAction {
                indicator: Some("8".into()),
                description: " Audit uptake by ethnicity ".into(),
                owner_user_id: Some("u1".into()),
                owner_name: None,
                due_on: Some(jiff::civil::date(2027, 1, 31)),
            },
            &staff,
            today,
        )
        .unwrap();
        assert_eq!(ok.owner, Owner::User("u1".into()));
        assert_eq!(ok.description, "Audit uptake by ethnicity");
        let raw = RawAction {
            indicator: Some("11".into()),
            description: "x".into(),
            owner_user_id: Some("someone-else".into()),
            owner_name: None,
            due_on: Some(jiff::civil::date(2026, 11, 28)),
        };
        let errs = validate_action(&raw, &staff, today).unwrap_err();
        assert_eq!(
            errs.iter().map(|e| e.message.as_str()).collect::<Vec<_>>(),
            vec![
                "Select the indicator this action is for",
                "Choose a person from the list",
                "The due date must be today or in the future",
            ]
        );
        let both = RawAction {
            owner_name: Some("Pat".into()),
            owner_user_id: Some("u1".into()),
            ..raw
        };
        assert!(
            validate_action(&both, &staff, today)
                .unwrap_err()
                .iter()
                .any(|e| e.message.contains("not both"))
        );
    }

    #[test]
    fn a_new_assessment_needs_a_name_and_a_past_period() {
        let today = jiff::civil::date(2026, 11, 29);
        let errs = validate_assessment(&RawAssessment::default(), today).unwrap_err();
        assert_eq!(
            errs.iter().map(|e| e.field).collect::<Vec<_>>(),
            vec!["title", "period_start", "period_end"]
        );
        let backwards = RawAssessment {
            title: "Spring 2027".into(),
            period_start: Some(jiff::civil::date(2026, 6, 1)),
            period_end: Some(jiff::civil::date(2026, 5, 1)),
            repeat: false,
        };
        assert_eq!(
            validate_assessment(&backwards, today).unwrap_err()[0].message,
            "The end of the period must be after its start"
        );
        let future = RawAssessment {
            period_end: Some(jiff::civil::date(2026, 12, 1)),
            ..backwards.clone()
        };
        assert!(validate_assessment(&future, today).is_err());
    }
}
