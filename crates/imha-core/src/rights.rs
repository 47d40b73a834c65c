//! The `imha rights` JSON contract (contracts.md section 2) around the pure legal crate.
