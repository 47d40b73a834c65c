//! imha-law
