package dev.tern.dns;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DNS cache against a loopback DNS server that counts the queries it answers. */
class DnsCacheTest {
    private final TestDnsServer dns;
    private final MutableClock clock = new MutableClock();

    DnsCacheTest() throws Exception {
        dns = new TestDnsServer();
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    /** A clock the test moves by hand, so that expiry does not depend on how fast the machine is. */
    static final class MutableClock implements InstantSource {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public Instant instant() { return now; }

        void advance(Duration by) { now = now.plus(by); }
    }

    private MailExchangers exchangers(int entries, Duration negativeTtl) {
        return MailExchangers.using(InetAddress.getLoopbackAddress(), dns.port(), Duration.ofSeconds(2),
                new DnsCache(entries, negativeTtl, clock));
    }

    @Test
    void tenThousandRoutesToOneDomainFromManyThreadsAskTheDnsOncePerQuestion() throws Exception {
        dns.mx("remote.example", 10, "mx.remote.example").a("mx.remote.example", "127.0.0.2");
        var exchangers = exchangers(100, Duration.ofMinutes(1));
        var tasks = new ArrayList<Callable<Route>>();
        for (int i = 0; i < 10_000; i++) tasks.add(() -> exchangers.route("remote.example"));

        try (var pool = Executors.newFixedThreadPool(16)) {
            for (var future : pool.invokeAll(tasks)) {
                assertThat(((Route.Exchangers) future.get()).hosts().getFirst().addresses())
                        .containsExactly(InetAddress.getByName("127.0.0.2"));
            }
        }

        // MX of the domain, then A and AAAA of its exchanger: three questions, each asked once.
        assertThat(dns.queries()).isEqualTo(3);
    }

    @Test
    void anAnswerIsKeptForItsTtlAndAskedAgainAfter() throws Exception {
        dns.ttl(60).mx("remote.example", 10, "mx.remote.example").a("mx.remote.example", "127.0.0.2");
        var exchangers = exchangers(100, Duration.ofMinutes(1));

        exchangers.route("remote.example");
        clock.advance(Duration.ofSeconds(59));
        exchangers.route("remote.example");
        assertThat(dns.queries()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(2));
        dns.clear();
        dns.mx("remote.example", 10, "mx.remote.example").a("mx.remote.example", "127.0.0.3");
        var route = (Route.Exchangers) exchangers.route("remote.example");
        assertThat(dns.queries()).isEqualTo(6);
        assertThat(route.hosts().getFirst().addresses()).containsExactly(InetAddress.getByName("127.0.0.3"));
    }

    @Test
    void aRecordWithTtlZeroIsNeverKept() throws Exception {
        dns.ttl(0).mx("remote.example", 10, "mx.remote.example").a("mx.remote.example", "127.0.0.2")
                .a("mx.remote.example", "::1");
        var exchangers = exchangers(100, Duration.ofMinutes(1));
        exchangers.route("remote.example");
        exchangers.route("remote.example");
        assertThat(dns.queries()).isEqualTo(6);
    }

    @Test
    void aDomainThatDoesNotExistIsRememberedOnlyForTheNegativeTtl() throws Exception {
        var exchangers = exchangers(100, Duration.ofSeconds(30));

        assertThat(exchangers.route("nowhere.example")).isInstanceOf(Route.NoSuchDomain.class);
        clock.advance(Duration.ofSeconds(29));
        assertThat(exchangers.route("nowhere.example")).isInstanceOf(Route.NoSuchDomain.class);
        assertThat(dns.queries()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        dns.mx("nowhere.example", 10, "mx.nowhere.example").a("mx.nowhere.example", "127.0.0.4");
        assertThat(exchangers.route("nowhere.example")).isInstanceOf(Route.Exchangers.class);
    }

    @Test
    void theZonesSoaShortensTheNegativeTtl() throws Exception {
        // RFC 2308 §5: the negative answer lives for the SOA's MINIMUM (5 s) here, not the configured 60 s.
        dns.soa("remote.example", 5).a("remote.example", "127.0.0.2");
        var exchangers = exchangers(100, Duration.ofSeconds(60));

        exchangers.addresses(TestDnsServer.name("gone.remote.example"));
        exchangers.addresses(TestDnsServer.name("gone.remote.example"));
        assertThat(dns.queries()).isEqualTo(2); // A and AAAA, once each
        clock.advance(Duration.ofSeconds(6));
        exchangers.addresses(TestDnsServer.name("gone.remote.example"));
        assertThat(dns.queries()).isEqualTo(4);
    }

    @Test
    void failuresAreNeverKept() {
        dns.servfail("broken.example");
        var exchangers = exchangers(100, Duration.ofMinutes(1));

        assertThatThrownBy(() -> exchangers.route("broken.example")).isInstanceOf(DnsFailure.class);
        assertThatThrownBy(() -> exchangers.route("broken.example")).isInstanceOf(DnsFailure.class);
        assertThat(dns.queries()).isEqualTo(2);
    }

    @Test
    void theCacheKeepsAtMostItsSizeDroppingTheLeastRecentlyUsed() throws Exception {
        for (var d : new String[] {"a.example", "b.example", "c.example"}) dns.mx(d, 10, "mx." + d);
        var cache = new DnsCache(2, Duration.ofMinutes(1), clock);
        var exchangers = MailExchangers.using(InetAddress.getLoopbackAddress(), dns.port(), Duration.ofSeconds(2),
                cache);

        // Each route asks MX of the domain, then A and AAAA of a host that does not exist: 3 answers per domain.
        exchangers.route("a.example");
        assertThat(cache.size()).isEqualTo(2);
        int afterA = dns.queries();
        exchangers.route("b.example");
        exchangers.route("c.example");
        assertThat(cache.size()).isEqualTo(2);
        exchangers.route("a.example");
        assertThat(dns.queries()).as("a.example was dropped to make room").isEqualTo(afterA * 4);
    }

    @Test
    void aCacheOfSizeZeroAsksEveryTime() throws Exception {
        dns.mx("remote.example", 10, "mx.remote.example").a("mx.remote.example", "127.0.0.2");
        var exchangers = exchangers(0, Duration.ofMinutes(1));
        exchangers.route("remote.example");
        exchangers.route("remote.example");
        assertThat(dns.queries()).isEqualTo(6);
    }
}
