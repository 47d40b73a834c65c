//! Demo mode: fills an empty database with a realistic, entirely synthetic advocacy service so
//! a newcomer can explore every screen: a provider, hospitals with wards, a council whose area
//! holds them, and one account per role. Demo accounts are marked by their address
//! (`@demo.imha.invalid`, a domain that cannot receive email) and their names say "(demo)".

use crate::accounts::{self, Role};
use crate::audit::{self, Action, NewEntry};
use crate::db::{Database, StorageError};
use crate::on_pool;
use crate::organisations::{self, Kind};

/// Every demo address ends with this.
pub const DEMO_DOMAIN: &str = "demo.imha.invalid";

/// One demo account and how to sign in with it.
#[derive(Clone, Debug)]
pub struct DemoAccount {
    pub role: Role,
    pub email: String,
    pub password: String,
    /// Base32 TOTP secret for an authenticator app; `None` for roles that need no second factor.
    pub totp_secret: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already holds data ({0}); imha demo only fills an empty database")]
    NotEmpty(String),
    #[error(transparent)]
    Account(#[from] accounts::AccountError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

async fn count(db: &Database, table: &str) -> Result<i64, StorageError> {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    Ok(on_pool!(db, p => sqlx::query_scalar(&sql).fetch_one(p).await)?)
}

/// A memorable random password: four words from a fixed list, chosen with OS randomness.
fn demo_password() -> Result<String, accounts::AccountError> {
    const WORDS: &[&str] = &[
        "kettle", "orbit", "meadow", "lantern", "harbour", "pebble", "violet", "thistle", "copper",
        "willow", "saffron", "glacier", "biscuit", "compass", "marble", "tundra", "velvet",
        "falcon", "juniper", "quartz", "parsnip", "cobalt", "heron", "nutmeg",
    ];
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(|e| accounts::AccountError::Invalid(e.to_string()))?;
    let words: Vec<&str> = bytes
        .iter()
        .map(|b| WORDS[usize::from(*b) % WORDS.len()])
        .collect();
    Ok(words.join("-"))
}

/// Fill an empty database. Refuses one that holds any organisation or user.
pub async fn fill(db: &Database) -> Result<Vec<DemoAccount>, DemoError> {
    for table in ["users", "organisations"] {
        if count(db, table).await? > 0 {
            return Err(DemoError::NotEmpty(format!("{table} is not empty")));
        }
    }
    let mut tx = db.begin().await?;
    let provider = organisations::create(
        &mut tx,
        Kind::Provider,
        "Northshire Advocacy (demo)",
        None,
        "england",
    )
    .await?;
    let general = organisations::create(
        &mut tx,
        Kind::Hospital,
        "Northshire General Hospital (demo)",
        Some("RZZ01"),
        "england",
    )
    .await?;
    let moorside = organisations::create(
        &mut tx,
        Kind::Hospital,
        "Moorside Mental Health Unit (demo)",
        Some("RZZ02"),
        "england",
    )
    .await?;
    let council = organisations::create(
        &mut tx,
        Kind::LocalAuthority,
        "Northshire County Council (demo)",
        None,
        "england",
    )
    .await?;
    for (hospital, wards) in [
        (&general, &["Willow Ward", "Cedar Ward"][..]),
        (
            &moorside,
            &["Heather Ward", "Bracken Ward", "Fern Ward (adolescent)"][..],
        ),
    ] {
        for ward in wards {
            organisations::add_ward(&mut tx, &hospital.id, ward).await?;
        }
    }
    for member in [&provider, &general, &moorside] {
        organisations::add_to_area(&mut tx, &council.id, &member.id).await?;
    }
    let people = [
        (Role::Admin, "admin", "Alex Admin (demo)", None),
        (
            Role::ServiceManager,
            "manager",
            "Morgan Manager (demo)",
            Some(&provider),
        ),
        (
            Role::Advocate,
            "advocate",
            "Ash Advocate (demo)",
            Some(&provider),
        ),
        (
            Role::HospitalReferrer,
            "referrer",
            "Rowan Referrer (demo)",
            Some(&moorside),
        ),
        (
            Role::Commissioner,
            "commissioner",
            "Casey Commissioner (demo)",
            Some(&council),
        ),
    ];
    let mut accounts_out = Vec::new();
    for (role, local, name, org) in people {
        let email = format!("{local}@{DEMO_DOMAIN}");
        let user =
            accounts::create_user(&mut tx, &email, name, role, org.map(|o| o.id.as_str())).await?;
        let password = demo_password()?;
        let pw = password.clone();
        let hash = tokio::task::spawn_blocking(move || accounts::hash_password(&pw))
            .await
            .map_err(|e| accounts::AccountError::Invalid(e.to_string()))??;
        accounts::set_password_hash(&mut tx, &user.id, &hash).await?;
        let secret = role.needs_mfa().then(accounts::new_totp_secret);
        accounts::set_totp_secret(&mut tx, &user.id, secret.as_deref()).await?;
        audit::record(
            &mut tx,
            NewEntry::system(Action::UserInvited)
                .on_record("user", &user.id)
                .with_detail("demo account"),
        )
        .await?;
        accounts_out.push(DemoAccount {
            role,
            email,
            password,
            totp_secret: secret,
        });
    }
    for org in [&provider, &general, &moorside, &council] {
        audit::record(
            &mut tx,
            NewEntry::system(Action::OrganisationCreated)
                .on_record("organisation", &org.id)
                .with_detail("demo"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(accounts_out)
}

/// The current sign-in code of a demo account (only demo accounts: a real account's secret is
/// never printed).
pub async fn current_code(db: &Database, email: &str) -> Result<Option<String>, StorageError> {
    let Ok(email) = accounts::normalise_email(email) else {
        return Ok(None);
    };
    if !email.ends_with(&format!("@{DEMO_DOMAIN}")) {
        return Ok(None);
    }
    let secret: Option<Option<String>> = on_pool!(db, p => sqlx::query_scalar("SELECT totp_secret FROM users WHERE email = $1").bind(&email).fetch_optional(p).await)?;
    let now = u64::try_from(jiff::Timestamp::now().as_second()).unwrap_or(0);
    Ok(secret.flatten().and_then(|s| accounts::totp_code(&s, now)))
}
