package dev.tern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir Path dir;

    private TernConfig parse(String toml) {
        return ConfigLoader.parse(toml, "tern.toml", dir, Optional.empty());
    }

    private String problemsOf(String toml) {
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class, () -> parse(toml));
        assertThat(e).as("configuration should be refused:\n" + toml).isNotNull();
        return e.getMessage();
    }

    @Test
    void anEmptyFileGivesTheQuickStartDefaults() {
        var config = parse("");
        assertThat(config.hostname()).isEqualTo(DefaultConfigFile.machineHostname());
        assertThat(config.dataDirectory()).isEqualTo(dir.toAbsolutePath());
        assertThat(config.plaintextAuth()).isEqualTo(PlaintextAuth.LOOPBACK);
        assertThat(config.listeners()).extracting(l -> l.protocol().configName() + " " + l.port() + " " + l.tls().configName())
                .containsExactly("smtp 2525 starttls", "submission 2587 starttls", "submission 2465 implicit",
                        "imap 2143 starttls", "imap 2993 implicit", "pop3 2110 starttls", "pop3 2995 implicit");
        assertThat(config.listeners()).allSatisfy(l -> assertThat(l.address()).isEqualTo(InetAddress.ofLiteral("127.0.0.1")));
        assertThat(config.limits()).isEqualTo(new Limits(1000, 64 * 1024, 8 * 1024, 64 * 1024, 50L * 1024 * 1024,
                100, 32, 10_000, 64 * 1024, 1000, 10, 1000, 20, 50, 3, 4, 100, 500_000, 20, 128 * 1024));
        assertThat(config.auth()).isEqualTo(new AuthConfig(19 * 1024, 2, 10_000, Duration.ofMinutes(10),
                Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofMinutes(10), 10_000));
        assertThat(config.delivery()).isEqualTo(new DeliveryConfig("+"));
        assertThat(config.timeouts()).isEqualTo(new Timeouts(Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofHours(1)));
        assertThat(config.tls()).isEqualTo(new TlsConfig(dir.resolve("tls/cert.pem"), dir.resolve("tls/key.pem"), true));
        assertThat(config.store().groupCommit()).isTrue();
        assertThat(config.admin()).isEqualTo(new AdminConfig(true, InetAddress.ofLiteral("127.0.0.1"), 2880));
    }

    @Test
    void theDefaultFileRoundTripsToTheSameRecords() throws Exception {
        var file = dir.resolve("tern.toml");
        assertThat(DefaultConfigFile.writeIfMissing(file)).isTrue();
        assertThat(DefaultConfigFile.writeIfMissing(file)).as("never overwrites").isFalse();
        assertThat(ConfigLoader.load(file, Optional.empty())).isEqualTo(parse(""));
    }

    @Test
    void theDefaultFileExplainsEveryKeyWithItsDefault() {
        var text = DefaultConfigFile.render("mail.example.com");
        for (var key : ConfigKeys.SCALARS) {
            assertThat(text).contains(key.name() + " = ");
            var firstLineOfMeaning = key.meaning().lines().findFirst().orElseThrow();
            assertThat(text).contains("# " + firstLineOfMeaning);
        }
        assertThat(text).contains("hostname = \"mail.example.com\"", "# Default: \"50M\"\nmessage-size = \"50M\"");
    }

    @Test
    void valuesAreReadWithTheirUnits() {
        var config = parse("""
                hostname = "MX.Example.COM"
                plaintext-auth = "never"
                [limits]
                message-size = "10M"
                imap-line-length = 16384
                literal-size = "1k"
                [timeouts]
                imap-idle = "1h"
                shutdown-grace = "500ms"
                [[listeners]]
                protocol = "imap"
                address = "::"
                port = 993
                tls = "implicit"
                """);
        assertThat(config.hostname()).isEqualTo("mx.example.com");
        assertThat(config.plaintextAuth()).isEqualTo(PlaintextAuth.NEVER);
        assertThat(config.limits().messageSize()).isEqualTo(10L * 1024 * 1024);
        assertThat(config.limits().imapLineLength()).isEqualTo(16384);
        assertThat(config.limits().literalSize()).isEqualTo(1024);
        assertThat(config.timeouts().imapIdle()).isEqualTo(Duration.ofHours(1));
        assertThat(config.timeouts().shutdownGrace()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.listeners()).containsExactly(new ListenerConfig(ListenerProtocol.IMAP,
                InetAddress.ofLiteral("::"), 993, TlsMode.IMPLICIT));
    }

    @Test
    void badValuesAreNamedWithKeyValueAndFix() {
        assertThat(problemsOf("[limits]\nmessage-size = \"-1\"")).isEqualTo(
                "config tern.toml: limits.message-size = \"-1\": must be a positive size like \"50M\", \"64K\" or 1000 (bytes)");
        assertThat(problemsOf("[timeouts]\nimap-idle = \"5m\"")).isEqualTo(
                "config tern.toml: timeouts.imap-idle = \"5m\": must be at least 30m (RFC 9051 §5.4)");
        assertThat(problemsOf("[timeouts]\nsmtp-idle = \"ten minutes\"")).isEqualTo(
                "config tern.toml: timeouts.smtp-idle = \"ten minutes\": must be a duration like \"30m\", \"10s\" or \"500ms\"");
        assertThat(problemsOf("plaintext-auth = \"sometimes\"")).isEqualTo(
                "config tern.toml: plaintext-auth = \"sometimes\": must be one of \"never\", \"loopback\", \"always\"");
        assertThat(problemsOf("[admin]\nport = 70000")).isEqualTo(
                "config tern.toml: admin.port = 70000: must be a whole number from 0 to 65535");
        assertThat(problemsOf("[admin]\naddress = \"localhost\"")).contains(
                "admin.address = \"localhost\": must be an IP address like \"127.0.0.1\"");
        assertThat(problemsOf("[store]\ngroup-commit = \"yes\"")).contains(
                "store.group-commit = \"yes\": must be true or false (without quotes)");
        assertThat(problemsOf("hostname = \"not a host\"")).contains(
                "hostname = \"not a host\": must be a DNS name like \"mail.example.com\"");
        assertThat(problemsOf("[limits]\nsmtp-line-length = 10")).contains(
                "limits.smtp-line-length = 10: must be at least 80 bytes");
    }

    @Test
    void theThrottleMimeAndDeliveryKeysAreRead() {
        var config = parse("""
                [limits]
                mime-parts = 50
                mime-header-size = "8K"
                mime-header-fields = 100
                alias-depth = 3
                [auth]
                failure-delay = "0s"
                failure-delay-max = "2s"
                failure-window = "1m"
                failure-clients = 7
                [delivery]
                recipient-delimiter = "+-"
                """);
        assertThat(config.limits().mimeParts()).isEqualTo(50);
        assertThat(config.limits().mimeHeaderBytes()).isEqualTo(8 * 1024);
        assertThat(config.limits().mimeHeaderFields()).isEqualTo(100);
        assertThat(config.limits().aliasDepth()).isEqualTo(3);
        assertThat(config.auth().failureDelay()).isEqualTo(Duration.ZERO);
        assertThat(config.auth().failureDelayMax()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.auth().failureWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.auth().failureClients()).isEqualTo(7);
        assertThat(config.delivery().recipientDelimiter()).isEqualTo("+-");
    }

    @Test
    void inconsistentThrottleAndDelimiterValuesAreNamed() {
        assertThat(problemsOf("[auth]\nfailure-delay = \"20s\"\nfailure-delay-max = \"5s\"")).contains(
                "auth.failure-delay-max is shorter than auth.failure-delay");
        assertThat(problemsOf("[delivery]\nrecipient-delimiter = \"@\"")).contains(
                "delivery.recipient-delimiter = \"@\": '@', '.' and spaces cannot separate a tag");
        assertThat(problemsOf("[delivry]\nrecipient-delimiter = \"+\"")).contains("[delivery]");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> parse("[limits]\nrecipients-per-message = 0\nconnections = -5\n"));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).contains("limits.recipients-per-message = 0");
        assertThat(e.problems().get(1)).contains("limits.connections = -5");
    }

    @Test
    void unknownKeysAreErrorsNotIgnored() {
        assertThat(problemsOf("[limits]\nmesage-size = \"10M\"")).startsWith(
                "config tern.toml: limits.mesage-size: unknown key; check its spelling (known here: smtp-line-length,");
        assertThat(problemsOf("hostnmae = \"x\"")).contains("hostnmae: unknown key");
        assertThat(problemsOf("[limit]\nmessage-size = \"10M\"")).contains("limit: unknown key");
        assertThat(problemsOf("[[listeners]]\nprotocol = \"imap\"\naddress = \"127.0.0.1\"\nport = 1\ntls = \"none\"\nssl = true"))
                .contains("listeners[0].ssl: unknown key");
    }

    @Test
    void listenersAreCheckedEntryByEntry() {
        assertThat(problemsOf("[[listeners]]\nprotocol = \"imap\"\nport = 143\n")).isEqualTo(
                "config tern.toml: listeners[0]: missing address, tls; every [[listeners]] entry needs protocol, "
                        + "address, port and tls");
        assertThat(problemsOf("[[listeners]]\nprotocol = \"lmtp\"\naddress = \"127.0.0.1\"\nport = 24\ntls = \"none\"\n"))
                .contains("listeners[0].protocol = \"lmtp\": must be one of \"smtp\", \"submission\", \"imap\", \"pop3\"");
        var twice = "[[listeners]]\nprotocol = \"imap\"\naddress = \"127.0.0.1\"\nport = 143\ntls = \"none\"\n";
        assertThat(problemsOf(twice + twice)).contains("listeners[1].port = 143: is used by an earlier listener");
        assertThat(problemsOf("listeners = 3")).contains("listeners = 3: must be a list of tables");
        assertThat(problemsOf("limits = 3")).contains("limits = 3: must be a table");
    }

    @Test
    void brokenTomlSaysWhere() {
        assertThat(problemsOf("hostname = \n")).startsWith("config tern.toml: line 1: not valid TOML:");
    }

    @Test
    void pathsAreRelativeToTheFileAndTheDataDirectory() throws Exception {
        var file = dir.resolve("etc/tern.toml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "data-directory = \"../var\"\n[tls]\ncertificate = \"/etc/ssl/mail.pem\"\n");
        var config = ConfigLoader.load(file, Optional.empty());
        assertThat(config.dataDirectory()).isEqualTo(dir.resolve("var").toAbsolutePath());
        assertThat(config.tls().certificate()).isEqualTo(Path.of("/etc/ssl/mail.pem"));
        assertThat(config.tls().key()).isEqualTo(dir.resolve("var/tls/key.pem").toAbsolutePath());
        assertThat(config.tls().generateIfMissing()).isFalse();
        var overridden = ConfigLoader.load(file, Optional.of(dir.resolve("elsewhere")));
        assertThat(overridden.dataDirectory()).isEqualTo(dir.resolve("elsewhere").toAbsolutePath());
    }

    @Test
    void aMissingFileSaysHowToGetOne() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.toml"), Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.toml: no such file");
    }

    @Test
    void theQueueAndOutboundTablesAreRead() throws Exception {
        Files.writeString(dir.resolve("relay.pw"), "s3cret\n");
        var config = ConfigLoader.parse("""
                [queue]
                retry-intervals = "0s, 1m 2h"
                retry-jitter-percent = 0
                delay-notice = "0s"
                give-up = "2d"
                deliveries = 7
                messages-per-delivery = 5
                poll-interval = "500ms"
                [outbound]
                port = 2525
                dns-server = "127.0.0.1"
                dns-port = 5353
                tls-verify = true
                smart-host = "relay.example.net"
                smart-host-username = "me"
                smart-host-password-file = "relay.pw"
                """, "tern.toml", dir, Optional.of(dir));
        assertThat(config.queue()).isEqualTo(new QueueConfig(java.util.List.of(Duration.ZERO,
                Duration.ofMinutes(1), Duration.ofHours(2)), 0, Duration.ZERO,
                Duration.ofDays(2), 7, 5, Duration.ofMillis(500)));
        var outbound = config.outbound();
        assertThat(outbound.port()).isEqualTo(2525);
        assertThat(outbound.dnsServer()).contains(InetAddress.getByName("127.0.0.1"));
        assertThat(outbound.dnsPort()).isEqualTo(5353);
        assertThat(outbound.tlsVerify()).isTrue();
        var relay = outbound.smartHost().orElseThrow();
        assertThat(relay.host()).isEqualTo("relay.example.net");
        assertThat(relay.port()).isEqualTo(587);
        assertThat(relay.tls()).isEqualTo(TlsMode.STARTTLS);
        assertThat(relay.username()).contains("me");
        assertThat(relay.passwordFile()).contains(dir.resolve("relay.pw"));
        assertThat(parse("").outbound().smartHost()).isEmpty();
        assertThat(parse("").outbound().dnsServer()).isEmpty();
    }

    @Test
    void badQueueAndOutboundValuesAreNamed() {
        var problems = problemsOf("""
                [queue]
                retry-intervals = "0s soon"
                [outbound]
                dns-server = "dns.example"
                smart-host = "relay.example.net"
                smart-host-username = "me"
                """);
        assertThat(problems).contains("queue.retry-intervals").contains("\"soon\" is not a duration")
                .contains("outbound.dns-server = \"dns.example\": must be an IP address")
                .contains("outbound.smart-host-password-file is not");
    }
}
