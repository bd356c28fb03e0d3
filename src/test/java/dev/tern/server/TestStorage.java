package dev.tern.server;

import dev.tern.config.TernConfig;
import dev.tern.store.Storage;

/** The store the test harness opens for each test server: the embedded one in the test's data directory. */
final class TestStorage {
    private TestStorage() {}

    static Storage open(TernConfig config) {
        return ServeStorage.open(config);
    }
}
