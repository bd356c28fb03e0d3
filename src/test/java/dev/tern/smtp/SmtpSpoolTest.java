package dev.tern.smtp;

import static dev.tern.smtp.Mailboxes.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.ListenerProtocol;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Messages of every size take the right way in: held in memory and stored inside the database when small, spooled
 * while they arrive and stored as a file when large; either way the mailbox gets them whole and no spool file
 * stays behind.
 */
@TernTest(toml = "hostname = \"mx.example.com\"\n[limits]\nmessage-memory = \"1K\"\n[store]\ninline-body-size = \"2K\"")
class SmtpSpoolTest {

    @BeforeEach
    void accounts(TernTestServer tern) {
        Mailboxes.create(tern);
    }

    private static String text(int lines) {
        var out = new StringBuilder("Subject: size " + lines + "\r\n\r\n");
        for (int i = 0; i < lines; i++) out.append("line ").append(i).append(" of the message body, some text\r\n");
        return out.toString();
    }

    private static long bodyFiles(TernTestServer tern) throws Exception {
        try (var files = Files.walk(tern.dataDirectory().resolve("blobs"))) {
            return files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).count();
        }
    }

    @Test
    void smallAndLargeMessagesArriveWholeAndLeaveNoSpoolFile(TernTestServer tern) throws Exception {
        var small = text(5);     // in memory, body in the database
        var medium = text(30);   // spooled while it arrives (> 1K), body in the database (< 2K with trace fields)
        var large = text(400);   // spooled, body a file
        try (var c = SmtpClient.connect(tern.port(ListenerProtocol.SMTP))) {
            c.send("EHLO client.example");
            for (var message : new String[] {small, medium, large}) {
                assertThat(c.send("MAIL FROM:<sender@remote.example>")).startsWith("250");
                assertThat(c.send("RCPT TO:<alice@example.com>")).startsWith("250");
                assertThat(c.send("DATA")).startsWith("354");
                assertThat(c.send(message + ".")).startsWith("250 2.0.0");
            }
        }
        var inbox = Mailboxes.inbox(tern, ALICE);
        assertThat(inbox).hasSize(3);
        assertThat(inbox.get(0)).endsWith("\r\n\r\n" + small.substring(small.indexOf("\r\n\r\n") + 4))
                .contains("Subject: size 5\r\n");
        assertThat(inbox.get(1)).contains("Subject: size 30\r\n").endsWith("line 29 of the message body, some text\r\n");
        assertThat(inbox.get(2)).contains("Subject: size 400\r\n").endsWith("line 399 of the message body, some text\r\n");
        assertThat(bodyFiles(tern)).as("only the large body is a file").isEqualTo(1);
        try (var files = Files.list(tern.dataDirectory().resolve("spool"))) {
            assertThat(files.toList()).isEmpty();
        }
    }
}
