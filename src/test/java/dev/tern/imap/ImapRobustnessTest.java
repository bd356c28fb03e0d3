package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import dev.tern.store.Flags;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random command lines in every state (not authenticated, authenticated, selected) get BAD or NO, never a dropped
 * connection, and the session still works afterwards.
 */
@TernTest(toml = "[limits]\ncommands-before-authentication = 100000")
class ImapRobustnessTest {
    private static final String[] WORDS = {"FETCH", "STORE", "SEARCH", "UID", "LIST", "SELECT", "BODY[", "]", "(",
            ")", "<0.5>", "1:*", "*", "\"x\"", "NIL", "OR", "NOT", "HEADER", "FLAGS", "+FLAGS", "\\Seen", "1", "0",
            "4294967296", "BINARY[1]", "RETURN", "CHARSET", "INBOX", "%", "~{", "\\", "\"", "ENVELOPE", "CREATE",
            "RENAME", "COPY", "MOVE", "EXPUNGE", "STATUS", "APPEND", "ID", "ENABLE", "NAMESPACE", "DELETE"};

    @Test
    void randomCommandsNeverBreakTheSession(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        fixture.append("INBOX", "Subject: a\r\n\r\nbody\r\n", Flags.NONE, Instant.now());
        var random = new Random(9051);
        try (var c = new ImapClient(fixture.connect())) {
            c.readLine();
            garbage(c, random);
            assertThat(c.command("LOGIN " + ImapFixture.USER + " " + ImapFixture.PASSWORD).getLast()).contains("OK");
            garbage(c, random);
            c.command("SELECT INBOX");
            garbage(c, random);
            assertThat(c.command("NOOP").getLast()).endsWith("OK NOOP completed");
        }
    }

    private static void garbage(ImapClient c, Random random) throws Exception {
        for (int i = 0; i < 150; i++) {
            var tag = "r" + i;
            var line = new StringBuilder(tag + " ");
            int words = random.nextInt(8);
            for (int w = 0; w < words; w++) line.append(random.nextBoolean() ? " " : "").append(WORDS[random.nextInt(WORDS.length)]);
            var text = line.toString();
            // Literal announcements are left out: a synchronising one would wait for data this test does not send.
            if (text.endsWith("}") || text.contains("LOGOUT") || text.contains("IDLE") || text.contains("AUTHENTICATE")
                    || text.contains("STARTTLS") || text.contains("DELETE") || text.contains("RENAME")) continue;
            c.send(text);
            var response = c.until(tag + " ");
            assertThat(response.getLast()).as(text).matches(tag + " (OK|NO|BAD) .*");
        }
    }
}
