-- The opt-out feed (contracts.md section 3): patients, their legal-status episodes as the
-- hospitals send them, likely matches for a person to confirm, and opt-out referrals.

CREATE TABLE patients (
    id               TEXT PRIMARY KEY,
    nhs_number       TEXT,
    -- The hospital whose local patient id this is.
    hospital_id      TEXT REFERENCES organisations (id),
    local_patient_id TEXT,
    given_name       TEXT NOT NULL,
    family_name      TEXT NOT NULL,
    date_of_birth    TEXT NOT NULL,
    -- lower(given)|lower(family)|date of birth: "likely the same person".
    match_key        TEXT NOT NULL,
    ethnicity        TEXT,
    gender           TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX patients_nhs_number ON patients (nhs_number) WHERE nhs_number IS NOT NULL;
CREATE UNIQUE INDEX patients_local_id ON patients (hospital_id, local_patient_id)
    WHERE local_patient_id IS NOT NULL;
CREATE INDEX patients_match_key ON patients (match_key);

-- One legal-status episode as a hospital sent it; (hospital_id, episode_id) is the feed's
-- idempotency key, and row_hash tells an unchanged row from an updated one.
CREATE TABLE episodes (
    id                 TEXT PRIMARY KEY,
    hospital_id        TEXT NOT NULL REFERENCES organisations (id),
    episode_id         TEXT NOT NULL,
    patient_id         TEXT NOT NULL REFERENCES patients (id),
    legal_status       TEXT NOT NULL,
    -- As sent: YYYY-MM-DD or YYYY-MM-DDTHH:MM (UK local time).
    start_at           TEXT NOT NULL,
    end_at             TEXT,
    ward               TEXT,
    jurisdiction       TEXT NOT NULL CHECK (jurisdiction IN ('england', 'wales')),
    told_orally_on     TEXT,
    told_in_writing_on TEXT,
    -- What the rights engine said on the episode's start: a qualifying patient?
    qualifies          BOOLEAN NOT NULL,
    eligibility_basis  TEXT NOT NULL,
    row_hash           TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (hospital_id, episode_id)
);
CREATE INDEX episodes_patient ON episodes (patient_id, start_at);

-- Two patient records that are probably one person (same name and date of birth, different
-- identifiers): never merged silently, a person confirms.
CREATE TABLE patient_matches (
    patient_id   TEXT NOT NULL REFERENCES patients (id),
    candidate_id TEXT NOT NULL REFERENCES patients (id),
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'same', 'different')),
    created_at   TEXT NOT NULL,
    decided_by   TEXT REFERENCES users (id),
    decided_at   TEXT,
    PRIMARY KEY (patient_id, candidate_id)
);

-- Opt-out referrals belong to a patient and the episode that made them qualify, carry a visit
-- target, and record what happened when the advocate went.
ALTER TABLE referrals ADD COLUMN patient_id TEXT REFERENCES patients (id);
ALTER TABLE referrals ADD COLUMN episode_id TEXT REFERENCES episodes (id);
ALTER TABLE referrals ADD COLUMN visit_due_on TEXT;
ALTER TABLE referrals ADD COLUMN outcome TEXT;
ALTER TABLE referrals ADD COLUMN outcome_reason TEXT;
ALTER TABLE referrals ADD COLUMN outcome_at TEXT;
CREATE INDEX referrals_patient ON referrals (patient_id, status);
