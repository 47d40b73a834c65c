//! Anonymised case stories for the annual impact report: the outcomes whose patient agreed to
//! share their story (`case_outcomes.share_story`), as the patient's own words and the kinds of
//! issue the case dealt with, and nothing else. No name, date of birth, hospital, case id or
//! date more precise than the year ever leaves this module, so the report cannot show one.
//!
//! Filtered by area (the referral's hospital among the local authority's `area_members`; every
//! hospital for [`Area::Everywhere`]) and by period (the outcome recorded between `from` and
//! `to`, UK days, both included).

use jiff::Timestamp;
use jiff::civil::Date;

use crate::casework::issues::IssueKind;
use crate::db::{Database, StorageError};
use crate::on_pool;
use crate::reports::Area;

/// One story, as the impact report shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Story {
    /// The calendar year the outcome was recorded (never a more precise date).
    pub year: i16,
    /// What the patient said, in their words.
    pub words: String,
    /// The kinds of issue the case dealt with, each once, in the order of [`IssueKind::ALL`].
    pub issue_kinds: Vec<IssueKind>,
}

/// The first moment of `date` in the UK.
fn start_of_uk_day(date: Date) -> Option<Timestamp> {
    date.in_tz("Europe/London")
        .or_else(|_| date.to_zoned(jiff::tz::TimeZone::UTC))
        .ok()
        .map(|z| z.timestamp())
}

/// The stories patients agreed to share, for `area`, whose outcome was recorded from `from` to
/// `to` (UK days, both included), oldest first.
pub async fn shared(
    db: &Database,
    area: &Area,
    from: Date,
    to: Date,
) -> Result<Vec<Story>, StorageError> {
    let (Some(start), Some(end)) = (
        start_of_uk_day(from),
        to.tomorrow().ok().and_then(start_of_uk_day),
    ) else {
        return Ok(Vec::new());
    };
    // Timestamps are stored as RFC 3339 text, whose fractional seconds make text comparison
    // inexact at the boundary: select a day either side, then compare the parsed times.
    let day = jiff::SignedDuration::from_hours(24);
    let lo = start.checked_sub(day).unwrap_or(start).to_string();
    let hi = end.checked_add(day).unwrap_or(end).to_string();
    let base = "SELECT o.case_id, o.patient_words, o.recorded_at FROM case_outcomes o \
                JOIN cases c ON c.id = o.case_id JOIN referrals r ON r.id = c.referral_id \
                WHERE o.share_story = TRUE AND o.patient_words IS NOT NULL \
                AND o.recorded_at >= $1 AND o.recorded_at < $2";
    let rows: Vec<(String, String, String)> = match area {
        Area::Everywhere => {
            let sql = format!("{base} ORDER BY o.recorded_at, o.case_id");
            on_pool!(db, p => sqlx::query_as(&sql).bind(&lo).bind(&hi).fetch_all(p).await)?
        }
        Area::LocalAuthority(la) => {
            let sql = format!(
                "{base} AND r.hospital_id IN (SELECT member_id FROM area_members \
                 WHERE local_authority_id = $3) ORDER BY o.recorded_at, o.case_id"
            );
            on_pool!(db, p => sqlx::query_as(&sql).bind(&lo).bind(&hi).bind(la).fetch_all(p).await)?
        }
    };
    let mut stories = Vec::new();
    for (case_id, words, recorded_at) in rows {
        let Ok(at) = recorded_at.parse::<Timestamp>() else {
            continue;
        };
        if at < start || at >= end {
            continue;
        }
        let words = words.trim();
        if words.is_empty() {
            continue;
        }
        let kinds: Vec<String> = on_pool!(db, p => sqlx::query_scalar(
            "SELECT DISTINCT kind FROM case_issues WHERE case_id = $1"
        ).bind(&case_id).fetch_all(p).await)?;
        let issue_kinds = IssueKind::ALL
            .iter()
            .copied()
            .filter(|k| kinds.iter().any(|s| s == k.id()))
            .collect();
        let year = at
            .in_tz("Europe/London")
            .map(|z| z.year())
            .unwrap_or_else(|_| at.to_zoned(jiff::tz::TimeZone::UTC).year());
        stories.push(Story {
            year,
            words: words.to_string(),
            issue_kinds,
        });
    }
    Ok(stories)
}
