package dev.tern.store.sql;

import dev.tern.store.StoreException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Brings a database's schema up to the version this code knows. Each migration is a resource
 * {@code V<n>__<what>.sql} next to this class, listed in {@link #SCRIPTS} in ascending order, applied in its own
 * write transaction and recorded in {@code schema_version}. A migration is applied when its own version is not
 * recorded yet, so that numbers taken by work in progress elsewhere may be missing from the list for a while and
 * be applied when they arrive. Two processes opening the same database at once are safe: the record is read
 * again under the write lock.
 */
final class Migrations {
    /** Every migration, oldest first; a new one is appended here and never edited once released. */
    static final List<String> SCRIPTS = List.of("V1__schema.sql", "V2__queue.sql", "V4__bodies.sql");

    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    private Migrations() {}

    /** The schema version this code writes and reads: its highest migration. */
    static int latest() { return version(SCRIPTS.getLast()); }

    private static int version(String script) {
        var name = NAME.matcher(script);
        if (!name.matches()) throw new IllegalStateException("migration " + script + " is not named V<n>__<what>.sql");
        return Integer.parseInt(name.group(1));
    }

    /**
     * Applies the migrations the database lacks.
     *
     * @throws StoreException if the database was written by a newer version of the code
     */
    static void apply(StatementCache db, Dialect dialect, String where) throws SQLException {
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                + "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        int previous = 0;
        for (var script : SCRIPTS) {
            int version = version(script);
            if (version <= previous) throw new IllegalStateException("migration " + script + " is out of order");
            previous = version;
            db.execute(dialect.beginWrite());
            try {
                refuseNewer(current(db), where);
                if (!applied(db, version)) applyOne(db, dialect, script, version);
                db.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                db.execute("ROLLBACK");
                throw e;
            }
        }
    }

    static int current(StatementCache db) throws SQLException {
        try (var rs = db.prepare("SELECT coalesce(max(version), 0) FROM schema_version").executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static boolean applied(StatementCache db, int version) throws SQLException {
        var q = db.prepare("SELECT 1 FROM schema_version WHERE version = ?");
        q.setInt(1, version);
        try (var rs = q.executeQuery()) {
            return rs.next();
        }
    }

    private static void refuseNewer(int current, String where) {
        if (current > latest()) {
            throw new StoreException("the database " + where + " has schema version " + current
                    + ", newer than this Tern understands (up to " + latest() + "); run a Tern at least as new"
                    + " as the one that last opened it, or restore a backup of the data directory");
        }
    }

    private static void applyOne(StatementCache db, Dialect dialect, String script, int version) throws SQLException {
        var name = NAME.matcher(script);
        if (!name.matches()) throw new IllegalStateException("migration " + script + " is not named V<n>__<what>.sql");
        try (var s = db.connection().createStatement()) {
            for (var statement : statements(dialect.expand(read(script)))) s.execute(statement);
        }
        var record = db.prepare("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)");
        record.setInt(1, version);
        record.setString(2, name.group(2));
        record.setLong(3, System.currentTimeMillis());
        record.executeUpdate();
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream(script)) {
            if (in == null) throw new IllegalStateException("migration resource missing: " + script);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + script, e);
        }
    }

    /** Splits a script at semicolons that end a line, dropping {@code --} comment lines. */
    static List<String> statements(String script) {
        var out = new ArrayList<String>();
        var current = new StringBuilder();
        for (var line : script.split("\n")) {
            var trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) continue;
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                var sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) out.add(current.toString().strip());
        return out;
    }
}
