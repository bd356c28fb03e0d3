package dev.tern.store.sql;

import dev.tern.store.AccountId;
import dev.tern.store.BlobId;
import dev.tern.store.Flags;
import dev.tern.store.MailboxId;
import dev.tern.store.MailboxInfo;
import dev.tern.store.StoreException;
import dev.tern.store.SystemFlag;
import dev.tern.store.UidValidity;

import java.sql.SQLException;
import java.util.Collection;

/**
 * The counters every write keeps consistent inside its transaction: a mailbox's UIDNEXT and HIGHESTMODSEQ, an
 * account's used bytes against its quota, the UIDVALIDITY sequence, and structures no message needs any more.
 */
final class Counters {
    private Counters() {}

    /** The mailbox as it stands inside the transaction. @throws StoreException.NotFound if it does not exist */
    static MailboxInfo mailbox(Transaction tx, MailboxId id) throws SQLException {
        var q = tx.prepare("SELECT " + Rows.MAILBOX_COLUMNS + " FROM mailboxes WHERE id = ?");
        q.setLong(1, id.value());
        try (var rs = q.executeQuery()) {
            if (!rs.next()) throw new StoreException.NotFound("no mailbox with id " + id);
            return Rows.mailbox(rs);
        }
    }

    /**
     * Sets a mailbox's UIDNEXT and HIGHESTMODSEQ after a change took UIDs and a MODSEQ from it, and adds what the
     * change did to its STATUS counters.
     */
    static void advance(Transaction tx, MailboxId id, long uidNext, long highestModSeq, Tally change)
            throws SQLException {
        var u = tx.prepare("UPDATE mailboxes SET uid_next = ?, highest_modseq = ?, message_count = message_count + ?,"
                + " unseen_count = unseen_count + ?, deleted_count = deleted_count + ?, total_size = total_size + ?"
                + " WHERE id = ?");
        u.setLong(1, uidNext);
        u.setLong(2, highestModSeq);
        u.setLong(3, change.messages());
        u.setLong(4, change.unseen());
        u.setLong(5, change.deleted());
        u.setLong(6, change.size());
        u.setLong(7, id.value());
        u.executeUpdate();
    }

    /** What messages add to a mailbox's STATUS counters (RFC 9051 §6.3.11: MESSAGES, UNSEEN, DELETED, SIZE). */
    record Tally(long messages, long unseen, long deleted, long size) {
        static final Tally NONE = new Tally(0, 0, 0, 0);

        static Tally of(Flags flags, long size) {
            return new Tally(1, flags.has(SystemFlag.SEEN) ? 0 : 1, flags.has(SystemFlag.DELETED) ? 1 : 0, size);
        }

        /** The change of the counters when a message's flags go from {@code before} to {@code after}. */
        static Tally reflag(Flags before, Flags after) {
            return of(after, 0).minus(of(before, 0));
        }

        Tally plus(Tally other) {
            return new Tally(messages + other.messages, unseen + other.unseen, deleted + other.deleted, size + other.size);
        }

        Tally minus(Tally other) {
            return new Tally(messages - other.messages, unseen - other.unseen, deleted - other.deleted, size - other.size);
        }
    }

    /**
     * Adds {@code delta} bytes to the account's usage; a growth past a non-zero quota throws, and the caller's
     * savepoint undoes everything the operation did.
     *
     * @throws StoreException.OverQuota if the account would exceed its quota
     */
    static void use(Transaction tx, AccountId account, long delta) throws SQLException {
        if (delta == 0) return;
        if (delta > 0) {
            var q = tx.prepare("SELECT quota_bytes, used_bytes, address FROM accounts WHERE id = ?");
            q.setLong(1, account.value());
            try (var rs = q.executeQuery()) {
                if (!rs.next()) throw new StoreException.NotFound("no account with id " + account);
                long quota = rs.getLong(1), used = rs.getLong(2);
                if (quota > 0 && used + delta > quota) {
                    throw new StoreException.OverQuota("account " + rs.getString(3) + " would use " + (used + delta)
                            + " bytes of its quota of " + quota + "; expunge messages or raise the quota");
                }
            }
        }
        var u = tx.prepare("UPDATE accounts SET used_bytes = used_bytes + ? WHERE id = ?");
        u.setLong(1, delta);
        u.setLong(2, account.value());
        u.executeUpdate();
    }

    /**
     * A UIDVALIDITY never handed out before in this database: the seconds of the clock, or one more than the last
     * if the clock has not moved on (or went back). Never reused, so a deleted and re-created name gets a new one.
     */
    static UidValidity nextUidValidity(Transaction tx) throws SQLException {
        long last = 0;
        var q = tx.prepare("SELECT value FROM counters WHERE name = 'uidvalidity'");
        try (var rs = q.executeQuery()) {
            if (rs.next()) last = rs.getLong(1);
        }
        long next = Math.max(last + 1, System.currentTimeMillis() / 1000);
        if (next > 0xFFFF_FFFFL) throw new StoreException("UIDVALIDITY values are exhausted");
        var u = tx.prepare("INSERT INTO counters (name, value) VALUES ('uidvalidity', ?) "
                + "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
        u.setLong(1, next);
        u.executeUpdate();
        return new UidValidity(next);
    }

    /** Stores a body's structure unless it is known: a structure is kept once per body. */
    static void keepStructure(Transaction tx, BlobId blob, byte[] structure) throws SQLException {
        if (structure == null) return;
        var i = tx.prepare("INSERT INTO structures (blob_id, structure) VALUES (?, ?) ON CONFLICT (blob_id) DO NOTHING");
        i.setString(1, blob.sha256());
        i.setBytes(2, structure);
        i.executeUpdate();
    }

    /** Drops the structures of bodies that no message refers to any more, after messages were removed. */
    static void dropUnusedStructures(Transaction tx, Collection<BlobId> blobs) throws SQLException {
        if (blobs.isEmpty()) return;
        var d = tx.prepare("DELETE FROM structures WHERE blob_id = ? "
                + "AND NOT EXISTS (SELECT 1 FROM messages WHERE blob_id = ?)");
        for (var blob : blobs) {
            d.setString(1, blob.sha256());
            d.setString(2, blob.sha256());
            d.addBatch();
        }
        d.executeBatch();
    }
}
