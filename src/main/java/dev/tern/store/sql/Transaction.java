package dev.tern.store.sql;

import dev.tern.store.MailboxChange;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One write operation's view of the write connection: its statements run inside the current transaction, and the
 * changes it records are published only if the operation and its transaction commit.
 */
final class Transaction {
    private final StatementCache db;
    private final List<MailboxChange> changes = new ArrayList<>();
    private int messagesStored;

    Transaction(StatementCache db) {
        this.db = db;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        return db.prepare(sql);
    }

    /** Records a change to publish after commit. */
    void changed(MailboxChange change) {
        changes.add(change);
    }

    /** Counts messages added, for {@link dev.tern.store.StoreStats#messagesStored()}. */
    void stored(int messages) {
        messagesStored += messages;
    }

    List<MailboxChange> changes() { return changes; }

    int messagesStored() { return messagesStored; }

    /** A write operation: runs inside a transaction on the writer thread. */
    @FunctionalInterface
    interface Work<T> {
        T run(Transaction tx) throws SQLException;
    }
}
