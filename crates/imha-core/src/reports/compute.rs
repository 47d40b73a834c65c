//! Working out [`Figures`] for an area and a period: a few set-based queries (the same SQL on
//! SQLite and PostgreSQL), aggregated here.
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
use crate::referrals::{Channel, response_time_from};

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
    binds: Vec<String>,
}

impl Sql {
    fn new() -> Sql {
        Sql { binds: Vec::new() }
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

/// `col` is one of the area's hospitals.
fn in_area(sql: &mut Sql, area: &Area, col: &str) -> String {
    match area {
        Area::Everywhere => format!("{col} IS NOT NULL"),
        Area::LocalAuthority(id) => format!(
            "{col} IN (SELECT member_id FROM area_members WHERE local_authority_id = {})",
            sql.p(id)
        ),
    }
}

/// The referral `r` (joined to its episode `e`) is in the area.
fn referral_in_area(sql: &mut Sql, area: &Area) -> String {
    match area {
        Area::Everywhere => "1 = 1".into(),
        Area::LocalAuthority(_) => {
            let a = in_area(sql, area, "r.hospital_id");
            let b = in_area(sql, area, "e.hospital_id");
            format!("({a} OR (r.hospital_id IS NULL AND {b}))")
        }
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

/// One qualifying episode in the period at one of the area's hospitals, with its patient.
type EpisodeRow = (
    String,         // patient id
    String,         // start
    String,         // legal status
    Option<String>, // date of birth
    Option<String>, // ethnicity
    Option<String>, // gender
);

/// What became of a qualifying patient's referrals: offered a visit, seen, accepted.
type FlagsRow = (String, i64, i64, i64);

/// One of the area's referrals relevant to the period, with its case.
type ReferralRow = (
    String,         // channel
    String,         // received at
    Option<String>, // first contact at
    Option<String>, // decided at
    String,         // status
    Option<String>, // qualifying episode's start
    Option<String>, // case advocacy
    Option<String>, // case opened at
    Option<String>, // case closed at
    Option<String>, // case's home authority
    i64,            // 1 when the case's hospital is outside its home authority's area
);

/// Work out the figures for `q`, against a response target of `target_working_days`.
pub async fn compute(
    db: &Database,
    q: &Query,
    target_working_days: u32,
) -> Result<Figures, StorageError> {
    let b = Bounds::new(q);
    let (uptake, equality) = uptake_and_equality(db, q, &b).await?;
    let mut figures = Figures {
        uptake,
        equality,
        ..Figures::default()
    };
    referrals_and_cases(db, q, &b, target_working_days, &mut figures).await?;
    figures.out_of_area_out = placed_out(db, q, &b).await?;
    figures.minutes = minutes(db, q, &b).await?;
    figures.issues = issues(db, q, &b).await?;
    figures.outcomes = outcomes(db, q, &b).await?;
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
}

async fn uptake_and_equality(
    db: &Database,
    q: &Query,
    b: &Bounds,
) -> Result<(Uptake, Vec<EqualityFigures>), StorageError> {
    let mut sql = Sql::new();
    let filter = qualifying_filter(&mut sql, q, b);
    let text = format!(
        "SELECT e.patient_id, e.start_at, e.legal_status, p.date_of_birth, p.ethnicity, p.gender \
         FROM episodes e JOIN patients p ON p.id = e.patient_id WHERE {filter}"
    );
    let rows: Vec<EpisodeRow> = fetch_all!(db, &text, &sql.binds, EpisodeRow)?;
    let mut patients: HashMap<String, Patient> = HashMap::new();
    for (id, start, status, dob, ethnicity, gender) in rows {
        let cto = legal_status_group(&status) == "cto";
        let p = patients.entry(id).or_insert_with(|| Patient {
            first_start: start.clone(),
            latest_start: start.clone(),
            latest_status: status.clone(),
            date_of_birth: dob,
            ethnicity,
            gender,
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

    let mut sql = Sql::new();
    let filter = qualifying_filter(&mut sql, q, b);
    let end = sql.p(&b.end_at);
    let from = sql.p(&b.from_at);
    let text = format!(
        "SELECT r.patient_id, \
           CAST(MAX(CASE WHEN r.first_contact_at < {end} OR r.outcome_at < {end} \
                 OR c.opened_at < {end} THEN 1 ELSE 0 END) AS BIGINT), \
           CAST(MAX(CASE WHEN r.first_contact_at < {end} OR c.opened_at < {end} \
                 OR (r.outcome_at < {end} AND r.outcome <> 'not-seen') THEN 1 ELSE 0 END) AS BIGINT), \
           CAST(MAX(CASE WHEN c.opened_at < {end} THEN 1 ELSE 0 END) AS BIGINT) \
         FROM referrals r LEFT JOIN cases c ON c.referral_id = r.id \
         WHERE r.patient_id IN (SELECT e.patient_id FROM episodes e WHERE {filter}) \
           AND r.received_at < {end} \
           AND (r.received_at >= {from} OR r.decided_at IS NULL OR r.decided_at >= {from} \
                OR (c.id IS NOT NULL AND (c.closed_at IS NULL OR c.closed_at >= {from}))) \
         GROUP BY r.patient_id"
    );
    let flags: Vec<FlagsRow> = fetch_all!(db, &text, &sql.binds, FlagsRow)?;
    let flags: HashMap<String, (bool, bool, bool)> = flags
        .into_iter()
        .map(|(id, offered, seen, accepted)| (id, (offered > 0, seen > 0, accepted > 0)))
        .collect();

    let mut uptake = Uptake::default();
    // dimension -> category -> (qualifying, seen, supported)
    let mut counts: HashMap<(&str, &str), (u64, u64, u64)> = HashMap::new();
    for (id, p) in &patients {
        let f = flags.get(id);
        let referred = f.is_some();
        let (offered, seen, accepted) = f.copied().unwrap_or_default();
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

async fn referrals_and_cases(
    db: &Database,
    q: &Query,
    b: &Bounds,
    target: u32,
    f: &mut Figures,
) -> Result<(), StorageError> {
    let mut sql = Sql::new();
    let area = referral_in_area(&mut sql, &q.area);
    let end = sql.p(&b.end_at);
    let from = sql.p(&b.from_at);
    let text = format!(
        "SELECT r.channel, r.received_at, r.first_contact_at, r.decided_at, r.status, \
           e.start_at, c.advocacy, c.opened_at, c.closed_at, c.home_authority_id, \
           CAST(CASE WHEN c.home_authority_id IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM area_members m WHERE m.local_authority_id = c.home_authority_id \
               AND m.member_id = COALESCE(r.hospital_id, e.hospital_id)) THEN 1 ELSE 0 END AS BIGINT) \
         FROM referrals r LEFT JOIN episodes e ON e.id = r.episode_id \
           LEFT JOIN cases c ON c.referral_id = r.id \
         WHERE {area} AND r.received_at < {end} \
           AND (r.received_at >= {from} OR r.first_contact_at >= {from} \
                OR (c.id IS NOT NULL AND (c.closed_at IS NULL OR c.closed_at >= {from})))"
    );
    let rows: Vec<ReferralRow> = fetch_all!(db, &text, &sql.binds, ReferralRow)?;
    let (from_at, end_at) = (b.from_at.as_str(), b.end_at.as_str());
    let in_period = |t: &str| t >= from_at && t < end_at;
    let mut channels: HashMap<String, u64> = HashMap::new();
    let mut response = Response {
        target_working_days: target,
        ..Response::default()
    };
    let target = i32::try_from(target).unwrap_or(i32::MAX);
    for r in rows {
        let (channel, received, contact, decided, status, episode_start) =
            (r.0, r.1, r.2, r.3, r.4, r.5);
        if in_period(&received) {
            let contacted_by_end = contact.as_deref().is_some_and(|t| t < end_at);
            let refused_by_end = matches!(status.as_str(), "declined" | "patient-declined")
                && decided.as_deref().is_some_and(|t| t < end_at);
            if !contacted_by_end && !refused_by_end {
                response.waiting += 1;
            }
            *channels.entry(channel.clone()).or_default() += 1;
        }
        if let Some(contact) = contact.as_deref().filter(|t| in_period(t)) {
            let start = if channel == Channel::OptOut.id() {
                episode_start.as_deref().and_then(day_of)
            } else {
                None
            };
            let start = start.or_else(|| moment_day(&received));
            if let (Some(start), Some(contact_on)) = (start, moment_day(contact)) {
                let rt = response_time_from(start, Some(contact_on), contact_on, target);
                response
                    .working_days
                    .push(u32::try_from(rt.working_days).unwrap_or(0));
            }
        }
        let (advocacy, opened, closed, home, outside_home) = (r.6, r.7, r.8, r.9, r.10);
        let Some(opened) = opened else { continue };
        let open_in_period =
            opened.as_str() < end_at && closed.as_deref().is_none_or(|c| c >= from_at);
        if !open_in_period {
            continue;
        }
        match advocacy.as_deref() {
            Some("non-instructed") => f.cases_non_instructed += 1,
            _ => f.cases_instructed += 1,
        }
        let placed_in = match &q.area {
            Area::Everywhere => outside_home > 0,
            Area::LocalAuthority(id) => home.as_deref().is_some_and(|h| h != id),
        };
        f.out_of_area_in += u64::from(placed_in);
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
    Ok(())
}

/// The UK date of a stored moment.
fn moment_day(s: &str) -> Option<Date> {
    s.parse::<jiff::Timestamp>()
        .ok()
        .map(crate::referrals::uk_date)
}

/// Cases open in the period at hospitals outside the area, for patients whose home council is
/// the area's local authority.
async fn placed_out(db: &Database, q: &Query, b: &Bounds) -> Result<u64, StorageError> {
    let Area::LocalAuthority(la) = &q.area else {
        return Ok(0);
    };
    let mut sql = Sql::new();
    let home = sql.p(la);
    let end = sql.p(&b.end_at);
    let from = sql.p(&b.from_at);
    let members = sql.p(la);
    let text = format!(
        "SELECT COUNT(*) FROM cases c JOIN referrals r ON r.id = c.referral_id \
           LEFT JOIN episodes e ON e.id = r.episode_id \
         WHERE c.home_authority_id = {home} AND c.opened_at < {end} \
           AND (c.closed_at IS NULL OR c.closed_at >= {from}) \
           AND COALESCE(r.hospital_id, e.hospital_id) NOT IN \
             (SELECT member_id FROM area_members WHERE local_authority_id = {members})"
    );
    let rows: Vec<(i64,)> = fetch_all!(db, &text, &sql.binds, (i64,))?;
    Ok(rows.first().map_or(0, |r| u64::try_from(r.0).unwrap_or(0)))
}

/// The joins from a case `c` to its referral `r` and episode `e`, and the area filter.
fn case_in_area(sql: &mut Sql, area: &Area) -> (String, String) {
    (
        "JOIN cases c ON c.id = x.case_id JOIN referrals r ON r.id = c.referral_id \
         LEFT JOIN episodes e ON e.id = r.episode_id"
            .into(),
        referral_in_area(sql, area),
    )
}

async fn minutes(db: &Database, q: &Query, b: &Bounds) -> Result<u64, StorageError> {
    let mut sql = Sql::new();
    let (joins, area) = case_in_area(&mut sql, &q.area);
    let from = sql.p(&b.from_at);
    let end = sql.p(&b.end_at);
    let text = format!(
        "SELECT CAST(COALESCE(SUM(x.minutes), 0) AS BIGINT) FROM case_contacts x {joins} \
         WHERE {area} AND x.happened_at >= {from} AND x.happened_at < {end}"
    );
    let rows: Vec<(i64,)> = fetch_all!(db, &text, &sql.binds, (i64,))?;
    Ok(rows.first().map_or(0, |r| u64::try_from(r.0).unwrap_or(0)))
}

async fn issues(db: &Database, q: &Query, b: &Bounds) -> Result<Vec<IssueFigures>, StorageError> {
    let mut sql = Sql::new();
    let (joins, area) = case_in_area(&mut sql, &q.area);
    let from = sql.p(&b.from_day);
    let end = sql.p(&b.end_day);
    let end2 = sql.p(&b.end_day);
    // An issue counts as resolved (or closed without resolution) when it was by the period's
    // end: finished, and closed on a day before the end (or on a day not recorded).
    let text = format!(
        "SELECT x.kind, CASE WHEN x.closed_on IS NULL OR x.closed_on < {end2} THEN x.status \
           ELSE 'open' END AS st, COUNT(*) FROM case_issues x {joins} \
         WHERE {area} AND x.raised_on >= {from} AND x.raised_on < {end} \
         GROUP BY x.kind, st"
    );
    let rows: Vec<(String, String, i64)> =
        fetch_all!(db, &text, &sql.binds, (String, String, i64))?;
    let mut by_kind: HashMap<String, IssueFigures> = HashMap::new();
    for (kind, status, n) in rows {
        let n = u64::try_from(n).unwrap_or(0);
        let e = by_kind.entry(kind.clone()).or_insert_with(|| IssueFigures {
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
    let mut out: Vec<IssueFigures> = IssueKind::ALL
        .iter()
        .map(|k| {
            by_kind.remove(k.id()).unwrap_or_else(|| IssueFigures {
                kind: k.id().to_string(),
                ..IssueFigures::default()
            })
        })
        .collect();
    let mut rest: Vec<IssueFigures> = by_kind.into_values().collect();
    rest.sort_by(|a, b| a.kind.cmp(&b.kind));
    out.extend(rest);
    Ok(out)
}

type OutcomeRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

async fn outcomes(
    db: &Database,
    q: &Query,
    b: &Bounds,
) -> Result<Vec<OutcomeFigures>, StorageError> {
    let mut sql = Sql::new();
    let joins = "JOIN cases c ON c.id = o.case_id JOIN referrals r ON r.id = c.referral_id \
                 LEFT JOIN episodes e ON e.id = r.episode_id";
    let area = referral_in_area(&mut sql, &q.area);
    let from = sql.p(&b.from_at);
    let end = sql.p(&b.end_at);
    let cols = "o.felt_heard, o.felt_involved, o.rights_understood, o.rights_upheld, \
                o.care_changed, o.concern_resolved";
    let text = format!(
        "SELECT {cols}, COUNT(*) FROM case_outcomes o {joins} \
         WHERE {area} AND o.recorded_at >= {from} AND o.recorded_at < {end} GROUP BY {cols}"
    );
    let rows: Vec<OutcomeRow> = fetch_all!(db, &text, &sql.binds, OutcomeRow)?;
    let mut out: Vec<OutcomeFigures> = MEASURES
        .iter()
        .map(|(m, _)| OutcomeFigures {
            measure: (*m).to_string(),
            ..OutcomeFigures::default()
        })
        .collect();
    for r in rows {
        let n = u64::try_from(r.6).unwrap_or(0);
        let answers = [r.0, r.1, r.2, r.3, r.4, r.5];
        for (o, a) in out.iter_mut().zip(answers) {
            match a.as_deref() {
                Some("yes") => o.yes += n,
                Some("partly") => o.partly += n,
                Some("no") => o.no += n,
                Some("not-known") => o.not_known += n,
                _ => {}
            }
        }
    }
    Ok(out)
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
