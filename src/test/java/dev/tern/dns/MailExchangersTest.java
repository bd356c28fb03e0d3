package dev.tern.dns;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailExchangersTest {
    private final TestDnsServer dns;
    private final MailExchangers exchangers;

    MailExchangersTest() throws Exception {
        dns = new TestDnsServer();
        exchangers = MailExchangers.using(InetAddress.getLoopbackAddress(), dns.port(), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void exchangersComeInPreferenceOrderWithTheirAddresses() throws Exception {
        dns.mx("remote.example", 20, "backup.remote.example").mx("remote.example", 10, "mx.remote.example")
                .a("mx.remote.example", "127.0.0.2").a("mx.remote.example", "::1")
                .a("backup.remote.example", "127.0.0.3");

        var route = (Route.Exchangers) exchangers.route("remote.example");

        assertThat(route.hosts()).extracting(Exchanger::name).containsExactly("mx.remote.example",
                "backup.remote.example");
        assertThat(route.hosts().getFirst().preference()).isEqualTo(10);
        assertThat(route.hosts().getFirst().addresses()).containsExactly(InetAddress.getByName("127.0.0.2"),
                InetAddress.getByName("::1"));
        assertThat(route.hosts().get(1).addresses()).containsExactly(InetAddress.getByName("127.0.0.3"));
    }

    @Test
    void withoutMxTheDomainItselfIsTheExchanger() throws Exception {
        dns.a("plain.example", "127.0.0.4");

        var route = (Route.Exchangers) exchangers.route("plain.example");

        assertThat(route.hosts()).containsExactly(new Exchanger("plain.example", 0,
                java.util.List.of(InetAddress.getByName("127.0.0.4"))));
    }

    @Test
    void aNullMxMeansTheDomainTakesNoMail() throws Exception {
        dns.mx("nomail.example", 0, ".");
        assertThat(exchangers.route("nomail.example")).isEqualTo(new Route.NullMx("nomail.example"));
    }

    @Test
    void aDomainThatDoesNotExistIsNoRoute() throws Exception {
        assertThat(exchangers.route("nowhere.example")).isInstanceOf(Route.NoSuchDomain.class);
    }

    @Test
    void aServerFailureIsTemporary() {
        dns.servfail("broken.example");
        assertThatThrownBy(() -> exchangers.route("broken.example")).isInstanceOf(DnsFailure.class)
                .hasMessageContaining("SERVFAIL");
    }
}
