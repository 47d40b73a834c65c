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

/// The age bands: an age below the bound is in the band (the last band has no bound).
const AGE_BANDS: [(i32, &str); 6] = [
    (18, "under-18"),
    (25, "18-24"),
    (35, "25-34"),
    (45, "35-44"),
    (55, "45-54"),
    (65, "55-64"),
];

/// The band of ages at and above the last bound.
const OLDEST_BAND: &str = "65-and-over";

/// The age band of someone born on `date_of_birth` on `on`.
pub fn age_band(date_of_birth: Option<Date>, on: Date) -> &'static str {
    let Some(dob) = date_of_birth.filter(|d| *d <= on) else {
        return "not-known";
    };
    let mut age = i32::from(on.year()) - i32::from(dob.year());
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    AGE_BANDS
        .iter()
        .find(|(bound, _)| age < *bound)
        .map_or(OLDEST_BAND, |(_, band)| band)
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

/// The groups in SQL. Each gives, on both engines, what the Rust function of the same name
/// gives for a stored value, and is made from that function's own table where it has one (a
/// test compares them value by value on SQLite and PostgreSQL). Stored values are the feed's
/// checked ones: canonical legal-status ids and ISO dates.
pub mod in_sql {
    use imha_law::Status;

    use super::{AGE_BANDS, OLDEST_BAND, ethnic_group, legal_status_group};

    /// [`legal_status_group`] of the text `col`.
    pub fn legal_status_group_of(col: &str) -> String {
        let mut arms = String::new();
        for status in Status::ALL {
            let group = legal_status_group(status.id());
            // `Status::parse` compares ids without regard to case and codes exactly, after
            // trimming; ids are lower case and codes digits, so `lower` serves for both.
            for value in std::iter::once(status.id()).chain(status.mhsds_codes().iter().copied()) {
                arms.push_str(&format!(" WHEN '{value}' THEN '{group}'"));
            }
        }
        format!("CASE lower(trim({col})){arms} ELSE 'other' END")
    }

    /// [`ethnic_group`] of the text `col` (by its first letter).
    pub fn ethnic_group_of(col: &str) -> String {
        let mut arms = String::new();
        for letter in 'A'..='Z' {
            let group = ethnic_group(Some(letter.encode_utf8(&mut [0; 4])));
            if group != "not-known" {
                arms.push_str(&format!(" WHEN '{letter}' THEN '{group}'"));
            }
        }
        format!("CASE upper(substr(trim({col}), 1, 1)){arms} ELSE 'not-known' END")
    }

    /// [`super::gender_group`] of the text `col`.
    pub fn gender_group_of(col: &str) -> String {
        let v = format!("trim({col})");
        format!(
            "CASE WHEN {col} IS NULL OR {v} IN ('', '0', 'X', 'x') THEN 'not-known' \
             WHEN {v} = '1' THEN 'male' WHEN {v} = '2' THEN 'female' \
             WHEN {v} = '9' THEN 'indeterminate' \
             WHEN lower({v}) = 'male' THEN 'male' WHEN lower({v}) = 'female' THEN 'female' \
             ELSE 'other' END"
        )
    }

    /// [`super::age_band`] of someone born on the date `dob` on the date `on` (both ISO dates
    /// as text, `dob` perhaps NULL).
    pub fn age_band_of(dob: &str, on: &str) -> String {
        let age = format!(
            "(CAST(substr({on}, 1, 4) AS INTEGER) - CAST(substr({dob}, 1, 4) AS INTEGER) \
             - CASE WHEN substr({on}, 6, 5) < substr({dob}, 6, 5) THEN 1 ELSE 0 END)"
        );
        let mut arms = String::new();
        for (bound, band) in AGE_BANDS {
            arms.push_str(&format!(" WHEN {age} < {bound} THEN '{band}'"));
        }
        format!(
            "CASE WHEN {dob} IS NULL OR {dob} > {on} THEN 'not-known'{arms} ELSE '{OLDEST_BAND}' END"
        )
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

/// One row of the qualifying-patients statement: a dimension (or `all`), a category, and the
/// qualifying patients in it: how many, referred, offered a visit, seen, accepted.
type EqualityRow = (String, Option<String>, i64, i64, i64, i64, i64);

/// One row of the referrals-and-cases statement: a kind (below), up to three texts and a
/// count, unused ones NULL. Few columns, as most rows are response times, each handed over
/// from SQLite's thread column by column.
type FigureRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
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

/// The qualifying patients (the opt-out feed's side): uptake, and the equality figures of
/// those qualifying beside those seen and supported. Counted in SQL, so that a few dozen rows
/// come back instead of a row for every qualifying episode (handing rows over from SQLite's
/// thread cost as much as finding them: docs/PERFORMANCE.md).
///
/// Each patient counts once, by their demographics, their age on the later of the period's
/// first day and their first qualifying episode's start in it, the legal status of their
/// latest qualifying episode in the period (the greater status id on the same start), and
/// whether any of those episodes was a CTO.
async fn uptake_and_equality(
    db: &Database,
    q: &Query,
    b: &Bounds,
) -> Result<(Uptake, Vec<EqualityFigures>), StorageError> {
    let mut sql = Sql::new();
    let filter = qualifying_filter(&mut sql, q, b);
    let end = sql.p(&b.end_at);
    let from = sql.p(&b.from_at);
    let from_day = sql.p(&b.from_day);
    let status_group_of_episode = in_sql::legal_status_group_of("qe.legal_status");
    let ethnicity = in_sql::ethnic_group_of("pa.ethnicity");
    let age_band = in_sql::age_band_of("pa.dob", "pa.on_day");
    let gender = in_sql::gender_group_of("pa.gender");
    let legal_status = in_sql::legal_status_group_of("pa.latest_status");
    let sums = "CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(pc.referred), 0) AS BIGINT), \
         CAST(COALESCE(SUM(pc.offered), 0) AS BIGINT), CAST(COALESCE(SUM(pc.seen), 0) AS BIGINT), \
         CAST(COALESCE(SUM(pc.accepted), 0) AS BIGINT)";
    let by = |dimension: &str, column: &str| {
        format!(" UNION ALL SELECT '{dimension}', pc.{column}, {sums} FROM pc GROUP BY pc.{column}")
    };
    let groups: String = [
        ("ethnicity", "ethnicity"),
        ("age-band", "age_band"),
        ("gender", "gender"),
        ("legal-status", "legal_status"),
        ("cto", "cto"),
    ]
    .iter()
    .map(|(d, c)| by(d, c))
    .collect();
    // `qe`: the qualifying episodes, read once; `fl`: each of their patients' referrals
    // relevant to the period, as flags; `pe`: one row per patient (first start, latest
    // status, ever on a CTO); `pc`: each patient's categories.
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
         GROUP BY r.patient_id), \
         pe AS MATERIALIZED (SELECT w.patient_id, w.first_start, w.latest_status, w.cto FROM ( \
           SELECT qe.patient_id, qe.legal_status AS latest_status, \
             MIN(qe.start_at) OVER (PARTITION BY qe.patient_id) AS first_start, \
             MAX(CASE WHEN {status_group_of_episode} = 'cto' THEN 1 ELSE 0 END) \
               OVER (PARTITION BY qe.patient_id) AS cto, \
             ROW_NUMBER() OVER (PARTITION BY qe.patient_id \
               ORDER BY qe.start_at DESC, qe.legal_status DESC) AS nth_latest \
           FROM qe) w WHERE w.nth_latest = 1), \
         pa AS (SELECT pe.latest_status, pe.cto, p.ethnicity, p.gender, p.date_of_birth AS dob, \
           CASE WHEN substr(pe.first_start, 1, 10) > {from_day} \
             THEN substr(pe.first_start, 1, 10) ELSE {from_day} END AS on_day, \
           CASE WHEN fl.patient_id IS NULL THEN 0 ELSE 1 END AS referred, \
           COALESCE(fl.offered, 0) AS offered, COALESCE(fl.seen, 0) AS seen, \
           COALESCE(fl.accepted, 0) AS accepted \
           FROM pe JOIN patients p ON p.id = pe.patient_id \
           LEFT JOIN fl ON fl.patient_id = pe.patient_id), \
         pc AS MATERIALIZED (SELECT {ethnicity} AS ethnicity, {age_band} AS age_band, \
           {gender} AS gender, {legal_status} AS legal_status, \
           CASE WHEN pa.cto = 1 THEN 'yes' ELSE 'no' END AS cto, \
           pa.referred, pa.offered, pa.seen, pa.accepted FROM pa) \
         SELECT 'all', CAST(NULL AS TEXT), {sums} FROM pc{groups}"
    );
    let rows: Vec<EqualityRow> = fetch_all!(db, &text, &sql.binds, EqualityRow)?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    let mut uptake = Uptake::default();
    // (dimension, category) -> (qualifying, seen, supported)
    let mut counts: HashMap<(String, String), (u64, u64, u64)> = HashMap::new();
    for (dimension, category, n, referred, offered, seen, accepted) in rows {
        match category {
            None if dimension == "all" => {
                uptake = Uptake {
                    qualifying: count(n),
                    referred: count(referred),
                    offered_visit: count(offered),
                    seen: count(seen),
                    accepted: count(accepted),
                };
            }
            Some(category) => {
                counts.insert(
                    (dimension, category),
                    (count(n), count(seen), count(accepted)),
                );
            }
            None => {}
        }
    }
    let equality = DIMENSIONS
        .iter()
        .map(|d| EqualityFigures {
            dimension: (*d).to_string(),
            categories: categories(d)
                .iter()
                .map(|(c, _)| {
                    let (n, seen, supported) = counts
                        .remove(&((*d).to_string(), (*c).to_string()))
                        .unwrap_or_default();
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
/// - `ch`: referrals received in the period, by channel: the channel and how many;
/// - `wa`: how many of the referrals received in the period were still waiting at its end;
/// - `ca`, `cn`, `ci`: cases open in the period: all, non-instructed, placed into the area;
/// - `mi`: minutes of contact in the period on the area's cases;
/// - `is`: issues raised in the period, by kind and status at the period's end;
/// - `oc`: outcomes recorded in the period, by their six answers (in one text, `/` between);
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
                 SELECT 'po', NULL, NULL, NULL, CAST(COUNT(*) AS BIGINT) \
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
    let case_open = format!(
        "ac.received_at < {end} AND ac.opened_at < {end} \
         AND (ac.closed_at IS NULL OR ac.closed_at >= {from})"
    );
    // The six answers of an outcome in one text, in the order of `MEASURES`.
    let answers = MEASURES
        .iter()
        .map(|(c, _)| format!("COALESCE(x.{c}, '')"))
        .collect::<Vec<_>>()
        .join(" || '/' || ");
    let text = format!(
        "WITH {ctes} \
         SELECT 'rt', ar.received_at, ar.first_contact_at, \
           CASE WHEN ar.channel = {opt_out} THEN \
             (SELECT e.start_at FROM episodes e WHERE e.id = ar.episode_id) END, \
           CAST(NULL AS BIGINT) \
         FROM ar WHERE ar.received_at < {end} \
           AND ar.first_contact_at >= {from} AND ar.first_contact_at < {end} \
         UNION ALL \
         SELECT 'ch', ar.channel, NULL, NULL, CAST(COUNT(*) AS BIGINT) \
         FROM ar WHERE ar.received_at >= {from} AND ar.received_at < {end} \
         GROUP BY ar.channel \
         UNION ALL \
         SELECT 'wa', NULL, NULL, NULL, \
           CAST(COALESCE(SUM(CASE WHEN ar.first_contact_at < {end} THEN 0 \
             WHEN ar.status IN ('declined', 'patient-declined') AND ar.decided_at < {end} \
             THEN 0 ELSE 1 END), 0) AS BIGINT) \
         FROM ar WHERE ar.received_at >= {from} AND ar.received_at < {end} \
         UNION ALL \
         SELECT 'ca', NULL, NULL, NULL, CAST(COUNT(*) AS BIGINT) FROM ac WHERE {case_open} \
         UNION ALL \
         SELECT 'cn', NULL, NULL, NULL, CAST(COUNT(*) AS BIGINT) FROM ac \
         WHERE {case_open} AND ac.advocacy = 'non-instructed' \
         UNION ALL \
         SELECT 'ci', NULL, NULL, NULL, CAST(COUNT(*) AS BIGINT) FROM ac \
         WHERE {case_open} AND {placed_in} \
         UNION ALL \
         SELECT 'mi', NULL, NULL, NULL, CAST(COALESCE(SUM(x.minutes), 0) AS BIGINT) \
         FROM {contacts} WHERE x.happened_at >= {from} AND x.happened_at < {end} \
         UNION ALL \
         SELECT 'is', x.kind, \
           CASE WHEN x.closed_on IS NULL OR x.closed_on < {end_day} THEN x.status \
             ELSE 'open' END, \
           NULL, CAST(COUNT(*) AS BIGINT) \
         FROM {issues} WHERE x.raised_on >= {from_day} AND x.raised_on < {end_day} \
         GROUP BY 2, 3 \
         UNION ALL \
         SELECT 'oc', {answers}, NULL, NULL, CAST(COUNT(*) AS BIGINT) \
         FROM {outcomes} WHERE x.recorded_at >= {from} AND x.recorded_at < {end} \
         GROUP BY 2\
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
    let mut cases_open = 0;
    for (kind, t1, t2, t3, n) in rows {
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
                    *channels.entry(channel).or_default() += count(n);
                }
            }
            "wa" => response.waiting += count(n),
            "ca" => cases_open += count(n),
            "cn" => f.cases_non_instructed += count(n),
            "ci" => f.out_of_area_in += count(n),
            "mi" => f.minutes += count(n),
            "is" => {
                let (Some(kind), Some(status)) = (t1, t2) else {
                    continue;
                };
                let n = count(n);
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
                let n = count(n);
                let answers = t1.unwrap_or_default();
                for (o, a) in outcomes.iter_mut().zip(answers.split('/')) {
                    match a {
                        "yes" => o.yes += n,
                        "partly" => o.partly += n,
                        "no" => o.no += n,
                        "not-known" => o.not_known += n,
                        _ => {}
                    }
                }
            }
            "po" => f.out_of_area_out += count(n),
            _ => {}
        }
    }
    f.cases_instructed = cases_open.saturating_sub(f.cases_non_instructed);
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
