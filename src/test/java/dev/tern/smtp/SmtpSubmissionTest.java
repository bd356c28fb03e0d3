package dev.tern.smtp;

import static dev.tern.smtp.Mailboxes.ALICE;
import static dev.tern.smtp.Mailboxes.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.ListenerProtocol;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transcripts against the submission listener: AUTH, whose addresses a user may send from, where mail goes. */
@TernTest(toml = "hostname = \"mx.example.com\"\n[limits]\nauthentication-failures = 2")
class SmtpSubmissionTest {

    @BeforeEach
    void accounts(TernTestServer tern) {
        Mailboxes.create(tern);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static SmtpClient submission(TernTestServer tern) throws Exception {
        var c = SmtpClient.connect(tern.port(ListenerProtocol.SUBMISSION));
        assertThat(c.send("EHLO laptop.example")).contains("250-AUTH SCRAM-SHA-256 PLAIN LOGIN");
        return c;
    }

    private static SmtpClient loggedIn(TernTestServer tern) throws Exception {
        var c = submission(tern);
        assertThat(c.send("AUTH PLAIN " + b64("\0alice@example.com\0alice-pw"))).isEqualTo("235 2.7.0 Authentication successful");
        return c;
    }

    @Test
    void mailNeedsAuthenticationFirst(TernTestServer tern) throws Exception {
        try (var c = submission(tern)) {
            assertThat(c.send("MAIL FROM:<alice@example.com>")).isEqualTo("530 5.7.0 Authentication required: use AUTH first");
        }
    }

    @Test
    void plainWithoutInitialResponseAndLogin(TernTestServer tern) throws Exception {
        try (var c = submission(tern)) {
            assertThat(c.send("AUTH PLAIN")).isEqualTo("334 ");
            assertThat(c.send(b64("\0bob@example.com\0bob-pw"))).startsWith("235 2.7.0");
            assertThat(c.send("AUTH PLAIN " + b64("\0bob@example.com\0bob-pw"))).startsWith("503 5.5.1");
        }
        try (var c = submission(tern)) {
            assertThat(c.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(c.send(b64("alice@example.com"))).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(c.send(b64("alice-pw"))).startsWith("235 2.7.0");
        }
    }

    @Test
    void scramSha256(TernTestServer tern) throws Exception {
        try (var c = submission(tern)) {
            var clientFirstBare = "n=alice@example.com,r=clientnonce123";
            var challenge = c.send("AUTH SCRAM-SHA-256 " + b64("n,," + clientFirstBare));
            assertThat(challenge).startsWith("334 ");
            var serverFirst = new String(Base64.getDecoder().decode(challenge.substring(4)), StandardCharsets.UTF_8);
            var serverFinal = c.send(b64(dev.tern.auth.ScramClient.finalMessage("alice-pw", clientFirstBare, serverFirst)));
            assertThat(new String(Base64.getDecoder().decode(serverFinal.substring(4)), StandardCharsets.UTF_8)).startsWith("v=");
            assertThat(c.send("")).startsWith("235 2.7.0");
        }
    }

    @Test
    void wrongPasswordsAre535UntilTheConnectionIsClosed(TernTestServer tern) throws Exception {
        try (var c = submission(tern)) {
            assertThat(c.send("AUTH PLAIN " + b64("\0alice@example.com\0wrong"))).isEqualTo("535 5.7.8 Authentication credentials invalid");
            assertThat(c.send("AUTH LOGIN " + b64("alice@example.com"))).startsWith("334");
            assertThat(c.send("*")).startsWith("501 5.0.0");
            assertThat(c.send("AUTH CRAM-MD5")).startsWith("504 5.5.4");
            assertThat(c.send("AUTH PLAIN " + b64("\0nobody@example.com\0x"))).startsWith("421 4.7.0");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void theEnvelopeSenderMustBeOwned(TernTestServer tern) throws Exception {
        try (var c = loggedIn(tern)) {
            assertThat(c.send("MAIL FROM:<bob@example.com>")).startsWith("553 5.7.1 <bob@example.com> is not an address of alice@example.com");
            assertThat(c.send("MAIL FROM:<ceo@remote.example>")).startsWith("553 5.7.1");
            assertThat(c.send("MAIL FROM:<>")).startsWith("553 5.7.1");
            assertThat(c.send("MAIL FROM:<alice%bob@example.com>")).startsWith("553 5.7.1");
            assertThat(c.send("MAIL FROM:<team@example.com>")).as("an alias reaching alice").startsWith("250");
            c.send("RSET");
            assertThat(c.send("MAIL FROM:<Alice+lists@example.com>")).startsWith("250");
            c.send("RSET");
            assertThat(c.send("MAIL FROM:<alice@example.com>")).startsWith("250");
        }
    }

    @Test
    void localRecipientsAreDeliveredAndRemoteOnesQueuedWithTheirDsnParameters(TernTestServer tern) throws Exception {
        String reply;
        try (var c = loggedIn(tern)) {
            c.send("MAIL FROM:<alice@example.com> ENVID=env+2B1 RET=FULL BODY=8BITMIME");
            assertThat(c.send("RCPT TO:<bob@example.com>")).startsWith("250");
            assertThat(c.send("RCPT TO:<friend@remote.example> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;Friend@remote.example"))
                    .startsWith("250");
            assertThat(c.send("RCPT TO:<nobody@example.com>")).startsWith("550 5.1.1");
            c.send("DATA");
            reply = c.send("Subject: out\r\n\r\nhi\r\n.");
        }
        assertThat(reply).matches("250 2\\.0\\.0 OK id=\\w+ queued as \\S+");
        var bobs = Mailboxes.inbox(tern, BOB);
        assertThat(bobs).singleElement().asString()
                .startsWith("Return-Path: <alice@example.com>\r\nReceived: from laptop.example ([127.0.0.1])\r\n")
                .contains(" with ESMTPA id ");
        assertThat(Mailboxes.messages(tern, ALICE, "Sent")).as("no copy in Sent").isEmpty();
        var entry = tern.storage().queue().entries().getFirst();
        assertThat(reply).endsWith(" queued as " + entry.id().value());
        assertThat(entry.sender()).isEqualTo("alice@example.com");
        assertThat(entry.envelopeId()).contains("env+1");
        assertThat(entry.ret()).contains("FULL");
        assertThat(entry.eightBit()).isTrue();
        assertThat(entry.recipients()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("friend@remote.example");
            assertThat(r.notifyOn()).contains("SUCCESS").contains("DELAY");
            assertThat(r.originalRecipient()).contains("rfc822;Friend@remote.example");
        });
        try (var body = tern.storage().blobs().open(entry.body())) {
            var text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).startsWith("Received: from laptop.example").doesNotContain("Return-Path").endsWith("\r\nhi\r\n");
        }
    }

    @Test
    void implicitTlsSubmission(TernTestServer tern) throws Exception {
        try (var c = SmtpClient.connectTls(tern.implicitTlsPort(ListenerProtocol.SUBMISSION))) {
            var ehlo = c.send("EHLO laptop.example");
            assertThat(ehlo).contains("AUTH ").doesNotContain("STARTTLS");
            assertThat(c.send("AUTH PLAIN " + b64("\0alice@example.com\0alice-pw"))).startsWith("235");
            c.send("MAIL FROM:<alice@example.com>");
            c.send("RCPT TO:<bob@example.com>");
            c.send("DATA");
            assertThat(c.send("Subject: tls\r\n\r\nx\r\n.")).startsWith("250");
        }
        assertThat(Mailboxes.inbox(tern, BOB).getFirst()).contains(" with ESMTPSA id ");
    }
}
