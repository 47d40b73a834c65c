//! imha's domain and storage: what the service knows and keeps, on SQLite or PostgreSQL.

pub mod accounts;
pub mod audit;
pub mod db;
pub mod organisations;
pub mod rights;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;

pub use db::{Backend, Database, StorageError};
