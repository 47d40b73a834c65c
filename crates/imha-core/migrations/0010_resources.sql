-- The resource library's own items, added by administrators (issue 8): links to other
-- websites and uploaded documents (PDF only, the bytes kept here). The leaflets and the
-- catalogue of legislation and guidance live in the repository (content/), reviewed like code.
CREATE TABLE library_items (
    id            TEXT PRIMARY KEY,
    -- link or document.
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL,
    -- For a link: its https address. Empty for a document.
    url           TEXT NOT NULL,
    -- Comma-separated, from imha_core::content (AUDIENCES, catalogue topics).
    audience      TEXT NOT NULL,
    topics        TEXT NOT NULL,
    last_reviewed TEXT NOT NULL,
    review_due    TEXT NOT NULL,
    -- For a document: the file name shown when it is downloaded, and its size in bytes.
    file_name     TEXT,
    size_bytes    BIGINT,
    created_by    TEXT NOT NULL REFERENCES users (id),
    created_at    TEXT NOT NULL,
    removed_at    TEXT
);

-- A document's bytes, apart from its description so lists never read them.
CREATE TABLE library_documents (
    item_id TEXT PRIMARY KEY REFERENCES library_items (id),
    bytes   BYTEA NOT NULL
);
