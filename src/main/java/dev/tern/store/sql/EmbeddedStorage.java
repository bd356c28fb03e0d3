package dev.tern.store.sql;

import dev.tern.store.BlobStore;
import dev.tern.store.DirectoryStore;
import dev.tern.store.MailStore;
import dev.tern.store.QueueStore;
import dev.tern.store.Storage;
import dev.tern.store.StoreException;
import dev.tern.store.StoreStats;
import dev.tern.store.blob.FileBlobStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;

/**
 * The embedded store: everything in one data directory, {@code tern.db} (SQLite in WAL mode) for metadata and
 * small message bodies, {@code blobs/} for the larger bodies ({@link EmbeddedBlobStore}). The server and the CLI may have the same directory open at once: SQLite
 * serialises their writes, and each waits up to {@link Options#busyTimeout} for the other's transaction.
 */
public final class EmbeddedStorage implements Storage {
    static final String DATABASE = "tern.db";
    static final String BLOBS = "blobs";
    private static final int READERS = 4;

    private final GroupCommit writer;
    private final ReadConnections readers;
    private final SqlMailStore mail;
    private final SqlDirectoryStore directory;
    private final SqlQueueStore queue;
    private final EmbeddedBlobStore blobs;

    /** Bodies up to this size are kept in the database unless the options say otherwise. */
    public static final int DEFAULT_INLINE_BODY_SIZE = 64 * 1024;

    /**
     * How writes are committed. {@code groupCommit} lets one transaction carry up to {@code maxBatch} waiting
     * operations; without it every operation is its own transaction (one fsync each). {@code busyTimeout} is how
     * long to wait for another process's transaction before failing. Bodies of up to {@code inlineBodySize} bytes
     * are kept in the database, in the transaction of their message (0: every body is a file).
     */
    public record Options(boolean groupCommit, int maxBatch, Duration busyTimeout, int inlineBodySize) {
        public Options {
            if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
            if (busyTimeout.isNegative()) throw new IllegalArgumentException("busyTimeout must not be negative");
            if (inlineBodySize < 0) throw new IllegalArgumentException("inlineBodySize must not be negative");
        }

        /** With the default inline body size. */
        public Options(boolean groupCommit, int maxBatch, Duration busyTimeout) {
            this(groupCommit, maxBatch, busyTimeout, DEFAULT_INLINE_BODY_SIZE);
        }

        public static Options defaults() {
            return new Options(true, 256, Duration.ofSeconds(10), DEFAULT_INLINE_BODY_SIZE);
        }

        public Options withInlineBodySize(int size) {
            return new Options(groupCommit, maxBatch, busyTimeout, size);
        }
    }

    private EmbeddedStorage(GroupCommit writer, ReadConnections readers, FileBlobStore files, int inlineBodySize) {
        this.writer = writer;
        this.readers = readers;
        this.blobs = new EmbeddedBlobStore(files, writer, readers, inlineBodySize);
        this.mail = new SqlMailStore(writer, readers);
        this.directory = new SqlDirectoryStore(writer, readers);
        this.queue = new SqlQueueStore(writer, readers);
    }

    /**
     * Opens the store in {@code dataDirectory}, creating it and its schema if needed and applying migrations.
     *
     * @throws StoreException if the directory or database cannot be opened, or the database is newer than this code
     */
    public static EmbeddedStorage open(Path dataDirectory, Options options) {
        var dialect = new SqliteDialect(options.busyTimeout());
        var database = dataDirectory.resolve(DATABASE).toAbsolutePath();
        FileBlobStore blobs;
        try {
            Files.createDirectories(dataDirectory);
            blobs = FileBlobStore.open(dataDirectory.resolve(BLOBS));
        } catch (IOException e) {
            throw new StoreException("cannot open the data directory " + dataDirectory.toAbsolutePath() + ": " + e, e);
        }
        StatementCache write = null;
        var reads = new ArrayList<StatementCache>();
        try {
            write = connect(database, dialect, true);
            Migrations.apply(write, dialect, database.toString());
            for (int i = 0; i < READERS; i++) reads.add(connect(database, dialect, false));
        } catch (SQLException | RuntimeException e) {
            if (write != null) write.close();
            reads.forEach(StatementCache::close);
            if (e instanceof StoreException se) throw se;
            throw new StoreException("cannot open the database " + database + ": " + e.getMessage(), e);
        }
        var writer = new GroupCommit(write, dialect, options.groupCommit() ? options.maxBatch() : 1);
        return new EmbeddedStorage(writer, new ReadConnections(reads, dialect.name()), blobs, options.inlineBodySize());
    }

    private static StatementCache connect(Path database, Dialect dialect, boolean writer) throws SQLException {
        var connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        try {
            dialect.configure(connection, writer);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new StatementCache(connection);
    }

    /** The schema version of the database in {@code dataDirectory}, for diagnostics and tests. */
    public int schemaVersion() {
        return readers.read(Migrations::current);
    }

    /** Write operations waiting for the writer thread. */
    int queuedWrites() {
        return writer.queued();
    }

    @Override public MailStore mail() { return mail; }

    @Override public DirectoryStore directory() { return directory; }

    @Override public QueueStore queue() { return queue; }

    @Override public BlobStore blobs() { return blobs; }

    @Override public StoreStats stats() { return writer.stats(); }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }
}
