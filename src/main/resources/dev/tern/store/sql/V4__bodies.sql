-- Small message bodies kept in the database itself (store.inline-body-size): written in the same transaction as
-- the message that brings them, so that one commit (one WAL fsync for a whole group commit) makes body and
-- metadata durable together. Larger bodies stay files under blobs/. written_at (milliseconds since the epoch)
-- lets the body sweep spare a body whose message may be about to commit.
CREATE TABLE bodies (
    blob_id    TEXT PRIMARY KEY,
    data       ${bytes} NOT NULL,
    written_at BIGINT NOT NULL
);
