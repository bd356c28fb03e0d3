package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import dev.tern.store.Flags;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CONDSTORE and QRESYNC (RFC 7162) across sessions: what one session changes reaches another with its MODSEQ, as
 * VANISHED once QRESYNC is on, and a later SELECT (QRESYNC ...) tells exactly what was missed.
 */
@TernTest
class ImapQresyncTest {
    private static final String MESSAGE = "Subject: hello\r\n\r\nbody\r\n";
    private static final Pattern UIDVALIDITY = Pattern.compile("\\* OK \\[UIDVALIDITY (\\d+)].*");
    private static final Pattern HIGHESTMODSEQ = Pattern.compile(".*\\[HIGHESTMODSEQ (\\d+)].*");

    private static ImapFixture withMessages(TernTestServer server, int n) throws IOException {
        var fixture = new ImapFixture(server);
        for (int i = 0; i < n; i++) fixture.append("INBOX", MESSAGE, Flags.NONE, Instant.parse("2026-03-05T09:00:00Z"));
        return fixture;
    }

    private static long number(Pattern pattern, List<String> lines) {
        for (var line : lines) {
            var m = pattern.matcher(line);
            if (m.matches()) return Long.parseLong(m.group(1));
        }
        throw new AssertionError("no line matches " + pattern + " in " + lines);
    }

    @Test
    void selectWithQresyncReportsWhatAnotherSessionExpungedAndFlagged(TernTestServer server) throws Exception {
        var fixture = withMessages(server, 5);
        long uidValidity;
        long modSeq;
        try (var before = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            var select = before.command("SELECT INBOX (CONDSTORE)");
            uidValidity = number(UIDVALIDITY, select);
            modSeq = number(HIGHESTMODSEQ, select);
            assertThat(modSeq).isEqualTo(6);
        }
        try (var other = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            other.command("SELECT INBOX");
            other.command("STORE 2 +FLAGS (\\Flagged)");
            other.command("STORE 3:4 +FLAGS (\\Deleted)");
            other.command("EXPUNGE");
        }
        try (var again = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            assertThat(again.command("ENABLE QRESYNC")).containsExactly("* ENABLED QRESYNC", "t2 OK ENABLE completed");
            var select = again.command("SELECT INBOX (QRESYNC (" + uidValidity + " " + modSeq + " 1:5))");
            assertThat(select).contains("* 3 EXISTS", "* OK [HIGHESTMODSEQ 9] Highest", "* VANISHED (EARLIER) 3:4",
                    "* 2 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (7))");
            assertThat(select.subList(select.indexOf("* VANISHED (EARLIER) 3:4"), select.size())).containsExactly(
                    "* VANISHED (EARLIER) 3:4", "* 2 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (7))",
                    "t3 OK [READ-WRITE] SELECT completed");

            // Known UIDs narrow the report (RFC 7162 §3.2.5.1); seq-match-data is accepted with them.
            var narrow = again.command("EXAMINE INBOX (QRESYNC (" + uidValidity + " " + modSeq + " 1,5 (1:2 1,5)))");
            assertThat(narrow).noneMatch(l -> l.contains("VANISHED") || l.contains("FETCH"))
                    .contains("* OK [HIGHESTMODSEQ 9] Highest");

            // Since MODSEQ 7 only the expunge is news.
            var later = again.command("EXAMINE INBOX (QRESYNC (" + uidValidity + " 7))");
            assertThat(later).contains("* VANISHED (EARLIER) 3:4").noneMatch(l -> l.contains("FETCH"));

            // Another UIDVALIDITY: the client's cache is void, so nothing is reported against it.
            var stale = again.command("EXAMINE INBOX (QRESYNC (1 " + modSeq + "))");
            assertThat(stale).noneMatch(l -> l.contains("VANISHED") || l.contains("FETCH"))
                    .contains("* 3 EXISTS", "* OK [HIGHESTMODSEQ 9] Highest");
        }
    }

    @Test
    void qresyncParameterNeedsEnableFirst(TernTestServer server) throws Exception {
        var fixture = withMessages(server, 1);
        try (var c = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            assertThat(c.command("SELECT INBOX (QRESYNC (1 1))").getLast())
                    .isEqualTo("t2 BAD the QRESYNC parameter needs ENABLE QRESYNC first (RFC 7162 §3.2.5)");
            assertThat(c.command("SELECT INBOX (FROB)").getLast()).startsWith("t3 BAD unknown SELECT parameter FROB");
        }
    }

    @Test
    void vanishedReplacesExpungeForThisAndOtherSessionsAndInIdle(TernTestServer server) throws Exception {
        var fixture = withMessages(server, 3);
        try (var idler = ImapClient.loggedIn(fixture, ImapFixture.USER);
             var other = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            idler.command("ENABLE QRESYNC");
            idler.command("SELECT INBOX");
            idler.send("i1 IDLE");
            assertThat(idler.readLine()).isEqualTo("+ idling");

            other.command("ENABLE QRESYNC");
            other.command("SELECT INBOX");
            other.command("STORE 2 +FLAGS.SILENT (\\Deleted)");
            assertThat(other.command("EXPUNGE")).containsExactly("* VANISHED 2",
                    "t5 OK [HIGHESTMODSEQ 6] EXPUNGE completed");

            assertThat(idler.until("* VANISHED")).containsExactly(
                    "* 2 FETCH (UID 2 FLAGS (\\Deleted) MODSEQ (5))", "* VANISHED 2");
            idler.send("DONE");
            assertThat(idler.readLine()).isEqualTo("i1 OK IDLE terminated");
            assertThat(idler.command("FETCH 2 (UID)")).containsExactly("* 2 FETCH (UID 3)", "t4 OK FETCH completed");

            // UID FETCH ... (CHANGEDSINCE n VANISHED) names expunged UIDs the session has seen go, and what changed.
            other.command("STORE 1 +FLAGS.SILENT (\\Seen)");
            assertThat(idler.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE 4 VANISHED)")).containsExactly(
                    "* VANISHED (EARLIER) 2", "* 1 FETCH (UID 1 MODSEQ (7) FLAGS (\\Seen))",
                    "t5 OK FETCH completed");
        }
    }

    @Test
    void condstoreSessionGetsOtherSessionsFlagChangesWithTheirModSeq(TernTestServer server) throws Exception {
        var fixture = withMessages(server, 2);
        try (var a = ImapClient.loggedIn(fixture, ImapFixture.USER);
             var b = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            assertThat(a.command("ENABLE CONDSTORE")).containsExactly("* ENABLED CONDSTORE", "t2 OK ENABLE completed");
            assertThat(a.command("SELECT INBOX")).contains("* OK [HIGHESTMODSEQ 3] Highest");
            b.command("SELECT INBOX");
            b.command("STORE 1 +FLAGS (\\Flagged)");
            assertThat(a.command("NOOP")).containsExactly("* 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (4))",
                    "t4 OK NOOP completed");
            assertThat(b.command("NOOP")).as("b never turned CONDSTORE on").containsExactly("t4 OK NOOP completed");
        }
    }

    @Test
    void aFlagChangeSentWhileAnExpungeWaitsLowersHighestModSeq(TernTestServer server) throws Exception {
        var fixture = withMessages(server, 2);
        try (var a = ImapClient.loggedIn(fixture, ImapFixture.USER);
             var b = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            a.command("ENABLE QRESYNC");
            a.command("SELECT INBOX");
            b.command("SELECT INBOX");
            b.command("STORE 2 +FLAGS.SILENT (\\Deleted)");
            b.command("EXPUNGE");
            b.command("STORE 1 +FLAGS.SILENT (\\Seen)");
            // MODSEQs: 4 \Deleted, 5 expunge, 6 \Seen. FETCH by number may not report the expunge (RFC 9051
            // §7.4.1), so the MODSEQ 6 it shows is followed by a HIGHESTMODSEQ below the expunge (RFC 7162 §3.2).
            assertThat(a.command("FETCH 1 (UID)")).containsExactly("* 1 FETCH (UID 1)",
                    "* 2 FETCH (UID 2 FLAGS (\\Deleted) MODSEQ (4))", "* 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (6))",
                    "* OK [HIGHESTMODSEQ 4] Expunges are still to be reported", "t4 OK FETCH completed");
            assertThat(a.command("NOOP")).containsExactly("* VANISHED 2", "t5 OK NOOP completed");
        }
    }
}
