package dev.tern.store.sql;

import dev.tern.store.AccountId;
import dev.tern.store.BlobId;
import dev.tern.store.MailboxChange;
import dev.tern.store.MailboxInfo;
import dev.tern.store.SpecialUse;
import dev.tern.store.StoreException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** The mailbox operations (create, rename, delete, subscribe), each run inside one write transaction. */
final class MailboxWrites {
    private MailboxWrites() {}

    /** INBOX is case-insensitive (RFC 9051 §5.1) and always spelled {@code INBOX} here. */
    static String canonical(String name) {
        return name.equalsIgnoreCase(MailboxInfo.INBOX) ? MailboxInfo.INBOX : name;
    }

    static MailboxInfo create(Transaction tx, AccountId account, String name, Set<SpecialUse> specialUse)
            throws SQLException {
        requireAccount(tx, account);
        var canonical = canonical(name);
        if (canonical.isEmpty()) throw new IllegalArgumentException("a mailbox name must not be empty");
        if (find(tx, account, canonical).isPresent()) {
            throw new StoreException.AlreadyExists("mailbox " + canonical + " exists already");
        }
        var uidValidity = Counters.nextUidValidity(tx);
        var i = tx.prepare("INSERT INTO mailboxes (account_id, name, uid_validity, uid_next, highest_modseq, special_use)"
                + " VALUES (?, ?, ?, 1, 1, ?)");
        i.setLong(1, account.value());
        i.setString(2, canonical);
        i.setLong(3, uidValidity.value());
        i.setInt(4, Rows.specialUseBits(specialUse));
        i.executeUpdate();
        var created = find(tx, account, canonical).orElseThrow();
        tx.changed(new MailboxChange.MailboxCreated(account, created.id(), canonical));
        return created;
    }

    static void rename(Transaction tx, AccountId account, String from, String to) throws SQLException {
        var source = canonical(from);
        var target = canonical(to);
        if (source.equals(MailboxInfo.INBOX)) {
            throw new StoreException.NotAllowed("INBOX is renamed by moving its messages, not by renaming it");
        }
        if (target.isEmpty()) throw new IllegalArgumentException("a mailbox name must not be empty");
        var top = find(tx, account, source)
                .orElseThrow(() -> new StoreException.NotFound("no mailbox " + source + " to rename"));
        // RFC 9051 §6.3.6: inferior hierarchical names are renamed too.
        var renamed = new ArrayList<MailboxInfo>();
        renamed.add(top);
        var children = tx.prepare("SELECT " + Rows.MAILBOX_COLUMNS
                + " FROM mailboxes WHERE account_id = ? AND substr(name, 1, ?) = ? ORDER BY name");
        var prefix = source + MailboxInfo.DELIMITER;
        children.setLong(1, account.value());
        children.setInt(2, prefix.length());
        children.setString(3, prefix);
        try (var rs = children.executeQuery()) {
            while (rs.next()) renamed.add(Rows.mailbox(rs));
        }
        for (var box : renamed) {
            var newName = target + box.name().substring(source.length());
            if (find(tx, account, newName).isPresent()) {
                throw new StoreException.AlreadyExists("cannot rename " + box.name() + " to " + newName
                        + ": that mailbox exists already");
            }
        }
        var u = tx.prepare("UPDATE mailboxes SET name = ? WHERE id = ?");
        for (var box : renamed) {
            var newName = target + box.name().substring(source.length());
            u.setString(1, newName);
            u.setLong(2, box.id().value());
            u.executeUpdate();
            tx.changed(new MailboxChange.MailboxRenamed(account, box.id(), box.name(), newName));
        }
    }

    static void delete(Transaction tx, AccountId account, String name) throws SQLException {
        var canonical = canonical(name);
        if (canonical.equals(MailboxInfo.INBOX)) throw new StoreException.NotAllowed("INBOX cannot be deleted");
        var box = find(tx, account, canonical)
                .orElseThrow(() -> new StoreException.NotFound("no mailbox " + canonical + " to delete"));
        long bytes = dropMailbox(tx, box);
        Counters.use(tx, account, -bytes);
    }

    /** Deletes a mailbox with its messages and expunge history; returns the bytes its messages used. */
    static long dropMailbox(Transaction tx, MailboxInfo box) throws SQLException {
        var id = box.id();
        long bytes = 0;
        var blobs = new HashSet<BlobId>();
        var q = tx.prepare("SELECT blob_id, size FROM messages WHERE mailbox_id = ?");
        q.setLong(1, id.value());
        try (var rs = q.executeQuery()) {
            while (rs.next()) {
                blobs.add(new BlobId(rs.getString(1)));
                bytes += rs.getLong(2);
            }
        }
        for (var sql : new String[] {"DELETE FROM messages WHERE mailbox_id = ?",
                "DELETE FROM expunged WHERE mailbox_id = ?", "DELETE FROM mailboxes WHERE id = ?"}) {
            var d = tx.prepare(sql);
            d.setLong(1, id.value());
            d.executeUpdate();
        }
        Counters.dropUnusedStructures(tx, blobs);
        tx.changed(new MailboxChange.MailboxDeleted(box.account(), id, box.name()));
        return bytes;
    }

    static void subscribe(Transaction tx, AccountId account, String name, boolean subscribed) throws SQLException {
        requireAccount(tx, account);
        var s = tx.prepare(subscribed
                ? "INSERT INTO subscriptions (account_id, name) VALUES (?, ?) ON CONFLICT (account_id, name) DO NOTHING"
                : "DELETE FROM subscriptions WHERE account_id = ? AND name = ?");
        s.setLong(1, account.value());
        s.setString(2, name);
        s.executeUpdate();
    }

    static Optional<MailboxInfo> find(Transaction tx, AccountId account, String name) throws SQLException {
        var q = tx.prepare("SELECT " + Rows.MAILBOX_COLUMNS + " FROM mailboxes WHERE account_id = ? AND name = ?");
        q.setLong(1, account.value());
        q.setString(2, name);
        try (var rs = q.executeQuery()) {
            return rs.next() ? Optional.of(Rows.mailbox(rs)) : Optional.empty();
        }
    }

    private static void requireAccount(Transaction tx, AccountId account) throws SQLException {
        var q = tx.prepare("SELECT 1 FROM accounts WHERE id = ?");
        q.setLong(1, account.value());
        try (var rs = q.executeQuery()) {
            if (!rs.next()) throw new StoreException.NotFound("no account with id " + account);
        }
    }

}
