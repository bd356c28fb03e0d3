package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import dev.tern.store.Flags;
import dev.tern.store.SystemFlag;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Two sessions on one mailbox: what one does reaches the other at the moments RFC 9051 §7.4.1 allows. */
@TernTest
class ImapSessionsTest {
    private static final String MESSAGE = "Subject: hello\r\n\r\nbody\r\n";

    @Test
    void expungeByAnotherSessionWaitsUntilACommandThatMayReportIt(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        for (int i = 0; i < 3; i++) fixture.append("INBOX", MESSAGE, Flags.NONE, Instant.now());
        try (var a = ImapClient.loggedIn(fixture, ImapFixture.USER); var b = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            a.command("SELECT INBOX");
            b.command("SELECT INBOX");
            assertThat(a.command("SORT (SUBJECT) UTF-8 ALL")).as("keeps the keys").contains("* SORT 1 2 3");
            b.command("STORE 2 +FLAGS.SILENT (\\Deleted)");
            b.command("EXPUNGE");

            var fetch = a.command("FETCH 1:3 (UID)");
            assertThat(fetch).as("no EXPUNGE during FETCH; the flag change may come").noneMatch(l -> l.endsWith("EXPUNGE"))
                    .contains("* 3 FETCH (UID 3)");
            var search = a.command("SEARCH ALL");
            assertThat(search).noneMatch(l -> l.endsWith("EXPUNGE")).contains("* SEARCH 1 3");
            assertThat(a.command("SORT (REVERSE SIZE) UTF-8 ALL")).noneMatch(l -> l.endsWith("EXPUNGE"))
                    .contains("* SORT 1 3");
            assertThat(a.command("SORT (SUBJECT) UTF-8 ALL")).as("from the kept keys, without the expunged one")
                    .noneMatch(l -> l.endsWith("EXPUNGE")).contains("* SORT 1 3");
            assertThat(a.command("THREAD ORDEREDSUBJECT UTF-8 ALL")).noneMatch(l -> l.endsWith("EXPUNGE"))
                    .contains("* THREAD (1 3)");

            var noop = a.command("NOOP");
            assertThat(noop).contains("* 2 EXPUNGE");
            assertThat(a.command("FETCH 2 (UID)")).contains("* 2 FETCH (UID 3)");
        }
    }

    @Test
    void flagChangesAndNewMessagesReachTheOtherSession(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        fixture.append("INBOX", MESSAGE, Flags.NONE, Instant.now());
        try (var a = ImapClient.loggedIn(fixture, ImapFixture.USER); var b = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            a.command("SELECT INBOX");
            b.command("SELECT INBOX");
            b.command("STORE 1 +FLAGS (\\Flagged)");
            fixture.append("INBOX", MESSAGE, Flags.of(SystemFlag.SEEN), Instant.now());

            var noop = a.command("NOOP");
            assertThat(noop).contains("* 2 EXISTS", "* 1 FETCH (UID 1 FLAGS (\\Flagged))");
            assertThat(b.command("NOOP")).as("b's own STORE was answered already").containsExactly(
                    "* 2 EXISTS", "t4 OK NOOP completed");
        }
    }

    @Test
    void idlePushesACommitWithoutWaiting(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        try (var a = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            a.command("SELECT INBOX");
            a.send("i1 IDLE");
            assertThat(a.readLine()).isEqualTo("+ idling");
            long committed = System.nanoTime();
            fixture.append("INBOX", MESSAGE, Flags.NONE, Instant.now());
            assertThat(a.readLine()).isEqualTo("* 1 EXISTS");
            long millis = (System.nanoTime() - committed) / 1_000_000;
            // The push waits on the subscription, not a poll: well under 100 ms even on a busy machine.
            assertThat(millis).isLessThan(1000);
            a.send("DONE");
            assertThat(a.readLine()).isEqualTo("i1 OK IDLE terminated");
            assertThat(a.command("FETCH 1 UID")).contains("* 1 FETCH (UID 1)");
        }
    }

    @Test
    void aDeliveryDuringFetchIsReportedAsExistsAtTheEnd(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        fixture.append("INBOX", MESSAGE, Flags.NONE, Instant.now());
        try (var a = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            a.command("SELECT INBOX");
            fixture.append("INBOX", MESSAGE, Flags.NONE, Instant.now());
            var fetch = a.command("FETCH 1:* (UID)");
            assertThat(fetch).as("the sequence set is resolved against what the client knows")
                    .containsExactly("* 1 FETCH (UID 1)", "* 2 EXISTS", "t3 OK FETCH completed");
        }
    }
}
