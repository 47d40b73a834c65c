-- The provider's quality self-assessment (issue 9 point 1): SCIE's "What does a good IMHA
-- service look like?", ten indicators each rated red, amber or green with evidence and
-- actions, kept over time and compared. SQL both engines accept: ISO 8601 dates and RFC 3339
-- UTC times as TEXT, BOOLEAN flags, BIGINT numbers.

CREATE TABLE quality_assessments (
    id            TEXT PRIMARY KEY,
    -- The advocacy provider assessing itself.
    provider_id   TEXT NOT NULL REFERENCES organisations (id),
    -- What people call it ("Spring 2027").
    title         TEXT NOT NULL,
    -- The period it looks back over (both days inclusive): the live figures' period.
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL,
    -- A final assessment is read-only.
    status        TEXT NOT NULL CHECK (status IN ('draft', 'final')),
    -- The assessment whose ratings, evidence and open actions this one started from.
    repeated_from TEXT REFERENCES quality_assessments (id),
    created_by    TEXT NOT NULL REFERENCES users (id),
    created_at    TEXT NOT NULL,
    finalised_by  TEXT REFERENCES users (id),
    finalised_at  TEXT
);
CREATE INDEX quality_assessments_provider ON quality_assessments (provider_id, created_at);

-- One row per indicator (1 to 10) of every assessment, made with the assessment.
CREATE TABLE quality_ratings (
    assessment_id TEXT NOT NULL REFERENCES quality_assessments (id),
    indicator     BIGINT NOT NULL CHECK (indicator BETWEEN 1 AND 10),
    -- NULL: not yet rated.
    rating        TEXT CHECK (rating IN ('red', 'amber', 'green')),
    evidence      TEXT NOT NULL DEFAULT '',
    -- The live figures shown beside the indicator when the assessment was finalised, one
    -- sentence a line, so a final assessment keeps the evidence it was judged on.
    live_figures  TEXT,
    updated_by    TEXT REFERENCES users (id),
    updated_at    TEXT,
    PRIMARY KEY (assessment_id, indicator)
);

-- What the provider will do about an indicator, who owns it and by when.
CREATE TABLE quality_actions (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES quality_assessments (id),
    indicator     BIGINT NOT NULL CHECK (indicator BETWEEN 1 AND 10),
    description   TEXT NOT NULL,
    -- The owner: a member of staff with an account, or a name (someone without one).
    owner_user_id TEXT REFERENCES users (id),
    owner_name    TEXT,
    due_on        TEXT NOT NULL,
    done          BOOLEAN NOT NULL DEFAULT FALSE,
    done_at       TEXT,
    done_by       TEXT REFERENCES users (id),
    -- The open action of an earlier assessment this one was carried over from.
    carried_from  TEXT REFERENCES quality_actions (id),
    created_by    TEXT NOT NULL REFERENCES users (id),
    created_at    TEXT NOT NULL,
    CHECK (owner_user_id IS NOT NULL OR owner_name IS NOT NULL)
);
CREATE INDEX quality_actions_assessment ON quality_actions (assessment_id, indicator);

-- At most one draft a provider at a time: a second "start a new assessment" while one is in
-- progress is refused (the partial index holds even for two starts at once).
CREATE UNIQUE INDEX quality_assessments_one_draft
    ON quality_assessments (provider_id) WHERE status = 'draft';
