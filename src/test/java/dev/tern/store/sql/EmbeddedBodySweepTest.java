package dev.tern.store.sql;

import dev.tern.store.BodySweepContract;
import dev.tern.store.Storage;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The {@link BodySweepContract} on the embedded SQLite store. */
class EmbeddedBodySweepTest extends BodySweepContract {
    @TempDir
    Path data;

    @Override
    protected Storage openStorage() {
        return EmbeddedStores.open(data);
    }
}
