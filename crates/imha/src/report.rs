//! `imha report`: the published figures for an area and a period, as JSON or CSV, so a council
//! can automate its returns. The same tables as the staff pages, under the same small-number
//! rule (`imha_core::reports`). Exits 2 with one line on standard error on a bad argument.

use std::path::Path;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use imha_core::organisations::{self, Kind};
use imha_core::reports::{self, Area, Query, SUPPRESSION_SOURCE, Suppression};
use jiff::civil::Date;

use crate::DatabaseArgs;

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One JSON document: the area, the period, the rule and the tables.
    Json,
    /// Long CSV: table,row_id,row_label,column,value (one line a published cell).
    Csv,
}

#[derive(Args)]
pub struct ReportArgs {
    /// The local authority: its ODS code or organisation id, or "all" for the whole service.
    #[arg(long)]
    area: String,
    /// The period's first day (YYYY-MM-DD).
    #[arg(long)]
    from: String,
    /// The period's last day (YYYY-MM-DD), inclusive.
    #[arg(long)]
    to: String,
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// The target for the first contact, in working days (as `imha serve`).
    #[arg(long, env = "IMHA_RESPONSE_TARGET_DAYS", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(0..=60))]
    target_days: u32,
    #[command(flatten)]
    db: DatabaseArgs,
}

/// What went wrong: a bad argument (exit 2) or the database (exit 1).
enum Failure {
    Argument(String),
    Storage(String),
}

fn date(name: &str, value: &str) -> Result<Date, Failure> {
    imha_law::dates::parse_date(value.trim())
        .ok_or_else(|| Failure::Argument(format!("--{name}: not a date (YYYY-MM-DD): {value}")))
}

pub fn run(args: ReportArgs) -> ExitCode {
    let Some(runtime) = crate::runtime() else {
        return ExitCode::FAILURE;
    };
    match runtime.block_on(report(&args)) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(Failure::Argument(e)) => {
            eprintln!("imha report: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Storage(e)) => {
            eprintln!("imha report: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn report(args: &ReportArgs) -> Result<String, Failure> {
    let from = date("from", &args.from)?;
    let to = date("to", &args.to)?;
    if from > to {
        return Err(Failure::Argument(format!(
            "--from {from} is after --to {to}"
        )));
    }
    // A mistyped path must not create an empty database (and so an empty report).
    if let Some(path) = crate::audit::sqlite_path(&args.db.database)
        && !Path::new(path).exists()
    {
        return Err(Failure::Argument(format!(
            "--database: no database at {path}"
        )));
    }
    let db = imha_core::Database::connect(&args.db.database)
        .await
        .map_err(|e| Failure::Argument(format!("--database: {e}")))?;
    let out = figures(&db, args, from, to).await;
    db.close().await;
    out
}

async fn figures(
    db: &imha_core::Database,
    args: &ReportArgs,
    from: Date,
    to: Date,
) -> Result<String, Failure> {
    let storage = |e: imha_core::db::StorageError| Failure::Storage(e.to_string());
    let wanted = args.area.trim();
    let (area, area_json) = if wanted.eq_ignore_ascii_case("all") {
        (
            Area::Everywhere,
            serde_json::json!({"id": "all", "name": "Everywhere the service covers"}),
        )
    } else {
        let orgs = organisations::list(db).await.map_err(storage)?;
        let found = orgs.into_iter().find(|o| {
            o.id == wanted
                || o.ods_code
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(wanted))
        });
        match found {
            Some(o) if o.kind == Kind::LocalAuthority => {
                let json = serde_json::json!({"id": o.id, "ods_code": o.ods_code, "name": o.name});
                (Area::LocalAuthority(o.id), json)
            }
            Some(o) => {
                return Err(Failure::Argument(format!(
                    "--area {wanted}: {} is a {}, not a local authority",
                    o.name,
                    o.kind.label().to_lowercase()
                )));
            }
            None => {
                return Err(Failure::Argument(format!(
                    "--area {wanted}: no local authority with this ODS code or id (or use \"all\")"
                )));
            }
        }
    };
    let q = Query { area, from, to };
    let s = Suppression::default();
    let f = reports::compute(db, &q, args.target_days)
        .await
        .map_err(storage)?;
    let tables = reports::tables(&f, &q, &s);
    Ok(match args.format {
        Format::Csv => reports::to_csv(&tables),
        Format::Json => {
            let doc = serde_json::json!({
                "area": area_json,
                "from": from.to_string(),
                "to": to.to_string(),
                "suppression": {
                    "suppress_up_to": s.suppress_up_to,
                    "round_to": s.round_to,
                    "source": SUPPRESSION_SOURCE,
                },
                "tables": tables,
            });
            let mut text =
                serde_json::to_string_pretty(&doc).map_err(|e| Failure::Storage(e.to_string()))?;
            text.push('\n');
            text
        }
    })
}
