package dev.tern.server;

import dev.tern.config.TernConfig;
import dev.tern.store.Storage;
import dev.tern.store.sql.EmbeddedStorage;

/** The store {@code tern serve} opens: the embedded one in the data directory, with the configured commit mode. */
public final class ServeStorage {
    private ServeStorage() {}

    public static Storage open(TernConfig config) {
        var defaults = EmbeddedStorage.Options.defaults();
        var options = new EmbeddedStorage.Options(config.store().groupCommit(), defaults.maxBatch(),
                defaults.busyTimeout(), config.store().inlineBodySize());
        return EmbeddedStorage.open(config.dataDirectory(), options);
    }
}
