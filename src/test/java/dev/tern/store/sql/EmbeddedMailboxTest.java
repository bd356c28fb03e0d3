package dev.tern.store.sql;

import dev.tern.store.MailboxContract;
import dev.tern.store.Storage;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The {@link MailboxContract} on the embedded SQLite store. */
class EmbeddedMailboxTest extends MailboxContract {
    @TempDir
    Path data;

    @Override
    protected Storage openStorage() {
        return EmbeddedStores.open(data);
    }
}
