package dev.tern.server;

import dev.tern.config.TernConfig;
import dev.tern.store.Storage;

/** Opens the mail store the configuration names; the server closes it on shutdown. */
@FunctionalInterface
public interface StorageOpener {
    Storage open(TernConfig config) throws Exception;
}
