package dev.tern.store.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between the SQL databases the store runs on; everything else (schema, queries) is written once in
 * the subset they share. Migrations use placeholders for the few column types that differ.
 */
interface Dialect {

    /** A short name for messages, e.g. {@code SQLite}. */
    String name();

    /** The migration text with its type placeholders ({@code ${id}}, {@code ${bytes}}) replaced. */
    String expand(String migrationSql);

    /** Sets the per-connection options this store relies on (durability, foreign keys, lock waits). */
    void configure(Connection connection, boolean writer) throws SQLException;

    /** True if {@code e} says another connection (or process) held a lock for longer than we were willing to wait. */
    boolean isBusy(SQLException e);

    /** Starts a write transaction that holds the write lock from its start, so it never fails half way for it. */
    String beginWrite();
}
