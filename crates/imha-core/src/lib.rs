//! imha's domain and storage: what the service knows and keeps, on SQLite or PostgreSQL.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod accounts;
pub mod advocates;
pub mod allocation;
pub mod audit;
pub mod case_dates;
pub mod casework;
pub mod content;
pub mod db;
pub mod deadlines;
pub mod demo;
pub mod feed;
pub mod library;
pub mod mail;
pub mod nhs_number;
pub mod organisations;
pub mod patients;
pub mod quality;
pub mod referrals;
pub mod reports;
pub mod rights;
pub mod stories;
pub mod tasks;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
pub mod work;

pub use db::{Backend, Database, StorageError};
