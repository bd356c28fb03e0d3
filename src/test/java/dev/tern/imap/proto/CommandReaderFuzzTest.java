package dev.tern.imap.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.tern.net.LineReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the command reader and parser with arbitrary bytes, as a client would send them: every command read
 * gives a {@link CommandReader.Result} (a command, or BAD/NO/BYE with a text), a connection that ends inside a
 * command is an {@link EOFException}, and nothing else escapes. Literals stay within their limits, only
 * continuation requests are written back, and no spooled APPEND file is left behind. In the suite this runs the
 * seed inputs only; {@code JAZZER_FUZZ=1 mvn test -Dtest=CommandReaderFuzzTest} fuzzes.
 */
class CommandReaderFuzzTest {
    private static final int LINE_LENGTH = 300;
    private static final int MAX_LITERAL = 100;
    private static final long MAX_MESSAGE = 2000;
    private static final byte[] CONTINUE = "+ Ready for literal data\r\n".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "30s")
    void everyInputReadsAsCommandsOrTypedFailures(@NotNull byte[] input) throws IOException {
        var spool = Files.createTempDirectory("imap-fuzz-");
        try {
            readAll(input, spool, false);
            readAll(input, spool, true);
            try (var left = Files.list(spool)) {
                assertThat(left).as("spooled APPEND files left behind").isEmpty();
            }
        } finally {
            try (var left = Files.list(spool)) {
                for (var file : left.toList()) Files.deleteIfExists(file);
            }
            Files.delete(spool);
        }
    }

    private static void readAll(byte[] input, Path spool, boolean utf8) throws IOException {
        var reader = new CommandReader(new CommandReader.Settings(MAX_LITERAL, MAX_MESSAGE, 64, spool));
        reader.utf8(utf8);
        var in = new LineReader(new ByteArrayInputStream(input), LINE_LENGTH);
        var sent = new ByteArrayOutputStream();
        // Each read consumes at least one line, so the input bounds the number of commands.
        for (int commands = 0; commands <= input.length; commands++) {
            CommandReader.Result result;
            try {
                result = reader.read(in, sent);
            } catch (EOFException e) {
                return;
            }
            switch (result) {
                case CommandReader.Result.End _ -> { return; }
                case CommandReader.Result.Failed f -> {
                    assertThat(f.tag()).isNotEmpty().doesNotContain(" ", "\r", "\n");
                    // The text may quote the client's bytes, CR included: ResponseWriter.status makes it one line.
                    assertThat(f.error().text()).isNotBlank();
                    if (f.error() instanceof ImapException.Bye) return;
                }
                case CommandReader.Result.Parsed p -> check(p);
            }
            assertOnlyContinuations(sent.toByteArray());
        }
    }

    private static void check(CommandReader.Result.Parsed parsed) throws IOException {
        assertThat(parsed.tag()).isNotEmpty().doesNotContain(" ", "\r", "\n", "+");
        assertThat(parsed.command()).isNotNull();
        switch (parsed.command()) {
            case Command.Append a -> {
                for (var m : a.messages()) {
                    try (var message = m.message()) {
                        assertThat(message.size()).isBetween(0L, MAX_MESSAGE);
                        try (var body = message.open()) {
                            assertThat(body.readAllBytes()).hasSize((int) message.size());
                        }
                    }
                }
            }
            case Command.Login l -> {
                assertThat(l.user().length()).isLessThanOrEqualTo(Math.max(LINE_LENGTH, MAX_LITERAL));
                assertThat(l.password().length()).isLessThanOrEqualTo(Math.max(LINE_LENGTH, MAX_LITERAL));
            }
            default -> { }
        }
    }

    private static void assertOnlyContinuations(byte[] sent) {
        assertThat(sent.length % CONTINUE.length).as("only continuation requests are sent").isZero();
        for (int i = 0; i < sent.length; i += CONTINUE.length) {
            assertThat(new String(sent, i, CONTINUE.length, StandardCharsets.US_ASCII))
                    .isEqualTo(new String(CONTINUE, StandardCharsets.US_ASCII));
        }
    }
}
