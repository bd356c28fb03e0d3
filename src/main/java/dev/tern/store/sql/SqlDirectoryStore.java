package dev.tern.store.sql;

import dev.tern.store.AccountId;
import dev.tern.store.DirectoryStore;
import dev.tern.store.MailboxInfo;
import dev.tern.store.StoreException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link DirectoryStore} over SQL: domains, accounts (with their first mailboxes) and aliases. */
final class SqlDirectoryStore implements DirectoryStore {
    private static final String ACCOUNT_COLUMNS = "id, address, password_hash, scram_sha256, quota_bytes, used_bytes";

    private final GroupCommit writer;
    private final ReadConnections readers;

    SqlDirectoryStore(GroupCommit writer, ReadConnections readers) {
        this.writer = writer;
        this.readers = readers;
    }

    // --- domains ---------------------------------------------------------------------------------------------

    @Override
    public void addDomain(String domain) {
        writer.write(tx -> {
            if (domainExists(tx, domain)) throw new StoreException.AlreadyExists("domain " + domain + " exists already");
            var i = tx.prepare("INSERT INTO domains (name) VALUES (?)");
            i.setString(1, domain);
            i.executeUpdate();
            return null;
        });
    }

    @Override
    public void removeDomain(String domain) {
        writer.write(tx -> {
            if (!domainExists(tx, domain)) throw new StoreException.NotFound("no domain " + domain);
            var q = tx.prepare("SELECT (SELECT count(*) FROM accounts WHERE domain = ?),"
                    + " (SELECT count(*) FROM aliases WHERE domain = ?)");
            q.setString(1, domain);
            q.setString(2, domain);
            try (var rs = q.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0 || rs.getLong(2) > 0) {
                    throw new StoreException.NotAllowed("domain " + domain + " still has " + rs.getLong(1)
                            + " accounts and " + rs.getLong(2) + " alias targets; remove them first");
                }
            }
            var d = tx.prepare("DELETE FROM domains WHERE name = ?");
            d.setString(1, domain);
            d.executeUpdate();
            return null;
        });
    }

    @Override
    public List<String> domains() {
        return readers.read(db -> {
            var out = new ArrayList<String>();
            try (var rs = db.prepare("SELECT name FROM domains ORDER BY name").executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    @Override
    public boolean isLocalDomain(String domain) {
        return readers.read(db -> {
            var q = db.prepare("SELECT 1 FROM domains WHERE name = ?");
            q.setString(1, domain);
            try (var rs = q.executeQuery()) {
                return rs.next();
            }
        });
    }

    private static boolean domainExists(Transaction tx, String domain) throws SQLException {
        var q = tx.prepare("SELECT 1 FROM domains WHERE name = ?");
        q.setString(1, domain);
        try (var rs = q.executeQuery()) {
            return rs.next();
        }
    }

    /** The domain of {@code local@domain} or {@code @domain}. */
    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("not an address (local@domain): " + address);
        }
        return address.substring(at + 1);
    }

    // --- accounts --------------------------------------------------------------------------------------------

    @Override
    public Account createAccount(NewAccount account) {
        var address = account.address();
        var domain = domainOf(address);
        if (address.startsWith("@")) throw new IllegalArgumentException("an account needs a local part: " + address);
        return writer.write(tx -> {
            if (!domainExists(tx, domain)) {
                throw new StoreException.NotFound("domain " + domain + " is not a local domain; add it first");
            }
            if (accountIn(tx, address).isPresent()) throw new StoreException.AlreadyExists("account " + address + " exists already");
            if (aliasExists(tx, address)) throw new StoreException.AlreadyExists(address + " is an alias already");
            var i = tx.prepare("INSERT INTO accounts (address, domain, password_hash, scram_sha256, quota_bytes)"
                    + " VALUES (?, ?, ?, ?, ?)");
            i.setString(1, address);
            i.setString(2, domain);
            i.setString(3, account.credentials() == null ? null : account.credentials().passwordHash());
            i.setString(4, account.credentials() == null ? null : account.credentials().scramSha256());
            i.setLong(5, account.quotaBytes());
            i.executeUpdate();
            var created = accountIn(tx, address).orElseThrow();
            var mailboxes = new ArrayList<>(account.mailboxes());
            // INBOX always exists (it cannot be deleted), whether or not the caller listed it.
            if (mailboxes.stream().noneMatch(m -> MailboxWrites.canonical(m.name()).equals(MailboxInfo.INBOX))) {
                mailboxes.addFirst(new InitialMailbox(MailboxInfo.INBOX, Set.of(), true));
            }
            for (var m : mailboxes) {
                MailboxWrites.create(tx, created.id(), m.name(), m.specialUse());
                if (m.subscribed()) MailboxWrites.subscribe(tx, created.id(), MailboxWrites.canonical(m.name()), true);
            }
            return created;
        });
    }

    @Override
    public Optional<Account> account(String address) {
        return readers.read(db -> {
            var q = db.prepare("SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE address = ?");
            q.setString(1, address);
            try (var rs = q.executeQuery()) {
                return rs.next() ? Optional.of(account(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public Optional<Account> account(AccountId id) {
        return readers.read(db -> {
            var q = db.prepare("SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE id = ?");
            q.setLong(1, id.value());
            try (var rs = q.executeQuery()) {
                return rs.next() ? Optional.of(account(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public List<Account> accounts() {
        return readers.read(db -> {
            var out = new ArrayList<Account>();
            try (var rs = db.prepare("SELECT " + ACCOUNT_COLUMNS + " FROM accounts ORDER BY address").executeQuery()) {
                while (rs.next()) out.add(account(rs));
            }
            return out;
        });
    }

    @Override
    public void setCredentials(AccountId account, Credentials credentials) {
        writer.write(tx -> {
            var u = tx.prepare("UPDATE accounts SET password_hash = ?, scram_sha256 = ? WHERE id = ?");
            u.setString(1, credentials.passwordHash());
            u.setString(2, credentials.scramSha256());
            u.setLong(3, account.value());
            if (u.executeUpdate() == 0) throw new StoreException.NotFound("no account with id " + account);
            return null;
        });
    }

    @Override
    public void setQuota(AccountId account, long quotaBytes) {
        if (quotaBytes < 0) throw new IllegalArgumentException("a quota must not be negative: " + quotaBytes);
        writer.write(tx -> {
            var u = tx.prepare("UPDATE accounts SET quota_bytes = ? WHERE id = ?");
            u.setLong(1, quotaBytes);
            u.setLong(2, account.value());
            if (u.executeUpdate() == 0) throw new StoreException.NotFound("no account with id " + account);
            return null;
        });
    }

    @Override
    public void removeAccount(AccountId account) {
        writer.write(tx -> {
            var found = accountIn(tx, account);
            if (found.isEmpty()) throw new StoreException.NotFound("no account with id " + account);
            var boxes = tx.prepare("SELECT " + Rows.MAILBOX_COLUMNS + " FROM mailboxes WHERE account_id = ?");
            boxes.setLong(1, account.value());
            var all = new ArrayList<MailboxInfo>();
            try (var rs = boxes.executeQuery()) {
                while (rs.next()) all.add(Rows.mailbox(rs));
            }
            for (var box : all) MailboxWrites.dropMailbox(tx, box);
            for (var sql : new String[] {"DELETE FROM subscriptions WHERE account_id = ?", "DELETE FROM accounts WHERE id = ?"}) {
                var d = tx.prepare(sql);
                d.setLong(1, account.value());
                d.executeUpdate();
            }
            // An alias keeps its other targets; one that pointed only here is gone with its last row.
            var d = tx.prepare("DELETE FROM aliases WHERE target = ?");
            d.setString(1, found.get().address());
            d.executeUpdate();
            return null;
        });
    }

    private static Optional<Account> accountIn(Transaction tx, String address) throws SQLException {
        var q = tx.prepare("SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE address = ?");
        q.setString(1, address);
        try (var rs = q.executeQuery()) {
            return rs.next() ? Optional.of(account(rs)) : Optional.empty();
        }
    }

    private static Optional<Account> accountIn(Transaction tx, AccountId id) throws SQLException {
        var q = tx.prepare("SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE id = ?");
        q.setLong(1, id.value());
        try (var rs = q.executeQuery()) {
            return rs.next() ? Optional.of(account(rs)) : Optional.empty();
        }
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(new AccountId(rs.getLong(1)), rs.getString(2), new Credentials(rs.getString(3), rs.getString(4)),
                rs.getLong(5), rs.getLong(6));
    }

    // --- aliases ---------------------------------------------------------------------------------------------

    @Override
    public void addAlias(String source, List<String> targets) {
        var domain = domainOf(source);
        writer.write(tx -> {
            if (!domainExists(tx, domain)) {
                throw new StoreException.NotFound("domain " + domain + " is not a local domain; add it first");
            }
            if (accountIn(tx, source).isPresent()) {
                throw new StoreException.AlreadyExists(source + " is an account; an alias cannot have its address");
            }
            var i = tx.prepare("INSERT INTO aliases (source, target, domain) VALUES (?, ?, ?)"
                    + " ON CONFLICT (source, target) DO NOTHING");
            for (var target : targets) {
                i.setString(1, source);
                i.setString(2, target);
                i.setString(3, domain);
                i.addBatch();
            }
            i.executeBatch();
            return null;
        });
    }

    @Override
    public void removeAlias(String source, Optional<String> target) {
        writer.write(tx -> {
            var d = tx.prepare(target.isPresent() ? "DELETE FROM aliases WHERE source = ? AND target = ?"
                    : "DELETE FROM aliases WHERE source = ?");
            d.setString(1, source);
            if (target.isPresent()) d.setString(2, target.get());
            if (d.executeUpdate() == 0) {
                throw new StoreException.NotFound("no alias " + source + target.map(t -> " -> " + t).orElse(""));
            }
            return null;
        });
    }

    @Override
    public List<String> aliasTargets(String source) {
        return readers.read(db -> {
            var q = db.prepare("SELECT target FROM aliases WHERE source = ? ORDER BY target");
            q.setString(1, source);
            var out = new ArrayList<String>();
            try (var rs = q.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    @Override
    public List<Alias> aliases() {
        return readers.read(db -> {
            var grouped = new LinkedHashMap<String, List<String>>();
            try (var rs = db.prepare("SELECT source, target FROM aliases ORDER BY source, target").executeQuery()) {
                while (rs.next()) grouped.computeIfAbsent(rs.getString(1), s -> new ArrayList<>()).add(rs.getString(2));
            }
            var out = new ArrayList<Alias>();
            grouped.forEach((source, targets) -> out.add(new Alias(source, targets)));
            return out;
        });
    }

    private static boolean aliasExists(Transaction tx, String source) throws SQLException {
        var q = tx.prepare("SELECT 1 FROM aliases WHERE source = ?");
        q.setString(1, source);
        try (var rs = q.executeQuery()) {
            return rs.next();
        }
    }

}
