package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.auth.Accounts;
import dev.tern.auth.PasswordHash;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import org.junit.jupiter.api.Test;

/** Per-account bounds as an IMAP client meets them: open sessions (limits.imap-sessions-per-account) and quota. */
@TernTest(toml = """
        [limits]
        imap-sessions-per-account = 2
        """)
class ImapAccountLimitsTest {

    @Test
    void aSessionOverTheLimitIsRefusedWhileTheOthersWork(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        try (var first = ImapClient.loggedIn(fixture, ImapFixture.USER);
             var second = ImapClient.loggedIn(fixture, ImapFixture.USER);
             var third = new ImapClient(fixture.connect())) {
            assertThat(third.readLine()).startsWith("* OK");
            assertThat(third.command("LOGIN " + ImapFixture.USER + " " + ImapFixture.PASSWORD)).containsExactly(
                    "t1 NO [LIMIT] too many open sessions for " + ImapFixture.USER);
            assertThat(third.command("SELECT INBOX").getLast()).as("still not logged in").startsWith("t2 BAD");
            assertThat(first.command("SELECT INBOX").getLast()).isEqualTo("t2 OK [READ-WRITE] SELECT completed");
            assertThat(second.command("NOOP")).containsExactly("t2 OK NOOP completed");
            try (var bob = ImapClient.loggedIn(fixture, ImapFixture.USER2)) {
                assertThat(bob.command("NOOP")).as("the limit is per account").containsExactly("t2 OK NOOP completed");
            }

            // Once a session has ended (the server closed its connection), its place is free again.
            assertThat(first.command("LOGOUT").getLast()).isEqualTo("t3 OK LOGOUT completed");
            assertThat(first.readLine()).isNull();
            assertThat(third.command("LOGIN " + ImapFixture.USER + " " + ImapFixture.PASSWORD).getLast())
                    .startsWith("t3 OK");
        }
    }

    @Test
    void theLimitCountsTheSessionsOfEveryListener(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        var tlsPort = server.implicitTlsPort(dev.tern.config.ListenerProtocol.IMAP);
        try (var plain = ImapClient.loggedIn(fixture, ImapFixture.USER);
             var tls = new ImapClient(TernTestServer.connectTls(tlsPort));
             var third = new ImapClient(TernTestServer.connectTls(tlsPort))) {
            assertThat(tls.readLine()).startsWith("* OK");
            assertThat(tls.command("LOGIN " + ImapFixture.USER + " " + ImapFixture.PASSWORD).getLast()).contains("OK");
            assertThat(third.readLine()).startsWith("* OK");
            assertThat(third.command("LOGIN " + ImapFixture.USER + " " + ImapFixture.PASSWORD)).as(
                    "one session on the plain listener and one on the TLS listener make two").containsExactly(
                    "t1 NO [LIMIT] too many open sessions for " + ImapFixture.USER);
            assertThat(plain.command("NOOP")).containsExactly("t2 OK NOOP completed");
        }
    }

    @Test
    void multiappendOverTheQuotaFilesNothing(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        var accounts = new Accounts(server.storage().directory(), new PasswordHash(new PasswordHash.Cost(64, 1, 1, 2)));
        accounts.addUser("carol@example.org", ImapFixture.PASSWORD, 100);
        var message = "Subject: x\r\n\r\n" + "y".repeat(44) + "\r\n";  // 60 octets: one fits, two do not
        try (var c = ImapClient.loggedIn(fixture, "carol@example.org")) {
            c.send("m1 APPEND INBOX {60+}");
            c.send(message + " {60+}");
            c.send(message);
            assertThat(c.until("m1 ")).as("both messages counted in one transaction").containsExactly(
                    "m1 NO [OVERQUOTA] account carol@example.org would use 120 bytes of its quota of 100;"
                            + " expunge messages or raise the quota");
            assertThat(c.command("STATUS INBOX (MESSAGES UIDNEXT)")).containsExactly(
                    "* STATUS INBOX (MESSAGES 0 UIDNEXT 1)", "t2 OK STATUS completed");
            c.send("m2 APPEND INBOX {60+}");
            c.send(message);
            assertThat(c.until("m2 ").getLast()).matches("m2 OK \\[APPENDUID \\d+ 1] APPEND completed");
        }
    }
}
