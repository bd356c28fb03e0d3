package dev.tern.store.sql;

import dev.tern.store.AccountId;
import dev.tern.store.AppendResult;
import dev.tern.store.BlobId;
import dev.tern.store.CopyResult;
import dev.tern.store.Delivery;
import dev.tern.store.FlagOperation;
import dev.tern.store.Flags;
import dev.tern.store.MailStore;
import dev.tern.store.MailboxChange;
import dev.tern.store.MailboxId;
import dev.tern.store.MailboxInfo;
import dev.tern.store.MailboxStatus;
import dev.tern.store.MessageRecord;
import dev.tern.store.ModSeq;
import dev.tern.store.NewMessage;
import dev.tern.store.SpecialUse;
import dev.tern.store.StoreException;
import dev.tern.store.SystemFlag;
import dev.tern.store.Uid;
import dev.tern.store.UidRange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** {@link MailStore} over SQL: reads on the read connections, every change through the one writer. */
final class SqlMailStore implements MailStore {
    /**
     * The queries whose union is every referenced body. A table that refers to bodies (the outbound queue) adds
     * its query here, or the sweep deletes its bodies.
     */
    static final List<String> BLOB_REFERENCES = List.of("SELECT blob_id FROM messages",
            "SELECT blob_id FROM queue_entries");

    private final GroupCommit writer;
    private final ReadConnections readers;

    SqlMailStore(GroupCommit writer, ReadConnections readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public void addChangeListener(Consumer<MailboxChange> listener) {
        writer.addListener(listener);
    }

    // --- mailboxes -------------------------------------------------------------------------------------------

    @Override
    public List<MailboxInfo> mailboxes(AccountId account) {
        return readers.read(db -> {
            var q = db.prepare("SELECT " + Rows.MAILBOX_COLUMNS + " FROM mailboxes WHERE account_id = ? ORDER BY name");
            q.setLong(1, account.value());
            var out = new ArrayList<MailboxInfo>();
            try (var rs = q.executeQuery()) {
                while (rs.next()) out.add(Rows.mailbox(rs));
            }
            return out;
        });
    }

    @Override
    public Optional<MailboxInfo> mailbox(AccountId account, String name) {
        return readers.read(db -> {
            var q = db.prepare("SELECT " + Rows.MAILBOX_COLUMNS + " FROM mailboxes WHERE account_id = ? AND name = ?");
            q.setLong(1, account.value());
            q.setString(2, MailboxWrites.canonical(name));
            try (var rs = q.executeQuery()) {
                return rs.next() ? Optional.of(Rows.mailbox(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public Optional<MailboxInfo> mailbox(MailboxId id) {
        return readers.read(db -> {
            var q = db.prepare("SELECT " + Rows.MAILBOX_COLUMNS + " FROM mailboxes WHERE id = ?");
            q.setLong(1, id.value());
            try (var rs = q.executeQuery()) {
                return rs.next() ? Optional.of(Rows.mailbox(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public MailboxInfo createMailbox(AccountId account, String name, Set<SpecialUse> specialUse) {
        return writer.write(tx -> MailboxWrites.create(tx, account, name, specialUse));
    }

    @Override
    public void renameMailbox(AccountId account, String from, String to) {
        writer.write(tx -> {
            MailboxWrites.rename(tx, account, from, to);
            return null;
        });
    }

    @Override
    public void deleteMailbox(AccountId account, String name) {
        writer.write(tx -> {
            MailboxWrites.delete(tx, account, name);
            return null;
        });
    }

    @Override
    public void setSpecialUse(MailboxId mailbox, Set<SpecialUse> specialUse) {
        writer.write(tx -> {
            Counters.mailbox(tx, mailbox);
            var u = tx.prepare("UPDATE mailboxes SET special_use = ? WHERE id = ?");
            u.setInt(1, Rows.specialUseBits(specialUse));
            u.setLong(2, mailbox.value());
            u.executeUpdate();
            return null;
        });
    }

    @Override
    public void setSubscribed(AccountId account, String name, boolean subscribed) {
        writer.write(tx -> {
            MailboxWrites.subscribe(tx, account, MailboxWrites.canonical(name), subscribed);
            return null;
        });
    }

    @Override
    public Set<String> subscriptions(AccountId account) {
        return readers.read(db -> {
            var q = db.prepare("SELECT name FROM subscriptions WHERE account_id = ?");
            q.setLong(1, account.value());
            var out = new TreeSet<String>();
            try (var rs = q.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    @Override
    public long deletedSize(MailboxId mailbox) {
        return readers.read(db -> {
            var q = db.prepare("SELECT coalesce(sum(size), 0) FROM messages WHERE mailbox_id = ? AND (flags & ?) != 0");
            q.setLong(1, mailbox.value());
            q.setInt(2, SystemFlag.DELETED.bit());
            try (var rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        });
    }

    @Override
    public MailboxStatus status(MailboxId mailbox) {
        // The counters are kept by every write, so STATUS is one row however large the mailbox.
        return readers.read(db -> {
            var q = db.prepare("SELECT " + Rows.MAILBOX_COLUMNS
                    + ", message_count, unseen_count, deleted_count, total_size FROM mailboxes WHERE id = ?");
            q.setLong(1, mailbox.value());
            try (var rs = q.executeQuery()) {
                if (!rs.next()) throw new StoreException.NotFound("no mailbox with id " + mailbox);
                return new MailboxStatus(Rows.mailbox(rs), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11));
            }
        });
    }

    // --- messages --------------------------------------------------------------------------------------------

    @Override
    public AppendResult append(MailboxId mailbox, NewMessage message) {
        return writer.write(tx -> MessageWrites.append(tx, mailbox, message));
    }

    @Override
    public List<AppendResult> deliver(Delivery delivery) {
        return writer.write(tx -> {
            var results = new ArrayList<AppendResult>(delivery.targets().size());
            for (var target : delivery.targets()) results.add(MessageWrites.append(tx, target.mailbox(), target.message()));
            return results;
        });
    }

    @Override
    public CopyResult copy(MailboxId from, List<Uid> uids, MailboxId to) {
        return writer.write(tx -> MessageWrites.copy(tx, from, uids, to, false));
    }

    @Override
    public CopyResult move(MailboxId from, List<Uid> uids, MailboxId to) {
        return writer.write(tx -> MessageWrites.copy(tx, from, uids, to, true));
    }

    @Override
    public FlagUpdate storeFlags(MailboxId mailbox, List<Uid> uids, FlagOperation op, Flags flags,
                                 Optional<ModSeq> unchangedSince) {
        return writer.write(tx -> MessageWrites.storeFlags(tx, mailbox, uids, op, flags, unchangedSince));
    }

    @Override
    public List<Uid> expunge(MailboxId mailbox, Optional<List<Uid>> only) {
        return writer.write(tx -> MessageWrites.expunge(tx, mailbox, only));
    }

    @Override
    public List<MessageRecord> messages(MailboxId mailbox, UidRange range) {
        return readers.read(db -> {
            var q = db.prepare("SELECT " + Rows.MESSAGE_COLUMNS
                    + " FROM messages WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid");
            q.setLong(1, mailbox.value());
            q.setLong(2, range.first());
            q.setLong(3, range.last());
            var out = new ArrayList<MessageRecord>();
            try (var rs = q.executeQuery()) {
                while (rs.next()) out.add(Rows.message(mailbox, rs));
            }
            return out;
        });
    }

    @Override
    public long[] uids(MailboxId mailbox) {
        return readers.read(db -> {
            var q = db.prepare("SELECT uid FROM messages WHERE mailbox_id = ? ORDER BY uid");
            q.setLong(1, mailbox.value());
            var out = new long[1024];
            int n = 0;
            try (var rs = q.executeQuery()) {
                while (rs.next()) {
                    if (n == out.length) out = java.util.Arrays.copyOf(out, n * 2);
                    out[n++] = rs.getLong(1);
                }
            }
            return java.util.Arrays.copyOf(out, n);
        });
    }

    @Override
    public Map<Uid, byte[]> structures(MailboxId mailbox, UidRange range) {
        return readers.read(db -> {
            var q = db.prepare("SELECT m.uid, s.structure FROM messages m JOIN structures s ON s.blob_id = m.blob_id"
                    + " WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid");
            q.setLong(1, mailbox.value());
            q.setLong(2, range.first());
            q.setLong(3, range.last());
            var out = new LinkedHashMap<Uid, byte[]>();
            try (var rs = q.executeQuery()) {
                while (rs.next()) out.put(new Uid(rs.getLong(1)), rs.getBytes(2));
            }
            return out;
        });
    }

    @Override
    public List<Uid> expungedSince(MailboxId mailbox, ModSeq since) {
        return readers.read(db -> {
            var q = db.prepare("SELECT uid FROM expunged WHERE mailbox_id = ? AND modseq > ? ORDER BY uid");
            q.setLong(1, mailbox.value());
            q.setLong(2, since.value());
            var out = new ArrayList<Uid>();
            try (var rs = q.executeQuery()) {
                while (rs.next()) out.add(new Uid(rs.getLong(1)));
            }
            return out;
        });
    }

    @Override
    public Set<BlobId> referencedBlobs() {
        var sql = String.join(" UNION ", BLOB_REFERENCES);
        return readers.read(db -> {
            var out = new HashSet<BlobId>();
            try (var rs = db.prepare(sql).executeQuery()) {
                while (rs.next()) out.add(new BlobId(rs.getString(1)));
            }
            return out;
        });
    }
}
