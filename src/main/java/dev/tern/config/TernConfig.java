package dev.tern.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The whole configuration, as loaded from {@code tern.toml} by {@link ConfigLoader}. Immutable. */
public record TernConfig(
        String hostname,
        Path dataDirectory,
        PlaintextAuth plaintextAuth,
        List<ListenerConfig> listeners,
        TlsConfig tls,
        Limits limits,
        Timeouts timeouts,
        StoreConfig store,
        AuthConfig auth,
        DeliveryConfig delivery,
        AdminConfig admin,
        Pop3Config pop3,
        QueueConfig queue,
        OutboundConfig outbound) {

    public TernConfig {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        listeners = List.copyOf(listeners);
    }

    /** This configuration with other listeners, e.g. every port 0 for tests. */
    public TernConfig withListeners(List<ListenerConfig> newListeners) {
        return new TernConfig(hostname, dataDirectory, plaintextAuth, newListeners, tls, limits, timeouts, store, auth, delivery, admin, pop3, queue, outbound);
    }

    public TernConfig withAdmin(AdminConfig newAdmin) {
        return new TernConfig(hostname, dataDirectory, plaintextAuth, listeners, tls, limits, timeouts, store, auth, delivery, newAdmin, pop3, queue, outbound);
    }

    public TernConfig withLimits(Limits newLimits) {
        return new TernConfig(hostname, dataDirectory, plaintextAuth, listeners, tls, newLimits, timeouts, store, auth, delivery, admin, pop3, queue, outbound);
    }

    public TernConfig withTimeouts(Timeouts newTimeouts) {
        return new TernConfig(hostname, dataDirectory, plaintextAuth, listeners, tls, limits, newTimeouts, store, auth, delivery, admin, pop3, queue, outbound);
    }

    public TernConfig withQueue(QueueConfig newQueue) {
        return new TernConfig(hostname, dataDirectory, plaintextAuth, listeners, tls, limits, timeouts, store, auth, delivery, admin, pop3, newQueue, outbound);
    }

    public TernConfig withOutbound(OutboundConfig newOutbound) {
        return new TernConfig(hostname, dataDirectory, plaintextAuth, listeners, tls, limits, timeouts, store, auth, delivery, admin, pop3, queue, newOutbound);
    }
}
