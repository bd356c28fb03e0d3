package dev.tern.store;

/**
 * One opened mail store: its metadata roles and its bodies. The embedded backend opens one from a data
 * directory ({@code store.sql.EmbeddedStorage}); a cluster backend from PostgreSQL and S3 settings.
 */
public interface Storage extends AutoCloseable {
    MailStore mail();

    DirectoryStore directory();

    /** The outbound queue's entries and per-recipient delivery state. */
    QueueStore queue();

    BlobStore blobs();

    /** Counters for metrics: operations and their latency. */
    StoreStats stats();

    /** Finishes pending writes and releases files and connections; later calls fail. */
    @Override
    void close();
}
