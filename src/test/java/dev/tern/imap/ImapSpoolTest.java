package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An APPEND message over {@code limits.message-memory} is spooled to a file while it arrives, named for the server's
 * process (so that the sweep can tell a crashed process's leftovers); the file is gone once the message is stored.
 */
@TernTest(toml = "[limits]\nmessage-memory = \"1K\"")
class ImapSpoolTest {

    private static List<String> spooled(TernTestServer server) throws Exception {
        try (var files = Files.list(server.dataDirectory().resolve("spool"))) {
            return files.map(Path::getFileName).map(Path::toString).toList();
        }
    }

    @Test
    void aLargeAppendIsSpooledUnderTheProcessIdAndTheFileGoesWhenStored(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        var message = ("Subject: spooled\r\n\r\n" + "a line of the body to pass the memory bound\r\n".repeat(60))
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(message.length).isGreaterThan(1024);
        try (var c = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            c.send("a1 APPEND INBOX {" + message.length + "+}");
            var out = c.socket().getOutputStream();
            out.write(message, 0, 1500);
            out.flush();
            var pid = ProcessHandle.current().pid();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (spooled(server).isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(spooled(server)).as("while the literal arrives").singleElement().asString()
                    .matches("append-" + pid + "-[^/]*\\.eml");

            out.write(message, 1500, message.length - 1500);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(c.until("a1 ").getLast()).startsWith("a1 OK [APPENDUID");
            assertThat(spooled(server)).as("after the message is stored").isEmpty();

            assertThat(c.command("SELECT INBOX").getLast()).contains("OK");
            var fetched = String.join("\r\n", c.command("FETCH 1 (RFC822.SIZE)"));
            assertThat(fetched).contains("RFC822.SIZE " + message.length);
        }
    }
}
