package dev.tern.server;

import dev.tern.config.ConfigException;
import dev.tern.config.TernConfig;
import dev.tern.config.TlsMode;
import dev.tern.dns.DnsCache;
import dev.tern.dns.MailExchangers;
import dev.tern.outbound.ClientTimeouts;
import dev.tern.outbound.ClientTls;
import dev.tern.outbound.SmtpTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;

/** The SMTP transport the configuration asks for: MX lookups (system or configured resolver) or a smart host. */
final class Outbound {
    private static final Duration DNS_TIMEOUT = Duration.ofSeconds(10);

    private Outbound() {}

    static SmtpTransport transport(TernConfig config) {
        var outbound = config.outbound();
        var cache = new DnsCache(outbound.dnsCacheEntries(), outbound.dnsNegativeTtl(), InstantSource.system());
        var exchangers = outbound.dnsServer()
                .map(server -> MailExchangers.using(server, outbound.dnsPort(), DNS_TIMEOUT, cache))
                .orElseGet(() -> MailExchangers.system(DNS_TIMEOUT, cache));
        var smartHost = outbound.smartHost().map(relay -> new SmtpTransport.SmartHost(relay.host(), relay.port(),
                relay.tls() == TlsMode.IMPLICIT, relay.tls() == TlsMode.NONE, relay.username(),
                relay.passwordFile().map(Outbound::password)));
        // A smart host gets our credentials: its certificate is always verified. Direct delivery is opportunistic.
        var tls = outbound.tlsVerify() || smartHost.isPresent() ? ClientTls.verifying() : ClientTls.opportunistic();
        var settings = new SmtpTransport.Settings(config.hostname(), outbound.port(), tls,
                ClientTimeouts.rfc5321(outbound.connectTimeout()), smartHost,
                config.limits().deliveriesPerRemoteDomain());
        return new SmtpTransport(settings, exchangers);
    }

    private static String password(java.nio.file.Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new ConfigException("outbound.smart-host-password-file " + file + ": cannot read it ("
                    + e.getMessage() + "); create it with the password on its first line, mode 600", e);
        }
    }

}
