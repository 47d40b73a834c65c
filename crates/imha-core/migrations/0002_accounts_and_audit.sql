-- Organisations, staff accounts, sessions, sign-in tokens, API tokens and the audit trail.
-- Identifiers are UUID text; times are RFC 3339 UTC text. SQL both engines accept.

CREATE TABLE organisations (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('provider', 'hospital', 'local-authority')),
    name         TEXT NOT NULL,
    -- ODS code: hospitals (and trusts) must have one; others may.
    ods_code     TEXT UNIQUE,
    jurisdiction TEXT NOT NULL DEFAULT 'england' CHECK (jurisdiction IN ('england', 'wales')),
    created_at   TEXT NOT NULL
);

CREATE TABLE wards (
    id          TEXT PRIMARY KEY,
    hospital_id TEXT NOT NULL REFERENCES organisations (id),
    name        TEXT NOT NULL,
    UNIQUE (hospital_id, name)
);

-- Which hospitals and providers are in a local authority's area (the commissioner's view).
CREATE TABLE area_members (
    local_authority_id TEXT NOT NULL REFERENCES organisations (id),
    member_id          TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (local_authority_id, member_id)
);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'service-manager', 'advocate',
                                                  'hospital-referrer', 'commissioner')),
    organisation_id TEXT REFERENCES organisations (id),
    password_hash   TEXT,
    totp_secret     TEXT,
    -- The last TOTP time step accepted: a code is never accepted twice.
    totp_last_step  BIGINT,
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins   BIGINT NOT NULL DEFAULT 0,
    locked_until    TEXT,
    -- Sessions created before this moment are void ("sign out everywhere").
    sessions_valid_after TEXT,
    created_at      TEXT NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie value: a stolen database does not yield live sessions.
    id_hash      TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    -- FALSE until the second factor is given.
    mfa_done     BOOLEAN NOT NULL DEFAULT FALSE,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Single-use links: account set-up and password reset. Only the hash is kept.
CREATE TABLE login_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    purpose    TEXT NOT NULL CHECK (purpose IN ('setup', 'reset')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);

-- Bearer tokens for machine clients (hospital feeds, referral APIs). Only the hash is kept.
CREATE TABLE api_tokens (
    id              TEXT PRIMARY KEY,
    token_hash      TEXT NOT NULL UNIQUE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    scope           TEXT NOT NULL,
    label           TEXT NOT NULL,
    created_by      TEXT REFERENCES users (id),
    created_at      TEXT NOT NULL,
    revoked_at      TEXT
);

-- Failed sign-ins counted per client address, so guessing is slowed without saying whether
-- an account exists.
CREATE TABLE sign_in_throttle (
    client       TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    window_start TEXT NOT NULL
);

-- The audit trail: append-only, hash-chained. Each entry's hash covers its fields and the
-- previous entry's hash, so any change or deletion breaks the chain (`imha audit verify`).
CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    TEXT,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    record_type TEXT,
    record_id   TEXT,
    client      TEXT,
    detail      TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (record_type, record_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
