package dev.tern.store.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * SQLite in WAL mode: readers never block the writer or each other, and another process (the CLI) may write
 * between our transactions; {@code busy_timeout} makes either side wait for the other's short transactions.
 */
final class SqliteDialect implements Dialect {
    private final Duration busyTimeout;

    SqliteDialect(Duration busyTimeout) {
        this.busyTimeout = busyTimeout;
    }

    @Override public String name() { return "SQLite"; }

    @Override
    public String expand(String migrationSql) {
        // AUTOINCREMENT, so that the key of a deleted row is never handed out again (MailboxId is never reused).
        return migrationSql
                .replace("${id}", "INTEGER PRIMARY KEY AUTOINCREMENT")
                .replace("${bytes}", "BLOB");
    }

    @Override
    public void configure(Connection connection, boolean writer) throws SQLException {
        try (var s = connection.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + busyTimeout.toMillis());
            if (writer) s.execute("PRAGMA journal_mode = WAL");
            // FULL: the WAL is fsynced at every commit, so a committed transaction survives power loss.
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA foreign_keys = ON");
            if (!writer) s.execute("PRAGMA query_only = ON");
        }
    }

    @Override public String beginWrite() { return "BEGIN IMMEDIATE"; }

    @Override
    public boolean isBusy(SQLException e) {
        var message = String.valueOf(e.getMessage());
        return message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED");
    }
}
