//! What the engine is told about one patient: the history of statuses and the events that
//! change the answers (tribunal applications and hearings, nearest-relative events, treatment).

use jiff::civil::Date;

use crate::config::Jurisdiction;
use crate::dates::When;
use crate::status::Status;

/// Everything known about one patient, as of one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// Where the hospital, responsible hospital or responsible LSSA is.
    pub jurisdiction: Jurisdiction,
    /// The day (whole day) or time the answers are for.
    pub as_of: When,
    /// Needed for the under-18 rules (s130C(3)(b), s68(6)).
    pub date_of_birth: Option<Date>,
    /// Statuses in date order. The status in force is chosen as contracts.md §2 says.
    pub history: Vec<Entry>,
    /// s57 or s58A treatment being discussed (s130C(3) / s130I(3)).
    pub treatment_discussed: Option<Treatment>,
    /// Day the s57/s58A proposal was withdrawn or the treatment completed or discontinued
    /// (s130C(4)): the patient stops qualifying by that route after this day.
    pub treatment_ended: Option<Date>,
    /// Days on which a tribunal considered the case (s68(6), s71(2), s75).
    pub tribunal_hearings: Vec<Date>,
    /// Applications and references made to the tribunal (s68(3)–(4), s77(2)).
    pub tribunal_applications: Vec<TribunalApplication>,
    /// Nearest-relative events (s25 barring, s29 displacement).
    pub nearest_relative_events: Vec<NearestRelativeEvent>,
    /// First day medicine for mental disorder was given in the current period of liability to
    /// detention (s58(1)(b) three-month rule).
    pub first_medication: Option<Date>,
    /// Whether an informal patient is an in-patient (s130J Wales; s130CA England once
    /// commenced). Defaults to true: MHSDS informal episodes are hospital episodes.
    pub informal_in_patient: bool,
}

impl Input {
    /// An input with nothing but the jurisdiction, the moment and the history.
    pub fn new(jurisdiction: Jurisdiction, as_of: When, history: Vec<Entry>) -> Self {
        Input {
            jurisdiction,
            as_of,
            date_of_birth: None,
            history,
            treatment_discussed: None,
            treatment_ended: None,
            tribunal_hearings: Vec::new(),
            tribunal_applications: Vec::new(),
            nearest_relative_events: Vec::new(),
            first_medication: None,
            informal_in_patient: true,
        }
    }
}

/// One status in the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The status.
    pub status: Status,
    /// When it began (for s3 after s2: the day the s3 application was received, s5(1); for a
    /// converted s4: the s2 entry starts when the second recommendation was received).
    pub start: When,
    /// When it ended, if it has (discharge, or the s5(4) holding power ending when the doctor
    /// arrives). A later entry ends it implicitly.
    pub end: Option<When>,
    /// How this entry follows the previous one; `None` = inferred (see [`Transition`]).
    pub transition: Option<Transition>,
    /// CTO recalls to hospital under s17E while on this CTO entry.
    pub recalls: Vec<Recall>,
    /// Conditional discharge subject to conditions amounting to a deprivation of liberty
    /// (s42(2A), s73(5A), in force 18 Feb 2026), from this entry's start.
    pub dol_conditions: bool,
}

impl Entry {
    /// An entry with only a status and a start.
    pub fn new(status: Status, start: When) -> Self {
        Entry {
            status,
            start,
            end: None,
            transition: None,
            recalls: Vec::new(),
            dol_conditions: false,
        }
    }
}

/// How one history entry follows the previous one. When an entry gives none, the engine infers
/// it from the two statuses (previous entry not ended before this one started):
///
/// | previous → this | inferred |
/// |---|---|
/// | s4 → s2 (within 72 hours) | `Conversion` (s4(4): 28 days from the s4 admission) |
/// | s2 → s3 | `Fresh` (s5(1): s3 runs from its own start; s68 applicable day = the s2 admission) |
/// | s7 → s3 | `TransferFromGuardianship` (s19: s66(1)(e), s68(5)(d)) |
/// | cto → s3, s37, s47, s48 | `Revocation` (s17F(4), s17G) |
/// | conditional-discharge → s37-41, s47-49, s48-49, s45a, cpia | `Recall` (s42(3), s73, s75(1)) |
/// | s47-49 or s45a → s47; s48-49 → s48; s37-41 → s37 | `RestrictionEnded` (notional hospital order) |
/// | same status → same status | `Continuation` (periods keep running from the first entry) |
/// | anything else | `Fresh` |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Transition {
    /// A new application, order or direction.
    Fresh,
    /// The same status carrying on (e.g. a renewal recorded as a new row).
    Continuation,
    /// s4 converted by the second medical recommendation (the entry is the s2).
    Conversion,
    /// Transfer from guardianship to hospital under s19 (the entry is the s3).
    TransferFromGuardianship,
    /// CTO revoked under s17F(4) (the entry is the hospital status resumed).
    Revocation,
    /// Conditionally discharged patient recalled to hospital (the entry is the restricted status).
    Recall,
    /// Restriction order or direction ended: treated as an unrestricted order from that day.
    RestrictionEnded,
}

impl Transition {
    /// The id used in JSON (`fresh`, `conversion`, `transfer-from-guardianship`, ...).
    pub const fn id(self) -> &'static str {
        match self {
            Transition::Fresh => "fresh",
            Transition::Continuation => "continuation",
            Transition::Conversion => "conversion",
            Transition::TransferFromGuardianship => "transfer-from-guardianship",
            Transition::Revocation => "revocation",
            Transition::Recall => "recall",
            Transition::RestrictionEnded => "restriction-ended",
        }
    }

    /// Every transition.
    pub const ALL: [Transition; 7] = [
        Transition::Fresh,
        Transition::Continuation,
        Transition::Conversion,
        Transition::TransferFromGuardianship,
        Transition::Revocation,
        Transition::Recall,
        Transition::RestrictionEnded,
    ];

    /// Parses an id from [`Transition::id`].
    pub fn parse(s: &str) -> Option<Transition> {
        Transition::ALL.into_iter().find(|t| t.id() == s)
    }
}

/// A CTO recall (s17E): the patient may be kept for up to 72 hours (s17F) before release or
/// revocation. Revocation is recorded as the next history entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recall {
    /// Time of recall (arrival in hospital).
    pub at: When,
    /// Time of release back to the community, if released.
    pub released: Option<When>,
}

/// s57 (any age) or s58A (under 18) treatment discussed with a doctor or approved clinician.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Treatment {
    /// s57: psychosurgery, hormone implants.
    S57,
    /// s58A: electro-convulsive therapy and other specified treatment.
    S58a,
}

impl Treatment {
    /// `s57` or `s58a`.
    pub const fn id(self) -> &'static str {
        match self {
            Treatment::S57 => "s57",
            Treatment::S58a => "s58a",
        }
    }
}

/// Who applied or referred.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Applicant {
    /// The patient (s66, s69, s70, s75).
    #[default]
    Patient,
    /// The nearest relative (s66(1)(g), (h); s69(1)).
    NearestRelative,
    /// A Secretary of State reference under s67 (counts for s68(3) unless made during s2).
    Section67Reference,
}

impl Applicant {
    /// `patient`, `nearest-relative` or `s67-reference`.
    pub const fn id(self) -> &'static str {
        match self {
            Applicant::Patient => "patient",
            Applicant::NearestRelative => "nearest-relative",
            Applicant::Section67Reference => "s67-reference",
        }
    }

    /// Parses an id from [`Applicant::id`].
    pub fn parse(s: &str) -> Option<Applicant> {
        [
            Applicant::Patient,
            Applicant::NearestRelative,
            Applicant::Section67Reference,
        ]
        .into_iter()
        .find(|a| a.id() == s)
    }
}

/// One application or reference to the tribunal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TribunalApplication {
    /// Day it was made (received).
    pub date: Date,
    /// Day it was withdrawn, if it was (a withdrawn application is ignored; s68(4)).
    pub withdrawn: Option<Date>,
    /// Who made it.
    pub by: Applicant,
}

/// A ground for displacing the nearest relative (s29(3)(a)–(e)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ground {
    /// (a) no nearest relative, or not reasonably practicable to find out who.
    A,
    /// (b) incapable of acting because of mental disorder or other illness.
    B,
    /// (c) unreasonably objects to an application.
    C,
    /// (d) has discharged or is likely to discharge without due regard to welfare or safety.
    D,
    /// (e) not a suitable person to act.
    E,
}

impl Ground {
    /// Grounds (c) and (d): these extend s2 (s29(4)) and give the displaced NR tribunal rights
    /// (s66(1)(h)).
    pub const fn is_c_or_d(self) -> bool {
        matches!(self, Ground::C | Ground::D)
    }

    /// Parses `a`–`e` (case-insensitive).
    pub fn parse(s: &str) -> Option<Ground> {
        match s.to_ascii_lowercase().as_str() {
            "a" => Some(Ground::A),
            "b" => Some(Ground::B),
            "c" => Some(Ground::C),
            "d" => Some(Ground::D),
            "e" => Some(Ground::E),
            _ => None,
        }
    }
}

/// Something that happened to the nearest relative's position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NearestRelativeEvent {
    /// The RC's s25 report barring the NR's discharge order.
    BarringReport {
        /// Day the report was furnished.
        report: Date,
        /// Day the NR was told of it (s66(2)(d) runs from this); `None` = the report day.
        told: Option<Date>,
    },
    /// An application to the county court to displace the NR (s29).
    DisplacementApplication {
        /// Day the application was made.
        made: Date,
        /// The ground.
        ground: Ground,
        /// Day it was finally disposed of, if it has been.
        disposed: Option<Date>,
        /// Whether an order was made.
        order_made: bool,
    },
    /// A displacement order (s29).
    DisplacementOrder {
        /// Day the order was made.
        made: Date,
        /// The ground.
        ground: Ground,
        /// Day it ended, if it has (s30).
        ended: Option<Date>,
    },
}
