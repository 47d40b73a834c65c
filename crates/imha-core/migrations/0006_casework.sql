-- Casework (issue 7): the named advocate, the case's life (open, paused, closed with a reason,
-- reopened), the issues the patient raises, contacts with time spent, the advocate's tasks and
-- meetings, records-access requests (s130B) and outcomes. Deadlines from the legal timeline are
-- not stored: the rights engine computes them whenever they are shown, so they follow every
-- change to the timeline. Codes are checked in Rust (code enums), as in 0003.

-- The named advocate, and the legal status as the advocate knows it when the case has no
-- patient record from the feed (a referral from the public form, say): the timeline is then
-- computed from this.
ALTER TABLE cases ADD COLUMN advocate_id TEXT REFERENCES users (id);
ALTER TABLE cases ADD COLUMN allocated_at TEXT;
ALTER TABLE cases ADD COLUMN legal_status TEXT;
ALTER TABLE cases ADD COLUMN legal_status_started_on TEXT;
ALTER TABLE cases ADD COLUMN closed_at TEXT;
ALTER TABLE cases ADD COLUMN close_reason TEXT;
ALTER TABLE cases ADD COLUMN updated_at TEXT;
CREATE INDEX cases_advocate ON cases (advocate_id, status);
CREATE INDEX cases_status ON cases (status, opened_at);

-- What happened to a case, in order: opened, allocated, paused, resumed, closed, reopened,
-- advocacy changed. The reason is the person's own words where one is asked for.
CREATE TABLE case_events (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases (id),
    at         TEXT NOT NULL,
    by_user    TEXT REFERENCES users (id),
    kind       TEXT NOT NULL,
    reason     TEXT
);
CREATE INDEX case_events_case ON case_events (case_id, at);

-- Every allocation of a case to an advocate, with any independence or eligibility conflict a
-- manager overrode and their written reason.
CREATE TABLE case_allocations (
    id              TEXT PRIMARY KEY,
    case_id         TEXT NOT NULL REFERENCES cases (id),
    advocate_id     TEXT NOT NULL REFERENCES users (id),
    allocated_by    TEXT NOT NULL REFERENCES users (id),
    allocated_at    TEXT NOT NULL,
    -- The conflicts found when allocating (comma-separated codes), if any were overridden.
    conflicts       TEXT,
    override_reason TEXT
);
CREATE INDEX case_allocations_case ON case_allocations (case_id, allocated_at);

-- The issues the patient raises: rights, tribunal, managers' hearing, concerns and
-- complaints, treatment information, meetings and care planning, conditions and
-- restrictions, s117 after-care, other. Each has a status and, once resolved, an outcome.
CREATE TABLE case_issues (
    id                TEXT PRIMARY KEY,
    case_id           TEXT NOT NULL REFERENCES cases (id),
    kind              TEXT NOT NULL,
    detail            TEXT,
    status            TEXT NOT NULL,
    raised_on         TEXT NOT NULL,
    closed_on         TEXT,
    -- Outcome measures: yes, partly, no, not-known.
    felt_heard        TEXT,
    felt_involved     TEXT,
    rights_understood TEXT,
    rights_upheld     TEXT,
    care_changed      TEXT,
    concern_resolved  TEXT,
    -- What the patient said, in their words.
    patient_words     TEXT,
    created_by        TEXT REFERENCES users (id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX case_issues_case ON case_issues (case_id, raised_on);

-- Each visit, call or meeting: when, how long, how, with whom, and a short note. Notes are
-- personal data: never logged, and reading them (the case page) is audited.
CREATE TABLE case_contacts (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    happened_at TEXT NOT NULL,
    minutes     BIGINT NOT NULL CHECK (minutes >= 0),
    mode        TEXT NOT NULL,
    -- Comma-separated: patient, nearest-relative, carer, responsible-clinician, nurse, ...
    with_whom   TEXT NOT NULL,
    issue_id    TEXT REFERENCES case_issues (id),
    note        TEXT,
    recorded_by TEXT REFERENCES users (id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX case_contacts_case ON case_contacts (case_id, happened_at);
CREATE INDEX case_contacts_by ON case_contacts (recorded_by, happened_at);

-- The advocate's own tasks and meetings (ward rounds, CPA reviews, tribunal and managers'
-- hearings), on a case or not.
CREATE TABLE tasks (
    id          TEXT PRIMARY KEY,
    case_id     TEXT REFERENCES cases (id),
    assigned_to TEXT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    -- HH:MM for meetings at a time.
    due_time    TEXT,
    done_at     TEXT,
    done_by     TEXT REFERENCES users (id),
    created_by  TEXT REFERENCES users (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX tasks_assigned ON tasks (assigned_to, done_at, due_on);
CREATE INDEX tasks_case ON tasks (case_id, due_on);

-- Requests to see the patient's records (s130B(3)): with the patient's consent, or where the
-- patient lacks capacity, on the record holder's decision (s130B(4)); refusals recorded.
CREATE TABLE records_access_requests (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES cases (id),
    requested_on   TEXT NOT NULL,
    record_holder  TEXT NOT NULL,
    records        TEXT NOT NULL,
    -- patient-consent or record-holder-decision.
    basis          TEXT NOT NULL,
    consent_on     TEXT,
    -- pending, granted, refused.
    status         TEXT NOT NULL,
    decided_on     TEXT,
    refusal_reason TEXT,
    recorded_by    TEXT REFERENCES users (id),
    created_at     TEXT NOT NULL
);
CREATE INDEX records_access_case ON records_access_requests (case_id, requested_on);

-- The outcome of the whole case (the same measures as an issue's), recorded at closing, and
-- whether the patient agreed to share their story, anonymised, in impact reports.
CREATE TABLE case_outcomes (
    case_id           TEXT PRIMARY KEY REFERENCES cases (id),
    felt_heard        TEXT,
    felt_involved     TEXT,
    rights_understood TEXT,
    rights_upheld     TEXT,
    care_changed      TEXT,
    concern_resolved  TEXT,
    patient_words     TEXT,
    share_story       BOOLEAN NOT NULL DEFAULT FALSE,
    recorded_by       TEXT REFERENCES users (id),
    recorded_at       TEXT NOT NULL
);
