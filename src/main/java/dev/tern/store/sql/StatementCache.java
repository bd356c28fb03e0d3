package dev.tern.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection and its prepared statements, each prepared once and reused. Used by one thread at a time (the
 * writer, or the borrower of a read connection).
 */
final class StatementCache implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    StatementCache(Connection connection) {
        this.connection = connection;
    }

    Connection connection() { return connection; }

    PreparedStatement prepare(String sql) throws SQLException {
        var statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** Runs a statement without parameters or results, e.g. {@code COMMIT}. */
    void execute(String sql) throws SQLException {
        prepare(sql).execute();
    }

    @Override
    public void close() {
        for (var s : statements.values()) {
            try {
                s.close();
            } catch (SQLException ignored) {
                // closing the connection below releases it anyway
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing to do: the connection is gone either way
        }
    }
}
