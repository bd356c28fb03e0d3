package dev.tern.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How mail leaves, from {@code [outbound]}: the port of remote exchangers, the DNS resolver for MX lookups
 * (empty: the system's) with how many answers it keeps and how long it keeps negative ones, whether remote
 * certificates are verified, the connect timeout, and an optional smart host.
 */
public record OutboundConfig(int port, Optional<InetAddress> dnsServer, int dnsPort, int dnsCacheEntries,
                             Duration dnsNegativeTtl, boolean tlsVerify, Duration connectTimeout,
                             Optional<SmartHost> smartHost) {

    /** The same, asking {@code server} on {@code serverPort} for MX records. */
    public OutboundConfig withDnsServer(InetAddress server, int serverPort) {
        return new OutboundConfig(port, Optional.of(server), serverPort, dnsCacheEntries, dnsNegativeTtl, tlsVerify,
                connectTimeout, smartHost);
    }

    /** A relay every message goes through; with a user name, AUTH PLAIN with the password read from its file. */
    public record SmartHost(String host, int port, TlsMode tls, Optional<String> username, Optional<Path> passwordFile) {}
}
