//! `imha audit verify`: check the audit trail's hash chain. Prints `audit trail intact: N
//! entries` and exits 0, or prints `audit trail broken at entry S: <reason>` on standard error
//! and exits 1. Exits 2 when the database cannot be read.

use std::path::Path;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::DatabaseArgs;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check that no audit entry has been changed, inserted or deleted.
    Verify(VerifyArgs),
}

#[derive(Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    db: DatabaseArgs,
}

pub fn run(cmd: AuditCommand) -> ExitCode {
    let AuditCommand::Verify(args) = cmd;
    let Some(runtime) = crate::runtime() else {
        return ExitCode::from(2);
    };
    match runtime.block_on(verify(&args.db.database)) {
        Ok(report) => match report.first_broken {
            None => {
                println!("audit trail intact: {} entries", report.entries);
                ExitCode::SUCCESS
            }
            Some((seq, reason)) => {
                eprintln!("audit trail broken at entry {seq}: {reason}");
                ExitCode::from(1)
            }
        },
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

async fn verify(url: &str) -> anyhow::Result<imha_core::audit::VerifyReport> {
    // Checking must not create an empty database where the operator mistyped a path (it would
    // report an intact trail), nor change the schema: open without creating or migrating.
    if let Some(path) = sqlite_path(url)
        && !Path::new(path).exists()
    {
        anyhow::bail!("no database at {path}");
    }
    let db = imha_core::Database::open(url, &imha_core::db::ConnectOptions::default()).await?;
    let report = imha_core::audit::verify(&db).await;
    db.close().await;
    Ok(report?)
}

/// The file of an `sqlite://PATH` URL (not an in-memory database).
pub(crate) fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && !path.starts_with(":memory:")).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::sqlite_path;

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(sqlite_path("sqlite://imha.sqlite3"), Some("imha.sqlite3"));
        assert_eq!(
            sqlite_path("sqlite:///var/lib/imha/db?mode=rwc"),
            Some("/var/lib/imha/db")
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://u@h/imha"), None);
    }
}
