-- The same three tables with integer keys (INTEGER PRIMARY KEY and integer references) and a
-- 32-byte BLOB row hash, every other index as in migrations 0003, 0004, 0011 and 0014 (the
-- columns the import writes; the rest of the referral form's columns left out). An experiment,
-- not the application's schema.
CREATE TABLE organisations (id TEXT PRIMARY KEY);
INSERT INTO organisations SELECT printf('h%02d', value) FROM generate_series(0, 19);
CREATE TABLE patients (id INTEGER PRIMARY KEY, nhs_number TEXT, hospital_id TEXT REFERENCES organisations (id), local_patient_id TEXT, given_name TEXT NOT NULL, family_name TEXT NOT NULL, date_of_birth TEXT NOT NULL, match_key TEXT NOT NULL, ethnicity TEXT, gender TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, merged_into INTEGER REFERENCES patients (id));
CREATE UNIQUE INDEX patients_nhs_number ON patients (nhs_number) WHERE nhs_number IS NOT NULL;
CREATE UNIQUE INDEX patients_local_id ON patients (hospital_id, local_patient_id) WHERE local_patient_id IS NOT NULL;
CREATE INDEX patients_match_key ON patients (match_key);
CREATE TABLE episodes (id INTEGER PRIMARY KEY, hospital_id TEXT NOT NULL REFERENCES organisations (id), episode_id TEXT NOT NULL, patient_id INTEGER NOT NULL REFERENCES patients (id), legal_status TEXT NOT NULL, start_at TEXT NOT NULL, end_at TEXT, ward TEXT, jurisdiction TEXT NOT NULL, told_orally_on TEXT, told_in_writing_on TEXT, qualifies BOOLEAN NOT NULL, eligibility_basis TEXT NOT NULL, row_hash BLOB NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (hospital_id, episode_id));
CREATE INDEX episodes_patient ON episodes (patient_id, start_at);
CREATE INDEX episodes_hospital_start ON episodes (hospital_id, start_at);
CREATE TABLE referrals (id INTEGER PRIMARY KEY, reference TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, referrer_kind TEXT NOT NULL, received_at TEXT NOT NULL, given_name TEXT NOT NULL, family_name TEXT NOT NULL, date_of_birth TEXT, nhs_number TEXT, match_key TEXT, whereabouts TEXT NOT NULL, hospital_id TEXT REFERENCES organisations (id), hospital_name TEXT, ward TEXT, legal_status TEXT, jurisdiction TEXT NOT NULL, help TEXT NOT NULL, referrer_name TEXT, appears_eligible BOOLEAN, eligibility_basis TEXT, status TEXT NOT NULL DEFAULT 'new', patient_id INTEGER REFERENCES patients (id), episode_id INTEGER REFERENCES episodes (id), visit_due_on TEXT, keys_on_patient BOOLEAN NOT NULL DEFAULT FALSE);
CREATE INDEX referrals_status ON referrals (status, received_at);
CREATE INDEX referrals_patient ON referrals (patient_id, status);
CREATE INDEX referrals_hospital ON referrals (hospital_id, received_at);
CREATE INDEX referrals_episode ON referrals (episode_id);
CREATE INDEX referrals_nhs_number ON referrals (nhs_number) WHERE NOT keys_on_patient;
CREATE INDEX referrals_match_key ON referrals (match_key) WHERE NOT keys_on_patient;
PRAGMA journal_mode = WAL;
