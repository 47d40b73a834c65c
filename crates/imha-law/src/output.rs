//! What the engine answers: IMHA eligibility, the authority period, tribunal windows,
//! references, consent to treatment and plain-English warnings. Every fact carries its citation.

use core::fmt;

use jiff::civil::{Date, DateTime};

use crate::dates::format_time;
use crate::input::Transition;
use crate::status::Status;

/// The engine's answer for one patient on one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// The status in force on `as_of`, if any.
    pub status: Option<Status>,
    /// How the status in force began (given or inferred).
    pub transition: Option<Transition>,
    /// IMHA eligibility and the duty to inform.
    pub imha: Imha,
    /// The current period of the detention, order or guardianship.
    pub authority: Option<Authority>,
    /// The patient's tribunal window.
    pub tribunal_patient: Option<Window>,
    /// The nearest relative's tribunal window (s66(1)(g), (h); s69).
    pub tribunal_nearest_relative: Option<Window>,
    /// The tribunal that hears applications (s77(3)–(4)), where there is any right.
    pub tribunal_name: Option<&'static str>,
    /// The next s68 reference by the managers, or s71/s75 reference by the Secretary of State.
    pub managers_reference: Option<Reference>,
    /// An s25 barring report in force.
    pub nearest_relative_barring: Option<Barring>,
    /// A CTO recall in progress (s17E, s17F).
    pub cto_recall: Option<CtoRecall>,
    /// Part 4 consent to treatment.
    pub consent_to_treatment: ConsentToTreatment,
    /// Plain-English warnings (month-end dates, uncertain rules, missing facts).
    pub warnings: Vec<Warning>,
}

/// Who owes the duty to inform the patient about IMHAs (s130D, s130K, s130L).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResponsiblePerson {
    /// Managers of the hospital or registered establishment (s130D(2)(a), s130L).
    HospitalManagers,
    /// The responsible clinician (conditional discharge, s130D(2)(b)).
    ResponsibleClinician,
    /// The responsible local social services authority (guardianship, s130D(2)(c)).
    LocalSocialServicesAuthority,
    /// Managers of the responsible hospital (CTO, s130D(2)(d)).
    ResponsibleHospitalManagers,
    /// The doctor or approved clinician with whom s57/s58A treatment is first discussed
    /// (s130D(2)(e)).
    ClinicianDiscussingTreatment,
}

impl ResponsiblePerson {
    /// The contract id.
    pub const fn id(self) -> &'static str {
        match self {
            ResponsiblePerson::HospitalManagers => "hospital-managers",
            ResponsiblePerson::ResponsibleClinician => "responsible-clinician",
            ResponsiblePerson::LocalSocialServicesAuthority => "local-social-services-authority",
            ResponsiblePerson::ResponsibleHospitalManagers => "responsible-hospital-managers",
            ResponsiblePerson::ClinicianDiscussingTreatment => "clinician-discussing-treatment",
        }
    }
}

/// IMHA eligibility on `as_of`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Imha {
    /// Whether the patient is a qualifying patient.
    pub qualifies: bool,
    /// The provision that makes them qualify or excludes them.
    pub basis: &'static str,
    /// Who owes the duty to inform (`None` when not qualifying).
    pub responsible_person: Option<ResponsiblePerson>,
    /// Whether the nearest relative must be sent a copy (s130D(5), s130K(6)); `None` when not
    /// qualifying.
    pub nearest_relative_copy: Option<bool>,
    /// When qualification began, where the engine knows a precise moment (a converted s4
    /// qualifies from the receipt of the second recommendation, law.md §1.2).
    pub since: Option<crate::dates::When>,
    /// The duty to inform (`None` when not qualifying).
    pub duty_to_inform: Option<DutyToInform>,
}

/// The duty to give information about IMHA help.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DutyToInform {
    /// Who owes it.
    pub who: ResponsiblePerson,
    /// When it must be done.
    pub when: &'static str,
    /// How: orally and in writing.
    pub how: &'static str,
    /// Citation.
    pub basis: &'static str,
    /// Who gets a copy of the written information, if anyone.
    pub copy_to: Option<&'static str>,
}

/// The current period of authority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Authority {
    /// 1 = initial period, 2 = first renewal, ... (renewals assumed while the history continues).
    pub period: u32,
    /// First day (for day and month periods).
    pub start: Date,
    /// Start time (for statuses measured in hours).
    pub start_at: Option<DateTime>,
    /// Last day (inclusive). `None` for hour statuses and for an s2 extended by a pending s29
    /// application (see `extended`).
    pub end: Option<Date>,
    /// End time for statuses measured in hours.
    pub ends_at: Option<DateTime>,
    /// Citation.
    pub basis: &'static str,
    /// The latest possible end where the Act caps the whole (s35/s36 12 weeks, s38 12 months).
    pub maximum_end: Option<Date>,
    /// Citation for `maximum_end`.
    pub maximum_basis: Option<&'static str>,
    /// The latest time an extension could run to (s136B: 12 more hours).
    pub extension_ends_at: Option<DateTime>,
    /// Where the end is extended (s29(4)): the nominal end and the rule.
    pub extended: Option<Extension>,
    /// For a renewal whose dates are ambiguous (law.md §5.1 "Known ambiguity"): the end other
    /// counting methods give, where it differs.
    pub alternative_ends: Option<AlternativeEnds>,
}

/// The ends other counting methods used in practice give for a renewal period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlternativeEnds {
    /// Every expiry anchored to the original admission day (N months in all beginning with it).
    pub anchored_to_start: Date,
    /// A strict *Dodds v Walker* count of the renewal "after" the previous expiry (the
    /// corresponding date).
    pub strict_dodds: Date,
}

/// An extension of the authority beyond its nominal end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extension {
    /// The end the period would otherwise have had.
    pub nominal_end: Date,
    /// Why.
    pub reason: &'static str,
    /// Citation.
    pub basis: &'static str,
}

/// Whether a window is open, still to come, or over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WindowState {
    /// Contains `as_of`.
    Open,
    /// Starts after `as_of`.
    Upcoming,
    /// Ended before `as_of` and no later window follows (s2's only window).
    Passed,
}

impl WindowState {
    /// `open`, `upcoming` or `passed`.
    pub const fn id(self) -> &'static str {
        match self {
            WindowState::Open => "open",
            WindowState::Upcoming => "upcoming",
            WindowState::Passed => "passed",
        }
    }
}

/// A period within which an application to the tribunal may be made (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// First day.
    pub from: Date,
    /// Last day in the statute.
    pub to: Date,
    /// Whether `as_of` falls in the window (counting a *Modaresi* extension).
    pub open: bool,
    /// Open, upcoming or passed.
    pub state: WindowState,
    /// Citation.
    pub basis: &'static str,
    /// *Modaresi*: the last day is a day the tribunal office is closed, so an application on this
    /// later day must be accepted.
    pub extended_to_next_open_day: Option<Date>,
    /// An application (not withdrawn) was already made in this window: one per period (s77(2)).
    pub already_applied: bool,
    /// The last day is a day the tribunal office is closed (weekend or bank holiday). For s2
    /// *Modaresi* extends the window (`extended_to_next_open_day`); for other windows that is
    /// untested (law.md §5.1, L), so the advice is to apply by the last open day before it.
    pub office_closed_on_last_day: bool,
}

/// Who must refer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Referrer {
    /// The hospital managers (s68).
    HospitalManagers,
    /// The Secretary of State (s71, s75).
    SecretaryOfState,
}

impl Referrer {
    /// `hospital-managers` or `secretary-of-state`.
    pub const fn id(self) -> &'static str {
        match self {
            Referrer::HospitalManagers => "hospital-managers",
            Referrer::SecretaryOfState => "secretary-of-state",
        }
    }
}

/// The next reference to the tribunal that the Act requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The day the duty falls due (for "as soon as possible after X", X).
    pub due: Date,
    /// Citation.
    pub basis: &'static str,
    /// Who must refer.
    pub by: Referrer,
    /// The duty is "as soon as possible after" `due` (s68(4), s68(7)), not a fixed day.
    pub as_soon_as_possible: bool,
}

/// An s25 barring report and its effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Barring {
    /// Day of the report.
    pub report: Date,
    /// Last day on which the NR may not make another discharge order (6 months beginning with
    /// the report, s25(1)(b)).
    pub discharge_barred_until: Date,
    /// Citation.
    pub basis: &'static str,
}

/// A CTO recall in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CtoRecall {
    /// Time of recall.
    pub at: crate::dates::When,
    /// Latest release unless revoked (72 hours, s17F).
    pub latest_release: DateTime,
    /// Citation.
    pub basis: &'static str,
}

/// Part 4 consent to treatment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsentToTreatment {
    /// Whether Part 4 (apart from s57, which applies to everyone) applies.
    pub part4_applies: bool,
    /// Citation for `part4_applies`.
    pub basis: &'static str,
    /// The day from which an s58 certificate is needed (conservative: the corresponding date).
    pub s58_certificate_from: Option<Date>,
    /// The strict *Dodds* alternative (the day after).
    pub s58_strict_alternative: Option<Date>,
    /// Citation for the s58 dates.
    pub s58_basis: Option<&'static str>,
    /// s57 note.
    pub s57: &'static str,
    /// s58A note (depends on age and status).
    pub s58a: &'static str,
}

/// Confidence label from law.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Confidence {
    /// Derived, or from a reliable secondary source.
    Medium,
    /// General knowledge only: verify.
    Low,
}

impl Confidence {
    /// `M` or `L`.
    pub const fn label(self) -> &'static str {
        match self {
            Confidence::Medium => "M",
            Confidence::Low => "L",
        }
    }
}

/// A plain-English warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Warning {
    /// A month-based date whose day number is 28 or more, or which is 1 March.
    MonthEnd {
        /// Which date.
        what: &'static str,
        /// The date.
        date: Date,
    },
    /// A rule marked M or L in law.md was used.
    Uncertain {
        /// The rule, with its citation.
        rule: &'static str,
        /// Its confidence.
        confidence: Confidence,
    },
    /// The last day of a window falls on a day the tribunal office is closed.
    ClosedDay {
        /// The statutory last day.
        date: Date,
        /// The next day the office is open.
        next_open: Date,
    },
    /// The bank-holiday data does not cover the year (weekends only were checked).
    HolidaysNotCovered {
        /// The year.
        year: i16,
    },
    /// A fact the engine needed and did not have, or a consequence the user should know.
    Note(&'static str),
    /// A period in hours spans a change between GMT and BST.
    ClockChange {
        /// The end time shown (civil clock).
        ends_at: DateTime,
    },
    /// The first medication predates the current period of liability to detention.
    MedicationBeforePeriod {
        /// The first medication day given.
        first_medication: Date,
        /// Start of the current period of liability.
        period_start: Date,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Warning::MonthEnd { what, date } => write!(
                f,
                "The {what} ({date}) falls on day 28 or later of a month, or on 1 March, where \
                 the counting methods used in practice differ by one to three days: ask the MHA \
                 office to confirm it."
            ),
            Warning::Uncertain { rule, confidence } => write!(
                f,
                "Uncertain rule (confidence {}): {rule}",
                confidence.label()
            ),
            Warning::ClosedDay { date, next_open } => write!(
                f,
                "The window's last day {date} is a day the tribunal office is closed: an \
                 application received on {next_open} must be accepted (R (Modaresi) v SSH \
                 [2011] EWCA Civ 1359)."
            ),
            Warning::HolidaysNotCovered { year } => write!(
                f,
                "Bank holidays for {year} are not in imha's list: only weekends were checked \
                 for the tribunal office being closed."
            ),
            Warning::Note(text) => f.write_str(text),
            Warning::ClockChange { ends_at } => write!(
                f,
                "The clocks change between GMT and BST during this period: {} is counted on \
                 the clock, so the elapsed time differs by one hour; check the exact expiry.",
                format_time(ends_at)
            ),
            Warning::MedicationBeforePeriod {
                first_medication,
                period_start,
            } => write!(
                f,
                "first_medication {first_medication} is before the current period of liability \
                 to detention began ({period_start}): the s58 three months run from the first \
                 medicine given in this period, so give that date."
            ),
        }
    }
}
