-- The mail store's first schema. Written in the SQL that SQLite and PostgreSQL share; ${id} and ${bytes} are
-- the column types that differ, filled in by the dialect. Times are milliseconds since the epoch.

-- Named counters, e.g. the last UIDVALIDITY handed out (never reused for a mailbox name).
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

CREATE TABLE domains (
    name TEXT PRIMARY KEY
);

CREATE TABLE accounts (
    id            ${id},
    address       TEXT NOT NULL UNIQUE,
    domain        TEXT NOT NULL REFERENCES domains (name),
    password_hash TEXT,
    scram_sha256  TEXT,
    quota_bytes   BIGINT NOT NULL DEFAULT 0,
    used_bytes    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX accounts_domain ON accounts (domain);

-- One row per target; source is local@domain or @domain (catch-all).
CREATE TABLE aliases (
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    domain TEXT NOT NULL REFERENCES domains (name),
    PRIMARY KEY (source, target)
);
CREATE INDEX aliases_domain ON aliases (domain);
CREATE INDEX aliases_target ON aliases (target);

-- special_use is a bit set of SpecialUse ordinals; highest_modseq is bumped by every change in the mailbox.
-- The *_count and total_size columns are what STATUS reports, kept by every write so that STATUS reads one row.
CREATE TABLE mailboxes (
    id             ${id},
    account_id     BIGINT NOT NULL REFERENCES accounts (id),
    name           TEXT NOT NULL,
    uid_validity   BIGINT NOT NULL,
    uid_next       BIGINT NOT NULL,
    highest_modseq BIGINT NOT NULL,
    special_use    INTEGER NOT NULL DEFAULT 0,
    message_count  BIGINT NOT NULL DEFAULT 0,
    unseen_count   BIGINT NOT NULL DEFAULT 0,
    deleted_count  BIGINT NOT NULL DEFAULT 0,
    total_size     BIGINT NOT NULL DEFAULT 0,
    UNIQUE (account_id, name)
);

CREATE TABLE subscriptions (
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    name       TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
);

-- The parsed structure of a body, kept once however many messages share the body.
CREATE TABLE structures (
    blob_id   TEXT PRIMARY KEY,
    structure ${bytes} NOT NULL
);

-- flags is a bit set of SystemFlag bits; keywords are space-separated atoms (RFC 9051 §2.3.2), so that a flag
-- change is one UPDATE of one row.
CREATE TABLE messages (
    mailbox_id    BIGINT NOT NULL REFERENCES mailboxes (id),
    uid           BIGINT NOT NULL,
    modseq        BIGINT NOT NULL,
    flags         INTEGER NOT NULL,
    keywords      TEXT,
    internal_date BIGINT NOT NULL,
    size          BIGINT NOT NULL,
    blob_id       TEXT NOT NULL,
    PRIMARY KEY (mailbox_id, uid)
);
-- For the body sweep (referenced bodies) and for dropping a structure when its last message goes.
CREATE INDEX messages_blob ON messages (blob_id);

-- Expunged UIDs with the MODSEQ of their expunge, for QRESYNC's VANISHED (RFC 7162 §3.2.10).
CREATE TABLE expunged (
    mailbox_id BIGINT NOT NULL REFERENCES mailboxes (id),
    uid        BIGINT NOT NULL,
    modseq     BIGINT NOT NULL,
    PRIMARY KEY (mailbox_id, uid)
);
