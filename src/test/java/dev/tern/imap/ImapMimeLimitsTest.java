package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The MIME parsing bounds of [limits] reach the parser behind FETCH BODYSTRUCTURE. */
@TernTest(toml = """
        [limits]
        mime-parts = 2
        """)
class ImapMimeLimitsTest {
    private static final String THREE_LEAVES = "Subject: parts\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            + "--b\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b\r\n\r\nthree\r\n--b--\r\n";

    @Test
    void partsBeyondMimePartsAreLeftOutOfTheStructure(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        try (var c = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            // Over IMAP, so that the server's own parser (with the configured bounds) reads the message.
            c.send("a1 APPEND INBOX {" + THREE_LEAVES.length() + "+}");
            c.send(THREE_LEAVES);
            assertThat(c.until("a1 ").getLast()).startsWith("a1 OK");
            c.command("SELECT INBOX");
            var fetch = c.command("FETCH 1 BODYSTRUCTURE");
            assertThat(fetch.getLast()).startsWith("t3 OK");
            var leaves = Pattern.compile("\\(\"text\" \"plain\"", Pattern.CASE_INSENSITIVE).matcher(fetch.getFirst())
                    .results().count();
            assertThat(leaves).as(fetch.getFirst()).isBetween(1L, 2L);
            assertThat(c.command("FETCH 1 BODY.PEEK[TEXT]").toString()).as("the bytes stay in the message")
                    .contains("three");
        }
    }
}
