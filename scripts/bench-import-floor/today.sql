-- The floor for the feed import with today's schema (a database imha made): only SQLite's
-- writes of every row's patient, episode and opt-out referral, with every index, in one
-- transaction, from rows staged with every id and key worked out (stage.sql).
.timer on
ATTACH 'stage.sqlite3' AS s;
PRAGMA main.cache_size = -65536;
PRAGMA temp_store = MEMORY;
BEGIN;
INSERT INTO main.patients (id, nhs_number, hospital_id, local_patient_id, given_name, family_name, date_of_birth, match_key, ethnicity, gender, created_at, updated_at)
  SELECT pid, nhs_number, hid, local_patient_id, given_name, family_name, date_of_birth, match_key, ethnicity, gender, '2026-11-29T10:00:00Z', '2026-11-29T10:00:00Z' FROM s.sp ORDER BY n;
INSERT INTO main.episodes (id, hospital_id, episode_id, patient_id, legal_status, start_at, end_at, ward, jurisdiction, qualifies, eligibility_basis, row_hash, created_at, updated_at)
  SELECT eid, hid, episode_id, pid, legal_status, start, NULLIF("end", ''), ward, 'england', q, 's130C(2)(a)', row_hash, '2026-11-29T10:00:00Z', '2026-11-29T10:00:00Z' FROM s.se ORDER BY n;
INSERT INTO main.referrals (id, reference, received_at, given_name, family_name, date_of_birth, nhs_number, match_key, whereabouts, hospital_id, hospital_name, ward, legal_status, jurisdiction, eligibility_basis, referrer_name, patient_id, episode_id, visit_due_on, appears_eligible, channel, referrer_kind, help, status, keys_on_patient)
  SELECT rid, reference, '2026-11-29T10:00:00Z', given_name, family_name, date_of_birth, nhs_number, match_key, 'hospital', hid, 'Bench', ward, legal_status, 'england', 's130C(2)(a)', 'Bench (opt-out feed)', pid, eid, '2026-12-03', TRUE, 'opt-out', 'professional', '', 'new', TRUE FROM s.se WHERE q AND first_of_patient ORDER BY n;
COMMIT;
