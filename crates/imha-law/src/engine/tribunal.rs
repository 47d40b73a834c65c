//! Tribunal application windows: the patient's (ss 66, 69, 70, 75) and the nearest relative's
//! (s66(1)(g), (h); s69), and the s25 barring period (law.md §6).

use jiff::civil::Date;

use super::authority::chain_lengths;
use super::{Episode, Warnings};
use crate::config::LawConfig;
use crate::dates::{Chain, add_days, days_beginning_with, months_beginning_with};
use crate::holidays;
use crate::input::{Applicant, Input, NearestRelativeEvent, Transition};
use crate::output::{Barring, Warning, Window, WindowState};
use crate::status::Status;
use crate::text;

/// A candidate window before it is checked against `as_of`.
#[derive(Clone, Copy)]
struct Span {
    from: Date,
    to: Date,
    basis: &'static str,
}

/// The first window that has not ended before `day`.
fn first_current(day: Date, spans: impl Iterator<Item = Span>) -> Option<Span> {
    spans.into_iter().find(|s| s.to >= day)
}

/// Windows of "between the expiration of A months and the expiration of B months beginning
/// with X", then each later `every` months (ss 70, 75).
fn between(
    anchor: Date,
    a: i32,
    b: i32,
    every: &'static [i32],
    first_basis: &'static str,
    later_basis: &'static str,
) -> impl Iterator<Item = Span> {
    let first = Span {
        from: add_days(months_beginning_with(anchor, a), 1),
        to: months_beginning_with(anchor, b),
        basis: first_basis,
    };
    let later = Chain::new(add_days(first.to, 1), every).map(move |p| Span {
        from: p.start,
        to: p.end,
        basis: later_basis,
    });
    core::iter::once(first).chain(later)
}

/// Periods of a renewal chain as windows, with a basis for the first and for the others.
fn periods(
    anchor: Date,
    lengths: &'static [i32],
    first_basis: Option<&'static str>,
    later_basis: &'static str,
) -> impl Iterator<Item = Span> {
    Chain::new(anchor, lengths).filter_map(move |p| {
        let basis = if p.number == 1 {
            first_basis?
        } else {
            later_basis
        };
        Some(Span {
            from: p.start,
            to: p.end,
            basis,
        })
    })
}

fn finish(
    input: &Input,
    span: Span,
    by: &[Applicant],
    extended: Option<Date>,
    w: &mut Warnings,
) -> Window {
    let day = input.as_of.date();
    let last = extended.unwrap_or(span.to);
    let state = if day < span.from {
        WindowState::Upcoming
    } else if day <= last {
        WindowState::Open
    } else {
        WindowState::Passed
    };
    // One application per period (s77(2)); a withdrawn application is ignored.
    let already_applied = input.tribunal_applications.iter().any(|a| {
        by.contains(&a.by)
            && a.date >= span.from
            && a.date <= last
            && a.date <= day
            && a.withdrawn.is_none_or(|wd| wd > day)
    });
    w.month(text::dates::WINDOW_START, span.from);
    w.month(text::dates::WINDOW_END, span.to);
    Window {
        from: span.from,
        to: span.to,
        open: state == WindowState::Open,
        state,
        basis: span.basis,
        extended_to_next_open_day: extended,
        already_applied,
        office_closed_on_last_day: holidays::is_closed(span.to),
    }
}

/// The patient's window containing `as_of`, or the next one; `None` where there is no right.
pub(crate) fn patient(
    input: &Input,
    ep: &Episode<'_>,
    config: &LawConfig,
    w: &mut Warnings,
) -> Option<Window> {
    let day = input.as_of.date();
    let a = ep.anchor;
    let me = &[Applicant::Patient];
    let (lengths, _) = chain_lengths(input, ep, config);
    let s30_1 = config.tribunal_windows.in_force(input.jurisdiction, a)
        && config.tribunal_windows.in_force(input.jurisdiction, day);
    let span = match ep.status {
        Status::S2 => {
            let (days, basis) = match (s30_1, ep.transition == Transition::Conversion) {
                (true, _) => (
                    21,
                    "MHA 1983 s66(1)(a), (2)(a) as amended by MHA 2025 s30(1)",
                ),
                (false, true) => (14, "MHA 1983 s66(1)(a), (2)(a); s4(1)"),
                (false, false) => (14, "MHA 1983 s66(1)(a), (2)(a)"),
            };
            if ep.transition == Transition::Conversion {
                w.medium(text::rules::S4_CONVERTED_WINDOW);
            }
            let span = Span {
                from: a,
                to: days_beginning_with(a, days),
                basis,
            };
            // Modaresi: the last day falls on a day the tribunal office is closed.
            let ext = if holidays::is_closed(span.to) {
                let next = holidays::next_open_day(span.to);
                w.push(Warning::ClosedDay {
                    date: span.to,
                    next_open: next,
                });
                w.medium(text::rules::MODARESI);
                Some(next)
            } else {
                None
            };
            if !holidays::covers(span.to) {
                w.push(Warning::HolidaysNotCovered {
                    year: span.to.year(),
                });
            }
            return Some(finish(input, span, me, ext, w));
        }
        Status::S3 => {
            let first_basis = match ep.transition {
                Transition::Revocation => "MHA 1983 s66(1)(cb), (2)(cb)",
                Transition::TransferFromGuardianship if s30_1 => {
                    "MHA 1983 s66(1)(e), (2)(e) as amended by MHA 2025 s30(1)"
                }
                Transition::TransferFromGuardianship => "MHA 1983 s66(1)(e), (2)(e)",
                _ if s30_1 => "MHA 1983 s66(1)(b), (2)(b) as amended by MHA 2025 s30(1)",
                _ => "MHA 1983 s66(1)(b), (2)(b)",
            };
            let mut spans = periods(a, lengths, Some(first_basis), "MHA 1983 s66(1)(f), (2)(f)");
            let first = spans.next()?;
            let first = if s30_1 && ep.transition != Transition::Revocation {
                // MHA 2025 s30(1): the first window is 3 months, whatever the period.
                Span {
                    to: months_beginning_with(a, 3).min(first.to),
                    ..first
                }
            } else {
                first
            };
            first_current(day, core::iter::once(first).chain(spans))
        }
        Status::Cto => first_current(
            day,
            periods(
                a,
                lengths,
                Some("MHA 1983 s66(1)(ca), (2)(b)"),
                "MHA 1983 s66(1)(fza), (2)(f)",
            ),
        ),
        Status::S7 => first_current(
            day,
            periods(
                a,
                lengths,
                Some("MHA 1983 s66(1)(c), (2)(c)"),
                "MHA 1983 s66(1)(f), (2)(f)",
            ),
        ),
        Status::S37 | Status::S47 | Status::S48 => {
            let first = match (ep.transition, ep.status) {
                (Transition::Revocation, _) => Some("MHA 1983 s66(1)(cb), (2)(cb)"),
                (Transition::RestrictionEnded, _) => {
                    w.low(text::rules::S69_2_A_RESTRICTION_ENDS);
                    Some("MHA 1983 s69(2)(a)")
                }
                // Sch 1 Pt 1 para 9 disapplies s66(1)(b): no right in the first 6 months.
                (_, Status::S37) => None,
                _ => Some("MHA 1983 s69(2)(b)"),
            };
            if ep.status == Status::S37 {
                w.medium(text::rules::S37_NO_FIRST_6_MONTHS);
            } else {
                w.medium(text::rules::S47_S48_WINDOWS);
            }
            first_current(
                day,
                periods(
                    a,
                    lengths,
                    first,
                    "MHA 1983 s66(1)(f), (2)(f); s40(4), Sch 1 Pt 1",
                ),
            )
        }
        Status::S37Guardianship => first_current(
            day,
            periods(
                a,
                lengths,
                Some("MHA 1983 s69(1)(b)(i)"),
                "MHA 1983 s66(1)(f), (2)(f); s40(4), Sch 1 Pt 1",
            ),
        ),
        Status::S47_49 | Status::S48_49 if ep.transition != Transition::Recall => {
            w.medium(text::rules::RESTRICTED_TRANSFER_FIRST_6_MONTHS);
            let first = Span {
                from: a,
                to: months_beginning_with(a, 6),
                basis: "MHA 1983 s69(2)(b)",
            };
            first_current(
                day,
                core::iter::once(first).chain(between(
                    a,
                    6,
                    12,
                    &[12],
                    "MHA 1983 s70(a)",
                    "MHA 1983 s70(b)",
                )),
            )
        }
        Status::S37_41 | Status::S47_49 | Status::S48_49 | Status::S45a | Status::Cpia => {
            if ep.status == Status::Cpia {
                w.medium(text::rules::CPIA_AS_S37_41);
            }
            if ep.status == Status::S45a {
                w.medium(text::rules::S45A_NO_FIRST_6_MONTHS);
            }
            let (b1, b2) = if ep.transition == Transition::Recall {
                ("MHA 1983 s75(1)(b), s70(a)", "MHA 1983 s75(1)(b), s70(b)")
            } else {
                ("MHA 1983 s70(a)", "MHA 1983 s70(b)")
            };
            first_current(day, between(a, 6, 12, &[12], b1, b2))
        }
        Status::ConditionalDischarge => {
            let dol = ep.entry.dol_conditions;
            let commenced = config
                .conditional_discharge_s75
                .in_force(input.jurisdiction, day);
            if dol && commenced {
                first_current(
                    day,
                    between(a, 6, 12, &[24], "MHA 1983 s75(2A)", "MHA 1983 s75(2A)"),
                )
            } else {
                if dol {
                    w.note(text::notes::DOL_CONDITIONS_NOT_IN_FORCE);
                }
                first_current(
                    day,
                    between(a, 12, 24, &[24], "MHA 1983 s75(2)", "MHA 1983 s75(2)"),
                )
            }
        }
        Status::S44 => {
            w.low(text::rules::S44_NO_RIGHT);
            None
        }
        _ => None,
    }?;
    Some(finish(input, span, me, None, w))
}

/// The nearest relative's window containing `as_of` (or the next one), from whichever right
/// applies: s25 barring (s3, CTO), s29 displacement on ground (c) or (d) (s3, CTO,
/// guardianship), s69(1)(a) (s37, s47, s48) and s69(1)(b)(ii) (s37 guardianship).
pub(crate) fn nearest_relative(
    input: &Input,
    ep: &Episode<'_>,
    w: &mut Warnings,
) -> Option<Window> {
    let day = input.as_of.date();
    let nr = &[Applicant::NearestRelative];
    let mut best: Option<Span> = None;
    let mut consider = |s: Option<Span>| {
        let Some(s) = s else { return };
        let open = s.from <= day;
        best = match best {
            None => Some(s),
            Some(b) => {
                let b_open = b.from <= day;
                // Prefer an open window (the longest-running), else the earliest to come.
                Some(match (open, b_open) {
                    (true, false) => s,
                    (false, true) => b,
                    (true, true) if s.to > b.to => s,
                    (false, false) if s.from < b.from => s,
                    _ => b,
                })
            }
        };
    };
    for ev in &input.nearest_relative_events {
        match *ev {
            NearestRelativeEvent::BarringReport { report, told } => {
                if report < ep.episode_start || report > day {
                    continue;
                }
                match ep.status {
                    Status::S3 | Status::Cto => {
                        let from = told.unwrap_or(report);
                        if told.is_none() {
                            w.note(text::notes::BARRING_NOT_TOLD_DAY);
                        }
                        consider(first_current(
                            day,
                            core::iter::once(Span {
                                from,
                                to: days_beginning_with(from, 28),
                                basis: "MHA 1983 s66(1)(g), (2)(d)",
                            }),
                        ));
                    }
                    Status::S2 => w.note(text::notes::BARRING_ON_S2),
                    _ => {}
                }
            }
            NearestRelativeEvent::DisplacementOrder {
                made,
                ground,
                ended,
            } => {
                let in_force = made <= day && ended.is_none_or(|e| e >= day);
                if ground.is_c_or_d()
                    && in_force
                    && matches!(ep.status, Status::S3 | Status::Cto | Status::S7)
                {
                    consider(first_current(
                        day,
                        Chain::new(made, &[12]).map(|p| Span {
                            from: p.start,
                            to: p.end,
                            basis: "MHA 1983 s66(1)(h), (2)(g)",
                        }),
                    ));
                }
            }
            NearestRelativeEvent::DisplacementApplication { .. } => {}
        }
    }
    match ep.status {
        Status::S37 | Status::S47 | Status::S48 => {
            if ep.status != Status::S37 {
                w.medium(text::rules::NR_S47_S48_AS_S37);
            }
            consider(first_current(
                day,
                periods(
                    ep.anchor,
                    super::authority::SIX_SIX_TWELVE,
                    None,
                    "MHA 1983 s69(1)(a)",
                ),
            ));
        }
        Status::S37Guardianship => consider(first_current(
            day,
            Chain::new(ep.anchor, &[12]).map(|p| Span {
                from: p.start,
                to: p.end,
                basis: "MHA 1983 s69(1)(b)(ii)",
            }),
        )),
        _ => {}
    }
    best.map(|s| finish(input, s, nr, None, w))
}

/// The s25 barring report in force: the NR may not order discharge again within 6 months
/// beginning with the date of the report (s25(1)(b)).
pub(crate) fn barring(input: &Input, ep: &Episode<'_>) -> Option<Barring> {
    let day = input.as_of.date();
    input
        .nearest_relative_events
        .iter()
        .filter_map(|ev| match *ev {
            NearestRelativeEvent::BarringReport { report, .. }
                if report >= ep.episode_start && report <= day =>
            {
                Some(report)
            }
            _ => None,
        })
        .max()
        .map(|report| Barring {
            report,
            discharge_barred_until: months_beginning_with(report, 6),
            basis: "MHA 1983 s25(1)(b)",
        })
        .filter(|b| b.discharge_barred_until >= day)
}
