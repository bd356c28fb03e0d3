package dev.tern.store.sql;

import dev.tern.store.StoreException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A few read-only connections shared by all readers. In WAL mode each reads a consistent snapshot without
 * blocking the writer. Borrowing parks a virtual thread (no monitor is held), so any number of sessions may read.
 */
final class ReadConnections implements AutoCloseable {
    private final BlockingQueue<StatementCache> idle;
    private final List<StatementCache> all;
    private final String backend;

    ReadConnections(List<StatementCache> connections, String backend) {
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
        this.all = new ArrayList<>(connections);
        this.backend = backend;
    }

    /** A read: one or more queries on one connection. */
    @FunctionalInterface
    interface Read<T> {
        T run(StatementCache db) throws SQLException;
    }

    <T> T read(Read<T> read) {
        StatementCache db;
        try {
            db = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection", e);
        }
        try {
            return read.run(db);
        } catch (SQLException e) {
            throw new StoreException("reading from " + backend + " failed: " + e.getMessage(), e);
        } finally {
            idle.add(db);
        }
    }

    @Override
    public void close() {
        for (var db : all) db.close();
    }
}
