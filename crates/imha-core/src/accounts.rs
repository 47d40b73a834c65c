//! Staff accounts: roles, passwords (Argon2id, NCSC-style rules), TOTP second factor,
//! single-use set-up and reset links, sign-in throttling and lock-out, and sessions with idle
//! and absolute time-outs. Secrets are stored only as hashes, except the TOTP seed, which the
//! server must read to check codes.

use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};

use crate::db::{Database, StorageError, Tx};
use crate::{on_pool, on_tx};

/// What a member of staff does, which decides what they may see and do (see the web layer's
/// policy module for the permission table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Admin,
    ServiceManager,
    Advocate,
    HospitalReferrer,
    Commissioner,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::ServiceManager,
        Role::Advocate,
        Role::HospitalReferrer,
        Role::Commissioner,
    ];

    /// The id stored and used in forms and the CLI.
    pub const fn id(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::ServiceManager => "service-manager",
            Role::Advocate => "advocate",
            Role::HospitalReferrer => "hospital-referrer",
            Role::Commissioner => "commissioner",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == s)
    }

    /// The name people use.
    pub const fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::ServiceManager => "Service manager",
            Role::Advocate => "Advocate",
            Role::HospitalReferrer => "Hospital referrer",
            Role::Commissioner => "Commissioner",
        }
    }

    /// Every role that can see personal data must use a second factor. Commissioners see only
    /// aggregate figures.
    pub const fn needs_mfa(self) -> bool {
        !matches!(self, Role::Commissioner)
    }
}

/// A member of staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub organisation_id: Option<String>,
    pub active: bool,
    pub has_password: bool,
    pub has_totp: bool,
}

type UserRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    bool,
    Option<String>,
    Option<String>,
);

const USER_COLUMNS: &str =
    "id, email, name, role, organisation_id, active, password_hash, totp_secret";

fn user_from_row(row: UserRow) -> Result<User, StorageError> {
    let (id, email, name, role, organisation_id, active, password_hash, totp_secret) = row;
    let role = Role::parse(&role).ok_or_else(|| {
        StorageError::Query(sqlx::Error::Decode(format!("unknown role {role:?}").into()))
    })?;
    Ok(User {
        id,
        email,
        name,
        role,
        organisation_id,
        active,
        has_password: password_hash.is_some(),
        has_totp: totp_secret.is_some(),
    })
}

/// Why an account could not be created or changed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for AccountError {
    fn from(e: sqlx::Error) -> Self {
        AccountError::Storage(StorageError::Query(e))
    }
}

fn now() -> Timestamp {
    Timestamp::now()
}

fn ts(t: Timestamp) -> String {
    t.to_string()
}

fn parse_ts(s: &str) -> Option<Timestamp> {
    s.parse().ok()
}

/// A new random secret: 32 bytes from the operating system, as 64 hex digits.
pub fn random_token() -> Result<String, AccountError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| AccountError::Invalid(format!("no randomness available: {e}")))?;
    Ok(hex::encode(bytes))
}

/// The stored form of a token: SHA-256, hex. Tokens are long and random, so a fast hash is
/// enough (unlike passwords).
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Normalise an email address for storage and look-up.
pub fn normalise_email(email: &str) -> Result<String, AccountError> {
    let e = email.trim().to_lowercase();
    let valid = e.len() <= 254
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !e.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(e)
    } else {
        Err(AccountError::Invalid(
            "Enter an email address in the correct format, like name@example.org".into(),
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// Passwords

/// The shortest password accepted. NCSC advises length over complexity rules; with a second
/// factor required for staff who see personal data, 12 characters with a deny-list is ample.
pub const MIN_PASSWORD_LENGTH: usize = 12;
pub const MAX_PASSWORD_LENGTH: usize = 256;

/// Check a new password the way NCSC guidance suggests: long enough, not on a list of common
/// or guessable passwords (zxcvbn's frequency lists, plus the person's own name and email),
/// no composition rules and no forced expiry.
pub fn check_password(password: &str, personal: &[&str]) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_LENGTH {
        return Err(format!(
            "Password must be {MIN_PASSWORD_LENGTH} characters or more"
        ));
    }
    if chars > MAX_PASSWORD_LENGTH {
        return Err(format!(
            "Password must be {MAX_PASSWORD_LENGTH} characters or fewer"
        ));
    }
    let mut inputs: Vec<&str> = vec!["imha", "advocacy", "mental", "health"];
    inputs.extend(personal.iter().copied());
    for p in personal {
        inputs.extend(p.split(['@', '.', ' ']).filter(|s| s.len() >= 3));
    }
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if (estimate.score() as u8) < 3 {
        return Err("Password is too easy to guess. Try three random words together".into());
    }
    Ok(())
}

/// Hash a password with Argon2id (the crate's defaults: 19 MiB, 2 passes). CPU-heavy: call
/// from a blocking thread.
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    use argon2::Argon2;
    use argon2::password_hash::PasswordHasher;
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Invalid(format!("could not hash the password: {e}")))
}

/// Whether `password` matches the stored Argon2 hash. CPU-heavy: call from a blocking thread.
pub fn verify_password(password: &str, stored: &str) -> bool {
    use argon2::Argon2;
    use argon2::password_hash::PasswordVerifier;
    use argon2::password_hash::phc::PasswordHash;
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A fixed hash to verify against when no account matches, so a wrong email takes as long as
/// a wrong password and timing does not reveal which accounts exist.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("imha dummy password for timing").unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------
// TOTP

/// A new TOTP secret, base32.
pub fn new_totp_secret() -> String {
    totp_rs::Secret::generate().to_base32()
}

fn totp(secret: &str, account: &str, issuer: &str) -> Option<totp_rs::Totp> {
    let secret = totp_rs::Secret::try_from_base32(secret).ok()?;
    totp_rs::Builder::new()
        .with_secret(secret)
        .with_account_name(account.replace(':', ""))
        .with_issuer(Some(issuer.replace(':', "")))
        .build()
        .ok()
}

/// The `otpauth://` URL an authenticator app takes (typed or as a QR code).
pub fn totp_url(secret: &str, account: &str, issuer: &str) -> Option<String> {
    totp(secret, account, issuer)?.to_url().ok()
}

/// The time step a 6-digit code matches (one step of clock skew either way), if any.
pub fn totp_step(secret: &str, code: &str, at_unix: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    totp(secret, "x", "x")?.check(&code, at_unix)
}

/// The current code for `secret` (demo mode and tests).
pub fn totp_code(secret: &str, at_unix: u64) -> Option<String> {
    Some(totp(secret, "x", "x")?.generate(at_unix).to_string())
}

fn unix_now() -> u64 {
    u64::try_from(now().as_second()).unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Users

/// Create an account with no password or second factor yet; they are set through the one-time
/// set-up link.
pub async fn create_user(
    tx: &mut Tx,
    email: &str,
    name: &str,
    role: Role,
    organisation_id: Option<&str>,
) -> Result<User, AccountError> {
    let email = normalise_email(email)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(AccountError::Invalid("Enter the person's name".into()));
    }
    if name.chars().count() > 200 {
        return Err(AccountError::Invalid(
            "Name must be 200 characters or fewer".into(),
        ));
    }
    let exists: Option<String> = on_tx!(tx, c => sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(&email).fetch_optional(c).await)?;
    if exists.is_some() {
        return Err(AccountError::Invalid(
            "There is already an account with this email address".into(),
        ));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let sql = "INSERT INTO users (id, email, name, role, organisation_id, active, created_at) \
               VALUES ($1, $2, $3, $4, $5, TRUE, $6)";
    on_tx!(tx, c => sqlx::query(sql).bind(&id).bind(&email).bind(name).bind(role.id()).bind(organisation_id).bind(ts(now())).execute(c).await.map(|_| ()))?;
    Ok(User {
        id,
        email,
        name: name.to_string(),
        role,
        organisation_id: organisation_id.map(str::to_string),
        active: true,
        has_password: false,
        has_totp: false,
    })
}

pub async fn user_by_id(db: &Database, id: &str) -> Result<Option<User>, StorageError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    let row: Option<UserRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?;
    row.map(user_from_row).transpose()
}

pub async fn user_by_email(db: &Database, email: &str) -> Result<Option<User>, StorageError> {
    let Ok(email) = normalise_email(email) else {
        return Ok(None);
    };
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
    let row: Option<UserRow> =
        on_pool!(db, p => sqlx::query_as(&sql).bind(&email).fetch_optional(p).await)?;
    row.map(user_from_row).transpose()
}

pub async fn list_users(db: &Database) -> Result<Vec<User>, StorageError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY name, email");
    let rows: Vec<UserRow> = on_pool!(db, p => sqlx::query_as(&sql).fetch_all(p).await)?;
    rows.into_iter().map(user_from_row).collect()
}

pub async fn count_users(db: &Database) -> Result<i64, StorageError> {
    Ok(on_pool!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(p).await)?)
}

pub async fn set_role(tx: &mut Tx, user_id: &str, role: Role) -> Result<(), StorageError> {
    on_tx!(tx, c => sqlx::query("UPDATE users SET role = $1 WHERE id = $2").bind(role.id()).bind(user_id).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// Move a user to another organisation (or none).
pub async fn set_organisation(
    tx: &mut Tx,
    user_id: &str,
    organisation_id: Option<&str>,
) -> Result<(), StorageError> {
    on_tx!(tx, c => sqlx::query("UPDATE users SET organisation_id = $1 WHERE id = $2").bind(organisation_id).bind(user_id).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// Deactivate (or reactivate) an account. Deactivating ends every session at once.
pub async fn set_active(tx: &mut Tx, user_id: &str, active: bool) -> Result<(), StorageError> {
    on_tx!(tx, c => sqlx::query("UPDATE users SET active = $1 WHERE id = $2").bind(active).bind(user_id).execute(c).await.map(|_| ()))?;
    if !active {
        end_all_sessions(tx, user_id).await?;
    }
    Ok(())
}

/// Set a new password hash, clear any lock-out, and end every other session.
pub async fn set_password_hash(tx: &mut Tx, user_id: &str, hash: &str) -> Result<(), StorageError> {
    let sql =
        "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL WHERE id = $2";
    on_tx!(tx, c => sqlx::query(sql).bind(hash).bind(user_id).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// Store a confirmed TOTP secret.
pub async fn set_totp_secret(
    tx: &mut Tx,
    user_id: &str,
    secret: Option<&str>,
) -> Result<(), StorageError> {
    let sql = "UPDATE users SET totp_secret = $1, totp_last_step = NULL WHERE id = $2";
    on_tx!(tx, c => sqlx::query(sql).bind(secret).bind(user_id).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// Check a TOTP code for a user, accepting each time step at most once (RFC 6238 §5.2).
pub async fn check_totp(db: &Database, user_id: &str, code: &str) -> Result<bool, StorageError> {
    let row: Option<(Option<String>, Option<i64>)> = on_pool!(db, p => sqlx::query_as("SELECT totp_secret, totp_last_step FROM users WHERE id = $1").bind(user_id).fetch_optional(p).await)?;
    let Some((Some(secret), last)) = row else {
        return Ok(false);
    };
    let Some(step) = totp_step(&secret, code, unix_now()) else {
        return Ok(false);
    };
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    if last.is_some_and(|l| step <= l) {
        return Ok(false);
    }
    // Compare-and-set, so two concurrent requests with the same code cannot both pass.
    let sql = "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)";
    let changed = on_pool!(db, p => sqlx::query(sql).bind(step).bind(user_id).execute(p).await.map(|r| r.rows_affected()))?;
    if changed == 1 {
        let reset = "UPDATE users SET failed_logins = 0 WHERE id = $1";
        on_pool!(db, p => sqlx::query(reset).bind(user_id).execute(p).await.map(|_| ()))?;
    }
    Ok(changed == 1)
}

// ---------------------------------------------------------------------------------------------
// Set-up and reset links

/// What a single-use link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkPurpose {
    /// First password and second factor for a new account (valid 7 days).
    Setup,
    /// A new password (valid 1 hour).
    Reset,
}

impl LinkPurpose {
    pub const fn id(self) -> &'static str {
        match self {
            LinkPurpose::Setup => "setup",
            LinkPurpose::Reset => "reset",
        }
    }

    pub const fn lifetime(self) -> SignedDuration {
        match self {
            LinkPurpose::Setup => SignedDuration::from_hours(24 * 7),
            LinkPurpose::Reset => SignedDuration::from_hours(1),
        }
    }
}

/// Issue a single-use link token; returns the token to put in the link (only its hash is kept).
/// Any earlier unused link of the same purpose for the user stops working.
pub async fn issue_link(
    tx: &mut Tx,
    user_id: &str,
    purpose: LinkPurpose,
) -> Result<String, AccountError> {
    let token = random_token()?;
    let created = now();
    let expires = created.checked_add(purpose.lifetime()).unwrap_or(created);
    let void = "UPDATE login_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL";
    on_tx!(tx, c => sqlx::query(void).bind(ts(created)).bind(user_id).bind(purpose.id()).execute(c).await.map(|_| ()))?;
    let sql = "INSERT INTO login_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
    on_tx!(tx, c => sqlx::query(sql).bind(token_hash(&token)).bind(user_id).bind(purpose.id()).bind(ts(created)).bind(ts(expires)).execute(c).await.map(|_| ()))?;
    Ok(token)
}

/// Why a link was refused. The person sees one message for all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    Unknown,
    Expired,
    Used,
}

/// Look up a link without using it up (showing the form).
pub async fn peek_link(
    db: &Database,
    token: &str,
    purpose: LinkPurpose,
) -> Result<Result<User, LinkProblem>, StorageError> {
    let sql = "SELECT user_id, expires_at, used_at FROM login_tokens WHERE token_hash = $1 AND purpose = $2";
    let row: Option<(String, String, Option<String>)> = on_pool!(db, p => sqlx::query_as(sql).bind(token_hash(token)).bind(purpose.id()).fetch_optional(p).await)?;
    let Some((user_id, expires_at, used_at)) = row else {
        return Ok(Err(LinkProblem::Unknown));
    };
    if used_at.is_some() {
        return Ok(Err(LinkProblem::Used));
    }
    if parse_ts(&expires_at).is_none_or(|e| e < now()) {
        return Ok(Err(LinkProblem::Expired));
    }
    match user_by_id(db, &user_id).await? {
        Some(u) if u.active => Ok(Ok(u)),
        _ => Ok(Err(LinkProblem::Unknown)),
    }
}

/// Use a link up, in the transaction that acts on it. Fails if another request used it first.
pub async fn consume_link(
    tx: &mut Tx,
    token: &str,
    purpose: LinkPurpose,
) -> Result<bool, StorageError> {
    let sql = "UPDATE login_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1";
    let n = on_tx!(tx, c => sqlx::query(sql).bind(ts(now())).bind(token_hash(token)).bind(purpose.id()).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

// ---------------------------------------------------------------------------------------------
// Signing in

/// Failed passwords before an account is locked for [`LOCKOUT`].
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOCKOUT: SignedDuration = SignedDuration::from_mins(15);
/// Failed sign-ins from one client address within [`LOCKOUT`] before it is refused for a while.
pub const MAX_CLIENT_FAILURES: i64 = 20;

/// The result of a sign-in attempt. `Refused` covers a wrong password, an unknown email, a
/// deactivated account and a locked one alike, so the page never reveals which.
#[derive(Debug, PartialEq, Eq)]
pub enum SignIn {
    Accepted(User),
    Refused,
    /// Too many failures from this client address: wait.
    Throttled,
}

/// Check an email and password. Counts failures per account (lock-out) and per client address
/// (throttling); a success clears the account's count.
pub async fn sign_in(
    db: &Database,
    email: &str,
    password: &str,
    client: &str,
) -> Result<SignIn, StorageError> {
    let current = now();
    if client_throttled(db, client, current).await? {
        return Ok(SignIn::Throttled);
    }
    let row: Option<(String, Option<String>, bool, Option<String>)> = match normalise_email(email) {
        Ok(e) => {
            on_pool!(db, p => sqlx::query_as("SELECT id, password_hash, active, locked_until FROM users WHERE email = $1").bind(&e).fetch_optional(p).await)?
        }
        Err(_) => None,
    };
    let stored = row
        .as_ref()
        .and_then(|r| r.1.clone())
        .unwrap_or_else(|| dummy_hash().to_string());
    let pw = password.to_string();
    let matches = tokio::task::spawn_blocking(move || verify_password(&pw, &stored))
        .await
        .unwrap_or(false);
    let Some((user_id, Some(_), active, locked_until)) = row else {
        record_client_failure(db, client, current).await?;
        return Ok(SignIn::Refused);
    };
    let locked = locked_until
        .as_deref()
        .and_then(parse_ts)
        .is_some_and(|t| t > current);
    if !matches || !active || locked {
        record_client_failure(db, client, current).await?;
        if !matches {
            let lock_at = ts(current.checked_add(LOCKOUT).unwrap_or(current));
            let sql = "UPDATE users SET failed_logins = failed_logins + 1, \
                       locked_until = CASE WHEN failed_logins + 1 >= $1 THEN $2 ELSE locked_until END WHERE id = $3";
            on_pool!(db, p => sqlx::query(sql).bind(MAX_FAILED_LOGINS).bind(lock_at).bind(&user_id).execute(p).await.map(|_| ()))?;
        }
        return Ok(SignIn::Refused);
    }
    let sql = "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1";
    on_pool!(db, p => sqlx::query(sql).bind(&user_id).execute(p).await.map(|_| ()))?;
    match user_by_id(db, &user_id).await? {
        Some(u) => Ok(SignIn::Accepted(u)),
        None => Ok(SignIn::Refused),
    }
}

/// Count a wrong second-factor code against the account, locking it after
/// [`MAX_FAILED_LOGINS`] failures like wrong passwords.
pub async fn record_failed_code(db: &Database, user_id: &str) -> Result<(), StorageError> {
    let current = now();
    let lock_at = ts(current.checked_add(LOCKOUT).unwrap_or(current));
    let sql = "UPDATE users SET failed_logins = failed_logins + 1, \
               locked_until = CASE WHEN failed_logins + 1 >= $1 THEN $2 ELSE locked_until END WHERE id = $3";
    on_pool!(db, p => sqlx::query(sql).bind(MAX_FAILED_LOGINS).bind(lock_at).bind(user_id).execute(p).await.map(|_| ()))?;
    Ok(())
}

/// Whether the account is locked out now.
pub async fn is_locked(db: &Database, user_id: &str) -> Result<bool, StorageError> {
    let until: Option<Option<String>> = on_pool!(db, p => sqlx::query_scalar("SELECT locked_until FROM users WHERE id = $1").bind(user_id).fetch_optional(p).await)?;
    Ok(until
        .flatten()
        .as_deref()
        .and_then(parse_ts)
        .is_some_and(|t| t > now()))
}

async fn client_throttled(
    db: &Database,
    client: &str,
    current: Timestamp,
) -> Result<bool, StorageError> {
    let row: Option<(i64, String)> = on_pool!(db, p => sqlx::query_as("SELECT failures, window_start FROM sign_in_throttle WHERE client = $1").bind(client).fetch_optional(p).await)?;
    Ok(match row {
        Some((failures, start)) => {
            let fresh = parse_ts(&start)
                .and_then(|s| s.checked_add(LOCKOUT).ok())
                .is_some_and(|end| end > current);
            fresh && failures >= MAX_CLIENT_FAILURES
        }
        None => false,
    })
}

async fn record_client_failure(
    db: &Database,
    client: &str,
    current: Timestamp,
) -> Result<(), StorageError> {
    let window_floor = ts(current.checked_sub(LOCKOUT).unwrap_or(current));
    // Start a new window if the old one is over, else count within it.
    let sql = "INSERT INTO sign_in_throttle (client, failures, window_start) VALUES ($1, 1, $2) \
               ON CONFLICT (client) DO UPDATE SET \
               failures = CASE WHEN sign_in_throttle.window_start < $3 THEN 1 ELSE sign_in_throttle.failures + 1 END, \
               window_start = CASE WHEN sign_in_throttle.window_start < $3 THEN $2 ELSE sign_in_throttle.window_start END";
    on_pool!(db, p => sqlx::query(sql).bind(client).bind(ts(current)).bind(&window_floor).execute(p).await.map(|_| ()))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Sessions

/// A session ends after this long without a request...
pub const IDLE_TIMEOUT: SignedDuration = SignedDuration::from_mins(30);
/// ...and after this long in any case.
pub const ABSOLUTE_TIMEOUT: SignedDuration = SignedDuration::from_hours(12);

/// A signed-in session.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: User,
    /// Whether the second factor has been given (always true for roles that need none).
    pub mfa_done: bool,
    /// The token every form of this session must carry.
    pub csrf_token: String,
    id_hash: String,
}

impl Session {
    /// The stored key of this session (for ending it).
    pub fn key(&self) -> &str {
        &self.id_hash
    }
}

/// Start a session for `user`; returns the cookie value. A new random id every time, so a
/// session id seen before sign-in is never the signed-in one.
pub async fn start_session(
    db: &Database,
    user: &User,
    mfa_done: bool,
) -> Result<String, AccountError> {
    let id = random_token()?;
    let csrf = random_token()?;
    let t = ts(now());
    let sql = "INSERT INTO sessions (id_hash, user_id, mfa_done, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)";
    on_pool!(db, p => sqlx::query(sql).bind(token_hash(&id)).bind(&user.id).bind(mfa_done).bind(&csrf).bind(&t).execute(p).await.map(|_| ()))?;
    Ok(id)
}

/// The session for a cookie value, if it is still valid; refreshes its idle timer.
pub async fn load_session(db: &Database, cookie: &str) -> Result<Option<Session>, StorageError> {
    let key = token_hash(cookie);
    let sql = "SELECT s.user_id, s.mfa_done, s.csrf_token, s.created_at, s.last_seen_at, u.sessions_valid_after \
               FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1";
    let row: Option<(String, bool, String, String, String, Option<String>)> =
        on_pool!(db, p => sqlx::query_as(sql).bind(&key).fetch_optional(p).await)?;
    let Some((user_id, mfa_done, csrf_token, created, last_seen, valid_after)) = row else {
        return Ok(None);
    };
    let current = now();
    let (Some(created), Some(last_seen)) = (parse_ts(&created), parse_ts(&last_seen)) else {
        return Ok(None);
    };
    let expired = created
        .checked_add(ABSOLUTE_TIMEOUT)
        .is_ok_and(|t| t <= current)
        || last_seen
            .checked_add(IDLE_TIMEOUT)
            .is_ok_and(|t| t <= current)
        || valid_after
            .as_deref()
            .and_then(parse_ts)
            .is_some_and(|v| created < v);
    let user = user_by_id(db, &user_id).await?;
    let Some(user) = user.filter(|u| u.active) else {
        return Ok(None);
    };
    if expired {
        on_pool!(db, p => sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(&key).execute(p).await.map(|_| ()))?;
        return Ok(None);
    }
    // Refresh at most once a minute, to keep reads from becoming writes.
    if current.duration_since(last_seen) > SignedDuration::from_secs(60) {
        on_pool!(db, p => sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2").bind(ts(current)).bind(&key).execute(p).await.map(|_| ()))?;
    }
    Ok(Some(Session {
        user,
        mfa_done,
        csrf_token,
        id_hash: key,
    }))
}

/// Mark the second factor given: a new session id replaces the old one (rotation).
pub async fn complete_mfa(db: &Database, session: &Session) -> Result<String, AccountError> {
    end_session(db, session.key()).await?;
    start_session(db, &session.user, true).await
}

pub async fn end_session(db: &Database, key: &str) -> Result<(), StorageError> {
    on_pool!(db, p => sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(key).execute(p).await.map(|_| ()))?;
    Ok(())
}

/// End every session of a user ("sign out everywhere", deactivation, password change).
pub async fn end_all_sessions(tx: &mut Tx, user_id: &str) -> Result<(), StorageError> {
    on_tx!(tx, c => sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(c).await.map(|_| ()))?;
    on_tx!(tx, c => sqlx::query("UPDATE users SET sessions_valid_after = $1 WHERE id = $2").bind(ts(now())).bind(user_id).execute(c).await.map(|_| ()))?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn passwords_follow_length_and_deny_list_rules() {
        assert!(
            check_password("short", &[])
                .unwrap_err()
                .contains("12 characters")
        );
        assert!(
            check_password("password1234", &[])
                .unwrap_err()
                .contains("too easy")
        );
        assert!(check_password("qwertyuiop123", &[]).is_err());
        assert!(check_password("jane.smith@example.org", &["jane.smith@example.org"]).is_err());
        assert!(check_password("correct horse battery staple", &[]).is_ok());
        assert!(
            check_password(&"x".repeat(300), &[])
                .unwrap_err()
                .contains("fewer")
        );
    }

    #[test]
    fn argon2id_hashes_verify_and_reject() {
        let h = hash_password("correct horse battery staple").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery staple", &h));
        assert!(!verify_password("correct horse battery stapler", &h));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn totp_codes_check_within_one_step() {
        let secret = new_totp_secret();
        let t = 1_800_000_000;
        let code = totp_code(&secret, t).unwrap();
        assert_eq!(totp_step(&secret, &code, t), Some(t / 30));
        assert!(
            totp_step(&secret, &code, t + 30).is_some(),
            "one step of skew"
        );
        assert!(totp_step(&secret, &code, t + 120).is_none());
        assert!(totp_step(&secret, "12345", t).is_none());
        assert!(totp_step(&secret, "abcdef", t).is_none());
        assert!(
            totp_url(&secret, "a@b.org", "imha")
                .unwrap()
                .starts_with("otpauth://totp/")
        );
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalise_email(" Jane@Example.ORG ").unwrap(),
            "jane@example.org"
        );
        for bad in [
            "",
            "jane",
            "jane@",
            "@example.org",
            "jane@example",
            "ja ne@example.org",
        ] {
            assert!(normalise_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let a = random_token().unwrap();
        let b = random_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}
