package dev.tern.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageWriterTest {

    private static String retr(String message) throws IOException {
        var out = new ByteArrayOutputStream();
        MessageWriter.retr(in(message), out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String top(String message, long lines) throws IOException {
        var out = new ByteArrayOutputStream();
        MessageWriter.top(in(message), out, lines);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static InputStream in(String s) { return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)); }

    @Test
    void stuffsLinesThatStartWithADot() throws IOException {
        assertThat(retr(".\r\n.a\r\nb.\r\n..\r\n")).isEqualTo("..\r\n..a\r\nb.\r\n...\r\n.\r\n");
    }

    @Test
    void endsEveryLineWithCrlf() throws IOException {
        assertThat(retr("a\nb\r\nc")).isEqualTo("a\r\nb\r\nc\r\n.\r\n");
        assertThat(retr("a\r")).isEqualTo("a\r\n.\r\n");
        assertThat(retr("")).isEqualTo(".\r\n");
    }

    @Test
    void stuffsAcrossBufferBoundaries() throws IOException {
        var big = "x".repeat(16 * 1024 - 2) + "\r\n.dot\n";
        assertThat(retr(big)).isEqualTo("x".repeat(16 * 1024 - 2) + "\r\n..dot\r\n.\r\n");
    }

    @Test
    void topSendsTheHeaderTheBlankLineAndNBodyLines() throws IOException {
        var message = "A: 1\r\nB: 2\r\n\r\nline 1\r\n.line 2\r\nline 3\r\n";
        assertThat(top(message, 0)).isEqualTo("A: 1\r\nB: 2\r\n\r\n.\r\n");
        assertThat(top(message, 2)).isEqualTo("A: 1\r\nB: 2\r\n\r\nline 1\r\n..line 2\r\n.\r\n");
        assertThat(top(message, 10)).isEqualTo("A: 1\r\nB: 2\r\n\r\nline 1\r\n..line 2\r\nline 3\r\n.\r\n");
        assertThat(top("A: 1\r\n", 3)).as("no body at all").isEqualTo("A: 1\r\n.\r\n");
    }
}
