package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import dev.tern.store.Flags;
import dev.tern.store.SystemFlag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the IMAP dialogues in {@code src/test/resources/imap/*.imap} against a real server. A script line is
 * {@code C: text} (sent with CRLF), {@code S: text} (the next line the server sends must match; {@code $$}
 * matches any text), {@code !append MAILBOX FILE [FLAG...] [@INSTANT]} (stores a message from the same directory
 * before the dialogue goes on, with INTERNALDATE 2026-03-05T09:00:00Z unless an ISO instant follows an @), or a comment ({@code #}). Each script starts unauthenticated, with alice@example.org
 * (password pencil) and bob@example.org existing.
 */
@TernTest
class ImapTranscriptTest {

    static Stream<String> scripts() throws IOException, URISyntaxException {
        var dir = Path.of(ImapTranscriptTest.class.getResource("/imap").toURI());
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".imap")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void dialogue(String script, TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        var dir = Path.of(ImapTranscriptTest.class.getResource("/imap").toURI());
        var lines = Files.readAllLines(dir.resolve(script), StandardCharsets.UTF_8);
        try (var client = new ImapClient(fixture.connect())) {
            int number = 0;
            for (var line : lines) {
                number++;
                var where = script + ":" + number;
                if (line.isBlank() || line.startsWith("#")) continue;
                if (line.startsWith("C: ")) client.send(line.substring(3));
                else if (line.startsWith("S: ")) expect(client.readLine(), line.substring(3), where);
                else if (line.startsWith("!append ")) append(fixture, dir, line.substring(8).split(" "));
                else throw new IllegalArgumentException(where + ": a line starts with C:, S:, !append or #");
            }
        }
    }

    private static void expect(String actual, String expected, String where) {
        var regex = Pattern.quote(expected).replace("$$", "\\E.*\\Q");
        assertThat(actual).as(where + " expected: " + expected).isNotNull().matches(Pattern.compile(regex, Pattern.DOTALL));
    }

    private static void append(ImapFixture fixture, Path dir, String[] args) {
        try {
            var message = Files.readString(dir.resolve(args[1]), StandardCharsets.UTF_8).replace("\r\n", "\n")
                    .replace("\n", "\r\n");
            var flags = Flags.NONE;
            var internalDate = Instant.parse("2026-03-05T09:00:00Z");
            for (int i = 2; i < args.length; i++) {
                if (args[i].startsWith("@")) internalDate = Instant.parse(args[i].substring(1));
                else flags = flags.with(Flags.of(SystemFlag.byImapName(args[i])));
            }
            fixture.append(args[0], message, flags, internalDate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
