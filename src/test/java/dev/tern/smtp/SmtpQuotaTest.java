package dev.tern.smtp;

import static dev.tern.smtp.Mailboxes.ALICE;
import static dev.tern.smtp.Mailboxes.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.ListenerProtocol;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A full mailbox is 452 4.2.2: at RCPT when the declared SIZE does not fit, at the end of data otherwise. */
@TernTest
class SmtpQuotaTest {

    @BeforeEach
    void accounts(TernTestServer tern) {
        Mailboxes.create(tern);
        Mailboxes.accounts(tern).setQuota(ALICE, 1000);
    }

    @Test
    void aRecipientWithoutRoomForTheDeclaredSizeIsRefusedAlone(TernTestServer tern) throws Exception {
        try (var c = SmtpClient.connect(tern.port(ListenerProtocol.SMTP))) {
            c.send("EHLO client.example");
            c.send("MAIL FROM:<s@remote.example> SIZE=5000");
            assertThat(c.send("RCPT TO:<alice@example.com>")).isEqualTo("452 4.2.2 <alice@example.com>: mailbox full");
            assertThat(c.send("RCPT TO:<bob@example.com>")).startsWith("250");
            c.send("DATA");
            assertThat(c.send("Subject: big\r\n\r\n" + "x".repeat(4000) .replaceAll("(.{70})", "$1\r\n") + "\r\n.")).startsWith("250");
        }
        assertThat(Mailboxes.inbox(tern, BOB)).hasSize(1);
        assertThat(Mailboxes.inbox(tern, ALICE)).isEmpty();
    }

    @Test
    void aMessageOverQuotaAtTheEndOfDataIs452ForTheWholeMessage(TernTestServer tern) throws Exception {
        try (var c = SmtpClient.connect(tern.port(ListenerProtocol.SMTP))) {
            c.send("EHLO client.example");
            c.send("MAIL FROM:<s@remote.example>");
            assertThat(c.send("RCPT TO:<alice@example.com>")).startsWith("250");
            assertThat(c.send("RCPT TO:<bob@example.com>")).startsWith("250");
            c.send("DATA");
            assertThat(c.send("Subject: big\r\n\r\n" + "x".repeat(4000).replaceAll("(.{70})", "$1\r\n") + "\r\n."))
                    .startsWith("452 4.2.2");
        }
        assertThat(Mailboxes.inbox(tern, BOB)).as("all or nothing").isEmpty();
        assertThat(Mailboxes.inbox(tern, ALICE)).isEmpty();
    }
}
