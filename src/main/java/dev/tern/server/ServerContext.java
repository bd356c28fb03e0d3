package dev.tern.server;

import dev.tern.config.ListenerConfig;
import dev.tern.config.TernConfig;
import dev.tern.net.SecurityPolicy;
import dev.tern.store.Storage;

/**
 * What a protocol handler is made from: the configuration, the open store, the shared services, the security
 * policy and its listener. Protocols use {@link #services()}; the raw store is there for the edge only.
 */
public record ServerContext(TernConfig config, Storage storage, Services services, SecurityPolicy security,
                            ListenerConfig listener) {}
