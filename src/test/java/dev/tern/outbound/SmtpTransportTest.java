package dev.tern.outbound;

import dev.tern.dns.MailExchangers;
import dev.tern.dns.TestDnsServer;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpTransportTest {
    private static final String BODY = "Subject: test\r\n\r\nline one\r\n.leading dot\r\nlast\r\n";

    @TempDir
    Path dir;
    TestDnsServer dns;
    ScriptedReceiver primary;
    SmtpTransport transport;

    @BeforeEach
    void start() throws Exception {
        dns = new TestDnsServer();
        primary = new ScriptedReceiver("127.0.0.2", 0);
        dns.mx("remote.example", 10, "mx.remote.example").a("mx.remote.example", "127.0.0.2");
        transport = transport(Optional.empty());
    }

    private SmtpTransport transport(Optional<SmtpTransport.SmartHost> smartHost) {
        var exchangers = MailExchangers.using(InetAddress.getLoopbackAddress(), dns.port(), Duration.ofSeconds(2));
        return new SmtpTransport(new SmtpTransport.Settings("tern.test", primary.port(), ClientTls.opportunistic(),
                ClientTimeouts.all(Duration.ofSeconds(10)), smartHost), exchangers);
    }

    @AfterEach
    void stop() throws Exception {
        transport.close();
        primary.close();
        dns.close();
    }

    private static OutboundMessage message(String body, boolean eightBit, String... recipients) {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        var rcpts = java.util.Arrays.stream(recipients).map(a -> new OutboundMessage.Recipient(a, "SUCCESS,FAILURE",
                Optional.of("rfc822;" + a))).toList();
        return new OutboundMessage("alice@example.org", Optional.of("id+1=x"), Optional.of("HDRS"), eightBit, false,
                bytes.length, rcpts, () -> new ByteArrayInputStream(bytes));
    }

    @Test
    void deliversWithPipeliningPassingSizeBodyAndDsnParameters() {
        var outcomes = transport.deliver("remote.example", message(BODY, true, "bob@remote.example"));

        assertThat(outcomes).extracting(Outcome::kind).containsExactly(Outcome.Kind.DELIVERED);
        assertThat(outcomes.getFirst().reply().remoteHost()).isEqualTo("mx.remote.example");
        var got = primary.received.getFirst();
        assertThat(got.mailFrom()).isEqualTo("MAIL FROM:<alice@example.org> SIZE=" + BODY.length()
                + " BODY=8BITMIME RET=HDRS ENVID=id+2B1+3Dx");
        assertThat(got.rcptTo()).containsExactly(
                "RCPT TO:<bob@remote.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@remote.example");
        assertThat(got.text()).as("dot-stuffing undone by the receiver").isEqualTo(BODY);
    }

    @Test
    void recipientsGetTheirOwnOutcomes() {
        primary.rcptReply = line -> line.contains("gone@") ? "550 5.1.1 no such user"
                : line.contains("full@") ? "452 4.2.2 mailbox full" : "250 2.1.5 ok";

        var outcomes = transport.deliver("remote.example",
                message(BODY, false, "gone@remote.example", "full@remote.example", "bob@remote.example"));

        assertThat(outcomes).extracting(Outcome::kind).containsExactly(Outcome.Kind.FAILED, Outcome.Kind.DEFERRED,
                Outcome.Kind.DELIVERED);
        assertThat(outcomes.getFirst().reply()).isEqualTo(
                new SmtpReply(550, "5.1.1", "no such user", "mx.remote.example"));
        assertThat(primary.received.getFirst().rcptTo()).hasSize(1);
    }

    @Test
    void everyExchangerIsTriedBeforeDeferring() throws Exception {
        dns.clear();
        // 127.0.0.4 has nothing listening: connection refused, so the next exchanger is tried.
        dns.mx("remote.example", 5, "down.remote.example").a("down.remote.example", "127.0.0.4")
                .mx("remote.example", 10, "mx.remote.example").a("mx.remote.example", "127.0.0.2");
        assertThat(transport.deliver("remote.example", message(BODY, false, "bob@remote.example")))
                .extracting(Outcome::kind).containsExactly(Outcome.Kind.DELIVERED);

        primary.close();
        transport.close(); // drops the kept connection, which would otherwise still reach the receiver
        transport = transport(Optional.empty());
        var outcomes = transport.deliver("remote.example", message(BODY, false, "bob@remote.example"));
        assertThat(outcomes).extracting(Outcome::kind).containsExactly(Outcome.Kind.DEFERRED);
        assertThat(outcomes.getFirst().reply().code()).isZero();
    }

    @Test
    void aTemporaryRefusalOfTheFirstHostSendsTheMessageToTheNext() throws Exception {
        try (var backup = new ScriptedReceiver("127.0.0.3", primary.port())) {
            dns.mx("remote.example", 20, "backup.remote.example").a("backup.remote.example", "127.0.0.3");
            primary.greeting = "421 4.3.2 too busy";

            var outcomes = transport.deliver("remote.example", message(BODY, false, "bob@remote.example"));

            assertThat(outcomes).extracting(Outcome::kind).containsExactly(Outcome.Kind.DELIVERED);
            assertThat(outcomes.getFirst().reply().remoteHost()).isEqualTo("backup.remote.example");
            assertThat(backup.received).hasSize(1);
        }
    }

    @Test
    void aNullMxFailsAtOnce() {
        dns.mx("nomail.example", 0, ".");
        var outcomes = transport.deliver("nomail.example", message(BODY, false, "x@nomail.example"));
        assertThat(outcomes.getFirst().kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(outcomes.getFirst().reply().enhancedCode()).isEqualTo("5.1.10");
    }

    @Test
    void anUnknownDomainFailsAndABrokenResolverDefers() {
        assertThat(transport.deliver("nowhere.example", message(BODY, false, "x@nowhere.example")).getFirst().kind())
                .isEqualTo(Outcome.Kind.FAILED);
        dns.servfail("flaky.example");
        assertThat(transport.deliver("flaky.example", message(BODY, false, "x@flaky.example")).getFirst().kind())
                .isEqualTo(Outcome.Kind.DEFERRED);
    }

    @Test
    void anEightBitMessageFailsClearlyAtAHostWithout8BitMime() {
        primary.extensions = Set.of("PIPELINING");
        var outcome = transport.deliver("remote.example", message("Subject: é\r\n\r\ncafé\r\n", true,
                "bob@remote.example")).getFirst();
        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(outcome.reply().enhancedCode()).isEqualTo("5.6.3");
        assertThat(outcome.reply().text()).contains("does not offer 8BITMIME");
        assertThat(primary.received).isEmpty();
    }

    @Test
    void withoutPipeliningOrDsnEachCommandWaitsForItsReplyAndDsnParametersAreLeftOut() {
        primary.extensions = Set.of("8BITMIME");
        var outcomes = transport.deliver("remote.example", message(BODY, false, "a@remote.example",
                "b@remote.example"));
        assertThat(outcomes).extracting(Outcome::kind).containsOnly(Outcome.Kind.DELIVERED);
        var got = primary.received.getFirst();
        assertThat(got.mailFrom()).isEqualTo("MAIL FROM:<alice@example.org>");
        assertThat(got.rcptTo()).containsExactly("RCPT TO:<a@remote.example>", "RCPT TO:<b@remote.example>");
    }

    @Test
    void chunkingSendsTheBodyAsOneBdat() {
        primary.extensions = Set.of("CHUNKING", "8BITMIME", "PIPELINING");
        transport.deliver("remote.example", message(BODY, false, "bob@remote.example"));
        assertThat(primary.commands).anyMatch(c -> c.equals("BDAT " + BODY.length() + " LAST"));
        assertThat(primary.received.getFirst().text()).isEqualTo(BODY);
    }

    @Test
    void startTlsIsUsedWhenOffered() {
        primary.withStartTls(dir);
        transport.deliver("remote.example", message(BODY, false, "bob@remote.example"));
        assertThat(primary.received.getFirst().tls()).isTrue();
    }

    @Test
    void aConnectionIsReusedForTheNextMessageToTheSameHost() {
        for (int i = 0; i < 3; i++) transport.deliver("remote.example", message(BODY, false, "bob@remote.example"));
        assertThat(primary.received).hasSize(3);
        assertThat(primary.connections).hasValue(1);
        assertThat(primary.commands).as("no probe round trip before reuse").noneMatch(c -> c.startsWith("RSET"));
    }

    @Test
    void aKeptConnectionThePeerClosedIsReplacedAndTheMessageDeliveredOnce() {
        for (var closing : new String[] {"", "421 4.4.2 receiver closing connection"}) {
            primary.received.clear();
            primary.connections.set(0);
            primary.closeAfterMessage = closing;
            for (int i = 0; i < 3; i++) {
                var outcomes = transport.deliver("remote.example", message(BODY, false, "bob@remote.example"));
                assertThat(outcomes).as("closing with \"" + closing + "\"").singleElement()
                        .extracting(Outcome::kind).isEqualTo(Outcome.Kind.DELIVERED);
            }
            assertThat(primary.received).as("each message once").hasSize(3);
            assertThat(primary.connections).as("a new connection for each").hasValue(3);
        }
    }

    @Test
    void noConnectionIsKeptWhenThePoolMayHoldNone() {
        transport.close();
        var exchangers = MailExchangers.using(InetAddress.getLoopbackAddress(), dns.port(), Duration.ofSeconds(2));
        transport = new SmtpTransport(new SmtpTransport.Settings("tern.test", primary.port(), ClientTls.opportunistic(),
                ClientTimeouts.all(Duration.ofSeconds(10)), Optional.empty(), 0), exchangers);
        for (int i = 0; i < 3; i++) transport.deliver("remote.example", message(BODY, false, "bob@remote.example"));
        assertThat(primary.received).hasSize(3);
        assertThat(primary.connections).hasValue(3);
    }

    @Test
    void aSmartHostTakesEveryMessageWithAuthPlain() throws Exception {
        transport.close();
        transport = transport(Optional.of(new SmtpTransport.SmartHost("127.0.0.2", primary.port(), false, true,
                Optional.of("user"), Optional.of("secret"))));

        var outcomes = transport.deliver("anywhere.example", message(BODY, false, "x@anywhere.example"));

        assertThat(outcomes).extracting(Outcome::kind).containsExactly(Outcome.Kind.DELIVERED);
        assertThat(primary.commands).anyMatch(c -> c.startsWith("AUTH PLAIN "));
    }

    @Test
    void aSenderRefusedEverywhereFailsAndATemporaryRefusalDefers() {
        primary.mailReply = line -> "550 5.7.1 sender rejected";
        var failed = transport.deliver("remote.example", message(BODY, false, "bob@remote.example")).getFirst();
        assertThat(failed.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(failed.reply().enhancedCode()).isEqualTo("5.7.1");

        primary.mailReply = line -> "451 4.3.0 later";
        var deferred = transport.deliver("remote.example", message(BODY, false, "bob@remote.example")).getFirst();
        assertThat(deferred.kind()).isEqualTo(Outcome.Kind.DEFERRED);
        assertThat(primary.received).isEmpty();
    }
}
