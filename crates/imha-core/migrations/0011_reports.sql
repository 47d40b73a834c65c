-- Reports (issue 9): out-of-area placements, and indexes for the commissioner's figures.

-- The council responsible for the patient's after-care (s117), when the advocate knows it: a
-- patient whose home council is not the one whose area the hospital is in was placed out of
-- their area.
ALTER TABLE cases ADD COLUMN home_authority_id TEXT REFERENCES organisations (id);
CREATE INDEX cases_home_authority ON cases (home_authority_id, opened_at);

-- An area's referrals (and through them its cases) are found by hospital.
CREATE INDEX referrals_hospital ON referrals (hospital_id, received_at);
-- Referrals linked to an episode (opt-out referrals without a hospital of their own).
CREATE INDEX referrals_episode ON referrals (episode_id);
-- An area's qualifying episodes in a period.
CREATE INDEX episodes_hospital_start ON episodes (hospital_id, start_at);
