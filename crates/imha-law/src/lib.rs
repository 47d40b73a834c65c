//! imha-law: the Mental Health Act 1983 rules for Independent Mental Health Advocacy in England
//! and Wales, as pure functions.
//!
//! **Architecture invariant:** no I/O, no async, no environment, no clock, no panics. The same
//! [`Input`] and [`LawConfig`] always give the same [`Output`]; "today" is `input.as_of`.
//!
//! # Entry point
//!
//! ```
//! use imha_law::{evaluate, Entry, Input, Jurisdiction, LawConfig, Status, When};
//! use jiff::civil::date;
//!
//! let input = Input::new(
//!     Jurisdiction::England,
//!     When::Day(date(2026, 4, 1)),
//!     vec![
//!         Entry::new(Status::S2, When::Day(date(2026, 3, 10))),
//!         Entry::new(Status::S3, When::Day(date(2026, 3, 20))),
//!     ],
//! );
//! let out = evaluate(&input, &LawConfig::default());
//! assert_eq!(out.status, Some(Status::S3));
//! assert!(out.imha.qualifies);
//! assert_eq!(out.imha.basis, "MHA 1983 s130C(2)(a)");
//! let auth = out.authority.unwrap();
//! assert_eq!(auth.end, Some(date(2026, 9, 19)));
//! assert_eq!(out.managers_reference.unwrap().due, date(2026, 9, 10));
//! ```
//!
//! * [`evaluate`]`(&Input, &LawConfig) -> Output`: the whole answer for one patient.
//! * [`Status::parse`] / [`Status::id`]: canonical ids and MHSDS aliases (contracts.md §1).
//! * [`dates`]: the counting rules of law.md §5.1, usable on their own.
//! * [`holidays`]: tribunal-office closed days (weekends, England and Wales bank holidays).
//! * [`text`]: every fixed English text a warning or extension can carry, with stable ids (for
//!   callers that translate them).
//!
//! # How the history is read
//!
//! The status in force is the last entry that started on or before `as_of` (the whole day when
//! `as_of` is a date) and had not ended by its `end` or by the end of its authority (72 hours for
//! s4, 28 days for s2, 12 weeks for s35/s36, 12 months for s38). Renewable statuses (s3, s37,
//! s47, s48, s7, s37 guardianship, CTO) are assumed renewed while no later entry or `end` says
//! otherwise. Moves between statuses are read as [`Transition`]s, inferred from consecutive
//! entries or given explicitly:
//!
//! * **s4 → s2** within 72 hours: conversion by the second recommendation (s4(4)). The s2 entry
//!   starts when the managers received it: the patient qualifies for an IMHA from then
//!   (law.md §1.2, M), while the 28 days and the 14-day window count from the s4 admission day.
//! * **s2 → s3**: the s3 runs from its own start (s5(1)); the s68 applicable day stays the s2
//!   admission (s68(5)(b)).
//! * **s3 → cto**: the CTO runs 6, 6, 12 months from the day it is made (s20A).
//! * **cto recall**: listed on the CTO entry as `recalls` (s17E; 72 hours, s17F). No new
//!   tribunal right (s66(2A)); Part 4 applies while recalled (s56(4)).
//! * **cto → s3 (or s37, s47, s48)**: revocation (s17F(4)): a fresh 6-month period and s66(1)(cb)
//!   window from the revocation day (s17G(5)); the managers refer as soon as possible (s68(7)).
//! * **s7 → s3**: transfer from guardianship (s19): s66(1)(e) window, s68(5)(d) applicable day.
//!   Give `Transition::Fresh` on the s3 entry for a new s3 application instead.
//! * **conditional-discharge → restricted status**: recall (s75(1)): the Secretary of State
//!   refers within one month of return; s70 windows restart from the day of return.
//! * **conditional-discharge entries** carry `dol_conditions`; a new conditional-discharge entry
//!   with a different value records conditions imposed or ended (s75(2), (2A) anchors).
//!
//! # Citations, confidence and warnings
//!
//! Every date in the output has a `basis` citation (`&'static str`). Rules marked M or L in
//! law.md add an [`output::Warning::Uncertain`] naming the rule; month-based dates whose day is
//! 28 or more, or 1 March, add [`output::Warning::MonthEnd`].
//!
//! # MHA 2025
//!
//! [`LawConfig::default`] is the law in force: only the 18 Feb 2026 tranche (s75 rewritten).
//! The IMHA changes for informal patients (Sch 3), the new s3 periods (s29), windows (s30(1)),
//! s68 regime (s31) and s71/s75 references (s33) take effect only when a commencement date is
//! configured for the jurisdiction and has been reached.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod config;
pub mod dates;
mod engine;
pub mod holidays;
pub mod input;
pub mod output;
pub mod status;
pub mod text;

pub use config::{Commencement, Jurisdiction, LawConfig};
pub use dates::When;
pub use engine::evaluate;
pub use input::{
    Applicant, Entry, Ground, Input, NearestRelativeEvent, Recall, Transition, Treatment,
    TribunalApplication,
};
pub use output::{
    Authority, Barring, ConsentToTreatment, CtoRecall, DutyToInform, Imha, Output, Reference,
    Referrer, ResponsiblePerson, Warning, Window, WindowState,
};
pub use status::{Status, UnknownStatus};

#[cfg(test)]
mod tests;
