-- Stages a synthetic feed (feed.csv, from scripts/gen-feed.py) for the import floor benchmark:
-- one row per patient (sp) and per episode (se), with every id and key the import would make
-- already worked out (36-character time-ordered ids; random 32-character match keys, 64-character
-- row hashes and references, as random as the real ones), so that loading them measures SQLite's
-- writes alone.
.mode csv
.import feed.csv feed
-- one patient per NHS number (else per hospital and local id), numbered in order of first row
CREATE TABLE pk AS SELECT COALESCE(NULLIF(nhs_number, ''), hospital || '/' || local_patient_id) AS k, MIN(rowid) AS first FROM feed GROUP BY 1;
CREATE TABLE sp AS SELECT f.rowid AS n, printf('%08x-0002-7000-8000-%012x', f.rowid, abs(random()) % 281474976710656) AS pid, NULLIF(f.nhs_number, '') AS nhs_number, 'h' || substr(f.hospital, 4) AS hid, f.local_patient_id, f.given_name, f.family_name, f.date_of_birth, printf('%016x%016x', random(), random()) AS match_key, f.ethnicity, f.gender, pk.k AS k FROM pk JOIN feed f ON f.rowid = pk.first;
CREATE INDEX sp_k ON sp (k);
CREATE TABLE se AS SELECT f.rowid AS n, printf('%08x-0001-7000-8000-%012x', f.rowid, abs(random()) % 281474976710656) AS eid, printf('%08x-0003-7000-8000-%012x', f.rowid, abs(random()) % 281474976710656) AS rid, 'R-' || upper(printf('%012x', abs(random()) % 281474976710656)) AS reference, 'h' || substr(f.hospital, 4) AS hid, f.episode_id, sp.pid, f.legal_status, f.start, f."end", f.ward, f.legal_status NOT IN ('s4', 's5-2', 's5-4', 's135', 's136', 'informal') AS q, printf('%016x%016x%016x%016x', random(), random(), random(), random()) AS row_hash, f.given_name, f.family_name, f.date_of_birth, NULLIF(f.nhs_number, '') AS nhs_number, sp.match_key, (pk.first = f.rowid) AS first_of_patient FROM feed f JOIN pk ON pk.k = COALESCE(NULLIF(f.nhs_number, ''), f.hospital || '/' || f.local_patient_id) JOIN sp ON sp.k = pk.k;
SELECT count(*), sum(q), sum(q AND first_of_patient) FROM se;
SELECT count(*) FROM sp;
CREATE INDEX sp_pid ON sp (pid);
