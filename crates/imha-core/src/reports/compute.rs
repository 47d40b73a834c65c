//! Working out [`Figures`] for an area and a period: two set-based statements (the same SQL on
//! SQLite and PostgreSQL, which must be 12 or later for `MATERIALIZED`), counted mostly in SQL.
//!
//! Definitions (the doc comments on [`Figures`] say what each figure means):
//! - **The area's hospitals**: the members of the local authority's `area_members`, or every
//!   organisation for [`Area::Everywhere`] (whose referrals and cases also include those with no
//!   hospital: people in the community).
//! - **A referral's hospital**: its `hospital_id`, or when it has none, the hospital of the
//!   episode that made it (opt-out referrals). A case is in the area when its referral is.
//! - **The period**: dates stored as text (episodes' `start_at`/`end_at`, issues' `raised_on`)
//!   are compared with the period's dates; moments (`received_at`, `opened_at`, ...; RFC 3339
//!   UTC) with the moments the period's first day and the day after its last begin in the UK.
//!   Both sort correctly as text, so both engines compare them alike.

use std::collections::HashMap;

use imha_law::Status;
use jiff::civil::Date;

use super::{
    Area, EqualityFigures, Figures, IssueFigures, OutcomeFigures, Query, Response, Uptake,
};
use crate::casework::issues::{IssueKind, IssueStatus, MEASURES};
use crate::db::{Database, StorageError};
use crate::on_pool;
use crate::referrals::Channel;

/// The equality dimensions, in display order.
pub const DIMENSIONS: [&str; 5] = ["ethnicity", "age-band", "gender", "legal-status", "cto"];

/// Each dimension's categories (id, plain-English label), in display order.
pub fn categories(dimension: &str) -> &'static [(&'static str, &'static str)] {
    match dimension {
        "ethnicity" => &[
            ("white", "White"),
            ("mixed", "Mixed or multiple ethnic groups"),
            ("asian", "Asian or Asian British"),
            ("black", "Black, Black British, Caribbean or African"),
            ("other", "Other ethnic group"),
            ("not-stated", "Not stated (the patient chose not to say)"),
            ("not-known", "Not known"),
        ],
        "age-band" => &[
            ("under-18", "Under 18"),
            ("18-24", "18 to 24"),
            ("25-34", "25 to 34"),
            ("35-44", "35 to 44"),
            ("45-54", "45 to 54"),
            ("55-64", "55 to 64"),
            ("65-and-over", "65 and over"),
            ("not-known", "Not known"),
        ],
        "gender" => &[
            ("female", "Female"),
            ("male", "Male"),
            ("indeterminate", "Indeterminate"),
            ("other", "Other"),
            ("not-known", "Not known"),
        ],
        "legal-status" => &[
            ("s2", "Section 2 (assessment)"),
            ("s3", "Section 3 (treatment)"),
            ("other-part-2", "Other civil sections (4, 5(2), 5(4))"),
            (
                "court-and-prison",
                "Court and prison sections (35 to 49, CPIA)",
            ),
            ("cto", "Community treatment order"),
            ("guardianship", "Guardianship (sections 7 and 37)"),
            ("conditional-discharge", "Conditional discharge"),
            ("other", "Other"),
        ],
        "cto" => &[
            ("yes", "On a community treatment order"),
            ("no", "Not on a community treatment order"),
        ],
        _ => &[],
    }
}

/// The NHS Data Dictionary ETHNIC CATEGORY code's group, by its first letter.
pub fn ethnic_group(code: Option<&str>) -> &'static str {
    let first = code
        .map(str::trim)
        .and_then(|c| c.chars().next())
        .map(|c| c.to_ascii_uppercase());
    match first {
        Some('A'..='C') => "white",
        Some('D'..='G') => "mixed",
        Some('H'..='L') => "asian",
        Some('M'..='P') => "black",
        Some('R'..='S') => "other",
        Some('Z') => "not-stated",
        _ => "not-known",
    }
}

/// Gender as the feed sends it: the MHSDS/PDS codes (1 male, 2 female, 9 indeterminate, 0 or
/// X not known) or the words male and female.
pub fn gender_group(value: Option<&str>) -> &'static str {
    let v = value.map(str::trim).unwrap_or("");
    match v {
        "1" => "male",
        "2" => "female",
        "9" => "indeterminate",
        "" | "0" | "X" | "x" => "not-known",
        _ if v.eq_ignore_ascii_case("male") => "male",
        _ if v.eq_ignore_ascii_case("female") => "female",
        _ => "other",
    }
}

/// The age band of someone born on `date_of_birth` on `on`.
pub fn age_band(date_of_birth: Option<Date>, on: Date) -> &'static str {
    let Some(dob) = date_of_birth.filter(|d| *d <= on) else {
        return "not-known";
    };
    let mut age = i32::from(on.year()) - i32::from(dob.year());
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    match age {
        ..18 => "under-18",
        18..=24 => "18-24",
        25..=34 => "25-34",
        35..=44 => "35-44",
        45..=54 => "45-54",
        55..=64 => "55-64",
        _ => "65-and-over",
    }
}

/// A legal status (contract id or MHSDS code) in the reports' groups.
pub fn legal_status_group(status: &str) -> &'static str {
    match Status::parse(status) {
        Ok(Status::S2) => "s2",
        Ok(Status::S3) => "s3",
        Ok(Status::S4 | Status::S5_2 | Status::S5_4) => "other-part-2",
        Ok(
            Status::S35
            | Status::S36
            | Status::S37
            | Status::S37_41
            | Status::S38
            | Status::S44
            | Status::S45a
            | Status::S47
            | Status::S47_49
            | Status::S48
            | Status::S48_49
            | Status::Cpia,
        ) => "court-and-prison",
        Ok(Status::Cto) => "cto",
        Ok(Status::S7 | Status::S37Guardianship) => "guardianship",
        Ok(Status::ConditionalDischarge) => "conditional-discharge",
        Ok(Status::Informal | Status::S135 | Status::S136) | Err(_) => "other",
    }
}

/// The UK date a stored date or date-time (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`) falls on.
fn day_of(s: &str) -> Option<Date> {
    s.get(..10).and_then(imha_law::dates::parse_date)
}

/// The moment (RFC 3339 UTC, as stored) a UK day begins.
fn uk_midnight(d: Date) -> String {
    match d.in_tz("Europe/London") {
        Ok(z) => z.timestamp().to_string(),
        Err(_) => format!("{d}T00:00:00Z"),
    }
}

/// A statement's text and its parameters (all text), numbered as they are added.
struct Sql {
    text: String,
    binds: Vec<String>,
}

impl Sql {
    fn new() -> Sql {
        Sql {
            text: String::new(),
            binds: Vec::new(),
        }
    }

    /// A placeholder for `value`.
    fn p(&mut self, value: &str) -> String {
        self.binds.push(value.to_string());
        format!("${}", self.binds.len())
    }
}

/// The bounds of a query as stored text.
struct Bounds {
    from_day: String,
    end_day: String,
    from_at: String,
    end_at: String,
}

impl Bounds {
    fn new(q: &Query) -> Bounds {
        let end = q.to.tomorrow().unwrap_or(q.to);
        Bounds {
            from_day: q.from.to_string(),
            end_day: end.to_string(),
            from_at: uk_midnight(q.from),
            end_at: uk_midnight(end),
        }
    }
}

/// The local authority's hospitals (its `area_members`), as a subquery.
fn hospitals_of(sql: &mut Sql, local_authority: &str) -> String {
    format!(
        "(SELECT member_id FROM area_members WHERE local_authority_id = {})",
        sql.p(local_authority)
    )
}

/// `col` is one of the area's hospitals.
fn in_area(sql: &mut Sql, area: &Area, col: &str) -> String {
    match area {
        Area::Everywhere => format!("{col} IS NOT NULL"),
        Area::LocalAuthority(id) => format!("{col} IN {}", hospitals_of(sql, id)),
    }
}

macro_rules! fetch_all {
    ($db:expr, $sql:expr, $binds:expr, $row:ty) => {
        on_pool!($db, p => {
            let mut q = sqlx::query_as::<_, $row>($sql);
            for b in $binds {
                q = q.bind(b);
            }
            q.fetch_all(p).await
        })
    };
}

/// One qualifying episode in the period at one of the area's hospitals, with its patient and
/// what became of the patient's referrals relevant to the period (1 or 0: offered a visit,
/// seen, accepted; `None` when the patient has no such referral).
type EpisodeRow = (
    String,         // patient id
    String,         // start
    String,         // legal status
    Option<String>, // date of birth
    Option<String>, // ethnicity
    Option<String>, // gender
    Option<i64>,    // offered a visit
    Option<i64>,    // seen
    Option<i64>,    // accepted
);

/// One row of the referrals-and-cases statement: a kind (below), up to six texts and three
/// counts, unused ones NULL.
type FigureRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

/// Work out the figures for `q`, against a response target of `target_working_days`.
///
/// Two statements, run at once on two connections: the qualifying patients (the opt-out
/// feed's side), and the area's referrals and cases with everything recorded on them. Each
/// reads an area's rows once and returns few rows: an area's rows are scattered over the
/// whole database, so the time goes on looking each one up (docs/PERFORMANCE.md,
/// "Commissioner reports").
pub async fn compute(
    db: &Database,
    q: &Query,
    target_working_days: u32,
) -> Result<Figures, StorageError> {
    let b = Bounds::new(q);
    let ((uptake, equality), mut figures) = tokio::try_join!(
        uptake_and_equality(db, q, &b),
        referrals_and_cases(db, q, &b, target_working_days)
    )?;
    figures.uptake = uptake;
    figures.equality = equality;
    Ok(figures)
}

/// The qualifying episodes' filter: qualifying, at the area's hospitals, in force at some time
/// in the period.
fn qualifying_filter(sql: &mut Sql, q: &Query, b: &Bounds) -> String {
    let area = in_area(sql, &q.area, "e.hospital_id");
    let end = sql.p(&b.end_day);
    let from = sql.p(&b.from_day);
    format!(
        "e.qualifies AND {area} AND e.start_at < {end} AND (e.end_at IS NULL OR e.end_at >= {from})"
    )
}

#[derive(Default)]
struct Patient {
    first_start: String,
    latest_start: String,
    latest_status: String,
    cto: bool,
    date_of_birth: Option<String>,
    ethnicity: Option<String>,
    gender: Option<String>,
    /// Offered a visit, seen, accepted; `None` when not referred.
    flags: Option<(bool, bool, bool)>,
}

async fn uptake_and_equality(
    db: &Database,
    q: &Query,
    b: &Bounds,
) -> Result<(Uptake, Vec<EqualityFigures>), StorageError> {
    let mut sql = Sql::new();
    let filter = qualifying_filter(&mut sql, q, b);
    let end = sql.p(&b.end_at);
    let from = sql.p(&b.from_at);
    // The qualifying episodes are read once (`qe`), for their patients and for the patients'
    // referrals, whose flags are aggregated per patient here rather than in Rust.
    let text = format!(
        "WITH qe AS MATERIALIZED (SELECT e.patient_id, e.start_at, e.legal_status \
           FROM episodes e WHERE {filter}), \
         fl AS (SELECT r.patient_id, \
           CAST(MAX(CASE WHEN r.first_contact_at < {end} OR r.outcome_at < {end} \
                 OR c.opened_at < {end} THEN 1 ELSE 0 END) AS BIGINT) AS offered, \
           CAST(MAX(CASE WHEN r.first_contact_at < {end} OR c.opened_at < {end} \
                 OR (r.outcome_at < {end} AND r.outcome <> 'not-seen') THEN 1 ELSE 0 END) \
                 AS BIGINT) AS seen, \
           CAST(MAX(CASE WHEN c.opened_at < {end} THEN 1 ELSE 0 END) AS BIGINT) AS accepted \
         FROM referrals r LEFT JOIN cases c ON c.referral_id = r.id \
         WHERE r.patient_id IN (SELECT qe.patient_id FROM qe) \
           AND r.received_at < {end} \
           AND (r.received_at >= {from} OR r.decided_at IS NULL OR r.decided_at >= {from} \
                OR (c.id IS NOT NULL AND (c.closed_at IS NULL OR c.closed_at >= {from}))) \
         GROUP BY r.patient_id) \
         SELECT qe.patient_id, qe.start_at, qe.legal_status, p.date_of_birth, p.ethnicity, \
           p.gender, fl.offered, fl.seen, fl.accepted \
         FROM qe JOIN patients p ON p.id = qe.patient_id \
           LEFT JOIN fl ON fl.patient_id = qe.patient_id"
    );
    let rows: Vec<EpisodeRow> = fetch_all!(db, &text, &sql.binds, EpisodeRow)?;
    let mut patients: HashMap<String, Patient> = HashMap::new();
    for (id, start, status, dob, ethnicity, gender, offered, seen, accepted) in rows {
        let cto = legal_status_group(&status) == "cto";
        let p = patients.entry(id).or_insert_with(|| Patient {
            first_start: start.clone(),
            latest_start: start.clone(),
            latest_status: status.clone(),
            date_of_birth: dob,
            ethnicity,
            gender,
            flags: offered.map(|o| {
                (
                    o > 0,
                    seen.is_some_and(|s| s > 0),
                    accepted.is_some_and(|a| a > 0),
                )
            }),
            ..Patient::default()
        });
        p.cto |= cto;
        if start < p.first_start {
            p.first_start.clone_from(&start);
        }
        // The latest episode's status; on the same start, the greater status id, so the
        // answer does not depend on the order rows arrive in.
        if (&start, &status) > (&p.latest_start, &p.latest_status) {
            p.latest_start = start;
            p.latest_status = status;
        }
    }

    let mut uptake = Uptake::default();
    // dimension -> category -> (qualifying, seen, supported)
    let mut counts: HashMap<(&str, &str), (u64, u64, u64)> = HashMap::new();
    for p in patients.values() {
        let referred = p.flags.is_some();
        let (offered, seen, accepted) = p.flags.unwrap_or_default();
        uptake.qualifying += 1;
        uptake.referred += u64::from(referred);
        uptake.offered_visit += u64::from(offered);
        uptake.seen += u64::from(seen);
        uptake.accepted += u64::from(accepted);

        let first_day = day_of(&p.first_start)
            .filter(|d| *d > q.from)
            .unwrap_or(q.from);
        let dob = p
            .date_of_birth
            .as_deref()
            .and_then(imha_law::dates::parse_date);
        let categories = [
            ("ethnicity", ethnic_group(p.ethnicity.as_deref())),
            ("age-band", age_band(dob, first_day)),
            ("gender", gender_group(p.gender.as_deref())),
            ("legal-status", legal_status_group(&p.latest_status)),
            ("cto", if p.cto { "yes" } else { "no" }),
        ];
        for key in categories {
            let c = counts.entry(key).or_default();
            c.0 += 1;
            c.1 += u64::from(seen);
            c.2 += u64::from(accepted);
        }
    }
    let equality = DIMENSIONS
        .iter()
        .map(|d| EqualityFigures {
            dimension: (*d).to_string(),
            categories: categories(d)
                .iter()
                .map(|(c, _)| {
                    let (n, seen, supported) = counts.get(&(*d, *c)).copied().unwrap_or_default();
                    ((*c).to_string(), n, seen, supported)
                })
                .collect(),
        })
        .collect();
    Ok((uptake, equality))
}

/// The referral columns the figures use (`r` a referral).
const REFERRAL_COLUMNS: &str =
    "r.id, r.channel, r.received_at, r.first_contact_at, r.decided_at, r.status, r.episode_id";

/// The referrals-and-cases statement: the area's referrals (`ar`) and their cases (`ac`), each
/// read once, and from them, one statement, rows of these kinds:
/// - `rt`: a referral with a first contact in the period (received at, first contact at, the
///   start of its qualifying episode when it is an opt-out referral), for the response time;
/// - `ch`: referrals received in the period by channel: the channel, how many, and how many of
///   them were still waiting at the period's end;
/// - `cs`: cases open in the period: non-instructed, all, placed into the area;
/// - `mi`: minutes of contact in the period on the area's cases;
/// - `is`: issues raised in the period, by kind and status at the period's end;
/// - `oc`: outcomes recorded in the period, by their six answers;
/// - `po` (a local authority's area only): cases open in the period outside the area whose
///   home council is the area's.
fn referrals_and_cases_sql(q: &Query, b: &Bounds) -> Sql {
    let mut sql = Sql::new();
    let end = sql.p(&b.end_at);
    let from = sql.p(&b.from_at);
    let end_day = sql.p(&b.end_day);
    let from_day = sql.p(&b.from_day);
    let opt_out = sql.p(Channel::OptOut.id());
    let (ctes, placed_in, of_cases, placed_out) = match &q.area {
        Area::LocalAuthority(la) => {
            let by_hospital = in_area(&mut sql, &q.area, "r.hospital_id");
            let by_episode = in_area(&mut sql, &q.area, "e.hospital_id");
            let home = sql.p(la);
            let members = hospitals_of(&mut sql, la);
            // A referral is in the area by its hospital or, when it has none, by its
            // episode's; MATERIALIZED, as each is used several times.
            let ctes = format!(
                "ar AS MATERIALIZED ( \
                   SELECT {REFERRAL_COLUMNS}, r.hospital_id AS hospital FROM referrals r \
                   WHERE {by_hospital} \
                   UNION ALL \
                   SELECT {REFERRAL_COLUMNS}, e.hospital_id FROM referrals r \
                     JOIN episodes e ON e.id = r.episode_id \
                   WHERE r.hospital_id IS NULL AND {by_episode}), \
                 ac AS MATERIALIZED ( \
                   SELECT c.id, c.advocacy, c.opened_at, c.closed_at, c.home_authority_id, \
                     ar.received_at, ar.hospital \
                   FROM ar JOIN cases c ON c.referral_id = ar.id)"
            );
            let placed_in =
                format!("ac.home_authority_id IS NOT NULL AND ac.home_authority_id <> {home}");
            // The hospital of a case's referral, its episode's only when it has none.
            let hospital = "COALESCE(r.hospital_id, \
                 (SELECT e.hospital_id FROM episodes e WHERE e.id = r.episode_id))";
            let placed_out = format!(
                " UNION ALL \
                 SELECT 'po', NULL, NULL, NULL, NULL, NULL, NULL, CAST(COUNT(*) AS BIGINT), \
                   NULL, NULL \
                 FROM cases c JOIN referrals r ON r.id = c.referral_id \
                 WHERE c.home_authority_id = {home} AND c.opened_at < {end} \
                   AND (c.closed_at IS NULL OR c.closed_at >= {from}) \
                   AND {hospital} NOT IN {members}"
            );
            (ctes, placed_in, "ac JOIN ", placed_out)
        }
        Area::Everywhere => {
            let ctes = format!(
                "ar AS (SELECT {REFERRAL_COLUMNS} FROM referrals r), \
                 ac AS (SELECT c.id, c.advocacy, c.opened_at, c.closed_at, c.home_authority_id, \
                   r.received_at, COALESCE(r.hospital_id, \
                     (SELECT e.hospital_id FROM episodes e WHERE e.id = r.episode_id)) AS hospital \
                   FROM cases c JOIN referrals r ON r.id = c.referral_id)"
            );
            // Placed into the area of the hospital from another council's.
            let placed_in = "ac.home_authority_id IS NOT NULL AND NOT EXISTS \
                 (SELECT 1 FROM area_members m WHERE m.local_authority_id = ac.home_authority_id \
                   AND m.member_id = ac.hospital)"
                .to_string();
            // Every case is everywhere's: what is recorded on cases needs no join (each row's
            // case and referral exist: foreign keys).
            (ctes, placed_in, "", String::new())
        }
    };
    let on = |table: &str| {
        if of_cases.is_empty() {
            format!("{table} x")
        } else {
            format!("{of_cases}{table} x ON x.case_id = ac.id")
        }
    };
    let (contacts, issues, outcomes) =
        (on("case_contacts"), on("case_issues"), on("case_outcomes"));
    let text = format!(
        "WITH {ctes} \
         SELECT 'rt', ar.received_at, ar.first_contact_at, \
           CASE WHEN ar.channel = {opt_out} THEN \
             (SELECT e.start_at FROM episodes e WHERE e.id = ar.episode_id) END, \
           CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), \
           CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT) \
         FROM ar WHERE ar.received_at < {end} \
           AND ar.first_contact_at >= {from} AND ar.first_contact_at < {end} \
         UNION ALL \
         SELECT 'ch', ar.channel, NULL, NULL, NULL, NULL, NULL, CAST(COUNT(*) AS BIGINT), \
           CAST(SUM(CASE WHEN ar.first_contact_at < {end} THEN 0 \
             WHEN ar.status IN ('declined', 'patient-declined') AND ar.decided_at < {end} \
             THEN 0 ELSE 1 END) AS BIGINT), NULL \
         FROM ar WHERE ar.received_at >= {from} AND ar.received_at < {end} \
         GROUP BY ar.channel \
         UNION ALL \
         SELECT 'cs', NULL, NULL, NULL, NULL, NULL, NULL, \
           CAST(COALESCE(SUM(CASE WHEN ac.advocacy = 'non-instructed' THEN 1 ELSE 0 END), 0) \
             AS BIGINT), \
           CAST(COUNT(*) AS BIGINT), \
           CAST(COALESCE(SUM(CASE WHEN {placed_in} THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM ac WHERE ac.received_at < {end} AND ac.opened_at < {end} \
           AND (ac.closed_at IS NULL OR ac.closed_at >= {from}) \
         UNION ALL \
         SELECT 'mi', NULL, NULL, NULL, NULL, NULL, NULL, \
           CAST(COALESCE(SUM(x.minutes), 0) AS BIGINT), NULL, NULL \
         FROM {contacts} WHERE x.happened_at >= {from} AND x.happened_at < {end} \
         UNION ALL \
         SELECT 'is', x.kind, \
           CASE WHEN x.closed_on IS NULL OR x.closed_on < {end_day} THEN x.status \
             ELSE 'open' END, \
           NULL, NULL, NULL, NULL, CAST(COUNT(*) AS BIGINT), NULL, NULL \
         FROM {issues} WHERE x.raised_on >= {from_day} AND x.raised_on < {end_day} \
         GROUP BY 2, 3 \
         UNION ALL \
         SELECT 'oc', x.felt_heard, x.felt_involved, x.rights_understood, x.rights_upheld, \
           x.care_changed, x.concern_resolved, CAST(COUNT(*) AS BIGINT), NULL, NULL \
         FROM {outcomes} WHERE x.recorded_at >= {from} AND x.recorded_at < {end} \
         GROUP BY 2, 3, 4, 5, 6, 7\
         {placed_out}"
    );
    sql.text = text;
    sql
}

async fn referrals_and_cases(
    db: &Database,
    q: &Query,
    b: &Bounds,
    target: u32,
) -> Result<Figures, StorageError> {
    let sql = referrals_and_cases_sql(q, b);
    let rows: Vec<FigureRow> = fetch_all!(db, &sql.text, &sql.binds, FigureRow)?;
    let mut f = Figures::default();
    let mut channels: HashMap<String, u64> = HashMap::new();
    let mut issues: HashMap<String, IssueFigures> = HashMap::new();
    let mut response = Response {
        target_working_days: target,
        ..Response::default()
    };
    let mut outcomes: Vec<OutcomeFigures> = MEASURES
        .iter()
        .map(|(m, _)| OutcomeFigures {
            measure: (*m).to_string(),
            ..OutcomeFigures::default()
        })
        .collect();
    let uk = jiff::tz::TimeZone::get("Europe/London").ok();
    let count = |n: Option<i64>| n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
    for (kind, t1, t2, t3, t4, t5, t6, n1, n2, n3) in rows {
        match kind.as_str() {
            "rt" => {
                let (Some(received), Some(contact)) = (t1, t2) else {
                    continue;
                };
                // From the qualifying episode's start for an opt-out referral, else from the
                // day it was received.
                let start = t3
                    .as_deref()
                    .and_then(day_of)
                    .or_else(|| moment_day(uk.as_ref(), &received));
                if let (Some(start), Some(contact_on)) = (start, moment_day(uk.as_ref(), &contact))
                {
                    let days = imha_law::holidays::working_days_between(start, contact_on);
                    response.working_days.push(u32::try_from(days).unwrap_or(0));
                }
            }
            "ch" => {
                if let Some(channel) = t1 {
                    *channels.entry(channel).or_default() += count(n1);
                }
                response.waiting += count(n2);
            }
            "cs" => {
                f.cases_non_instructed += count(n1);
                f.cases_instructed += count(n2).saturating_sub(count(n1));
                f.out_of_area_in += count(n3);
            }
            "mi" => f.minutes += count(n1),
            "is" => {
                let (Some(kind), Some(status)) = (t1, t2) else {
                    continue;
                };
                let n = count(n1);
                let e = issues.entry(kind.clone()).or_insert_with(|| IssueFigures {
                    kind,
                    ..IssueFigures::default()
                });
                e.raised += n;
                match IssueStatus::parse(&status) {
                    Some(IssueStatus::Resolved) => e.resolved += n,
                    Some(IssueStatus::ClosedUnresolved) => e.closed_unresolved += n,
                    _ => {}
                }
            }
            "oc" => {
                let n = count(n1);
                for (o, a) in outcomes.iter_mut().zip([t1, t2, t3, t4, t5, t6]) {
                    match a.as_deref() {
                        Some("yes") => o.yes += n,
                        Some("partly") => o.partly += n,
                        Some("no") => o.no += n,
                        Some("not-known") => o.not_known += n,
                        _ => {}
                    }
                }
            }
            "po" => f.out_of_area_out += count(n1),
            _ => {}
        }
    }
    response.working_days.sort_unstable();
    f.response = response;
    let mut by_channel: Vec<(String, u64)> = Channel::ALL
        .iter()
        .map(|c| (c.id().to_string(), channels.remove(c.id()).unwrap_or(0)))
        .collect();
    let mut unknown: Vec<(String, u64)> = channels.into_iter().collect();
    unknown.sort();
    by_channel.extend(unknown);
    f.referrals_by_channel = by_channel;
    let mut by_kind: Vec<IssueFigures> = IssueKind::ALL
        .iter()
        .map(|k| {
            issues.remove(k.id()).unwrap_or_else(|| IssueFigures {
                kind: k.id().to_string(),
                ..IssueFigures::default()
            })
        })
        .collect();
    let mut rest: Vec<IssueFigures> = issues.into_values().collect();
    rest.sort_by(|a, b| a.kind.cmp(&b.kind));
    by_kind.extend(rest);
    f.issues = by_kind;
    f.outcomes = outcomes;
    Ok(f)
}

/// The UK date of a stored moment, with the UK's time zone looked up once per report (looking
/// it up by name for every referral cost more than the queries).
fn moment_day(uk: Option<&jiff::tz::TimeZone>, s: &str) -> Option<Date> {
    let t = s.parse::<jiff::Timestamp>().ok()?;
    Some(match uk {
        Some(tz) => tz.to_datetime(t).date(),
        None => crate::referrals::uk_date(t),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn ethnic_groups_follow_the_first_letter() {
        assert_eq!(ethnic_group(Some("A")), "white");
        assert_eq!(ethnic_group(Some("c2")), "white");
        assert_eq!(ethnic_group(Some("G")), "mixed");
        assert_eq!(ethnic_group(Some("H")), "asian");
        assert_eq!(ethnic_group(Some("L")), "asian");
        assert_eq!(ethnic_group(Some("N")), "black");
        assert_eq!(ethnic_group(Some("S")), "other");
        assert_eq!(ethnic_group(Some("Z")), "not-stated");
        assert_eq!(ethnic_group(Some("99")), "not-known");
        assert_eq!(ethnic_group(None), "not-known");
    }

    #[test]
    fn genders_read_codes_and_words() {
        assert_eq!(gender_group(Some("1")), "male");
        assert_eq!(gender_group(Some("FEMALE")), "female");
        assert_eq!(gender_group(Some("9")), "indeterminate");
        assert_eq!(gender_group(Some("X")), "not-known");
        assert_eq!(gender_group(None), "not-known");
        assert_eq!(gender_group(Some("non-binary")), "other");
    }

    #[test]
    fn age_bands_turn_on_the_birthday() {
        let dob = Some(date(2000, 6, 15));
        assert_eq!(age_band(dob, date(2018, 6, 14)), "under-18");
        assert_eq!(age_band(dob, date(2018, 6, 15)), "18-24");
        assert_eq!(age_band(dob, date(2025, 6, 15)), "25-34");
        assert_eq!(
            age_band(Some(date(1950, 1, 1)), date(2025, 1, 1)),
            "65-and-over"
        );
        assert_eq!(age_band(None, date(2025, 1, 1)), "not-known");
    }

    #[test]
    fn legal_statuses_are_grouped() {
        assert_eq!(legal_status_group("s2"), "s2");
        assert_eq!(legal_status_group("03"), "s3");
        assert_eq!(legal_status_group("s5-2"), "other-part-2");
        assert_eq!(legal_status_group("s37-41"), "court-and-prison");
        assert_eq!(legal_status_group("cpia"), "court-and-prison");
        assert_eq!(legal_status_group("cto"), "cto");
        assert_eq!(legal_status_group("s37-guardianship"), "guardianship");
        assert_eq!(
            legal_status_group("conditional-discharge"),
            "conditional-discharge"
        );
        assert_eq!(legal_status_group("nonsense"), "other");
    }

    #[test]
    fn every_category_has_a_label_and_ids_are_unique() {
        for d in DIMENSIONS {
            let cats = categories(d);
            assert!(!cats.is_empty());
            let ids: std::collections::HashSet<_> = cats.iter().map(|c| c.0).collect();
            assert_eq!(ids.len(), cats.len());
        }
    }
}
