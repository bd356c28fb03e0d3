package dev.tern.server;

import dev.tern.config.ListenerConfig;
import dev.tern.config.TernConfig;
import dev.tern.net.SecurityPolicy;
import dev.tern.store.Storage;

/** What a protocol handler is made from: the configuration, the open store, the security policy, its listener. */
public record ServerContext(TernConfig config, Storage storage, SecurityPolicy security, ListenerConfig listener) {}
