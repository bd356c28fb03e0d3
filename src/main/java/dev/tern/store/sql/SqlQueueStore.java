package dev.tern.store.sql;

import dev.tern.store.BlobId;
import dev.tern.store.QueueStore;
import dev.tern.store.StoreException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The outbound queue's rows ({@code V2__queue.sql}): writes through the group commit, reads on the shared readers. */
final class SqlQueueStore implements QueueStore {
    private static final String ENTRY_COLUMNS =
            "id, blob_id, size, sender, envelope_id, ret, smtp_utf8, eight_bit, created_at, held";
    private static final String RECIPIENT_COLUMNS = "idx, address, notify, orcpt, status, attempts, next_attempt,"
            + " last_attempt, reply_code, reply_enhanced, reply_text, remote_host, notify_at, expires_at, report_due";
    private static final int ENTRY_COLUMN_COUNT = ENTRY_COLUMNS.split(", ").length;
    private static final String ENTRY_COLUMNS_E = prefixed("e.", ENTRY_COLUMNS);
    private static final String RECIPIENT_COLUMNS_R = prefixed("r.", RECIPIENT_COLUMNS);
    /** A pending recipient: scheduled or deferred (QueueStore.Status ordinals 0 and 1). */
    private static final String PENDING = "r.status IN (0, 1)";

    private static String prefixed(String prefix, String columns) {
        return prefix + String.join(", " + prefix, columns.split(", "));
    }

    private final GroupCommit writer;
    private final ReadConnections readers;

    SqlQueueStore(GroupCommit writer, ReadConnections readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public EntryId enqueue(NewEntry entry) {
        return writer.write(tx -> {
            if (entry.inlineBody() != null) EmbeddedBlobStore.keep(tx, entry.body(), entry.inlineBody());
            var insert = tx.prepare("INSERT INTO queue_entries (blob_id, size, sender, envelope_id, ret, smtp_utf8,"
                    + " eight_bit, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
            insert.setString(1, entry.body().sha256());
            insert.setLong(2, entry.size());
            insert.setString(3, entry.sender());
            insert.setString(4, entry.envelopeId().orElse(null));
            insert.setString(5, entry.ret().orElse(null));
            insert.setInt(6, entry.smtpUtf8() ? 1 : 0);
            insert.setInt(7, entry.eightBit() ? 1 : 0);
            insert.setLong(8, entry.created().toEpochMilli());
            long id;
            try (var rs = insert.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            var row = tx.prepare("INSERT INTO queue_recipients (entry_id, idx, address, notify, orcpt, status,"
                    + " next_attempt, notify_at, expires_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)");
            int index = 0;
            for (var r : entry.recipients()) {
                row.setLong(1, id);
                row.setInt(2, index++);
                row.setString(3, r.address());
                row.setString(4, r.notifyOn());
                row.setString(5, r.originalRecipient().orElse(null));
                row.setLong(6, r.nextAttempt().toEpochMilli());
                setInstant(row, 7, r.notifyAt());
                row.setLong(8, r.expiresAt().toEpochMilli());
                row.addBatch();
            }
            row.executeBatch();
            return new EntryId(id);
        });
    }

    @Override
    public Optional<Entry> entry(EntryId id) {
        return readers.read(db -> select(db, "", "WHERE e.id = ?", "e.id", id.value())).stream().findFirst();
    }

    @Override
    public List<Entry> entries() {
        return readers.read(db -> select(db, "", "", "e.id"));
    }

    @Override
    public List<Entry> due(Instant now, int max, Set<String> skipDomains) {
        // Earliest due first, so that entries retried often (a host that keeps deferring) cannot crowd out the
        // rest; a report due counts as due at once. The innermost queries walk the indexes on report_due and
        // next_attempt, and DISTINCT ... LIMIT stops the walk at the max-th entry, so a round costs the same with
        // 10 entries queued as with 100,000, and one entry with many recipients due counts once. (SQLite runs the
        // compound as a co-routine and keeps its order through DISTINCT; another dialect may need its own form.)
        // Recipients of the skipped domains are passed over during the walk. One query for the whole batch,
        // recipients included.
        var skip = new StringBuilder();
        var params = new ArrayList<Object>(List.of(now.toEpochMilli(), max, now.toEpochMilli()));
        for (var domain : skipDomains) {
            skip.append(" AND r.address NOT LIKE ? ESCAPE '\\'");
            params.add("%@" + domain.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"));
        }
        params.add(max);
        return readers.read(db -> select(db, "JOIN (SELECT d.entry_id AS due_id, (SELECT min(CASE WHEN"
                + " x.report_due = 1 THEN 0 ELSE x.next_attempt END) FROM queue_recipients x WHERE x.entry_id ="
                + " d.entry_id AND (x.report_due = 1 OR (x.status IN (0, 1) AND x.next_attempt <= ?))) AS due_at"
                + " FROM (SELECT DISTINCT entry_id FROM ("
                + "SELECT * FROM (SELECT r.entry_id FROM queue_recipients r JOIN queue_entries h ON h.id = r.entry_id"
                + " WHERE r.report_due = 1 AND h.held = 0 LIMIT ?)"
                + " UNION ALL SELECT * FROM (SELECT r.entry_id FROM queue_recipients r JOIN queue_entries h"
                + " ON h.id = r.entry_id WHERE r.next_attempt <= ? AND " + PENDING + " AND h.held = 0" + skip
                + " ORDER BY r.next_attempt)) LIMIT ?) d) b ON b.due_id = e.id", "", "b.due_at, e.id",
                params.toArray()));
    }

    @Override
    public Counts counts() {
        return readers.read(db -> {
            // A message is held, else deferred once any pending recipient was attempted, else scheduled.
            var query = db.prepare("SELECT CASE WHEN e.held = 1 THEN 2 WHEN max(r.status) = 1 THEN 1 ELSE 0 END,"
                    + " count(*) FROM queue_entries e JOIN queue_recipients r ON r.entry_id = e.id WHERE "
                    + PENDING + " GROUP BY e.id");
            long[] byKind = new long[3];
            try (var rs = query.executeQuery()) {
                while (rs.next()) byKind[rs.getInt(1)]++;
            }
            return new Counts(byKind[0], byKind[1], byKind[2]);
        });
    }

    @Override
    public Optional<Instant> nextAttempt() {
        return readers.read(db -> {
            var next = db.prepare("SELECT min(r.next_attempt) FROM queue_recipients r JOIN queue_entries e"
                    + " ON e.id = r.entry_id WHERE e.held = 0 AND " + PENDING);
            try (var rs = next.executeQuery()) {
                long millis = rs.next() ? rs.getLong(1) : 0;
                return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(millis));
            }
        });
    }

    @Override
    public void update(EntryId id, List<RecipientUpdate> updates) {
        update(Map.of(id, updates));
    }

    @Override
    public void update(Map<EntryId, List<RecipientUpdate>> updates) {
        writer.write(tx -> {
            var set = tx.prepare("UPDATE queue_recipients SET status = ?, attempts = ?, next_attempt = ?,"
                    + " last_attempt = ?, reply_code = ?, reply_enhanced = ?, reply_text = ?, remote_host = ?,"
                    + " notify_at = ?, report_due = ? WHERE entry_id = ? AND idx = ?");
            for (var entry : updates.entrySet()) {
                for (var u : entry.getValue()) bind(set, entry.getKey(), u);
            }
            return null;
        });
    }

    private static void bind(PreparedStatement set, EntryId id, RecipientUpdate u) throws SQLException {
        set.setInt(1, u.status().ordinal());
        set.setInt(2, u.attempts());
        setInstant(set, 3, u.nextAttempt());
        setInstant(set, 4, u.lastAttempt());
        var reply = u.lastReply();
        if (reply.isPresent()) set.setInt(5, reply.get().code()); else set.setNull(5, Types.INTEGER);
        set.setString(6, reply.map(Reply::enhancedCode).orElse(null));
        set.setString(7, reply.map(Reply::text).orElse(null));
        set.setString(8, reply.map(Reply::remoteHost).orElse(null));
        setInstant(set, 9, u.notifyAt());
        set.setInt(10, u.reportDue() ? 1 : 0);
        set.setLong(11, id.value());
        set.setInt(12, u.index());
        if (set.executeUpdate() != 1) {
            throw new StoreException.NotFound("queue entry " + id + " has no recipient " + u.index()
                    + " (deleted meanwhile?)");
        }
    }

    @Override
    public boolean hold(EntryId id, boolean held) {
        return writer.write(tx -> {
            var set = tx.prepare("UPDATE queue_entries SET held = ? WHERE id = ?");
            set.setInt(1, held ? 1 : 0);
            set.setLong(2, id.value());
            return set.executeUpdate() == 1;
        });
    }

    @Override
    public int retry(Optional<EntryId> id, Instant now) {
        return writer.write(tx -> {
            var which = id.isPresent() ? " WHERE id = ?" : "";
            var release = tx.prepare("UPDATE queue_entries SET held = 0" + which);
            if (id.isPresent()) release.setLong(1, id.get().value());
            release.executeUpdate();
            var reschedule = tx.prepare("UPDATE queue_recipients SET next_attempt = ? WHERE status IN (0, 1)"
                    + (id.isPresent() ? " AND entry_id = ?" : ""));
            reschedule.setLong(1, now.toEpochMilli());
            if (id.isPresent()) reschedule.setLong(2, id.get().value());
            return reschedule.executeUpdate();
        });
    }

    @Override
    public boolean delete(EntryId id) {
        return writer.write(tx -> {
            var recipients = tx.prepare("DELETE FROM queue_recipients WHERE entry_id = ?");
            recipients.setLong(1, id.value());
            recipients.executeUpdate();
            var entry = tx.prepare("DELETE FROM queue_entries WHERE id = ?");
            entry.setLong(1, id.value());
            return entry.executeUpdate() == 1;
        });
    }

    /**
     * Reads entries with all their recipients in one query: {@code join} and {@code where} narrow the entries
     * ({@code e}), {@code order} orders them; recipients come in index order within each entry.
     */
    private static List<Entry> select(StatementCache db, String join, String where, String order, Object... params)
            throws SQLException {
        var query = db.prepare("SELECT " + ENTRY_COLUMNS_E + ", " + RECIPIENT_COLUMNS_R + " FROM queue_entries e "
                + join + " JOIN queue_recipients r ON r.entry_id = e.id " + where + " ORDER BY " + order + ", r.idx");
        for (int i = 0; i < params.length; i++) query.setObject(i + 1, params[i]);
        var out = new ArrayList<Entry>();
        try (var rs = query.executeQuery()) {
            Entry head = null;
            var recipients = new ArrayList<Recipient>();
            while (rs.next()) {
                long id = rs.getLong(1);
                if (head != null && head.id().value() != id) {
                    out.add(withRecipients(head, recipients));
                    recipients.clear();
                    head = null;
                }
                if (head == null) head = entry(rs, List.of());
                recipients.add(recipient(rs, ENTRY_COLUMN_COUNT));
            }
            if (head != null) out.add(withRecipients(head, recipients));
        }
        return out;
    }

    private static Entry withRecipients(Entry head, List<Recipient> recipients) {
        return new Entry(head.id(), head.body(), head.size(), head.sender(), head.envelopeId(), head.ret(),
                head.smtpUtf8(), head.eightBit(), head.created(), head.held(), recipients);
    }

    private static Entry entry(ResultSet rs, List<Recipient> recipients) throws SQLException {
        return new Entry(new EntryId(rs.getLong(1)), new BlobId(rs.getString(2)), rs.getLong(3), rs.getString(4),
                Optional.ofNullable(rs.getString(5)), Optional.ofNullable(rs.getString(6)), rs.getInt(7) != 0,
                rs.getInt(8) != 0, Instant.ofEpochMilli(rs.getLong(9)), rs.getInt(10) != 0, recipients);
    }

    /** The recipient in the columns after the first {@code skip}. */
    private static Recipient recipient(ResultSet rs, int skip) throws SQLException {
        var nextAttempt = instant(rs, skip + 7);
        var lastAttempt = instant(rs, skip + 8);
        int code = rs.getInt(skip + 9);
        var reply = rs.wasNull() ? Optional.<Reply>empty()
                : Optional.of(new Reply(code, rs.getString(skip + 10), rs.getString(skip + 11),
                        rs.getString(skip + 12)));
        return new Recipient(rs.getInt(skip + 1), rs.getString(skip + 2), rs.getString(skip + 3),
                Optional.ofNullable(rs.getString(skip + 4)), Status.values()[rs.getInt(skip + 5)],
                rs.getInt(skip + 6), nextAttempt, lastAttempt, reply, instant(rs, skip + 13),
                Instant.ofEpochMilli(rs.getLong(skip + 14)), rs.getInt(skip + 15) != 0);
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    private static void setInstant(PreparedStatement s, int index, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) s.setLong(index, value.get().toEpochMilli()); else s.setNull(index, Types.BIGINT);
    }
}
