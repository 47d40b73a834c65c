-- The same writes as today.sql into the integer-keyed tables (intkeys-schema.sql).
.timer on
ATTACH 'stage.sqlite3' AS s;
PRAGMA main.cache_size = -65536;
PRAGMA temp_store = MEMORY;
PRAGMA foreign_keys = ON;
BEGIN;
INSERT INTO main.patients (id, nhs_number, hospital_id, local_patient_id, given_name, family_name, date_of_birth, match_key, ethnicity, gender, created_at, updated_at)
  SELECT n, nhs_number, hid, local_patient_id, given_name, family_name, date_of_birth, match_key, ethnicity, gender, '2026-11-29T10:00:00Z', '2026-11-29T10:00:00Z' FROM s.sp ORDER BY n;
INSERT INTO main.episodes (id, hospital_id, episode_id, patient_id, legal_status, start_at, end_at, ward, jurisdiction, qualifies, eligibility_basis, row_hash, created_at, updated_at)
  SELECT se.n, se.hid, se.episode_id, sp.n, se.legal_status, se.start, NULLIF(se."end", ''), se.ward, 'england', se.q, 's130C(2)(a)', randomblob(32), '2026-11-29T10:00:00Z', '2026-11-29T10:00:00Z' FROM s.se JOIN s.sp ON sp.pid = se.pid ORDER BY se.n;
INSERT INTO main.referrals (id, reference, received_at, given_name, family_name, date_of_birth, nhs_number, match_key, whereabouts, hospital_id, hospital_name, ward, legal_status, jurisdiction, eligibility_basis, referrer_name, patient_id, episode_id, visit_due_on, appears_eligible, channel, referrer_kind, help, status, keys_on_patient)
  SELECT se.n, se.reference, '2026-11-29T10:00:00Z', se.given_name, se.family_name, se.date_of_birth, se.nhs_number, se.match_key, 'hospital', se.hid, 'Bench', se.ward, se.legal_status, 'england', 's130C(2)(a)', 'Bench (opt-out feed)', sp.n, se.n, '2026-12-03', TRUE, 'opt-out', 'professional', '', 'new', TRUE FROM s.se JOIN s.sp ON sp.pid = se.pid WHERE se.q AND se.first_of_patient ORDER BY se.n;
COMMIT;
