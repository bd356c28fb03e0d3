package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import org.junit.jupiter.api.Test;

/** The bounds of [limits] as an IMAP client meets them. */
@TernTest(toml = """
        [limits]
        imap-line-length = "1K"
        literal-size = 100
        message-size = "2K"
        commands-before-authentication = 4
        authentication-failures = 1
        """)
class ImapLimitsTest {

    @Test
    void anOverlongLineEndsTheConnectionWithBye(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        try (var c = new ImapClient(fixture.connect())) {
            c.readLine();
            c.send("a1 NOOP " + "x".repeat(2000));
            assertThat(c.readLine()).startsWith("* BYE [TOOBIG]");
            assertThat(c.readLine()).isNull();
        }
    }

    @Test
    void aLiteralOverTheLimitIsRefusedBeforeTheContinuation(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        try (var c = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            assertThat(c.command("CREATE {101}")).containsExactly("t2 NO [TOOBIG] literal of 101 octets is larger "
                    + "than 100 (limits.literal-size)");
            assertThat(c.command("APPEND INBOX {2049}").getLast()).startsWith("t3 NO [TOOBIG]");
            c.send("t4 APPEND INBOX {2049+}");
            assertThat(c.readLine()).startsWith("* BYE [TOOBIG]");
        }
    }

    @Test
    void tooManyCommandsBeforeLoginEndTheConnection(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        try (var c = new ImapClient(fixture.connect())) {
            c.readLine();
            for (int i = 0; i < 4; i++) assertThat(c.command("NOOP").getLast()).endsWith("OK NOOP completed");
            c.send("t5 NOOP");
            assertThat(c.readLine()).startsWith("* BYE");
            assertThat(c.readLine()).isNull();
        }
    }

    @Test
    void failedLoginsOverTheLimitEndTheConnection(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        try (var c = new ImapClient(fixture.connect())) {
            c.readLine();
            assertThat(c.command("LOGIN alice@example.org nope")).containsExactly(
                    "t1 NO [AUTHENTICATIONFAILED] Authentication failed");
            assertThat(c.command("LOGIN alice@example.org nope2")).containsExactly(
                    "t2 NO [AUTHENTICATIONFAILED] Authentication failed");
            assertThat(c.readLine()).startsWith("* BYE");
            assertThat(c.readLine()).isNull();
        }
    }
}
