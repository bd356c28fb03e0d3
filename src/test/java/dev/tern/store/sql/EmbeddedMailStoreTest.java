package dev.tern.store.sql;

import dev.tern.store.MailStoreContract;
import dev.tern.store.Storage;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The {@link MailStoreContract} on the embedded SQLite store. */
class EmbeddedMailStoreTest extends MailStoreContract {
    @TempDir
    Path data;

    @Override
    protected Storage openStorage() {
        return EmbeddedStores.open(data);
    }
}
