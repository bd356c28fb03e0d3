package dev.tern.store.sql;

import dev.tern.store.FlagsCopyQuotaContract;
import dev.tern.store.Storage;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The {@link FlagsCopyQuotaContract} on the embedded SQLite store. */
class EmbeddedFlagsCopyQuotaTest extends FlagsCopyQuotaContract {
    @TempDir
    Path data;

    @Override
    protected Storage openStorage() {
        return EmbeddedStores.open(data);
    }
}
