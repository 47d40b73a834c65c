-- Confirmed likely matches: the candidate record is merged into the surviving patient and
-- points at it, so later feed rows for the candidate's identifiers land on the survivor.
ALTER TABLE patients ADD COLUMN merged_into TEXT REFERENCES patients (id);

-- A case opened for a patient who lacks capacity to decide about an advocate is non-instructed
-- advocacy: the advocate acts without the person's instructions.
ALTER TABLE cases ADD COLUMN advocacy TEXT NOT NULL DEFAULT 'instructed'
    CHECK (advocacy IN ('instructed', 'non-instructed'));
