//! The library catalogue (filled in below).
