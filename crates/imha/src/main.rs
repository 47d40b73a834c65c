//! The `imha` command: parses arguments and wires the crates together. No rules live here.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

mod audit;
mod demo;
mod import;
mod report;
mod rights;
mod serve;
mod user;

/// imha: an Independent Mental Health Advocacy service.
#[derive(Parser)]
#[command(name = "imha", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options shared by every command that touches data.
#[derive(Args, Clone)]
struct DatabaseArgs {
    /// The database: sqlite://PATH or postgres://USER@HOST/NAME. Created and migrated when it
    /// does not exist yet.
    #[arg(long, env = "IMHA_DATABASE_URL", default_value = imha_core::db::DEFAULT_DATABASE_URL)]
    database: String,
}

/// Which Mental Health Act 2025 provisions are in force (shared by `serve` and `rights`).
#[derive(Args, Clone)]
struct LawArgs {
    /// A JSON file of MHA 2025 commencement dates per provision group and jurisdiction, e.g.
    /// {"detention_periods": {"england": "2027-10-01"}}. Without it: only the provisions in
    /// force since 18 February 2026.
    #[arg(long, env = "IMHA_LAW_CONFIG")]
    law_config: Option<std::path::PathBuf>,
}

impl LawArgs {
    fn load(&self) -> Result<imha_law::LawConfig, String> {
        match &self.law_config {
            Some(path) => {
                imha_core::rights::load_law_config(path).map_err(|e| format!("--law-config: {e}"))
            }
            None => Ok(imha_law::LawConfig::default()),
        }
    }
}

/// How log lines are written.
#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    /// One JSON object a line (for log collectors).
    Json,
    /// Human-readable lines.
    Text,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web pages and the API.
    Serve(serve::ServeArgs),
    /// Work out one patient's legal timeline from JSON (contracts.md section 2).
    Rights(rights::RightsArgs),
    /// The audit trail: `imha audit verify` checks its hash chain.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Fill an empty database with a made-up service to explore.
    Demo(demo::DemoArgs),
    /// Staff accounts.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Load data: `imha import episodes FILE` reads a hospital's legal-status feed.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// The published figures for an area and a period (JSON or CSV), small numbers suppressed.
    Report(report::ReportArgs),
}

/// The async runtime every command that touches data runs on; `None` (with the reason on
/// standard error) if the operating system refuses the threads.
fn runtime() -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => Some(rt),
        Err(e) => {
            eprintln!("imha: could not start the async runtime: {e}");
            None
        }
    }
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("IMHA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .init(),
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).init(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => {
            init_logging(args.log_format);
            serve::run(args)
        }
        Command::Rights(args) => rights::run(args),
        Command::Audit(cmd) => audit::run(cmd),
        Command::User(cmd) => user::run(cmd),
        Command::Demo(args) => demo::run(args),
        Command::Import(cmd) => import::run(cmd),
        Command::Report(args) => report::run(args),
    }
}
