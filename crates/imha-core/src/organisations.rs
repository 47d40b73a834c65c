//! Organisations (advocacy providers, hospitals with their wards, local authorities with the
//! hospitals and providers in their area) and the bearer tokens machine clients use.

use jiff::Timestamp;

use crate::accounts::{AccountError, random_token, token_hash};
use crate::db::{Database, StorageError, Tx};
use crate::{on_pool, on_tx};

/// What kind of organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Provider,
    Hospital,
    LocalAuthority,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Provider, Kind::Hospital, Kind::LocalAuthority];

    pub const fn id(self) -> &'static str {
        match self {
            Kind::Provider => "provider",
            Kind::Hospital => "hospital",
            Kind::LocalAuthority => "local-authority",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Kind::Provider => "Advocacy provider",
            Kind::Hospital => "Hospital",
            Kind::LocalAuthority => "Local authority",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organisation {
    pub id: String,
    pub kind: Kind,
    pub name: String,
    pub ods_code: Option<String>,
    /// `england` or `wales`.
    pub jurisdiction: String,
}

type OrgRow = (String, String, String, Option<String>, String);

fn org_from_row((id, kind, name, ods_code, jurisdiction): OrgRow) -> Option<Organisation> {
    Some(Organisation {
        id,
        kind: Kind::parse(&kind)?,
        name,
        ods_code,
        jurisdiction,
    })
}

/// An ODS code: letters and digits, 3 to 10 characters (e.g. `RXX` for a trust, `RXX01` for a
/// site), stored in capitals.
pub fn normalise_ods_code(code: &str) -> Result<String, AccountError> {
    let c = code.trim().to_uppercase();
    if (3..=10).contains(&c.len()) && c.chars().all(|ch| ch.is_ascii_alphanumeric()) {
        Ok(c)
    } else {
        Err(AccountError::Invalid(
            "ODS code must be 3 to 10 letters and numbers, like RXX01".into(),
        ))
    }
}

/// Add an organisation. Hospitals need an ODS code (the opt-out feed names hospitals by it).
pub async fn create(
    tx: &mut Tx,
    kind: Kind,
    name: &str,
    ods_code: Option<&str>,
    jurisdiction: &str,
) -> Result<Organisation, AccountError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AccountError::Invalid(
            "Enter the organisation's name".into(),
        ));
    }
    if name.chars().count() > 200 {
        return Err(AccountError::Invalid(
            "Name must be 200 characters or fewer".into(),
        ));
    }
    if !matches!(jurisdiction, "england" | "wales") {
        return Err(AccountError::Invalid("Select England or Wales".into()));
    }
    let ods = match ods_code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => Some(normalise_ods_code(c)?),
        None if kind == Kind::Hospital => {
            return Err(AccountError::Invalid(
                "Enter the hospital's ODS code".into(),
            ));
        }
        None => None,
    };
    if let Some(code) = &ods {
        let taken: Option<String> = on_tx!(tx, c => sqlx::query_scalar("SELECT id FROM organisations WHERE ods_code = $1").bind(code).fetch_optional(c).await)?;
        if taken.is_some() {
            return Err(AccountError::Invalid(
                "Another organisation already has this ODS code".into(),
            ));
        }
    }
    let id = uuid::Uuid::new_v4().to_string();
    let sql = "INSERT INTO organisations (id, kind, name, ods_code, jurisdiction, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, c => sqlx::query(sql).bind(&id).bind(kind.id()).bind(name).bind(&ods).bind(jurisdiction).bind(Timestamp::now().to_string()).execute(c).await.map(|_| ()))?;
    Ok(Organisation {
        id,
        kind,
        name: name.to_string(),
        ods_code: ods,
        jurisdiction: jurisdiction.to_string(),
    })
}

pub async fn list(db: &Database) -> Result<Vec<Organisation>, StorageError> {
    let sql =
        "SELECT id, kind, name, ods_code, jurisdiction FROM organisations ORDER BY kind, name";
    let rows: Vec<OrgRow> = on_pool!(db, p => sqlx::query_as(sql).fetch_all(p).await)?;
    Ok(rows.into_iter().filter_map(org_from_row).collect())
}

pub async fn get(db: &Database, id: &str) -> Result<Option<Organisation>, StorageError> {
    let sql = "SELECT id, kind, name, ods_code, jurisdiction FROM organisations WHERE id = $1";
    let row: Option<OrgRow> =
        on_pool!(db, p => sqlx::query_as(sql).bind(id).fetch_optional(p).await)?;
    Ok(row.and_then(org_from_row))
}

/// Add a ward to a hospital.
pub async fn add_ward(tx: &mut Tx, hospital_id: &str, name: &str) -> Result<String, AccountError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AccountError::Invalid("Enter the ward's name".into()));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let dup: Option<String> = on_tx!(tx, c => sqlx::query_scalar("SELECT id FROM wards WHERE hospital_id = $1 AND name = $2").bind(hospital_id).bind(name).fetch_optional(c).await)?;
    if dup.is_some() {
        return Err(AccountError::Invalid(
            "This hospital already has a ward with that name".into(),
        ));
    }
    on_tx!(tx, c => sqlx::query("INSERT INTO wards (id, hospital_id, name) VALUES ($1, $2, $3)").bind(&id).bind(hospital_id).bind(name).execute(c).await.map(|_| ()))?;
    Ok(id)
}

pub async fn wards(
    db: &Database,
    hospital_id: &str,
) -> Result<Vec<(String, String)>, StorageError> {
    Ok(
        on_pool!(db, p => sqlx::query_as("SELECT id, name FROM wards WHERE hospital_id = $1 ORDER BY name").bind(hospital_id).fetch_all(p).await)?,
    )
}

/// Put a hospital or provider in a local authority's area.
pub async fn add_to_area(
    tx: &mut Tx,
    local_authority_id: &str,
    member_id: &str,
) -> Result<(), StorageError> {
    let sql = "INSERT INTO area_members (local_authority_id, member_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    on_tx!(tx, c => sqlx::query(sql).bind(local_authority_id).bind(member_id).execute(c).await.map(|_| ()))?;
    Ok(())
}

pub async fn area_members(
    db: &Database,
    local_authority_id: &str,
) -> Result<Vec<String>, StorageError> {
    Ok(
        on_pool!(db, p => sqlx::query_scalar("SELECT member_id FROM area_members WHERE local_authority_id = $1 ORDER BY member_id").bind(local_authority_id).fetch_all(p).await)?,
    )
}

// ---------------------------------------------------------------------------------------------
// API tokens

/// What a bearer token may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Send legal-status episodes (the opt-out feed).
    Feed,
    /// Create referrals.
    Referrals,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::Feed, Scope::Referrals];

    pub const fn id(self) -> &'static str {
        match self {
            Scope::Feed => "feed",
            Scope::Referrals => "referrals",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Scope::Feed => "Send the hospital's legal-status feed",
            Scope::Referrals => "Make referrals",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.id() == s)
    }
}

/// A token as listed for administrators (never the token itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    pub id: String,
    pub organisation_id: String,
    pub scope: Scope,
    pub label: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// The client a valid bearer token identifies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient {
    pub token_id: String,
    pub organisation_id: String,
    pub scope: Scope,
}

/// Issue a token. Returns its record and the token itself, which is shown once and never
/// stored: only its SHA-256 is kept.
pub async fn create_token(
    tx: &mut Tx,
    organisation_id: &str,
    scope: Scope,
    label: &str,
    created_by: Option<&str>,
) -> Result<(ApiToken, String), AccountError> {
    let label = label.trim();
    if label.is_empty() {
        return Err(AccountError::Invalid(
            "Enter a name for the token, like \"MHA office system\"".into(),
        ));
    }
    let token = format!("imha_{}", random_token()?);
    let id = uuid::Uuid::new_v4().to_string();
    let at = Timestamp::now().to_string();
    let sql = "INSERT INTO api_tokens (id, token_hash, organisation_id, scope, label, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(tx, c => sqlx::query(sql).bind(&id).bind(token_hash(&token)).bind(organisation_id).bind(scope.id()).bind(label).bind(created_by).bind(&at).execute(c).await.map(|_| ()))?;
    let record = ApiToken {
        id,
        organisation_id: organisation_id.to_string(),
        scope,
        label: label.to_string(),
        created_at: at,
        revoked_at: None,
    };
    Ok((record, token))
}

pub async fn list_tokens(db: &Database) -> Result<Vec<ApiToken>, StorageError> {
    let sql = "SELECT id, organisation_id, scope, label, created_at, revoked_at FROM api_tokens ORDER BY created_at DESC";
    let rows: Vec<(String, String, String, String, String, Option<String>)> =
        on_pool!(db, p => sqlx::query_as(sql).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, organisation_id, scope, label, created_at, revoked_at)| {
                Some(ApiToken {
                    id,
                    organisation_id,
                    scope: Scope::parse(&scope)?,
                    label,
                    created_at,
                    revoked_at,
                })
            },
        )
        .collect())
}

/// Revoke a token; it stops working at once. Returns false if it was unknown or already revoked.
pub async fn revoke_token(tx: &mut Tx, id: &str) -> Result<bool, StorageError> {
    let sql = "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";
    let n = on_tx!(tx, c => sqlx::query(sql).bind(Timestamp::now().to_string()).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The client for a bearer token, if it is known and not revoked.
pub async fn authenticate(db: &Database, token: &str) -> Result<Option<ApiClient>, StorageError> {
    let sql = "SELECT id, organisation_id, scope FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL";
    let row: Option<(String, String, String)> =
        on_pool!(db, p => sqlx::query_as(sql).bind(token_hash(token)).fetch_optional(p).await)?;
    Ok(row.and_then(|(token_id, organisation_id, scope)| {
        Some(ApiClient {
            token_id,
            organisation_id,
            scope: Scope::parse(&scope)?,
        })
    }))
}
