package dev.tern.store.sql;

import dev.tern.store.AppendResult;
import dev.tern.store.BlobId;
import dev.tern.store.CopyResult;
import dev.tern.store.FlagOperation;
import dev.tern.store.Flags;
import dev.tern.store.MailStore.FlagUpdate;
import dev.tern.store.MailboxChange;
import dev.tern.store.MailboxId;
import dev.tern.store.MailboxInfo;
import dev.tern.store.MessageRecord;
import dev.tern.store.ModSeq;
import dev.tern.store.NewMessage;
import dev.tern.store.SystemFlag;
import dev.tern.store.Uid;
import dev.tern.store.sql.Counters.Tally;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The message operations, each run inside one write transaction. Every operation that changes a mailbox takes
 * one new MODSEQ from it (HIGHESTMODSEQ + 1) for all the messages it touches (RFC 7162 §3.1.1).
 */
final class MessageWrites {
    private MessageWrites() {}

    private static final String INSERT = "INSERT INTO messages (mailbox_id, uid, modseq, flags, keywords, "
            + "internal_date, size, blob_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    /** Chunk sizes of UID lookups: a few fixed shapes, so that their prepared statements are reused. */
    private static final int[] IN_SIZES = {1, 8, 64, 256};

    static AppendResult append(Transaction tx, MailboxId id, NewMessage message) throws SQLException {
        var box = Counters.mailbox(tx, id);
        Counters.use(tx, box.account(), message.size());
        long uid = box.uidNext();
        long modSeq = box.highestModSeq().value() + 1;
        var i = tx.prepare(INSERT);
        bindInsert(i, id, uid, modSeq, message.flags(), message.internalDate().toEpochMilli(), message.size(),
                message.blob());
        i.executeUpdate();
        if (message.body() != null) EmbeddedBlobStore.keep(tx, message.blob(), message.body());
        Counters.keepStructure(tx, message.blob(), message.structure());
        Counters.advance(tx, id, uid + 1, modSeq, Tally.of(message.flags(), message.size()));
        tx.changed(new MailboxChange.MessageAdded(box.account(), id, new Uid(uid), new ModSeq(modSeq),
                message.flags(), message.size()));
        tx.stored(1);
        return new AppendResult(id, box.uidValidity(), new Uid(uid), new ModSeq(modSeq));
    }

    static CopyResult copy(Transaction tx, MailboxId from, List<Uid> uids, MailboxId to, boolean move)
            throws SQLException {
        var source = Counters.mailbox(tx, from);
        var target = Counters.mailbox(tx, to);
        var originals = load(tx, from, uids);
        if (originals.isEmpty()) return new CopyResult(target.uidValidity(), List.of(), List.of());
        long bytes = originals.stream().mapToLong(MessageRecord::size).sum();
        if (!move || !source.account().equals(target.account())) {
            Counters.use(tx, target.account(), bytes);
            if (move) Counters.use(tx, source.account(), -bytes);
        }
        long uid = target.uidNext();
        long modSeq = target.highestModSeq().value() + 1;
        var i = tx.prepare(INSERT);
        var sourceUids = new ArrayList<Uid>();
        var targetUids = new ArrayList<Uid>();
        var added = Tally.NONE;
        for (var m : originals) {
            added = added.plus(Tally.of(m.flags(), m.size()));
            bindInsert(i, to, uid, modSeq, m.flags(), m.internalDate().toEpochMilli(), m.size(), m.blob());
            i.addBatch();
            sourceUids.add(m.uid());
            targetUids.add(new Uid(uid));
            tx.changed(new MailboxChange.MessageAdded(target.account(), to, new Uid(uid), new ModSeq(modSeq),
                    m.flags(), m.size()));
            uid++;
        }
        i.executeBatch();
        Counters.advance(tx, to, uid, modSeq, added);
        tx.stored(originals.size());
        if (move) remove(tx, Counters.mailbox(tx, from), originals, false);
        return new CopyResult(target.uidValidity(), sourceUids, targetUids);
    }

    static FlagUpdate storeFlags(Transaction tx, MailboxId id, List<Uid> uids, FlagOperation op, Flags flags,
                                 Optional<ModSeq> unchangedSince) throws SQLException {
        Rows.keywordColumn(flags); // refuse a bad keyword before anything changes
        var box = Counters.mailbox(tx, id);
        long modSeq = box.highestModSeq().value() + 1;
        var changed = new ArrayList<MessageRecord>();
        var notModified = new ArrayList<Uid>();
        var counts = Tally.NONE;
        var u = tx.prepare("UPDATE messages SET flags = ?, keywords = ?, modseq = ? WHERE mailbox_id = ? AND uid = ?");
        for (var m : load(tx, id, uids)) {
            // RFC 7162 §3.1.3: a message changed since UNCHANGEDSINCE is left alone and reported.
            if (unchangedSince.isPresent() && m.modSeq().compareTo(unchangedSince.get()) > 0) {
                notModified.add(m.uid());
                continue;
            }
            var after = m.flags().apply(op, flags);
            if (after.equals(m.flags())) continue;
            counts = counts.plus(Tally.reflag(m.flags(), after));
            u.setInt(1, after.systemBits());
            u.setString(2, Rows.keywordColumn(after));
            u.setLong(3, modSeq);
            u.setLong(4, id.value());
            u.setLong(5, m.uid().value());
            u.addBatch();
            changed.add(new MessageRecord(id, m.uid(), new ModSeq(modSeq), after, m.internalDate(), m.size(), m.blob()));
            tx.changed(new MailboxChange.FlagsChanged(box.account(), id, m.uid(), new ModSeq(modSeq), after));
        }
        if (!changed.isEmpty()) {
            u.executeBatch();
            Counters.advance(tx, id, box.uidNext(), modSeq, counts);
        }
        return new FlagUpdate(changed, notModified);
    }

    static List<Uid> expunge(Transaction tx, MailboxId id, Optional<List<Uid>> only) throws SQLException {
        var box = Counters.mailbox(tx, id);
        var deleted = new ArrayList<MessageRecord>();
        if (only.isPresent()) {
            for (var m : load(tx, id, only.get())) if (m.flags().has(SystemFlag.DELETED)) deleted.add(m);
        } else {
            var q = tx.prepare("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages WHERE mailbox_id = ? AND (flags & "
                    + SystemFlag.DELETED.bit() + ") <> 0 ORDER BY uid");
            q.setLong(1, id.value());
            try (var rs = q.executeQuery()) {
                while (rs.next()) deleted.add(Rows.message(id, rs));
            }
        }
        if (deleted.isEmpty()) return List.of();
        return remove(tx, box, deleted, true);
    }

    /** Removes messages (ascending UIDs) with one new MODSEQ, remembering their UIDs for VANISHED. */
    private static List<Uid> remove(Transaction tx, MailboxInfo box, List<MessageRecord> gone, boolean releaseQuota)
            throws SQLException {
        long modSeq = box.highestModSeq().value() + 1;
        var d = tx.prepare("DELETE FROM messages WHERE mailbox_id = ? AND uid = ?");
        var e = tx.prepare("INSERT INTO expunged (mailbox_id, uid, modseq) VALUES (?, ?, ?)");
        var uids = new ArrayList<Uid>(gone.size());
        var blobs = new HashSet<BlobId>();
        long bytes = 0;
        var removed = Tally.NONE;
        for (var m : gone) {
            removed = removed.plus(Tally.of(m.flags(), m.size()));
            d.setLong(1, box.id().value());
            d.setLong(2, m.uid().value());
            d.addBatch();
            e.setLong(1, box.id().value());
            e.setLong(2, m.uid().value());
            e.setLong(3, modSeq);
            e.addBatch();
            uids.add(m.uid());
            blobs.add(m.blob());
            bytes += m.size();
        }
        d.executeBatch();
        e.executeBatch();
        Counters.advance(tx, box.id(), box.uidNext(), modSeq, Tally.NONE.minus(removed));
        if (releaseQuota) Counters.use(tx, box.account(), -bytes);
        Counters.dropUnusedStructures(tx, blobs);
        tx.changed(new MailboxChange.MessagesExpunged(box.account(), box.id(), uids, new ModSeq(modSeq)));
        return uids;
    }

    /** The messages of {@code uids} that exist, ascending by UID, without one query per UID. */
    static List<MessageRecord> load(Transaction tx, MailboxId id, List<Uid> uids) throws SQLException {
        var wanted = new TreeSet<Long>();
        for (var uid : uids) wanted.add(uid.value());
        var found = new TreeMap<Long, MessageRecord>();
        var values = new ArrayList<>(wanted);
        for (int start = 0; start < values.size(); ) {
            int n = Math.min(values.size() - start, IN_SIZES[IN_SIZES.length - 1]);
            int shape = IN_SIZES[0];
            for (int size : IN_SIZES) if (size >= n) { shape = size; break; }
            var q = tx.prepare("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages WHERE mailbox_id = ? AND uid IN ("
                    + "?, ".repeat(shape - 1) + "?)");
            q.setLong(1, id.value());
            for (int k = 0; k < shape; k++) q.setLong(2 + k, values.get(start + Math.min(k, n - 1)));
            try (var rs = q.executeQuery()) {
                while (rs.next()) {
                    var m = Rows.message(id, rs);
                    found.put(m.uid().value(), m);
                }
            }
            start += n;
        }
        return new ArrayList<>(found.values());
    }

    private static void bindInsert(java.sql.PreparedStatement i, MailboxId mailbox, long uid, long modSeq, Flags flags,
                                   long internalDate, long size, BlobId blob) throws SQLException {
        i.setLong(1, mailbox.value());
        i.setLong(2, uid);
        i.setLong(3, modSeq);
        i.setInt(4, flags.systemBits());
        i.setString(5, Rows.keywordColumn(flags));
        i.setLong(6, internalDate);
        i.setLong(7, size);
        i.setString(8, blob.sha256());
    }
}
