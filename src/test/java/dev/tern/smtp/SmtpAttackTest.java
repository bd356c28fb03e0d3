package dev.tern.smtp;

import static dev.tern.smtp.Mailboxes.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.ListenerProtocol;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The known attacks on an SMTP server, each as a transcript: relay tricks, end-of-data smuggling, STARTTLS
 * command injection, oversized input.
 */
@TernTest(toml = "hostname = \"mx.example.com\"\n[limits]\nrecipients-per-message = 3\nmessage-size = \"2K\"\nsmtp-errors = 5")
class SmtpAttackTest {

    @BeforeEach
    void accounts(TernTestServer tern) {
        Mailboxes.create(tern);
    }

    private static SmtpClient mxInTransaction(TernTestServer tern) throws Exception {
        var c = SmtpClient.connect(tern.port(ListenerProtocol.SMTP));
        c.send("EHLO attacker.example");
        assertThat(c.send("MAIL FROM:<a@attacker.example>")).startsWith("250");
        return c;
    }

    /** RFC 2505 §2 and the classic open-relay test lists: none of these may be accepted on the MX. */
    @Test
    void everyClassicRelayTrickIsRefused(TernTestServer tern) throws Exception {
        var tricks = List.of(
                "<victim@remote.example>",
                "<victim%remote.example@example.com>",
                "<victim%remote.example@[127.0.0.1]>",
                "<\"victim@remote.example\">",
                "<\"victim@remote.example\"@example.com>",
                "<\"victim%remote.example\"@example.com>",
                "<victim@remote.example@example.com>",
                "<victim@example.com@remote.example>",
                "<@example.com:victim@remote.example>",
                "<@example.com,@other.example:victim@remote.example>",
                "<remote.example!victim>",
                "<remote.example!victim@example.com>",
                "<victim@remote.example.>",
                "<victim@example.com.>",
                "<victim@[127.0.0.1]>",
                "<victim@[IPv6:::1]>",
                "<victim@[192.0.2.1]>",
                "<alice@example.com@remote.example>",
                "<alice@example.com%remote.example>",
                "victim@remote.example",
                "<victim@remote.example> NOTIFY=NEVER",
                "<\"alice\"@remote.example>",
                "<postmaster@remote.example>");
        var soft = new SoftAssertions();
        try (var c = mxInTransaction(tern)) {
            for (var trick : tricks) {
                var reply = c.send("RCPT TO:" + trick);
                soft.assertThat(reply).as(trick).matches("5\\d\\d 5\\.\\d\\.\\d+ .*");
            }
            // With every recipient refused, no message can be taken.
            soft.assertThat(c.send("DATA")).startsWith("554 5.5.1");
        }
        soft.assertThat(tern.storage().queue().entries()).as("queued for relay").isEmpty();
        soft.assertAll();
    }

    @Test
    void bareLfEndingsAreNotTheEndOfDataAndTheMessageIsRefused(TernTestServer tern) throws Exception {
        var variants = List.of("\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r", "\r.\r\n", "\r\n.\r");
        for (var variant : variants) {
            try (var c = mxInTransaction(tern)) {
                assertThat(c.send("RCPT TO:<alice@example.com>")).startsWith("250");
                assertThat(c.send("DATA")).startsWith("354");
                // What follows the fake end is a smuggled second message; it must stay inside the first one.
                c.write("Subject: first\r\n\r\nbody" + variant + "MAIL FROM:<ceo@example.com>\r\n"
                        + "RCPT TO:<alice@example.com>\r\nDATA\r\nSubject: smuggled\r\n\r\nx\r\n.\r\n");
                assertThat(c.reply()).as("variant %s", variant.replace("\r", "<CR>").replace("\n", "<LF>"))
                        .startsWith("554 5.6.0");
                assertThat(c.send("NOOP")).as("the smuggled commands were message text").isEqualTo("250 2.0.0 OK");
            }
        }
        assertThat(Mailboxes.inbox(tern, ALICE)).isEmpty();
    }

    @Test
    void onlyCrlfDotCrlfEndsData(TernTestServer tern) throws Exception {
        try (var c = mxInTransaction(tern)) {
            c.send("RCPT TO:<alice@example.com>");
            c.send("DATA");
            c.write("Subject: dots\r\n\r\n.\r\n".replace("\r\n.\r\n", "\r\n..\r\n") + "a line. \r\n.x\r\n");
            assertThat(c.send(".")).startsWith("250 2.0.0");
        }
        assertThat(Mailboxes.inbox(tern, ALICE).getFirst()).endsWith("Subject: dots\r\n\r\n.\r\na line. \r\nx\r\n");
    }

    @Test
    void pipelinedCommandsAfterStartTlsAreDiscarded(TernTestServer tern) throws Exception {
        try (var c = SmtpClient.connect(tern.port(ListenerProtocol.SMTP))) {
            c.send("EHLO attacker.example");
            c.write("STARTTLS\r\nMAIL FROM:<injected@attacker.example>\r\n");
            assertThat(c.reply()).isEqualTo("220 2.0.0 Ready to start TLS");
            c.startTls();
            // Had the injected MAIL been kept, this would be "503 nested MAIL" or RCPT would be accepted directly.
            assertThat(c.send("RCPT TO:<alice@example.com>")).startsWith("503 5.5.1");
            var ehlo = c.send("EHLO attacker.example");
            assertThat(ehlo).doesNotContain("STARTTLS");
            assertThat(c.send("MAIL FROM:<a@attacker.example>")).startsWith("250");
            assertThat(c.send("RCPT TO:<alice@example.com>")).startsWith("250");
            c.send("DATA");
            assertThat(c.send("Subject: tls\r\n\r\nx\r\n.")).startsWith("250");
            assertThat(c.send("STARTTLS")).startsWith("503 5.5.1");
        }
        assertThat(Mailboxes.inbox(tern, ALICE).getFirst()).containsPattern("with ESMTPS id \\w+\r\n\t\\(using TLSv1\\.[23] with cipher ");
    }

    @Test
    void aMessagePastTheSizeLimitIsDrainedAndRefused(TernTestServer tern) throws Exception {
        try (var c = mxInTransaction(tern)) {
            c.send("RCPT TO:<alice@example.com>");
            c.send("DATA");
            var line = "x".repeat(78) + "\r\n";
            c.write("Subject: big\r\n\r\n" + line.repeat(200)); // 16 KB against a 2 KB limit
            assertThat(c.send(".")).startsWith("552 5.3.4");
            assertThat(c.send("NOOP")).isEqualTo("250 2.0.0 OK");
            assertThat(c.send("MAIL FROM:<a@attacker.example> SIZE=4096")).startsWith("552 5.3.4");
        }
        assertThat(Mailboxes.inbox(tern, ALICE)).isEmpty();
    }

    @Test
    void aBdatChunkPastTheSizeLimitIsDrainedAndRefused(TernTestServer tern) throws Exception {
        try (var c = mxInTransaction(tern)) {
            c.send("RCPT TO:<alice@example.com>");
            c.write("BDAT 3000\r\n" + "y".repeat(3000));
            assertThat(c.reply()).startsWith("552 5.3.4");
            c.write("BDAT 5 LAST\r\nhello");
            assertThat(c.reply()).as("the transaction is over").startsWith("503 5.5.1");
            assertThat(c.send("NOOP")).isEqualTo("250 2.0.0 OK");
        }
    }

    @Test
    void overlongLinesAre500AndTheSessionGoesOn(TernTestServer tern) throws Exception {
        try (var c = mxInTransaction(tern)) {
            assertThat(c.send("RCPT TO:<" + "a".repeat(2000) + "@example.com>")).startsWith("500 5.5.2");
            assertThat(c.send("RCPT TO:<alice@example.com>")).startsWith("250");
            c.send("DATA");
            c.write("Subject: long\r\n\r\n" + "z".repeat(1200) + "\r\n");
            assertThat(c.send(".")).startsWith("500 5.5.2");
        }
        assertThat(Mailboxes.inbox(tern, ALICE)).isEmpty();
    }

    @Test
    void recipientsBeyondTheLimitAre452(TernTestServer tern) throws Exception {
        try (var c = mxInTransaction(tern)) {
            for (int i = 0; i < 3; i++) assertThat(c.send("RCPT TO:<alice@example.com>")).startsWith("250");
            assertThat(c.send("RCPT TO:<bob@example.com>")).startsWith("452 4.5.3");
        }
    }

    @Test
    void moreErrorsThanTheConfiguredLimitCloseTheConnection(TernTestServer tern) throws Exception {
        try (var c = SmtpClient.connect(tern.port(ListenerProtocol.SMTP))) {
            String reply = "";
            for (int i = 0; i < 4; i++) assertThat(c.send("FROB")).startsWith("500 5.5.1");
            reply = c.send("FROB");
            assertThat(reply).isEqualTo("500 5.5.1 Unknown command FROB; try EHLO, MAIL, RCPT, DATA, BDAT, RSET, NOOP, QUIT or HELP");
            assertThat(c.reply()).startsWith("421 4.7.0");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void commandsThatBringNoMailAreBounded(TernTestServer tern) throws Exception {
        try (var c = SmtpClient.connect(tern.port(ListenerProtocol.SMTP))) {
            for (int i = 0; i < 50; i++) assertThat(c.send("NOOP")).startsWith("250");
            assertThat(c.send("NOOP")).startsWith("421 4.7.0");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void binaryMimeNeedsBdatAndBdatDeliversChunks(TernTestServer tern) throws Exception {
        try (var c = mxInTransaction(tern)) {
            c.send("RSET");
            assertThat(c.send("MAIL FROM:<a@attacker.example> BODY=BINARYMIME")).startsWith("250");
            c.send("RCPT TO:<alice@example.com>");
            assertThat(c.send("DATA")).startsWith("503 5.5.1");
            c.write("BDAT 19\r\nSubject: chunks\r\n\r\nBDAT 6 LAST\r\nhello\n");
            assertThat(c.reply()).isEqualTo("250 2.0.0 19 octets received");
            assertThat(c.reply()).startsWith("250 2.0.0 OK id=");
        }
        assertThat(Mailboxes.inbox(tern, ALICE).getFirst()).contains("with ESMTP id").endsWith("Subject: chunks\r\n\r\nhello\r\n");
    }
}
