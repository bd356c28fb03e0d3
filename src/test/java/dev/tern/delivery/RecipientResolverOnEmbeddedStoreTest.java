package dev.tern.delivery;

import dev.tern.store.DirectoryStore;
import dev.tern.store.Storage;
import dev.tern.store.sql.EmbeddedStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The resolver's behaviour over the SQLite directory, so that the in-memory stand-in cannot drift from it. */
class RecipientResolverOnEmbeddedStoreTest extends RecipientResolverTest {
    @TempDir
    Path data;

    private Storage storage;

    @Override
    DirectoryStore newDirectory() {
        storage = EmbeddedStorage.open(data, EmbeddedStorage.Options.defaults());
        return storage.directory();
    }

    @AfterEach
    void close() {
        storage.close();
    }
}
