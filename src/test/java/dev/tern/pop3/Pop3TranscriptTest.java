package dev.tern.pop3;

import static dev.tern.pop3.Pop3Fixture.PASSWORD;
import static dev.tern.pop3.Pop3Fixture.USER;
import static dev.tern.pop3.Pop3Fixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import dev.tern.store.FlagOperation;
import dev.tern.store.Flags;
import dev.tern.store.SystemFlag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The POP3 dialogue over a real socket, command by command and state by state (RFC 1939, RFC 2449). */
@TernTest
class Pop3TranscriptTest {

    @Test
    void greetsAndListsCapabilitiesBeforeLogin(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        try (var c = Pop3Client.connect(f.port())) {
            assertThat(c.greeting).startsWith("+OK").doesNotContain("<");
            assertThat(c.multiline("CAPA")).containsExactly("TOP", "UIDL", "USER", "SASL PLAIN SCRAM-SHA-256",
                    "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "EXPIRE NEVER", "LOGIN-DELAY 0",
                    "IMPLEMENTATION Tern", "STLS");
            assertThat(c.send("quit")).startsWith("+OK");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void afterLoginCapaDropsLoginCapabilities(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        try (var c = f.loggedIn()) {
            assertThat(c.multiline("CAPA")).containsExactly("TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE",
                    "PIPELINING", "EXPIRE NEVER", "LOGIN-DELAY 0", "IMPLEMENTATION Tern");
        }
    }

    @Test
    void statListUidlRetrTopOverTheMaildrop(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        var first = f.deliver(message(1));
        f.deliver(message(2));
        int size = message(1).length();
        try (var c = Pop3Client.connect(f.port())) {
            assertThat(c.send("USER " + USER)).startsWith("+OK");
            assertThat(c.send("PASS " + PASSWORD)).isEqualTo("+OK maildrop has 2 messages (" + 2 * size + " octets)");
            assertThat(c.send("STAT")).isEqualTo("+OK 2 " + 2 * size);
            assertThat(c.multiline("LIST")).containsExactly("1 " + size, "2 " + size);
            assertThat(c.send("LIST 2")).isEqualTo("+OK 2 " + size);
            var uidl = String.format("%08X%08X", first.uid().value(), first.uidValidity().value());
            assertThat(c.send("UIDL 1")).isEqualTo("+OK 1 " + uidl);
            assertThat(c.multiline("UIDL")).hasSize(2).first().isEqualTo("1 " + uidl);
            assertThat(c.send("RETR 1")).isEqualTo("+OK " + size + " octets");
            assertThat(new String(c.rawBody(), StandardCharsets.UTF_8)).isEqualTo(message(1) + ".\r\n");
            assertThat(c.multiline("TOP 2 0")).containsExactly("From: bob@example.net", "To: alice@example.com",
                    "Subject: message 2", "");
            assertThat(c.send("NOOP")).isEqualTo("+OK");
            assertThat(c.send("QUIT")).startsWith("+OK").contains("2 messages left");
        }
        assertThat(f.inbox()).hasSize(2);
    }

    @Test
    void deleAndRsetMarkAndUnmark(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        f.deliver(message(1));
        f.deliver(message(2));
        try (var c = f.loggedIn()) {
            assertThat(c.send("DELE 1")).isEqualTo("+OK message 1 deleted");
            assertThat(c.send("DELE 1")).isEqualTo("-ERR message 1 is already deleted");
            assertThat(c.send("RETR 1")).startsWith("-ERR");
            assertThat(c.send("LIST 1")).startsWith("-ERR");
            assertThat(c.send("STAT")).startsWith("+OK 1 ");
            assertThat(c.multiline("LIST")).containsExactly("2 " + message(2).length());
            assertThat(c.send("RSET")).startsWith("+OK maildrop has 2 messages");
            assertThat(c.send("STAT")).startsWith("+OK 2 ");
            assertThat(c.send("DELE 2")).startsWith("+OK");
            assertThat(c.send("QUIT")).startsWith("+OK").contains("1 messages left");
        }
        assertThat(f.inbox()).extracting(m -> m.uid().value()).containsExactly(1L);
    }

    @Test
    void quitExpungesOnlyWhatPop3DeletedNotOtherDeletedFlags(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        f.deliver(message(1));
        var flaggedInImap = f.deliver(message(2));
        f.deliver(message(3));
        f.mailboxes.storeFlags(flaggedInImap.mailbox(), List.of(flaggedInImap.uid()), FlagOperation.ADD,
                Flags.of(SystemFlag.DELETED), Optional.empty());
        var events = f.mailboxes.events().subscribe(flaggedInImap.mailbox());
        try (var c = f.loggedIn()) {
            c.send("DELE 1");
            c.send("DELE 3");
            assertThat(c.send("QUIT")).startsWith("+OK");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(f.inbox()).extracting(m -> m.uid()).containsExactly(flaggedInImap.uid());
        assertThat(events.poll().changes()).anySatisfy(change -> assertThat(change)
                .isInstanceOf(dev.tern.store.MailboxChange.MessagesExpunged.class));
        events.close();
    }

    @Test
    void aDroppedConnectionDeletesNothingButWhatWasRetrievedIsSeen(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        f.deliver(message(1));
        try (var c = f.loggedIn()) {
            assertThat(c.send("RETR 1")).startsWith("+OK");
            c.rawBody();
            assertThat(c.send("DELE 1")).startsWith("+OK");
        }
        // The lock is released when the server notices; the next login proves it and sees the message.
        try (var c = awaitLogin(f)) {
            assertThat(c.send("STAT")).startsWith("+OK 1 ");
        }
        assertThat(f.inbox()).hasSize(1);
        assertThat(f.inbox().get(0).flags().has(SystemFlag.SEEN)).isTrue();
    }

    @Test
    void quitBeforeLoginAndRsetAfterDeleLeaveEverything(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        f.deliver(message(1));
        try (var c = Pop3Client.connect(f.port())) {
            assertThat(c.send("QUIT")).isEqualTo("+OK Tern POP3 server signing off");
            assertThat(c.closedByServer()).isTrue();
        }
        try (var c = f.loggedIn()) {
            c.send("DELE 1");
            assertThat(c.multiline("UIDL")).isEmpty();
            assertThat(c.send("UIDL 1")).isEqualTo("-ERR message 1 is already deleted");
            c.send("RSET");
            assertThat(c.send("QUIT")).contains("1 messages left");
        }
        assertThat(f.inbox()).hasSize(1);
    }

    @Test
    void theMaildropIsASnapshotAtLogin(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        f.deliver(message(1));
        try (var c = f.loggedIn()) {
            f.deliver(message(2));
            assertThat(c.send("STAT")).startsWith("+OK 1 ");
            assertThat(c.send("RETR 2")).startsWith("-ERR no message 2");
            c.send("DELE 1");
            assertThat(c.send("QUIT")).startsWith("+OK");
        }
        assertThat(f.inbox()).extracting(m -> m.uid().value()).containsExactly(2L);
        try (var c = awaitLogin(f)) {
            assertThat(c.send("STAT")).startsWith("+OK 1 ");
            assertThat(c.send("UIDL 1")).startsWith("+OK 1 00000002");
        }
    }

    @Test
    void retrMarksSeenAndTopDoesNot(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        f.deliver(message(1));
        f.deliver(message(2));
        try (var c = f.loggedIn()) {
            c.send("RETR 1");
            c.rawBody();
            c.multiline("TOP 2 5");
            assertThat(c.send("QUIT")).startsWith("+OK");
        }
        var inbox = f.inbox();
        assertThat(inbox.get(0).flags().has(SystemFlag.SEEN)).isTrue();
        assertThat(inbox.get(1).flags().has(SystemFlag.SEEN)).isFalse();
    }

    @Test
    void retrIsByteStuffedWithCrlfLineEnds(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        f.deliver("Subject: dots\n\n.starts with a dot\n..two\nlast line without end");
        try (var c = f.loggedIn()) {
            assertThat(c.send("RETR 1")).startsWith("+OK");
            assertThat(new String(c.rawBody(), StandardCharsets.UTF_8)).isEqualTo(
                    "Subject: dots\r\n\r\n..starts with a dot\r\n...two\r\nlast line without end\r\n.\r\n");
        }
    }

    @Test
    void secondSessionOfAMaildropGetsInUse(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        try (var first = f.loggedIn(); var second = Pop3Client.connect(f.port());
             var tls = Pop3Client.connectTls(f.tlsPort())) {
            second.send("USER " + USER);
            assertThat(second.send("PASS " + PASSWORD)).startsWith("-ERR [IN-USE]");
            tls.send("USER " + USER);
            assertThat(tls.send("PASS " + PASSWORD)).as("across listeners").startsWith("-ERR [IN-USE]");
            assertThat(first.send("QUIT")).startsWith("+OK");
            assertThat(first.closedByServer()).isTrue();
            second.send("USER " + USER);
            assertThat(second.send("PASS " + PASSWORD)).startsWith("+OK");
        }
    }

    @Test
    void wrongCommandsAndArgumentsGetErr(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        f.deliver(message(1));
        try (var c = Pop3Client.connect(f.port())) {
            assertThat(c.send("STAT")).startsWith("-ERR STAT is not valid before login");
            assertThat(c.send("PASS x")).isEqualTo("-ERR send USER first, then PASS");
            assertThat(c.send("FROB")).isEqualTo("-ERR unknown command FROB");
            assertThat(c.send("APOP alice@example.com 0123456789abcdef0123456789abcdef"))
                    .startsWith("-ERR APOP is not offered");
            c.login(USER, PASSWORD);
            assertThat(c.send("RETR")).isEqualTo("-ERR usage: RETR msg");
            assertThat(c.send("RETR 0")).startsWith("-ERR no message 0");
            assertThat(c.send("RETR x")).startsWith("-ERR no message x");
            assertThat(c.send("RETR 99999999999999999999")).startsWith("-ERR no message");
            assertThat(c.send("TOP 1 -1")).startsWith("-ERR TOP needs a number of lines");
            assertThat(c.send("STAT 1")).isEqualTo("-ERR usage: STAT");
            assertThat(c.send("USER bob")).isEqualTo("-ERR USER is not valid after login");
            assertThat(c.send("STLS")).isEqualTo("-ERR STLS is not valid after login");
            assertThat(c.send("STAT")).startsWith("+OK 1 ");
        }
    }

    @Test
    void aWrongPasswordIsAnAuthFailure(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        try (var c = Pop3Client.connect(f.port())) {
            c.send("USER " + USER);
            assertThat(c.send("PASS wrong")).isEqualTo("-ERR [AUTH] authentication failed");
            c.send("USER nobody@example.com");
            assertThat(c.send("PASS " + PASSWORD)).isEqualTo("-ERR [AUTH] authentication failed");
            c.login(USER, PASSWORD);
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        f.deliver(message(1));
        try (var c = Pop3Client.connect(f.port())) {
            c.write("USER " + USER + "\r\nPASS " + PASSWORD + "\r\nSTAT\r\nRETR 1\r\nUIDL 1\r\nQUIT\r\n");
            assertThat(c.line()).startsWith("+OK");
            assertThat(c.line()).startsWith("+OK maildrop has 1");
            assertThat(c.line()).startsWith("+OK 1 ");
            assertThat(c.line()).startsWith("+OK");
            assertThat(new String(c.rawBody(), StandardCharsets.UTF_8)).isEqualTo(message(1) + ".\r\n");
            assertThat(c.line()).startsWith("+OK 1 ");
            assertThat(c.line()).startsWith("+OK").contains("signing off");
        }
    }

    /** Logs in, retrying [IN-USE] while the server notices that the previous connection was dropped. */
    static Pop3Client awaitLogin(Pop3Fixture f) throws Exception {
        for (int attempt = 0; ; attempt++) {
            var c = Pop3Client.connect(f.port());
            c.send("USER " + USER);
            var reply = c.send("PASS " + PASSWORD);
            if (reply.startsWith("+OK")) return c;
            c.close();
            assertThat(reply).startsWith("-ERR [IN-USE]");
            if (attempt > 200) throw new AssertionError("the maildrop stayed locked after the connection dropped");
            Thread.sleep(10);
        }
    }
}
