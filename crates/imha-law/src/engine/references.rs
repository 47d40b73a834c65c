//! References to the tribunal: the managers' s68 duty (and its MHA 2025 s31 replacement), and
//! the Secretary of State's s71(2) and s75 duties (law.md §7, §6).

use jiff::civil::Date;

use super::{Episode, Warnings};
use crate::config::LawConfig;
use crate::dates::{Chain, add_days, age_on, corresponding_date, months_beginning_with};
use crate::input::{Input, Transition};
use crate::output::{Reference, Referrer};
use crate::status::Status;
use crate::text;

fn managers(due: Date, basis: &'static str) -> Option<Reference> {
    Some(Reference {
        due,
        basis,
        by: Referrer::HospitalManagers,
        as_soon_as_possible: false,
    })
}

fn secretary_of_state(due: Date, basis: &'static str) -> Option<Reference> {
    Some(Reference {
        due,
        basis,
        by: Referrer::SecretaryOfState,
        as_soon_as_possible: false,
    })
}

/// The latest tribunal hearing on or after `since` and on or before `day`.
fn last_hearing(input: &Input, since: Date, day: Date) -> Option<Date> {
    input
        .tribunal_hearings
        .iter()
        .copied()
        .filter(|h| *h >= since && *h <= day)
        .max()
}

/// s68(6): due when more than 3 years (1 year under 18) have passed since the case was last
/// considered. "More than": the event day is excluded, so the duty bites the day after the
/// corresponding date (worked-cases.md convention).
fn s68_6(input: &Input, last: Date, w: &mut Warnings) -> Option<Reference> {
    let child = add_days(corresponding_date(last, 12), 1);
    let adult = add_days(corresponding_date(last, 36), 1);
    match input.date_of_birth {
        Some(dob) if age_on(dob, child) < 18 => {
            w.medium(text::rules::S68_6_UNDER_18_AGE);
            w.month(text::dates::S68_6_REFERENCE, child);
            managers(child, "MHA 1983 s68(6)")
        }
        Some(_) => {
            w.month(text::dates::S68_6_REFERENCE, adult);
            managers(adult, "MHA 1983 s68(6)")
        }
        None => {
            w.note(text::notes::S68_6_NO_DATE_OF_BIRTH);
            w.month(text::dates::S68_6_REFERENCE, adult);
            managers(adult, "MHA 1983 s68(6)")
        }
    }
}

/// The status in force on `day` according to the history (for "made while on s2" tests).
fn status_on(input: &Input, day: Date) -> Option<Status> {
    input
        .history
        .iter()
        .rev()
        .find(|e| e.start.date() <= day)
        .map(|e| e.status)
}

/// Whether an application or reference counts for s68(3): a right under s66(1)(b), (ca), (cb),
/// (e), (g) or (h), or a s67 reference, not made while the patient was on s2 (an s2 patient's
/// own right is s66(1)(a), which s68(3) does not list; the NR has none then). So for every
/// applicant the test is the same: not made during the s2.
fn counts_for_s68(input: &Input, day: Date) -> bool {
    !matches!(status_on(input, day), Some(Status::S2 | Status::S4))
}

/// The next reference due on `as_of`, or `None`.
pub(crate) fn reference(
    input: &Input,
    ep: &Episode<'_>,
    config: &LawConfig,
    w: &mut Warnings,
) -> Option<Reference> {
    let day = input.as_of.date();
    match ep.status {
        Status::S3 | Status::Cto if !ep.part3_origin => part2(input, ep, config, w),
        Status::S37 | Status::S47 | Status::S48 | Status::Cto => {
            if let Some(r) = revoked(input, ep) {
                return Some(r);
            }
            w.medium(text::rules::PART3_UNRESTRICTED_S68);
            let last = last_hearing(input, ep.episode_start, day).unwrap_or_else(|| {
                w.note(text::notes::NO_HEARING_S68_6_EPISODE);
                ep.episode_start
            });
            s68_6(input, last, w).map(|r| Reference {
                basis: "MHA 1983 s68(6); Sch 1 Pt 1 para 10",
                ..r
            })
        }
        Status::S37_41 | Status::S47_49 | Status::S48_49 | Status::S45a | Status::Cpia => {
            restricted(input, ep, config, w)
        }
        Status::ConditionalDischarge => conditional_discharge(input, ep, config, w),
        _ => None,
    }
}

/// s68(7): a revoked CTO is referred as soon as possible after revocation (until a tribunal
/// has considered the case since).
fn revoked(input: &Input, ep: &Episode<'_>) -> Option<Reference> {
    let r = ep.revoked_on?;
    if last_hearing(input, r, input.as_of.date()).is_some() {
        return None;
    }
    Some(Reference {
        due: r,
        basis: "MHA 1983 s68(7)",
        by: Referrer::HospitalManagers,
        as_soon_as_possible: true,
    })
}

fn part2(
    input: &Input,
    ep: &Episode<'_>,
    config: &LawConfig,
    w: &mut Warnings,
) -> Option<Reference> {
    let day = input.as_of.date();
    let new_regime = |from: Date| {
        config
            .managers_references
            .in_force(input.jurisdiction, from)
            && config.managers_references.in_force(input.jurisdiction, day)
    };
    if ep.status == Status::S3
        && let Some(r) = ep.revoked_on
    {
        // MHA 2025 s31 omits s68(7): a revoked CTO is treated as a new s3 admission
        // (s17G(5) as amended), so the new regime runs from the revocation day.
        if new_regime(r) {
            return mha2025_s68(input, ep, r, w);
        }
        if let Some(reference) = revoked(input, ep) {
            return Some(reference);
        }
    }
    let Some(a) = ep.applicable_day else {
        w.note(text::notes::CTO_FIRST_IN_HISTORY);
        let last = last_hearing(input, ep.episode_start, day).unwrap_or(ep.episode_start);
        return s68_6(input, last, w);
    };
    if new_regime(a) {
        return mha2025_s68(input, ep, a, w);
    }
    let basis = match (ep.status, ep.transition) {
        (Status::Cto, _) => "MHA 1983 s68(1)(c), (2), (5)(c)",
        (_, Transition::TransferFromGuardianship) => "MHA 1983 s68(1)(e), (2), (5)(d)",
        _ => "MHA 1983 s68(2)",
    };
    let end = months_beginning_with(a, 6);
    let due6 = add_days(end, 1);
    // s68(3): a right exercised (not withdrawn within the period) or a non-s2 reference.
    let mut exercised: Option<Date> = None;
    let mut withdrawn_late: Option<Date> = None;
    for app in &input.tribunal_applications {
        if app.date < a || app.date > end || app.date > day || !counts_for_s68(input, app.date) {
            continue;
        }
        match app.withdrawn {
            Some(wd) if wd <= end => {} // withdrawn in the period: ignored
            Some(wd) => {
                exercised = Some(app.date);
                if wd <= day {
                    withdrawn_late = Some(withdrawn_late.map_or(wd, |x: Date| x.max(wd)));
                }
            }
            None => exercised = Some(app.date),
        }
    }
    if exercised.is_none()
        && let Some(h) = input
            .tribunal_hearings
            .iter()
            .copied()
            .find(|h| *h >= a && *h <= end && *h <= day && counts_for_s68(input, *h))
    {
        w.note(text::notes::HEARING_TAKEN_AS_EXERCISED);
        exercised = Some(h);
    }
    if let Some(wd) = withdrawn_late
        && last_hearing(input, wd, day).is_none()
    {
        // s68(4): withdrawn after the period expired: refer as soon as possible.
        return Some(Reference {
            due: wd,
            basis: "MHA 1983 s68(4)",
            by: Referrer::HospitalManagers,
            as_soon_as_possible: true,
        });
    }
    if exercised.is_none() && due6 >= day {
        w.month(text::dates::S68_SIX_MONTH_END, end);
        w.month(text::dates::S68_REFERENCE, due6);
        return managers(due6, basis);
    }
    // Past the six-month reference (made, or not needed): the periodic s68(6) reference.
    let last = last_hearing(input, a, day).unwrap_or_else(|| {
        w.note(text::notes::NO_HEARING_SINCE_APPLICABLE_DAY);
        exercised.unwrap_or(due6)
    });
    s68_6(input, last, w)
}

/// MHA 2025 s31 (when commenced): references at the end of each relevant period unless a right
/// was exercised or the case considered in it, with a 12-month backstop.
fn mha2025_s68(input: &Input, ep: &Episode<'_>, a: Date, w: &mut Warnings) -> Option<Reference> {
    let day = input.as_of.date();
    w.note(text::notes::MHA2025_S31_REFERENCES);
    let first_months = if ep.status == Status::Cto { 6 } else { 3 };
    let first_end = months_beginning_with(a, first_months);
    let second_end = months_beginning_with(a, 12);
    let periods = core::iter::once((a, first_end))
        .chain(core::iter::once((add_days(first_end, 1), second_end)))
        .chain(Chain::new(add_days(second_end, 1), &[12]).map(|p| (p.start, p.end)));
    let considered = |from: Date, to: Date| {
        input
            .tribunal_hearings
            .iter()
            .any(|h| *h >= from && *h <= to)
            || input.tribunal_applications.iter().any(|ap| {
                ap.date >= from
                    && ap.date <= to
                    && ap.date <= day
                    && ap.withdrawn.is_none()
                    && counts_for_s68(input, ap.date)
            })
    };
    let periodic = periods
        .map(|(from, to)| (from, to, add_days(to, 1)))
        .find(|&(from, to, due)| due >= day && !considered(from, to))
        .map(|(_, _, due)| due);
    // New s68(6): refer if not considered in the last 12 months and nothing is pending.
    let backstop = last_hearing(input, a, day)
        .map(|h| add_days(corresponding_date(h, 12), 1))
        .filter(|d| *d >= day);
    let due = match (periodic, backstop) {
        (Some(p), Some(b)) => p.min(b),
        (p, b) => p.or(b)?,
    };
    w.month(text::dates::S68_REFERENCE, due);
    managers(due, "MHA 1983 s68 as substituted by MHA 2025 s31")
}

/// s71(2) (3 years; 12 months under MHA 2025 s33), and s75(1)(a) after recall.
fn restricted(
    input: &Input,
    ep: &Episode<'_>,
    config: &LawConfig,
    w: &mut Warnings,
) -> Option<Reference> {
    let day = input.as_of.date();
    if ep.transition == Transition::Recall
        && let Some(r) = ep.recalled_on
    {
        let due = corresponding_date(r, 1);
        w.medium(text::rules::S75_1_A_ONE_MONTH);
        if due >= day && last_hearing(input, r, day).is_none() {
            w.month(text::dates::S75_1_A_REFERENCE, due);
            return secretary_of_state(due, "MHA 1983 s75(1)(a)");
        }
    }
    let last = last_hearing(input, ep.episode_start, day).unwrap_or_else(|| {
        w.note(text::notes::NO_HEARING_S71_2);
        ep.anchor
    });
    let (months, basis) = if config
        .restricted_references
        .in_force(input.jurisdiction, day)
    {
        (12, "MHA 1983 s71(2) as amended by MHA 2025 s33")
    } else {
        (36, "MHA 1983 s71(2)")
    };
    let due = add_days(corresponding_date(last, months), 1);
    w.month(text::dates::S71_2_REFERENCE, due);
    secretary_of_state(due, basis)
}

/// s75(2C)–(2E) (DoL conditions, in force 18 Feb 2026) and s75(2B) (MHA 2025 s33, when
/// commenced).
fn conditional_discharge(
    input: &Input,
    ep: &Episode<'_>,
    config: &LawConfig,
    w: &mut Warnings,
) -> Option<Reference> {
    let day = input.as_of.date();
    let a = ep.anchor;
    let dol = ep.entry.dol_conditions
        && config
            .conditional_discharge_s75
            .in_force(input.jurisdiction, day);
    let (first, every, basis): (i32, &'static [i32], &'static str) = if dol {
        (12, &[24], "MHA 1983 s75(2C), (2D)")
    } else if config
        .restricted_references
        .in_force(input.jurisdiction, day)
    {
        (24, &[48], "MHA 1983 s75(2B) (inserted by MHA 2025 s33)")
    } else {
        return None;
    };
    let first_end = months_beginning_with(a, first);
    let due = core::iter::once((a, first_end))
        .chain(Chain::new(add_days(first_end, 1), every).map(|p| (p.start, p.end)))
        .map(|(from, to)| (from, to, add_days(to, 1)))
        .find(|&(from, to, due)| {
            due >= day
                && !input
                    .tribunal_hearings
                    .iter()
                    .any(|h| *h >= from && *h <= to)
        })
        .map(|(_, _, due)| due)?;
    w.month(text::dates::S75_REFERENCE, due);
    secretary_of_state(due, basis)
}
