//! The current period of authority for each status (law.md §5.2; MHA 2025 s29 behind config).

use jiff::civil::Date;

use super::{Episode, Warnings};
use crate::config::LawConfig;
use crate::dates::{
    Chain, When, add_days, add_hours, corresponding_date, crosses_clock_change,
    days_beginning_with, days_between, months_beginning_with,
};
use crate::input::{Input, NearestRelativeEvent, Transition};
use crate::output::{AlternativeEnds, Authority, Extension, Warning};
use crate::status::Status;
use crate::text;

/// s20 cycle: 6, 6, then 12 months.
pub(crate) const SIX_SIX_TWELVE: &[i32] = &[6, 6, 12];
/// s20 as substituted by MHA 2025 s29 (s3 only): 3, 3, 6, then 12 months.
pub(crate) const MHA2025_S3: &[i32] = &[3, 3, 6, 12];

/// The renewal chain lengths for a renewable status, and whether the MHA 2025 s29 periods apply
/// (s3 admitted on or after commencement only: existing expiries are not recomputed, law.md §9).
pub(crate) fn chain_lengths(
    input: &Input,
    ep: &Episode<'_>,
    config: &LawConfig,
) -> (&'static [i32], bool) {
    let new = ep.status == Status::S3
        && config
            .detention_periods
            .in_force(input.jurisdiction, ep.anchor)
        && config
            .detention_periods
            .in_force(input.jurisdiction, input.as_of.date());
    if new {
        (MHA2025_S3, true)
    } else {
        (SIX_SIX_TWELVE, false)
    }
}

fn hours(ep: &Episode<'_>, from: When, h: i32, basis: &'static str, w: &mut Warnings) -> Authority {
    if !from.has_time() {
        w.note(text::notes::HOURS_WITHOUT_TIME);
    }
    let start_at = from.earliest();
    let mut ends_at = add_hours(start_at, h);
    if let Some(When::At(end)) = ep.entry.end
        && end < ends_at
    {
        // Ended early, e.g. s5(4) ends when the doctor or approved clinician arrives.
        ends_at = end;
    }
    if crosses_clock_change(start_at, ends_at) {
        w.push(Warning::ClockChange { ends_at });
    }
    Authority {
        period: 1,
        start: from.date(),
        start_at: Some(start_at),
        end: None,
        ends_at: Some(ends_at),
        basis,
        maximum_end: None,
        maximum_basis: None,
        extension_ends_at: None,
        extended: None,
        alternative_ends: None,
    }
}

fn dated(period: u32, start: Date, end: Date, basis: &'static str) -> Authority {
    Authority {
        period,
        start,
        start_at: None,
        end: Some(end),
        ends_at: None,
        basis,
        maximum_end: None,
        maximum_basis: None,
        extension_ends_at: None,
        extended: None,
        alternative_ends: None,
    }
}

/// The authority in force for the episode's status on `as_of`, or `None` for statuses with no
/// fixed period.
pub(crate) fn authority(
    input: &Input,
    ep: &Episode<'_>,
    config: &LawConfig,
    w: &mut Warnings,
) -> Option<Authority> {
    let day = input.as_of.date();
    let start = ep.entry.start;
    match ep.status {
        Status::S4 => Some(hours(ep, start, 72, "MHA 1983 s4(4)", w)),
        Status::S5_2 => Some(match ep.s5_4_record {
            // s5(5): the 72 hours run from the time of the s5(4) record.
            Some(rec) => hours(ep, rec, 72, "MHA 1983 s5(2), (5)", w),
            None => hours(ep, start, 72, "MHA 1983 s5(2)", w),
        }),
        Status::S5_4 => Some(hours(ep, start, 6, "MHA 1983 s5(4)", w)),
        Status::S135 | Status::S136 => {
            let basis = if ep.status == Status::S135 {
                "MHA 1983 s135(3), (3ZA)"
            } else {
                "MHA 1983 s136(2), (2A)"
            };
            let mut a = hours(ep, start, 24, basis, w);
            a.extension_ends_at = Some(add_hours(start.earliest(), 36));
            w.medium(text::rules::S136B_EXTENSION);
            Some(a)
        }
        Status::S2 => Some(s2(input, ep, w)),
        Status::S35 | Status::S36 => {
            // "Not more than 28 days at a time or 12 weeks in all" (s35(7), s36(6)); the court
            // sets each remand, so these are the latest days the Act allows.
            let basis = if ep.status == Status::S35 {
                "MHA 1983 s35(7)"
            } else {
                "MHA 1983 s36(6)"
            };
            let a = ep.anchor;
            let max = days_beginning_with(a, 84);
            let n = (days_between(a, day).max(0) / 28).min(2);
            let start = add_days(a, n * 28);
            let end = days_beginning_with(start, 28).min(max);
            let mut auth = dated(n as u32 + 1, start, end, basis);
            auth.maximum_end = Some(max);
            auth.maximum_basis = Some(basis);
            Some(auth)
        }
        Status::S38 => {
            // s38(5): up to 12 weeks, then up to 28 days at a time, 12 months in all.
            let a = ep.anchor;
            let max = months_beginning_with(a, 12);
            w.month(text::dates::INTERIM_ORDER_MAXIMUM, max);
            let first_end = days_beginning_with(a, 84).min(max);
            let mut auth = if day <= first_end {
                dated(1, a, first_end, "MHA 1983 s38(5)")
            } else {
                let n = days_between(add_days(first_end, 1), day) / 28;
                let start = add_days(first_end, 1 + n * 28);
                let end = days_beginning_with(start, 28).min(max);
                dated(n as u32 + 2, start, end, "MHA 1983 s38(5)")
            };
            auth.maximum_end = Some(max);
            auth.maximum_basis = Some("MHA 1983 s38(5)");
            Some(auth)
        }
        s if s.is_renewable() => Some(renewable(input, ep, config, w)),
        _ => None,
    }
}

fn s2(input: &Input, ep: &Episode<'_>, w: &mut Warnings) -> Authority {
    let a = ep.anchor;
    let nominal = days_beginning_with(a, 28);
    let basis = if ep.transition == Transition::Conversion {
        w.medium(text::rules::S4_CONVERTED_28_DAYS);
        "MHA 1983 s2(4), s4(4)"
    } else {
        "MHA 1983 s2(4)"
    };
    let mut auth = dated(1, a, nominal, basis);
    // s29(4): an application to displace the NR on ground (c) or (d), made while the s2 ran,
    // extends it until the application is finally disposed of, plus 7 days if an order is made.
    let day = input.as_of.date();
    for ev in &input.nearest_relative_events {
        if let NearestRelativeEvent::DisplacementApplication {
            made,
            ground,
            disposed,
            order_made,
        } = *ev
            && ground.is_c_or_d()
            && made >= a
            && made <= nominal
        {
            let ext = Extension {
                nominal_end: nominal,
                reason: text::reasons::NR_DISPLACEMENT_PENDING.en(),
                basis: "MHA 1983 s29(4)",
            };
            auth.basis = "MHA 1983 s2(4), s29(4)";
            auth.extended = Some(ext);
            match disposed {
                Some(d) if d <= day => {
                    let end = if order_made {
                        w.medium(text::rules::S29_4_FURTHER_7_DAYS);
                        add_days(d, 7)
                    } else {
                        d
                    };
                    auth.end = Some(end.max(nominal));
                }
                _ => {
                    // Open-ended until the county court disposes of the application.
                    auth.end = None;
                    w.note(text::notes::S2_EXTENDED_PENDING);
                }
            }
        }
    }
    auth
}

fn renewable(input: &Input, ep: &Episode<'_>, config: &LawConfig, w: &mut Warnings) -> Authority {
    let (lengths, mha2025) = chain_lengths(input, ep, config);
    let p = Chain::containing(ep.anchor, lengths, input.as_of.date());
    let revoked = ep.transition == Transition::Revocation;
    let initial = p.number == 1;
    let basis = match ep.status {
        Status::S3 if mha2025 => {
            w.note(text::notes::MHA2025_S29_PERIODS);
            "MHA 1983 s20 as substituted by MHA 2025 s29"
        }
        Status::S3 if revoked && initial => "MHA 1983 s17G(5), s20(1)",
        Status::S3 if ep.transition == Transition::TransferFromGuardianship && initial => {
            "MHA 1983 s19, s20(1)"
        }
        Status::S3 | Status::S7 if initial => "MHA 1983 s20(1)",
        Status::S3 | Status::S7 => "MHA 1983 s20(2)",
        Status::Cto if initial => "MHA 1983 s20A(1)",
        Status::Cto => "MHA 1983 s20A(3)",
        Status::S37 | Status::S47 | Status::S48 if revoked && initial => {
            "MHA 1983 s17G(5), s20(1), s40(4), Sch 1 Pt 1"
        }
        Status::S47 if initial => "MHA 1983 s47(3), s20(1), s40(4), Sch 1 Pt 1",
        Status::S48 if initial => "MHA 1983 s48(3), s20(1), s40(4), Sch 1 Pt 1",
        _ if initial => "MHA 1983 s20(1), s40(4), Sch 1 Pt 1",
        _ => "MHA 1983 s20(2), s40(4), Sch 1 Pt 1",
    };
    match ep.status {
        Status::Cto => w.medium(text::rules::CTO_PERIODS),
        Status::S37 | Status::S37Guardianship | Status::S47 | Status::S48 => {
            w.medium(text::rules::PART3_S20_CYCLE)
        }
        _ => {}
    }
    if revoked {
        w.medium(text::rules::CTO_REVOKED_FRESH_PERIOD);
    }
    if !initial {
        w.medium(text::rules::RENEWAL_COUNTING);
    }
    w.month(text::dates::STATUS_START, ep.anchor);
    w.month(text::dates::PERIOD_START, p.start);
    w.month(text::dates::PERIOD_END, p.end);
    let mut auth = dated(p.number, p.start, p.end, basis);
    if !initial {
        // law.md §5.1: offices that anchor every expiry to the admission day, and a strict
        // Dodds count after the previous expiry, can give other days near month ends.
        let months: i32 = (0..p.number as usize)
            .map(|k| lengths.get(k).or(lengths.last()).copied().unwrap_or(12))
            .sum();
        let previous_end = add_days(p.start, -1);
        let alt = AlternativeEnds {
            anchored_to_start: months_beginning_with(ep.anchor, months),
            strict_dodds: corresponding_date(
                previous_end,
                lengths
                    .get(p.number as usize - 1)
                    .or(lengths.last())
                    .copied()
                    .unwrap_or(12),
            ),
        };
        if alt.anchored_to_start != p.end || alt.strict_dodds != p.end {
            auth.alternative_ends = Some(alt);
        }
    }
    auth
}
