-- Referrals (public form, staff, API; opt-out referrals from the feed arrive with issue 6),
-- the triage decisions on them, the cases accepted referrals open, and the public form's
-- drafts. Same dialect rules as 0001: TEXT ids and ISO times, BOOLEAN flags.

CREATE TABLE referrals (
    id                    TEXT PRIMARY KEY,
    -- What the referrer is told: unguessable, e.g. K7QM-2XPD-9HWT.
    reference             TEXT NOT NULL UNIQUE,
    -- How it arrived: public-form, staff, api, opt-out.
    channel               TEXT NOT NULL,
    -- Who referred: self, nearest-relative, carer, professional.
    referrer_kind         TEXT NOT NULL,
    received_at           TEXT NOT NULL,
    -- The person referred.
    given_name            TEXT NOT NULL,
    family_name           TEXT NOT NULL,
    date_of_birth         TEXT,
    nhs_number            TEXT,
    -- lower(given)|lower(family)|date of birth: the duplicate check's "same name and date of
    -- birth"; NULL without a date of birth.
    match_key             TEXT,
    whereabouts           TEXT NOT NULL CHECK (whereabouts IN ('hospital', 'community')),
    hospital_id           TEXT REFERENCES organisations (id),
    hospital_name         TEXT,
    ward                  TEXT,
    address               TEXT,
    phone                 TEXT,
    email                 TEXT,
    legal_status          TEXT,
    jurisdiction          TEXT NOT NULL CHECK (jurisdiction IN ('england', 'wales')),
    -- Comma-separated help kinds (rights, tribunal, ...).
    help                  TEXT NOT NULL,
    help_other            TEXT,
    interpreter_language  TEXT,
    bsl                   BOOLEAN NOT NULL DEFAULT FALSE,
    easy_read             BOOLEAN NOT NULL DEFAULT FALSE,
    communication_other   TEXT,
    -- Third-party referrals: does the person know, and agree? yes, no, not-sure.
    knows_about_referral  TEXT,
    agrees_to_referral    TEXT,
    risk                  TEXT,
    referrer_name         TEXT,
    referrer_role         TEXT,
    referrer_organisation TEXT,
    referrer_phone        TEXT,
    referrer_email        TEXT,
    -- The s130D duty to inform, as the hospital referrer recorded it.
    told_orally_on        TEXT,
    told_in_writing_on    TEXT,
    nearest_relative_copy TEXT,
    nearest_relative_copy_sent_on TEXT,
    -- What the rights engine made of the status given, on the day received.
    appears_eligible      BOOLEAN,
    eligibility_basis     TEXT,
    -- Who made it: a user, an API token, or nobody (the public form).
    created_by_user       TEXT REFERENCES users (id),
    created_by_token      TEXT REFERENCES api_tokens (id),
    -- Triage: new, accepted, declined, patient-declined.
    status                TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'accepted', 'declined', 'patient-declined')),
    decision_code         TEXT,
    decision_reason       TEXT,
    decided_by            TEXT REFERENCES users (id),
    decided_at            TEXT,
    first_contact_at      TEXT,
    first_contact_by      TEXT REFERENCES users (id)
);
CREATE INDEX referrals_status ON referrals (status, received_at);
CREATE INDEX referrals_nhs_number ON referrals (nhs_number);
CREATE INDEX referrals_match_key ON referrals (match_key);

-- A case: opened when a referral is accepted. Casework (issue 7) adds to it.
CREATE TABLE cases (
    id          TEXT PRIMARY KEY,
    referral_id TEXT NOT NULL UNIQUE REFERENCES referrals (id),
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paused', 'closed')),
    opened_at   TEXT NOT NULL,
    opened_by   TEXT REFERENCES users (id)
);

-- The public referral form's answers while someone is filling it in, keyed by the SHA-256 of
-- a random cookie value. Not a referral: deleted when the referral is sent, and purged after
-- a few hours without change.
CREATE TABLE referral_drafts (
    id_hash    TEXT PRIMARY KEY,
    answers    TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX referral_drafts_updated ON referral_drafts (updated_at);
