package dev.tern.smtp;

import static dev.tern.smtp.Mailboxes.ALICE;
import static dev.tern.smtp.Mailboxes.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.ListenerProtocol;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transcripts against the MX listener: delivery into mailboxes, and what it refuses. */
@TernTest(toml = "hostname = \"mx.example.com\"")
class SmtpMxTest {

    @BeforeEach
    void accounts(TernTestServer tern) {
        Mailboxes.create(tern);
    }

    private static SmtpClient mx(TernTestServer tern) throws Exception {
        var client = SmtpClient.connect(tern.port(ListenerProtocol.SMTP));
        assertThat(client.greeting).isEqualTo("220 mx.example.com ESMTP Tern");
        return client;
    }

    @Test
    void ehloAdvertisesTheExtensionsButNoAuthOnTheMxPort(TernTestServer tern) throws Exception {
        try (var c = mx(tern)) {
            var ehlo = c.send("EHLO client.example");
            assertThat(ehlo.lines().toList()).containsExactly("250-mx.example.com greets client.example",
                    "250-PIPELINING", "250-SIZE 52428800", "250-8BITMIME", "250-SMTPUTF8", "250-ENHANCEDSTATUSCODES",
                    "250-CHUNKING", "250-BINARYMIME", "250-DSN", "250-STARTTLS", "250 HELP");
            assertThat(c.send("AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAGFsaWNlLXB3")).startsWith("503 5.5.1");
            assertThat(c.send("VRFY alice")).startsWith("252 2.5.0");
            assertThat(c.send("HELP")).startsWith("214 2.0.0");
            assertThat(c.send("NOOP")).isEqualTo("250 2.0.0 OK");
            assertThat(c.send("QUIT")).startsWith("221 2.0.0");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void deliversToALocalRecipientWithReceivedAndReturnPath(TernTestServer tern) throws Exception {
        try (var c = mx(tern)) {
            c.send("EHLO client.example");
            assertThat(c.send("MAIL FROM:<sender@remote.example>")).isEqualTo("250 2.1.0 Sender <sender@remote.example> OK");
            assertThat(c.send("RCPT TO:<Alice@Example.com>")).startsWith("250 2.1.5");
            assertThat(c.send("DATA")).startsWith("354 ");
            var reply = c.send("Subject: hello\r\n\r\n..leading dot\r\nbody\r\n.");
            assertThat(reply).matches("250 2\\.0\\.0 OK id=[0-9A-Z]{12}");
        }
        var inbox = Mailboxes.inbox(tern, ALICE);
        assertThat(inbox).hasSize(1);
        var message = inbox.getFirst();
        assertThat(message).startsWith("Return-Path: <sender@remote.example>\r\nReceived: from client.example ([127.0.0.1])\r\n"
                + "\tby mx.example.com (Tern) with ESMTP id ");
        assertThat(message).contains("\tfor <Alice@Example.com>\r\n");
        assertThat(message).endsWith("\r\nSubject: hello\r\n\r\n.leading dot\r\nbody\r\n");
        assertThat(Mailboxes.inbox(tern, BOB)).isEmpty();
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder(TernTestServer tern) throws Exception {
        try (var c = mx(tern)) {
            c.send("EHLO client.example");
            c.write("MAIL FROM:<>\r\nRCPT TO:<alice@example.com>\r\nRCPT TO:<nobody@example.com>\r\n"
                    + "RCPT TO:<bob@example.com>\r\nDATA\r\n");
            assertThat(c.reply()).startsWith("250 2.1.0");
            assertThat(c.reply()).startsWith("250 2.1.5");
            assertThat(c.reply()).isEqualTo("550 5.1.1 <nobody@example.com>: no such user here");
            assertThat(c.reply()).startsWith("250 2.1.5");
            assertThat(c.reply()).startsWith("354");
            assertThat(c.send("Subject: x\r\n\r\nhi\r\n.")).startsWith("250 2.0.0");
        }
        assertThat(Mailboxes.inbox(tern, ALICE)).singleElement().asString().startsWith("Return-Path: <>\r\n");
        assertThat(Mailboxes.inbox(tern, BOB)).hasSize(1);
    }

    @Test
    void anAliasDeliversOnceToEachMemberInOneTransaction(TernTestServer tern) throws Exception {
        try (var c = mx(tern)) {
            c.send("EHLO client.example");
            c.send("MAIL FROM:<s@remote.example>");
            assertThat(c.send("RCPT TO:<team@example.com>")).startsWith("250");
            assertThat(c.send("RCPT TO:<alice@example.com>")).startsWith("250");
            c.send("DATA");
            assertThat(c.send("Subject: team\r\n\r\nhi\r\n.")).startsWith("250 2.0.0");
        }
        assertThat(Mailboxes.inbox(tern, ALICE)).hasSize(1);
        assertThat(Mailboxes.inbox(tern, BOB)).hasSize(1);
        assertThat(Mailboxes.inbox(tern, ALICE).getFirst()).doesNotContain("\tfor <");
    }

    @Test
    void aPlusTagFilesIntoTheFolderItNamesIfItExists(TernTestServer tern) throws Exception {
        try (var c = mx(tern)) {
            c.send("EHLO client.example");
            c.send("MAIL FROM:<s@remote.example>");
            c.send("RCPT TO:<alice+Archive@example.com>");
            c.send("DATA");
            assertThat(c.send("Subject: one\r\n\r\nx\r\n.")).startsWith("250");
            c.send("MAIL FROM:<s@remote.example>");
            c.send("RCPT TO:<alice+nosuchfolder@example.com>");
            c.send("DATA");
            assertThat(c.send("Subject: two\r\n\r\nx\r\n.")).startsWith("250");
        }
        assertThat(Mailboxes.messages(tern, ALICE, "Archive")).singleElement().asString().contains("Subject: one");
        assertThat(Mailboxes.inbox(tern, ALICE)).singleElement().asString().contains("Subject: two");
    }

    @Test
    void anAliasWithARemoteTargetQueuesThatTarget(TernTestServer tern) throws Exception {
        try (var c = mx(tern)) {
            c.send("EHLO client.example");
            c.send("MAIL FROM:<s@remote.example> ENVID=abc RET=HDRS");
            c.send("RCPT TO:<sales@example.com> NOTIFY=FAILURE");
            c.send("DATA");
            assertThat(c.send("Subject: sales\r\n\r\nx\r\n.")).matches("250 2\\.0\\.0 OK id=\\w+ queued as \\S+");
        }
        assertThat(Mailboxes.inbox(tern, ALICE)).hasSize(1);
        var entry = tern.storage().queue().entries().getFirst();
        assertThat(entry.sender()).isEqualTo("s@remote.example");
        assertThat(entry.envelopeId()).contains("abc");
        assertThat(entry.recipients()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("partner@remote.example");
            assertThat(r.originalRecipient()).contains("rfc822;sales@example.com");
        });
    }

    @Test
    void unknownLocalUsersAreRefusedAtRcpt(TernTestServer tern) throws Exception {
        try (var c = mx(tern)) {
            c.send("EHLO client.example");
            c.send("MAIL FROM:<s@remote.example>");
            assertThat(c.send("RCPT TO:<carol@example.com>")).isEqualTo("550 5.1.1 <carol@example.com>: no such user here");
            assertThat(c.send("DATA")).startsWith("554 5.5.1");
        }
    }

    @Test
    void commandsOutOfOrderAreSequenceErrors(TernTestServer tern) throws Exception {
        try (var c = mx(tern)) {
            assertThat(c.send("MAIL FROM:<s@remote.example>")).startsWith("503 5.5.1");
            c.send("HELO client.example");
            assertThat(c.send("RCPT TO:<alice@example.com>")).startsWith("503 5.5.1");
            assertThat(c.send("DATA")).startsWith("503 5.5.1");
            c.send("MAIL FROM:<s@remote.example>");
            assertThat(c.send("MAIL FROM:<s@remote.example>")).startsWith("503 5.5.1");
            assertThat(c.send("RSET")).startsWith("250 2.0.0");
            assertThat(c.send("MAIL FROM:<s@remote.example>")).startsWith("250");
        }
    }

    @Test
    void nonAsciiAddressesNeedSmtpUtf8(TernTestServer tern) throws Exception {
        try (var c = mx(tern)) {
            c.send("EHLO client.example");
            assertThat(c.send("MAIL FROM:<jörg@remote.example>")).startsWith("553 5.6.7");
            assertThat(c.send("MAIL FROM:<jörg@remote.example> SMTPUTF8")).startsWith("250");
            assertThat(c.send("RCPT TO:<alice@example.com>")).startsWith("250");
            c.send("DATA");
            assertThat(c.send("Subject: ü\r\n\r\nx\r\n.")).startsWith("250");
        }
        assertThat(Mailboxes.inbox(tern, ALICE).getFirst()).contains("with UTF8SMTP id");
    }
}
