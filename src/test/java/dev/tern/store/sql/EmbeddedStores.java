package dev.tern.store.sql;

import java.nio.file.Path;

/** Opens embedded stores for the contract suites, each in its own temporary directory. */
final class EmbeddedStores {
    private EmbeddedStores() {}

    static EmbeddedStorage open(Path dir) {
        return EmbeddedStorage.open(dir, EmbeddedStorage.Options.defaults());
    }
}
