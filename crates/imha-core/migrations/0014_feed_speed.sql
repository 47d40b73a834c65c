-- The opt-out feed's speed (issue 6): fewer index entries for each referral the import makes.
--
-- The duplicate check (`referrals::duplicates_of`) finds other referrals with the same NHS
-- number or the same name and date of birth (match_key). An opt-out referral carries its
-- patient's NHS number and match_key, which the patients table indexes already, so such a
-- referral can be found through its patient instead of through two more random-keyed indexes
-- on referrals. `keys_on_patient` marks a referral found that way: it is TRUE only while the
-- referral's own NHS number and match_key are each NULL or equal to its patient's. Whatever
-- would break that (the feed changing a patient's name or date of birth, a merge moving
-- referrals or an NHS number to another record) sets it back to FALSE first, so the
-- referral is indexed again. Every other referral (public form, staff, API) keeps FALSE.
ALTER TABLE referrals ADD COLUMN keys_on_patient BOOLEAN NOT NULL DEFAULT FALSE;

DROP INDEX referrals_nhs_number;
DROP INDEX referrals_match_key;

-- Opt-out referrals already made whose identifiers are still their patient's.
UPDATE referrals SET keys_on_patient = TRUE
WHERE channel = 'opt-out' AND patient_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM patients p
    WHERE p.id = referrals.patient_id
      AND (referrals.nhs_number IS NULL OR referrals.nhs_number = p.nhs_number)
      AND (referrals.match_key IS NULL OR referrals.match_key = p.match_key)
);

CREATE INDEX referrals_nhs_number ON referrals (nhs_number) WHERE NOT keys_on_patient;
CREATE INDEX referrals_match_key ON referrals (match_key) WHERE NOT keys_on_patient;
