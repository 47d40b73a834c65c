-- Facts the rights engine needs that only the advocate learns.
--
-- The day the first medicine for mental disorder was given in the current period of liability
-- to detention, as the advocate learns it: the rights engine needs it for the s58 three-month
-- date. Neither the feed (contracts.md section 3) nor the referral carries it.
ALTER TABLE cases ADD COLUMN first_medication_on TEXT;

-- Applications to the tribunal made during the case (the patient's or the nearest
-- relative's), as the advocate records them: the rights engine uses them for "one application
-- per period" (s77(2)) and for the managers' duty to refer when none was made (s68).
CREATE TABLE tribunal_applications (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    made_on      TEXT NOT NULL,
    -- patient or nearest-relative.
    applicant    TEXT NOT NULL,
    withdrawn_on TEXT,
    recorded_by  TEXT REFERENCES users (id),
    recorded_at  TEXT NOT NULL
);
CREATE INDEX tribunal_applications_case ON tribunal_applications (case_id, made_on);
