//! `imha rights [FILE]` and `imha rights --jsonl [FILE]`: the legal timeline of one patient, or
//! of one patient a line (contracts.md section 2). Reads FILE, or standard input when FILE is
//! absent or `-`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

#[derive(Args)]
pub struct RightsArgs {
    /// The input JSON document (standard input when absent or `-`).
    file: Option<PathBuf>,
    /// One input document a line in, one output document a line out.
    #[arg(long)]
    jsonl: bool,
    #[command(flatten)]
    law: crate::LawArgs,
}

fn open(file: &Option<PathBuf>) -> std::io::Result<Box<dyn Read>> {
    match file {
        Some(path) if path.as_os_str() != "-" => Ok(Box::new(std::fs::File::open(path)?)),
        _ => Ok(Box::new(std::io::stdin())),
    }
}

pub fn run(args: RightsArgs) -> ExitCode {
    let law = match args.law.load() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let reader = match open(&args.file) {
        Ok(r) => r,
        Err(e) => {
            let name = args
                .file
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            eprintln!("{name}: {e}");
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::stdout();
    if args.jsonl {
        let reader: Box<dyn BufRead> = Box::new(BufReader::new(reader));
        return match imha_core::rights::evaluate_jsonl(reader, stdout.lock(), &law) {
            Ok(false) => ExitCode::SUCCESS,
            Ok(true) => ExitCode::from(1),
            Err(e) => {
                eprintln!("could not read or write: {e}");
                ExitCode::from(2)
            }
        };
    }
    let mut text = String::new();
    let mut reader = reader;
    if let Err(e) = reader.read_to_string(&mut text) {
        eprintln!("input: could not read: {e}");
        return ExitCode::from(2);
    }
    match imha_core::rights::evaluate_json(&text, &law) {
        Ok(value) => {
            let mut out = stdout.lock();
            let written = serde_json::to_writer_pretty(&mut out, &value)
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"));
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("could not write the result: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
