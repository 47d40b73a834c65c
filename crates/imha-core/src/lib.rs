//! imha's domain and storage: what the service knows and keeps, on SQLite or PostgreSQL.

pub mod rights;
