package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import dev.tern.store.Flags;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * SORT with the keys kept between commands (limits.imap-sort-cache): every SORT answers as a first one would,
 * when messages arrive after the keys were kept, when some are expunged, in another session, and on another
 * listener.
 */
@TernTest
class ImapSortCacheTest {

    private static String message(String subject, String date) {
        return "From: x@example.net\r\nSubject: " + subject + "\r\nDate: " + date + "\r\n\r\nbody\r\n";
    }

    @Test
    void keptKeysGiveTheSameAnswersAsMessagesComeAndGo(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        var arrived = Instant.parse("2026-03-05T09:00:00Z");
        fixture.append("INBOX", message("delta", "Thu, 05 Mar 2026 10:00:00 +0000"), Flags.NONE, arrived);
        fixture.append("INBOX", message("Re: alpha", "Wed, 04 Mar 2026 10:00:00 +0000"), Flags.NONE, arrived);
        fixture.append("INBOX", message("charlie", "Fri, 06 Mar 2026 10:00:00 +0000"), Flags.NONE, arrived);
        try (var c = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            c.command("SELECT INBOX");
            assertThat(c.command("SORT (SUBJECT) UTF-8 ALL").getFirst()).isEqualTo("* SORT 2 3 1");
            assertThat(c.command("SORT (SUBJECT) UTF-8 ALL").getFirst()).as("from the kept keys")
                    .isEqualTo("* SORT 2 3 1");
            assertThat(c.command("SORT (REVERSE DATE) UTF-8 ALL").getFirst()).isEqualTo("* SORT 3 1 2");

            fixture.append("INBOX", message("bravo", "Tue, 03 Mar 2026 10:00:00 +0000"), Flags.NONE, arrived);
            fixture.append("INBOX", message("echo", "Sat, 07 Mar 2026 10:00:00 +0000"), Flags.NONE, arrived);
            assertThat(c.command("NOOP")).contains("* 5 EXISTS");
            assertThat(c.command("SORT (SUBJECT) UTF-8 ALL").getFirst()).as("new messages keyed too")
                    .isEqualTo("* SORT 2 4 3 1 5");
            assertThat(c.command("SORT (DATE) UTF-8 SUBJECT a").getFirst()).as("a subset (no echo)")
                    .isEqualTo("* SORT 4 2 1 3");
            assertThat(c.command("UID SORT (REVERSE DATE SUBJECT) UTF-8 ALL").getFirst())
                    .isEqualTo("* SORT 5 3 1 2 4");

            c.command("STORE 3 +FLAGS.SILENT (\\Deleted)");
            c.command("EXPUNGE");
            assertThat(c.command("SORT (SUBJECT) UTF-8 ALL").getFirst()).as("expunged messages are gone")
                    .isEqualTo("* SORT 2 3 1 4");
        }
        try (var other = new ImapClient(TernTestServer.connectTls(server.implicitTlsPort(
                dev.tern.config.ListenerProtocol.IMAP)))) {
            other.readLine();
            other.command("LOGIN " + ImapFixture.USER + " " + ImapFixture.PASSWORD);
            other.command("EXAMINE INBOX");
            assertThat(other.command("UID SORT (SUBJECT) UTF-8 ALL").getFirst()).as("another session and listener")
                    .isEqualTo("* SORT 2 4 1 5");
        }
    }
}
