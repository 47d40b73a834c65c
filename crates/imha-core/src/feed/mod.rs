//! The opt-out feed (contracts.md section 3): hospitals send legal-status episodes; imha keeps
//! each patient's legal history and refers every qualifying patient.

pub mod import;
pub mod row;
mod seen;
