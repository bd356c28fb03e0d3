package dev.tern.store.sql;

import dev.tern.store.DirectoryStoreContract;
import dev.tern.store.Storage;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The {@link DirectoryStoreContract} on the embedded SQLite store. */
class EmbeddedDirectoryStoreTest extends DirectoryStoreContract {
    @TempDir
    Path data;

    @Override
    protected Storage openStorage() {
        return EmbeddedStores.open(data);
    }
}
