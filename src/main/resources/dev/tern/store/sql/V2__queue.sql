-- The outbound queue: one row per queued message, one per recipient. Times are milliseconds since the epoch.
-- The body is a blob like a message's; queue_entries.blob_id keeps it from the body sweep.

-- ret is FULL or HDRS (RFC 3461 §4.3) or NULL; held entries are never attempted.
CREATE TABLE queue_entries (
    id          ${id},
    blob_id     TEXT NOT NULL,
    size        BIGINT NOT NULL,
    sender      TEXT NOT NULL,
    envelope_id TEXT,
    ret         TEXT,
    smtp_utf8   INTEGER NOT NULL,
    eight_bit   INTEGER NOT NULL,
    created_at  BIGINT NOT NULL,
    held        INTEGER NOT NULL DEFAULT 0
);

-- status: 0 scheduled, 1 deferred, 2 delivered, 3 failed (QueueStore.Status ordinals). next_attempt is NULL once
-- final. notify is the NOTIFY keyword list (RFC 3461 §4.1), empty for the default; orcpt is ORCPT as given.
-- notify_at: when a delay DSN is due (NULL: none); report_due: a DSN about this recipient is still to be sent.
-- reply_code 0 stands for a network error, described in reply_text.
CREATE TABLE queue_recipients (
    entry_id       BIGINT NOT NULL REFERENCES queue_entries (id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,
    address        TEXT NOT NULL,
    notify         TEXT NOT NULL,
    orcpt          TEXT,
    status         INTEGER NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    next_attempt   BIGINT,
    last_attempt   BIGINT,
    reply_code     INTEGER,
    reply_enhanced TEXT,
    reply_text     TEXT,
    remote_host    TEXT,
    notify_at      BIGINT,
    expires_at     BIGINT NOT NULL,
    report_due     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entry_id, idx)
);
CREATE INDEX queue_recipients_next_attempt ON queue_recipients (next_attempt);
CREATE INDEX queue_recipients_report_due ON queue_recipients (report_due) WHERE report_due = 1;
