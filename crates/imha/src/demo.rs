//! `imha demo`: fill an empty database with a synthetic service to explore, and
//! `imha demo code EMAIL`: the current sign-in code of a demo account.

use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::DatabaseArgs;

#[derive(Args)]
pub struct DemoArgs {
    #[command(subcommand)]
    command: Option<DemoCommand>,
    #[command(flatten)]
    db: DatabaseArgs,
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Print the current 6-digit sign-in code of a demo account.
    Code {
        /// A demo account's email address (…@demo.imha.invalid).
        email: String,
    },
}

pub fn run(args: DemoArgs) -> ExitCode {
    let Some(runtime) = crate::runtime() else {
        return ExitCode::FAILURE;
    };
    runtime.block_on(async move {
        let db = match imha_core::Database::connect(&args.db.database).await {
            Ok(db) => db,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        };
        let code = match args.command {
            Some(DemoCommand::Code { email }) => match imha_core::demo::current_code(&db, &email).await {
                Ok(Some(code)) => {
                    println!("{code}");
                    ExitCode::SUCCESS
                }
                Ok(None) => {
                    eprintln!("{email}: not a demo account with a second factor");
                    ExitCode::from(2)
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            },
            None => match imha_core::demo::fill(&db).await {
                Ok(accounts) => {
                    println!("Demo data added: a provider, two hospitals with wards, a council, and these accounts.");
                    println!("They are for exploring only: every name and address is made up.\n");
                    for a in &accounts {
                        println!("{:<18} {:<32} password: {}", a.role.label(), a.email, a.password);
                        if let Some(secret) = &a.totp_secret {
                            println!("{:<18} authenticator key: {secret}", "");
                        }
                    }
                    println!("\nSign in at /staff/login. For the code, add the key to an authenticator app,");
                    println!("or run: imha demo code EMAIL");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(2)
                }
            },
        };
        db.close().await;
        code
    })
}
