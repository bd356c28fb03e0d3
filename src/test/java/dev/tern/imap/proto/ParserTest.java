package dev.tern.imap.proto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.net.LineReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The parser alone, fed from a string: what it parsed, how it failed, and what it sent back (continuations). */
abstract class ParserTest {
    @TempDir
    Path spool;

    final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    CommandReader.Result read(String input) throws IOException {
        var reader = new CommandReader(new CommandReader.Settings(100, 1000, 16, spool));
        var in = new LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), 200);
        return reader.read(in, sent);
    }

    Command parse(String input) throws IOException {
        var result = read(input);
        assertThat(result).isInstanceOf(CommandReader.Result.Parsed.class);
        return ((CommandReader.Result.Parsed) result).command();
    }

    ImapException failure(String input) throws IOException {
        var result = read(input);
        assertThat(result).isInstanceOf(CommandReader.Result.Failed.class);
        return ((CommandReader.Result.Failed) result).error();
    }
}
