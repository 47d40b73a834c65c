//! `imha serve`: open and migrate the database, then serve until SIGTERM or Ctrl-C.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Args;

use crate::{DatabaseArgs, LogFormat};

#[derive(Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "IMHA_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    #[command(flatten)]
    db: DatabaseArgs,
    #[command(flatten)]
    law: crate::LawArgs,
    /// The service's name, shown in the header and page titles.
    #[arg(
        long,
        env = "IMHA_SERVICE_NAME",
        default_value = "Independent Mental Health Advocacy"
    )]
    service_name: String,
    /// The language the service's name is in (BCP 47): a Welsh rights letter marks an English
    /// name as English, so screen readers say it right.
    #[arg(long, env = "IMHA_SERVICE_NAME_LANG", default_value = "en",
          value_parser = language_tag)]
    service_name_lang: String,
    /// The provider's phone number for the contact page.
    #[arg(long, env = "IMHA_CONTACT_PHONE")]
    contact_phone: Option<String>,
    /// The provider's email address for the contact page.
    #[arg(long, env = "IMHA_CONTACT_EMAIL")]
    contact_email: Option<String>,
    /// The provider's postal address for the contact page.
    #[arg(long, env = "IMHA_CONTACT_ADDRESS")]
    contact_address: Option<String>,
    /// The URL people reach the service at (https://... turns on HSTS).
    #[arg(long, env = "IMHA_PUBLIC_URL")]
    public_url: Option<String>,
    /// Form submissions allowed per minute from one client address (public forms, sign-in).
    #[arg(long, env = "IMHA_FORM_POSTS_PER_MINUTE", default_value_t = 60)]
    form_posts_per_minute: u32,
    /// Target for the first contact after a referral, in working days after the day it
    /// arrives (England and Wales bank holidays and weekends are not working days).
    #[arg(long, env = "IMHA_RESPONSE_TARGET_DAYS", default_value_t = 2,
          value_parser = clap::value_parser!(i32).range(0..=60))]
    response_target_days: i32,
    /// Target for an advocate's visit after an opt-out referral from the hospital feed, in
    /// working days after the day the referral is made.
    #[arg(long, env = "IMHA_VISIT_TARGET_DAYS", default_value_t = 2,
          value_parser = clap::value_parser!(i32).range(0..=60))]
    visit_target_days: i32,
    /// When the duty to tell a patient about IMHA help (s130D) shows as overdue: more than this
    /// many working days after their section started. The Act says "as soon as practicable";
    /// this is the provider's own threshold.
    #[arg(long, env = "IMHA_DUTY_OVERDUE_DAYS", default_value_t = 1,
          value_parser = clap::value_parser!(i32).range(0..=60))]
    duty_overdue_days: i32,
    /// How many months after its issue an advocate's enhanced criminal record certificate is
    /// relied on when allocating cases. The regulations only say one must be obtained; this is
    /// the provider's renewal policy.
    #[arg(long, env = "IMHA_CERTIFICATE_RENEWAL_MONTHS", default_value_t = 36,
          value_parser = clap::value_parser!(i32).range(1..=120))]
    certificate_renewal_months: i32,
    /// SMTP server for password reset emails, e.g. smtps://user:password@smtp.example.org.
    /// Without it (or --mail-dir), reset links are given to administrators to pass on.
    #[arg(long, env = "IMHA_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// Write emails as files in this directory instead of sending them (development).
    #[arg(long, env = "IMHA_MAIL_DIR")]
    mail_dir: Option<std::path::PathBuf>,
    /// The sender address of emails.
    #[arg(
        long,
        env = "IMHA_MAIL_FROM",
        default_value = "IMHA service <no-reply@localhost>"
    )]
    mail_from: String,
    /// Log format.
    #[arg(long, env = "IMHA_LOG_FORMAT", value_enum, default_value = "json")]
    pub log_format: LogFormat,
}

pub fn run(args: ServeArgs) -> ExitCode {
    let Some(runtime) = crate::runtime() else {
        return ExitCode::FAILURE;
    };
    match runtime.block_on(serve(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "imha serve stopped");
            eprintln!("imha: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let law = args.law.load().map_err(|e| anyhow::anyhow!(e))?;
    let db = imha_core::Database::connect(&args.db.database).await?;
    tracing::info!(backend = db.backend().name(), "database ready");
    let config = imha_web::Config {
        service_name: args.service_name,
        service_name_lang: args.service_name_lang,
        contact_phone: args.contact_phone,
        contact_email: args.contact_email,
        contact_address: args.contact_address,
        public_url: args.public_url,
        form_posts_per_minute: args.form_posts_per_minute,
        today: None,
        response_target_working_days: args.response_target_days,
        visit_target_working_days: args.visit_target_days,
        duty_overdue_working_days: args.duty_overdue_days,
        certificate_renewal_months: args.certificate_renewal_months,
    };
    let mailer = imha_core::mail::Mailer::from_config(
        args.smtp_url.as_deref(),
        args.mail_dir.clone(),
        &args.mail_from,
    )?;
    let state = imha_web::AppState::new(db.clone(), config)
        .with_mailer(mailer)
        .with_law(law);
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| anyhow::anyhow!("could not listen on {}: {e}", args.addr))?;
    let local = listener.local_addr()?;
    tracing::info!(addr = %local, "listening");
    imha_web::serve(listener, state, shutdown_signal()).await?;
    tracing::info!("stopped accepting requests; requests in flight have finished");
    db.close().await;
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received; shutting down"),
        () = terminate => tracing::info!("SIGTERM received; shutting down"),
    }
}

/// A BCP 47 language tag's shape: a 2 or 3 letter language, then optional subtags of 1 to 8
/// letters or digits (`en`, `cy`, `en-GB`).
fn language_tag(s: &str) -> Result<String, String> {
    let mut parts = s.split('-');
    let language_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if language_ok && rest_ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "'{s}' is not a language tag: give one like en, cy or en-GB"
        ))
    }
}

#[cfg(test)]
mod language_tag_tests {
    use super::language_tag;

    #[test]
    fn accepts_tags_and_refuses_anything_else() {
        for ok in ["en", "cy", "en-GB", "gsw-u-sd-chzh"] {
            assert_eq!(language_tag(ok).as_deref(), Ok(ok));
        }
        for bad in [
            "",
            "e",
            "english",
            "en_GB",
            "en-",
            "\"><b>",
            "en-toolongsubtag",
        ] {
            assert!(language_tag(bad).is_err(), "{bad}");
        }
    }
}
