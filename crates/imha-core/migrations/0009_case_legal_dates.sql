-- The day the first medicine for mental disorder was given in the current period of liability
-- to detention, as the advocate learns it: the rights engine needs it for the s58 three-month
-- date. Neither the feed (contracts.md section 3) nor the referral carries it.
ALTER TABLE cases ADD COLUMN first_medication_on TEXT;
