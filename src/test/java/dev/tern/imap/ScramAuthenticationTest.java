package dev.tern.imap;

import dev.tern.auth.ScramClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** AUTHENTICATE SCRAM-SHA-256 (RFC 7677) with SASL-IR, the client side written out from RFC 5802 §3. */
@TernTest
class ScramAuthenticationTest {
    private static final Base64.Encoder B64 = Base64.getEncoder();

    @Test
    void scramWithInitialResponseLogsIn(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        try (var c = new ImapClient(fixture.connect())) {
            c.readLine();
            var clientFirstBare = "n=" + ImapFixture.USER + ",r=clientnonce123";
            c.send("s1 AUTHENTICATE SCRAM-SHA-256 " + b64("n,," + clientFirstBare));
            var serverFirst = unb64(continuation(c.readLine()));
            assertThat(ScramClient.attributes(serverFirst).get("r")).startsWith("clientnonce123");
            var scram = ScramClient.finish(ImapFixture.PASSWORD, clientFirstBare, serverFirst);
            c.send(b64(scram.message()));
            assertThat(unb64(continuation(c.readLine()))).isEqualTo(scram.expectedServerFinal());
            c.send("");
            assertThat(c.readLine()).startsWith("s1 OK [CAPABILITY IMAP4rev2");
            assertThat(c.command("SELECT INBOX").getLast()).contains("OK [READ-WRITE]");
        }
    }

    @Test
    void scramWithAWrongPasswordFails(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        try (var c = new ImapClient(fixture.connect())) {
            c.readLine();
            c.send("s1 AUTHENTICATE SCRAM-SHA-256 " + b64("n,,n=" + ImapFixture.USER + ",r=abc"));
            var attrs = ScramClient.attributes(unb64(continuation(c.readLine())));
            c.send(b64("c=biws,r=" + attrs.get("r") + ",p=" + B64.encodeToString(new byte[32])));
            assertThat(c.readLine()).isEqualTo("s1 NO [AUTHENTICATIONFAILED] Authentication failed");
        }
    }

    private static String continuation(String line) {
        assertThat(line).startsWith("+ ");
        return line.substring(2);
    }

    private static String b64(String s) { return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

    private static String unb64(String s) { return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8); }
}
