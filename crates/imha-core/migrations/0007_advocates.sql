-- Who may act as an IMHA (SI 2008/3166 reg 6(2); Wales SI 2011/2501 regs 4 and 5): each
-- advocate's training and qualifications (reg 6(2)(a)), enhanced criminal record certificates
-- with the barred-list information they include (reg 6(5)), and the links to patients they
-- declare themselves (independence, reg 6(2)(c) and (d)). Allocation itself is in
-- cases.advocate_id and case_allocations (0006). Codes are checked in Rust, as in 0003.

-- Training and qualifications: kind is qualification or training.
CREATE TABLE advocate_training (
    id          TEXT PRIMARY KEY,
    advocate_id TEXT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    awarded_on  TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX advocate_training_advocate ON advocate_training (advocate_id, awarded_on);

-- Enhanced criminal record certificates (Police Act 1997 s113B). barred_lists says which
-- suitability information the certificate includes: adults (s113BB), children (s113BA) or
-- both. How long one is relied on is the provider's renewal policy, not the law's.
CREATE TABLE criminal_record_certificates (
    id           TEXT PRIMARY KEY,
    advocate_id  TEXT NOT NULL REFERENCES users (id),
    issued_on    TEXT NOT NULL,
    barred_lists TEXT NOT NULL CHECK (barred_lists IN ('adults', 'children', 'both')),
    reference    TEXT,
    recorded_by  TEXT NOT NULL REFERENCES users (id),
    recorded_at  TEXT NOT NULL
);
CREATE INDEX criminal_record_certificates_advocate
    ON criminal_record_certificates (advocate_id, issued_on);

-- An advocate's own declared links to a patient: professionally-concerned, asked-to-visit,
-- personal-relationship, other. The patient is named by any of: the patient record, the NHS
-- number, or the name and date of birth (match_key, as referrals.match_key). Withdrawn
-- declarations are kept.
CREATE TABLE interest_declarations (
    id            TEXT PRIMARY KEY,
    advocate_id   TEXT NOT NULL REFERENCES users (id),
    kind          TEXT NOT NULL,
    patient_id    TEXT REFERENCES patients (id),
    nhs_number    TEXT,
    given_name    TEXT,
    family_name   TEXT,
    date_of_birth TEXT,
    match_key     TEXT,
    description   TEXT NOT NULL,
    declared_at   TEXT NOT NULL,
    withdrawn_at  TEXT
);
CREATE INDEX interest_declarations_advocate ON interest_declarations (advocate_id, withdrawn_at);
CREATE INDEX interest_declarations_nhs_number ON interest_declarations (nhs_number);
CREATE INDEX interest_declarations_match_key ON interest_declarations (match_key);
