//! The evaluation: which status is in force, how it began (the episode), and the answers built
//! from it by the submodules (eligibility, authority, tribunal, references, consent).

mod authority;
mod consent;
mod imha;
mod references;
mod tribunal;

use jiff::civil::Date;

use crate::config::LawConfig;
use crate::dates::{When, add_days, add_hours};
use crate::input::{Entry, Input, Transition};
use crate::output::{Confidence, Output, Warning};
use crate::status::Status;
use crate::text::{self, Text};

/// Collects warnings without duplicates (a handful per evaluation: a linear check is cheapest).
#[derive(Default)]
pub(crate) struct Warnings(pub(crate) Vec<Warning>);

impl Warnings {
    pub(crate) fn push(&mut self, w: Warning) {
        if !self.0.contains(&w) {
            self.0.push(w);
        }
    }

    /// Flags a month-based date that other counting methods may place differently.
    pub(crate) fn month(&mut self, what: Text, date: Date) {
        // One warning per date: the same day is often both a period end and a window end.
        if crate::dates::is_ambiguous_month_day(date)
            && !self
                .0
                .iter()
                .any(|w| matches!(w, Warning::MonthEnd { date: d, .. } if *d == date))
        {
            self.push(Warning::MonthEnd {
                what: what.en(),
                date,
            });
        }
    }

    pub(crate) fn medium(&mut self, rule: Text) {
        self.push(Warning::Uncertain {
            rule: rule.en(),
            confidence: Confidence::Medium,
        });
    }

    pub(crate) fn low(&mut self, rule: Text) {
        self.push(Warning::Uncertain {
            rule: rule.en(),
            confidence: Confidence::Low,
        });
    }

    pub(crate) fn note(&mut self, text: Text) {
        self.push(Warning::Note(text.en()));
    }
}

/// The episode around the status in force: how the current entry began and the days the
/// rules count from. Built by one forward pass over the history (no allocation).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Episode<'a> {
    pub(crate) entry: &'a Entry,
    pub(crate) status: Status,
    pub(crate) transition: Transition,
    /// Day the current authority chain, or the current windows, count from.
    pub(crate) anchor: Date,
    /// Converted s4: the s4 admission.
    pub(crate) s4_admission: Option<When>,
    /// s5(2) after s5(4): the time the nurse recorded the s5(4) (s5(5)).
    pub(crate) s5_4_record: Option<When>,
    /// s68(5) applicable day, for Part 2 hospital and CTO episodes.
    pub(crate) applicable_day: Option<Date>,
    /// First day of the current run of s3 (or CTO) after any s2: applications before it were
    /// made while on s2 (s68(3)(a) does not count them).
    pub(crate) run_start: Date,
    /// A CTO made from a Part 3 hospital order (s68(2)–(5) do not apply: Sch 1 Pt 1 para 10).
    pub(crate) part3_origin: bool,
    /// Day of the CTO revocation that began the current run.
    pub(crate) revoked_on: Option<Date>,
    /// Day of return to hospital on recall from conditional discharge.
    pub(crate) recalled_on: Option<Date>,
    /// First day of the continuous episode (all statuses without a gap).
    pub(crate) episode_start: Date,
    /// First day of the continuous period of liability to detention covered by Part 4.
    pub(crate) liability_start: Option<Date>,
    /// Whether the history starts mid-episode with no earlier entries (a CTO with no s3 row).
    pub(crate) history_starts_here: bool,
}

/// The previous entry had not ended before this one started (a day's slack: an `end` recorded
/// as the last day of the old status, with the new one starting the next day, is continuous).
fn continuous(prev: &Entry, next: &Entry) -> bool {
    prev.end
        .is_none_or(|end| add_days(end.date(), 1) >= next.start.date())
}

/// Whether `later` started within 72 hours of `earlier` (s4(4)); by days when a time is missing.
fn within_72_hours(earlier: When, later: When) -> bool {
    match (earlier, later) {
        (When::At(a), When::At(b)) => b <= add_hours(a, 72),
        _ => later.date() <= add_days(earlier.date(), 3),
    }
}

/// The transition inferred from two consecutive statuses (documented on [`Transition`]).
fn infer(prev: Option<&Entry>, e: &Entry) -> Transition {
    use Status::*;
    let Some(p) = prev else {
        return Transition::Fresh;
    };
    match (p.status, e.status) {
        (a, b) if a == b => Transition::Continuation,
        (S4, S2) if within_72_hours(p.start, e.start) => Transition::Conversion,
        (S7, S3) => Transition::TransferFromGuardianship,
        (Cto, S3 | S37 | S47 | S48) => Transition::Revocation,
        (ConditionalDischarge, S37_41 | S47_49 | S48_49 | S45a | Cpia) => Transition::Recall,
        (S47_49 | S45a, S47) | (S48_49, S48) | (S37_41, S37) => Transition::RestrictionEnded,
        _ => Transition::Fresh,
    }
}

/// Part 4 (other than s57) covers the status while it lasts (s56(3), (4)); a CTO is covered
/// only while recalled, which is handled in `consent`.
pub(crate) const fn part4_covers(s: Status) -> bool {
    !matches!(
        s,
        Status::S4
            | Status::S5_2
            | Status::S5_4
            | Status::S35
            | Status::S135
            | Status::S136
            | Status::Informal
            | Status::S7
            | Status::S37Guardianship
            | Status::ConditionalDischarge
            | Status::Cto
    )
}

/// Builds the episode for `history[index]`.
pub(crate) fn episode(history: &[Entry], index: usize) -> Option<Episode<'_>> {
    let first = history.first()?;
    let mut ep = Episode {
        entry: first,
        status: first.status,
        transition: Transition::Fresh,
        anchor: first.start.date(),
        s4_admission: None,
        s5_4_record: None,
        applicable_day: None,
        run_start: first.start.date(),
        part3_origin: false,
        revoked_on: None,
        recalled_on: None,
        episode_start: first.start.date(),
        liability_start: None,
        history_starts_here: true,
    };
    for (j, e) in history.iter().enumerate().take(index.saturating_add(1)) {
        let prev = match j.checked_sub(1).and_then(|p| history.get(p)) {
            Some(p) if continuous(p, e) => Some(p),
            _ => None,
        };
        let mut t = e.transition.unwrap_or_else(|| infer(prev, e));
        // A continuation of something else is a fresh start.
        if t == Transition::Continuation && prev.is_none_or(|p| p.status != e.status) {
            t = Transition::Fresh;
        }
        let day = e.start.date();
        let prev_status = prev.map(|p| p.status);
        if prev.is_none() {
            ep.episode_start = day;
            ep.applicable_day = None;
            ep.part3_origin = false;
            ep.liability_start = None;
            ep.history_starts_here = j == 0;
        } else {
            ep.history_starts_here = false;
        }
        match t {
            Transition::Continuation => {
                // A change in deprivation-of-liberty conditions restarts the s75 windows
                // ("the date the DoL conditions last ended" / "most recently became subject").
                if e.status == Status::ConditionalDischarge
                    && prev.is_some_and(|p| p.dol_conditions != e.dol_conditions)
                {
                    ep.anchor = day;
                }
            }
            _ => {
                ep.anchor = day;
                ep.run_start = day;
                ep.s4_admission = None;
                ep.s5_4_record = None;
                ep.revoked_on = None;
                ep.recalled_on = None;
            }
        }
        match t {
            Transition::Conversion => {
                if let Some(p) = prev.filter(|p| p.status == Status::S4) {
                    ep.s4_admission = Some(p.start);
                    // s2(4) with s4(4): the 28 days run from the day of admission under s4.
                    ep.anchor = p.start.date();
                }
            }
            Transition::Revocation => ep.revoked_on = Some(day),
            Transition::Recall => ep.recalled_on = Some(day),
            _ => {}
        }
        if e.status == Status::S5_2
            && t != Transition::Continuation
            && let Some(p) = prev.filter(|p| p.status == Status::S5_4)
        {
            ep.s5_4_record = Some(p.start);
        }
        // s68(5) applicable day.
        match e.status {
            Status::S2 => {
                if t != Transition::Continuation {
                    ep.applicable_day = Some(ep.anchor);
                }
                ep.part3_origin = false;
            }
            Status::S3 => {
                if t == Transition::TransferFromGuardianship {
                    // s68(5)(d): the day of transfer.
                    ep.applicable_day = Some(day);
                } else if !matches!(prev_status, Some(Status::S2 | Status::S3 | Status::Cto))
                    || ep.applicable_day.is_none()
                {
                    ep.applicable_day = Some(if t == Transition::Continuation {
                        ep.run_start
                    } else {
                        day
                    });
                }
                ep.part3_origin = false;
            }
            Status::Cto => {
                if t != Transition::Continuation {
                    match prev_status {
                        Some(Status::S3) => ep.part3_origin = false,
                        Some(Status::S37 | Status::S47 | Status::S48) => {
                            ep.part3_origin = true;
                            ep.applicable_day = None;
                        }
                        _ => ep.applicable_day = None,
                    }
                }
            }
            Status::S37 | Status::S47 | Status::S48 => {
                ep.applicable_day = None;
                ep.part3_origin = true;
            }
            _ => {
                ep.applicable_day = None;
                ep.part3_origin = false;
            }
        }
        // The continuous period of liability to detention under Part 4 (s58(1)(b)).
        if part4_covers(e.status) {
            if ep.liability_start.is_none() {
                ep.liability_start = Some(day);
            }
        } else {
            ep.liability_start = None;
        }
        ep.entry = e;
        ep.status = e.status;
        ep.transition = t;
    }
    Some(ep)
}

/// Index of the last entry that started on or before `as_of`.
fn last_started(history: &[Entry], as_of: When) -> Option<usize> {
    history.iter().rposition(|e| match as_of {
        When::Day(d) => e.start.date() <= d,
        When::At(t) => e.start.earliest() <= t,
    })
}

/// Whether an entry's explicit `end` falls before `as_of` (before the day began, for a date).
fn ended_explicitly(end: When, as_of: When) -> bool {
    match (end, as_of) {
        (When::Day(e), When::Day(d)) => e < d,
        (When::At(e), When::Day(d)) => e.date() < d,
        (When::Day(e), When::At(t)) => e < t.date(),
        (When::At(e), When::At(t)) => e <= t,
    }
}

/// Evaluates one patient's rights on `input.as_of` under `config`.
pub fn evaluate(input: &Input, config: &LawConfig) -> Output {
    let mut w = Warnings::default();
    let as_of = input.as_of;
    let day = as_of.date();

    let current = last_started(&input.history, as_of)
        .and_then(|i| episode(&input.history, i))
        .and_then(|ep| {
            if ep.entry.end.is_some_and(|end| ended_explicitly(end, as_of)) {
                w.note(text::notes::LAST_STATUS_ENDED);
                return None;
            }
            let auth = authority::authority(input, &ep, config, &mut w);
            let lapsed = auth.is_some_and(|a| match (a.ends_at, a.end, as_of) {
                (Some(t), _, When::Day(d)) => t.date() < d,
                (Some(t), _, When::At(x)) => t <= x,
                (None, Some(e), _) => e < day,
                _ => false,
            });
            if lapsed {
                w.note(text::notes::LAST_STATUS_LAPSED);
                return None;
            }
            Some((ep, auth))
        });

    let (ep, auth) = match current {
        Some((ep, auth)) => (Some(ep), auth),
        None => (None, None),
    };

    let imha = imha::eligibility(input, ep.as_ref(), config, &mut w);
    let (tribunal_patient, tribunal_nearest_relative) = match &ep {
        Some(ep) => (
            tribunal::patient(input, ep, config, &mut w),
            tribunal::nearest_relative(input, ep, &mut w),
        ),
        None => (None, None),
    };
    let tribunal_name = (tribunal_patient.is_some() || tribunal_nearest_relative.is_some())
        .then_some(match input.jurisdiction {
            crate::Jurisdiction::England => "First-tier Tribunal (Mental Health)",
            crate::Jurisdiction::Wales => "Mental Health Review Tribunal for Wales",
        });
    let managers_reference = ep
        .as_ref()
        .and_then(|ep| references::reference(input, ep, config, &mut w));
    let nearest_relative_barring = ep.as_ref().and_then(|ep| tribunal::barring(input, ep));
    let cto_recall = ep.as_ref().and_then(|ep| recall_in_progress(ep, as_of));
    let consent_to_treatment = consent::consent(input, ep.as_ref(), cto_recall.is_some(), &mut w);

    Output {
        status: ep.as_ref().map(|e| e.status),
        transition: ep.as_ref().map(|e| e.transition),
        imha,
        authority: auth,
        tribunal_patient,
        tribunal_nearest_relative,
        tribunal_name,
        managers_reference,
        nearest_relative_barring,
        cto_recall,
        consent_to_treatment,
        warnings: w.0,
    }
}

/// A CTO recall in progress on `as_of` (s17E; at most 72 hours before release or revocation,
/// s17F).
fn recall_in_progress(ep: &Episode<'_>, as_of: When) -> Option<crate::output::CtoRecall> {
    if ep.status != Status::Cto {
        return None;
    }
    let now = match as_of {
        When::Day(d) => d.to_datetime(jiff::civil::Time::midnight()),
        When::At(t) => t,
    };
    ep.entry.recalls.iter().rev().find_map(|r| {
        let latest = add_hours(r.at.earliest(), 72);
        let started = match as_of {
            When::Day(d) => r.at.date() <= d,
            When::At(t) => r.at.earliest() <= t,
        };
        let released = r.released.is_some_and(|rel| ended_explicitly(rel, as_of));
        let lapsed = match as_of {
            When::Day(d) => latest.date() < d,
            When::At(_) => latest <= now,
        };
        (started && !released && !lapsed).then_some(crate::output::CtoRecall {
            at: r.at,
            latest_release: latest,
            basis: "MHA 1983 s17E, s17F",
        })
    })
}
