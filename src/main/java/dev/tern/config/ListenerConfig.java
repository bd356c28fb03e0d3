package dev.tern.config;

import java.net.InetAddress;
import java.util.Objects;

/** One {@code [[listeners]]} entry: a protocol on an address and port, with its TLS mode. Port 0 picks a free port. */
public record ListenerConfig(ListenerProtocol protocol, InetAddress address, int port, TlsMode tls) {
    public ListenerConfig {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    /** A short name for logs and metrics, e.g. {@code imap/implicit}. */
    public String label() { return protocol.configName() + (tls == TlsMode.NONE ? "" : "/" + tls.configName()); }
}
