package dev.tern.pop3;

import dev.tern.auth.ScramClient;
import static dev.tern.pop3.Pop3Client.base64;
import static dev.tern.pop3.Pop3Client.unbase64;
import static dev.tern.pop3.Pop3Fixture.PASSWORD;
import static dev.tern.pop3.Pop3Fixture.USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import org.junit.jupiter.api.Test;

/**
 * STLS (RFC 2595), implicit TLS and SASL AUTH (RFC 5034) where no plaintext password is allowed without TLS, so
 * that what the security policy says shows in every reply.
 */
@TernTest(toml = "plaintext-auth = \"never\"")
class Pop3TlsAndSaslTest {

    @Test
    void withoutTlsUserAndPlainAreRefusedAndNotOffered(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        try (var c = Pop3Client.connect(f.port())) {
            assertThat(c.multiline("CAPA")).doesNotContain("USER").contains("SASL SCRAM-SHA-256", "STLS");
            assertThat(c.send("USER " + USER)).startsWith("-ERR USER/PASS would send the password in the clear");
            assertThat(c.send("AUTH PLAIN " + base64("\0" + USER + "\0" + PASSWORD)))
                    .startsWith("-ERR PLAIN sends the password in the clear");
            assertThat(c.send("AUTH LOGIN")).startsWith("-ERR SASL mechanism LOGIN is not supported");
        }
    }

    @Test
    void stlsDropsPipelinedInputThenOffersUser(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        f.deliver(Pop3Fixture.message(1));
        try (var c = Pop3Client.connect(f.port())) {
            // RFC 2595 §4 / CVE-2011-0411: commands sent with STLS before the handshake must not be run after it.
            c.write("STLS\r\nUSER " + USER + "\r\nPASS " + PASSWORD + "\r\n");
            assertThat(c.line()).isEqualTo("+OK Begin TLS negotiation");
            c.startTls();
            assertThat(c.send("STAT")).as("the injected login did not happen").startsWith("-ERR STAT is not valid");
            assertThat(c.multiline("CAPA")).contains("USER", "SASL PLAIN SCRAM-SHA-256").doesNotContain("STLS");
            assertThat(c.send("STLS")).isEqualTo("-ERR TLS is active already");
            c.login(USER, PASSWORD);
            assertThat(c.send("STAT")).startsWith("+OK 1 ");
        }
    }

    @Test
    void implicitTlsAllowsUserPassAndOffersNoStls(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        try (var c = Pop3Client.connectTls(f.tlsPort())) {
            assertThat(c.greeting).startsWith("+OK");
            assertThat(c.multiline("CAPA")).contains("USER").doesNotContain("STLS");
            assertThat(c.send("STLS")).isEqualTo("-ERR STLS is not offered on this port");
            c.login(USER, PASSWORD);
        }
    }

    @Test
    void authPlainWithAndWithoutInitialResponse(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        try (var c = Pop3Client.connectTls(f.tlsPort())) {
            assertThat(c.send("AUTH plain " + base64("\0" + USER + "\0" + PASSWORD)))
                    .startsWith("+OK maildrop has 0 messages");
        }
        try (var c = Pop3Client.connectTls(f.tlsPort())) {
            assertThat(c.multiline("AUTH")).containsExactly("PLAIN", "SCRAM-SHA-256");
            assertThat(c.send("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(c.send("*")).startsWith("-ERR [AUTH]");
            assertThat(c.send("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(c.send(base64(USER + "\0" + USER + "\0" + PASSWORD))).startsWith("+OK maildrop has");
        }
    }

    @Test
    void authScramSha256OverPlaintext(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        try (var c = Pop3Client.connect(f.port())) {
            var clientFirstBare = "n=" + USER + ",r=clientnonce123";
            var challenge = c.send("AUTH SCRAM-SHA-256 " + base64("n,," + clientFirstBare));
            assertThat(challenge).startsWith("+ ");
            var serverFirst = unbase64(challenge.substring(2));
            var serverFinal = c.send(base64(ScramClient.finalMessage(PASSWORD, clientFirstBare, serverFirst)));
            assertThat(serverFinal).startsWith("+ ");
            assertThat(unbase64(serverFinal.substring(2))).startsWith("v=");
            assertThat(c.send("")).startsWith("+OK maildrop has 0 messages");
        }
        try (var c = Pop3Client.connect(f.port())) {
            var clientFirstBare = "n=" + USER + ",r=othernonce";
            assertThat(c.send("AUTH SCRAM-SHA-256")).isEqualTo("+ ");
            var serverFirst = unbase64(c.send(base64("n,," + clientFirstBare)).substring(2));
            assertThat(c.send(base64(ScramClient.finalMessage("wrong", clientFirstBare, serverFirst))))
                    .isEqualTo("-ERR [AUTH] authentication failed");
        }
    }
}
