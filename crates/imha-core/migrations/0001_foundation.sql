-- imha's first migration. Written in the SQL that both SQLite and PostgreSQL accept:
-- TEXT for identifiers, ISO 8601 dates and UTC times (they sort correctly as text),
-- BIGINT for counts, BOOLEAN for flags. See ARCHITECTURE.md, "Storage".

-- One row describing this installation: when it was created, and by which version.
CREATE TABLE installation (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    created_at  TEXT NOT NULL,
    created_by_version TEXT NOT NULL
);
