package dev.tern.server;

import dev.tern.config.TernConfig;
import dev.tern.store.Storage;

/** The store the test harness opens for each test server. */
final class TestStorage {
    private TestStorage() {}

    static Storage open(TernConfig config) {
        return new RecordingStorage();
    }
}
