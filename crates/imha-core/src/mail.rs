//! Sending email: password reset links when SMTP is configured. Without SMTP, links are shown
//! to an administrator to pass on instead. A mail directory (one `.eml` file a message) serves
//! development and tests. Message bodies carry links, never personal data about patients.

use std::path::PathBuf;

use lettre::message::Mailbox;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How mail leaves imha.
pub enum Mailer {
    /// No mail: the service shows links to administrators instead.
    Off,
    /// An SMTP server, from a URL such as `smtps://user:password@smtp.example.org` or
    /// `smtp://relay.internal:25?tls=required`.
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    /// Write each message as a file in a directory (development and tests).
    Directory {
        transport: AsyncFileTransport<Tokio1Executor>,
        dir: PathBuf,
        from: Mailbox,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("--mail-from: not an email address: {0}")]
    From(String),
    #[error("--smtp-url: {0}")]
    Url(String),
    #[error("--mail-dir: {0}")]
    Dir(String),
    #[error("could not build the message: {0}")]
    Build(String),
    #[error("could not send the message: {0}")]
    Send(String),
}

impl Mailer {
    /// The mailer the configuration asks for: SMTP if `smtp_url` is set, else a directory if
    /// `mail_dir` is set, else none.
    pub fn from_config(
        smtp_url: Option<&str>,
        mail_dir: Option<PathBuf>,
        from: &str,
    ) -> Result<Mailer, MailError> {
        if smtp_url.is_none() && mail_dir.is_none() {
            return Ok(Mailer::Off);
        }
        let from: Mailbox = from
            .parse()
            .map_err(|_| MailError::From(from.to_string()))?;
        if let Some(url) = smtp_url {
            // The URL may hold a password: never echo it back in the error.
            let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|e| MailError::Url(format!("not understood ({e})")))?
                .build();
            return Ok(Mailer::Smtp { transport, from });
        }
        let dir = mail_dir.unwrap_or_default();
        std::fs::create_dir_all(&dir)
            .map_err(|e| MailError::Dir(format!("{}: {e}", dir.display())))?;
        Ok(Mailer::Directory {
            transport: AsyncFileTransport::<Tokio1Executor>::new(&dir),
            dir,
            from,
        })
    }

    /// Whether mail can be sent.
    pub fn is_on(&self) -> bool {
        !matches!(self, Mailer::Off)
    }

    /// Send a plain-text message.
    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), MailError> {
        let from = match self {
            Mailer::Off => return Err(MailError::Send("mail is not configured".into())),
            Mailer::Smtp { from, .. } | Mailer::Directory { from, .. } => from.clone(),
        };
        let to: Mailbox = to
            .parse()
            .map_err(|_| MailError::Build("recipient is not an email address".into()))?;
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(subject)
            .body(body)
            .map_err(|e| MailError::Build(e.to_string()))?;
        match self {
            Mailer::Off => Ok(()),
            Mailer::Smtp { transport, .. } => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Send(smtp_summary(&e))),
            Mailer::Directory { transport, .. } => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Send(e.to_string())),
        }
    }
}

/// An SMTP failure without the server's words: a reply such as "550 <name@example.org>:
/// recipient rejected" quotes the address, and these errors are logged, so only the kind of
/// failure and the reply code are kept.
fn smtp_summary(e: &lettre::transport::smtp::Error) -> String {
    let kind = if e.is_permanent() {
        "permanent failure"
    } else if e.is_transient() {
        "temporary failure"
    } else if e.is_timeout() {
        "timed out"
    } else {
        "connection or protocol failure"
    };
    match e.status() {
        Some(code) => format!("SMTP {kind} (reply code {code})"),
        None => format!("SMTP {kind}"),
    }
}
