package dev.tern.store.sql;

import dev.tern.store.QueueStoreContract;
import dev.tern.store.Storage;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The {@link QueueStoreContract} on the embedded SQLite store. */
class EmbeddedQueueStoreTest extends QueueStoreContract {
    @TempDir
    Path data;

    @Override
    protected Storage openStorage() {
        return EmbeddedStores.open(data);
    }
}
