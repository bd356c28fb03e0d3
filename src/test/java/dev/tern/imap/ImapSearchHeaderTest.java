package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * SEARCH's header keys (RFC 9051 §6.4.4) over a socket, answered from the messages' header sections alone: encoded
 * words (RFC 2047) and folded fields are matched as decoded, unfolded text, for bodies kept in the database and
 * bodies kept as files alike.
 */
@TernTest
class ImapSearchHeaderTest {

    private static byte[] message(String header, int bodyBytes) {
        var body = "filler line of the body\r\n".repeat(bodyBytes / 25 + 1);
        return (header + "\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void headerKeysMatchDecodedEncodedWordsAndUnfoldedFields(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        fixture.append("INBOX", message("""
                Subject: =?UTF-8?B?w6lyaWM=?= met\r
                 =?ISO-8859-1?Q?caf=E9?= folks\r
                From: =?UTF-8?Q?J=C3=B6rg?= <j@example.com>\r
                To: first@example.com,\r
                \tsecond@example.com\r
                Date: Thu, 5 Mar 2026 09:00:00 +0000\r
                """, 100));
        // Larger than store.inline-body-size: this body is a file, not a row.
        fixture.append("INBOX", message("""
                Subject: =?UTF-8?Q?large_caf=C3=A9?=\r
                From: other@example.com\r
                X-Tracking: folded\r
                 value\r
                Date: Fri, 6 Mar 2026 09:00:00 +0000\r
                """, 100 * 1024));
        fixture.append("INBOX", message("Subject: plain\r\nFrom: third@example.com\r\n", 10));
        try (var c = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            c.command("SELECT INBOX");
            assertThat(c.command("SEARCH CHARSET UTF-8 HEADER Subject {5+}\r\nCAFÉ")).contains("* SEARCH 1 2");
            assertThat(c.command("SEARCH SUBJECT \"met caf\"")).as("encoded word and folding undone, no CRLF left")
                    .contains("* SEARCH 1");
            assertThat(c.command("SEARCH CHARSET UTF-8 FROM {5+}\r\njörg")).contains("* SEARCH 1");
            assertThat(c.command("SEARCH TO \"com,\tsecond\"")).as("unfolded: the CRLF goes, the tab stays")
                    .contains("* SEARCH 1");
            assertThat(c.command("SEARCH HEADER X-Tracking \"folded value\"")).contains("* SEARCH 2");
            assertThat(c.command("SEARCH HEADER X-Tracking \"\"")).as("an empty string: the field is present")
                    .contains("* SEARCH 2");
            assertThat(c.command("SEARCH NOT HEADER Subject \"caf\"")).contains("* SEARCH 3");
            assertThat(c.command("SEARCH SENTON 6-Mar-2026")).contains("* SEARCH 2");
            assertThat(c.command("SEARCH SUBJECT filler")).as("a header key does not look at the body")
                    .contains("* SEARCH");
            assertThat(c.command("SEARCH BODY filler")).contains("* SEARCH 1 2 3");
        }
    }
}
