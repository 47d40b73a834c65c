//! `imha import episodes FILE`: load a hospital's legal-status feed (contracts.md section 3).
//! Standard output carries only the JSON result; on a terminal, progress (rows, rate, time
//! left) goes to standard error. Exit 0: no row rejected; 1: some rows rejected; 2: the input
//! could not be read as the feed (nothing stored) or the database failed.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Subcommand};
use imha_core::feed::import::{self, ImportError, Options, Progress};
use imha_core::referrals::Actor;

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Legal-status episodes as CSV (contracts.md section 3); FILE `-` reads standard input.
    Episodes(EpisodesArgs),
}

#[derive(Args)]
pub struct EpisodesArgs {
    /// The CSV file (with a header row), or `-` for standard input.
    file: PathBuf,
    #[command(flatten)]
    db: crate::DatabaseArgs,
    #[command(flatten)]
    law: crate::LawArgs,
    /// Visit target for opt-out referrals, in working days after the day they are made.
    #[arg(long, env = "IMHA_VISIT_TARGET_DAYS", default_value_t = 2,
          value_parser = clap::value_parser!(i32).range(0..=60))]
    visit_target_days: i32,
    /// Rows written per transaction (a crash loses at most the one in flight).
    #[arg(long, default_value_t = 50_000,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch_size: u32,
}

pub fn run(cmd: ImportCommand) -> ExitCode {
    match cmd {
        ImportCommand::Episodes(args) => episodes(args),
    }
}

/// Draws one status line on standard error, at most a few times a second.
struct Meter {
    started: Instant,
    last: Option<Instant>,
    total_bytes: Option<u64>,
}

impl Meter {
    fn show(&mut self, p: Progress) {
        let now = Instant::now();
        if self
            .last
            .is_some_and(|l| now.duration_since(l).as_millis() < 200)
        {
            return;
        }
        self.last = Some(now);
        let secs = now.duration_since(self.started).as_secs_f64().max(0.001);
        let rate = p.rows as f64 / secs;
        let left = match self.total_bytes {
            Some(total) if p.bytes > 0 && total > p.bytes => {
                let remaining = secs * (total - p.bytes) as f64 / p.bytes as f64;
                format!(", about {remaining:.0} s left")
            }
            _ => String::new(),
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{} rows, {rate:.0} rows/s{left}", p.rows);
        let _ = err.flush();
    }

    fn finish(&self) {
        let _ = writeln!(std::io::stderr());
    }
}

fn episodes(args: EpisodesArgs) -> ExitCode {
    let law = match args.law.load() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let (reader, size): (Box<dyn Read + Send>, Option<u64>) = if args.file.as_os_str() == "-" {
        (Box::new(std::io::stdin()), None)
    } else {
        match std::fs::File::open(&args.file) {
            Ok(f) => {
                let size = f.metadata().ok().map(|m| m.len());
                (
                    Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
                    size,
                )
            }
            Err(e) => {
                eprintln!("{}: {e}", args.file.display());
                return ExitCode::from(2);
            }
        }
    };
    let Some(runtime) = crate::runtime() else {
        return ExitCode::from(2);
    };
    let options = Options {
        batch_size: args.batch_size as usize,
        visit_target_working_days: args.visit_target_days,
        only_hospital: None,
        law,
        // About 90 bytes a row in a typical feed; a little high is harmless.
        expected_rows: size.map(|bytes| bytes / 80),
    };
    let terminal = std::io::stderr().is_terminal();
    let mut meter = Meter {
        started: Instant::now(),
        last: None,
        total_bytes: size,
    };
    let today = imha_core::referrals::uk_date(jiff::Timestamp::now());
    let result = runtime.block_on(async {
        let db = imha_core::Database::connect_with(
            &args.db.database,
            &imha_core::db::ConnectOptions::bulk_import(),
        )
        .await
        .map_err(ImportError::from)?;
        let summary = import::import(&db, reader, &options, &Actor::System, today, |p| {
            if terminal {
                meter.show(p);
            }
        })
        .await;
        db.close().await;
        summary
    });
    if terminal {
        meter.finish();
    }
    match result {
        Ok(summary) => {
            let mut out = std::io::stdout().lock();
            if serde_json::to_writer(&mut out, &summary).is_err() || writeln!(out).is_err() {
                return ExitCode::from(2);
            }
            if summary.rejected > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("imha import episodes: {e}");
            ExitCode::from(2)
        }
    }
}
