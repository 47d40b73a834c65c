//! `imha user create`: the first administrator (and any account) from the command line. It
//! prints a one-time set-up link; there are no default accounts or passwords.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use imha_core::accounts::{self, LinkPurpose, Role};
use imha_core::audit::{self, Action, NewEntry};

use crate::DatabaseArgs;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account and print its one-time set-up link (valid for 7 days).
    Create(CreateArgs),
}

#[derive(Args)]
pub struct CreateArgs {
    /// admin, service-manager, advocate, hospital-referrer or commissioner.
    #[arg(long)]
    role: String,
    #[arg(long)]
    email: String,
    /// The person's name (defaults to the part of the email before the @).
    #[arg(long)]
    name: Option<String>,
    /// The address people reach the service at, for the link.
    #[arg(long, env = "IMHA_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    public_url: String,
    #[command(flatten)]
    db: DatabaseArgs,
}

pub fn run(cmd: UserCommand) -> ExitCode {
    let UserCommand::Create(args) = cmd;
    let Some(role) = Role::parse(&args.role) else {
        let ids: Vec<&str> = Role::ALL.iter().map(|r| r.id()).collect();
        eprintln!(
            "--role: must be one of {}, not {:?}",
            ids.join(", "),
            args.role
        );
        return ExitCode::from(2);
    };
    let Some(runtime) = crate::runtime() else {
        return ExitCode::FAILURE;
    };
    match runtime.block_on(create(args, role)) {
        Ok(link) => {
            println!("{link}");
            eprintln!("Send this link to the person. It works once, for 7 days.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

async fn create(args: CreateArgs, role: Role) -> anyhow::Result<String> {
    let db = imha_core::Database::connect(&args.db.database).await?;
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| args.email.split('@').next().unwrap_or("").to_string());
    let mut tx = db.begin().await?;
    let user = accounts::create_user(&mut tx, &args.email, &name, role, None)
        .await
        .map_err(|e| anyhow::anyhow!("--email: {e}"))?;
    let token = accounts::issue_link(&mut tx, &user.id, LinkPurpose::Setup).await?;
    audit::record(
        &mut tx,
        NewEntry::system(Action::UserInvited)
            .on_record("user", &user.id)
            .with_detail(format!("role {}", role.id())),
    )
    .await?;
    tx.commit().await?;
    db.close().await;
    Ok(format!(
        "{}/staff/setup?token={token}",
        args.public_url.trim_end_matches('/')
    ))
}
