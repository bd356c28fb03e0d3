package dev.tern.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static LineReader reader(String text, int max) {
        return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }

    @Test
    void readsCrlfLinesWithoutTheTerminator() throws IOException {
        var in = reader("a1 NOOP\r\nb2 LOGOUT\r\n", 100);
        assertThat(in.readLine()).isEqualTo("a1 NOOP");
        assertThat(in.lastLineEndedWithCrlf()).isTrue();
        assertThat(in.readLine()).isEqualTo("b2 LOGOUT");
        assertThat(in.readLine()).isNull();
    }

    @Test
    void saysWhenALineEndedWithABareLineFeed() throws IOException {
        var in = reader("one\ntwo\r\n", 100);
        assertThat(in.readLine()).isEqualTo("one");
        assertThat(in.lastLineEndedWithCrlf()).isFalse();
        assertThat(in.readLine()).isEqualTo("two");
        assertThat(in.lastLineEndedWithCrlf()).isTrue();
    }

    @Test
    void overlongLineIsDiscardedAndTheNextLineReadsCleanly() throws IOException {
        var in = reader("x".repeat(50_000) + "\r\nNEXT\r\n", 1000);
        assertThatThrownBy(in::readLine).isInstanceOf(LineTooLongException.class)
                .hasMessageContaining("1000").extracting(e -> ((LineTooLongException) e).limit()).isEqualTo(1000);
        assertThat(in.readLine()).isEqualTo("NEXT");
    }

    @Test
    void theBoundCountsTheCrlf() throws IOException {
        var in = reader("12345678\r\n123456789\r\n", 10);
        assertThat(in.readLine()).isEqualTo("12345678");
        assertThatThrownBy(in::readLine).isInstanceOf(LineTooLongException.class);
    }

    @Test
    void aHundredMegabyteLineIsSkippedAndTheReaderGoesOn() throws IOException {
        var tail = "\r\nNEXT\r\n".getBytes(StandardCharsets.US_ASCII);
        var huge = new InputStream() {
            long left = 100L * 1024 * 1024;
            int tailPosition;

            @Override
            public int read() {
                var one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left > 0) {
                    int n = (int) Math.min(len, left);
                    java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                    left -= n;
                    return n;
                }
                if (tailPosition == tail.length) return -1;
                b[off] = tail[tailPosition++];
                return 1;
            }
        };
        var in = new LineReader(huge, 1000);
        assertThatThrownBy(in::readLine).isInstanceOf(LineTooLongException.class);
        assertThat(in.readLine()).isEqualTo("NEXT");
    }

    @Test
    void aPartialLastLineIsEndOfStream() throws IOException {
        assertThat(reader("no terminator", 100).readLine()).isNull();
    }

    @Test
    void readsExactByteCountsAcrossTheBuffer() throws IOException {
        var literal = "y".repeat(20_000);
        var in = reader("A APPEND INBOX {20000}\r\n" + literal + "\r\nB NOOP\r\n", 100);
        assertThat(in.readLine()).isEqualTo("A APPEND INBOX {20000}");
        assertThat(new String(in.readBytes(20_000), StandardCharsets.US_ASCII)).isEqualTo(literal);
        assertThat(in.readLine()).isEmpty();
        assertThat(in.readLine()).isEqualTo("B NOOP");
    }

    @Test
    void transfersExactByteCountsToAStream() throws IOException {
        var in = reader("0123456789rest\r\n", 100);
        var out = new ByteArrayOutputStream();
        in.transferTo(out, 10);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("0123456789");
        assertThat(in.readLine()).isEqualTo("rest");
        assertThatThrownBy(() -> in.readBytes(1)).isInstanceOf(EOFException.class);
    }

    @Test
    void reportsWhatIsBufferedBeyondTheLastLine() throws IOException {
        var in = reader("STARTTLS\r\nNOOP\r\n", 100);
        in.readLine();
        assertThat(in.buffered()).isEqualTo("NOOP\r\n".length());
    }

    @Test
    void anOverlongLineStillTellsWhetherItEndedWithCrlf() throws IOException {
        // One byte per read, so that the CR and the LF arrive in different fills.
        var bytes = ("y".repeat(3000) + "\r\n" + "z".repeat(3000) + "\nok\r\n").getBytes(StandardCharsets.US_ASCII);
        var source = new ByteArrayInputStream(bytes);
        var in = new LineReader(new InputStream() {
            @Override public int read() { return source.read(); }

            @Override public int read(byte[] b, int off, int len) { return source.read(b, off, Math.min(len, 1)); }
        }, 100);
        assertThatThrownBy(in::readLine).isInstanceOf(LineTooLongException.class);
        assertThat(in.lastLineEndedWithCrlf()).isTrue();
        assertThatThrownBy(in::readLine).isInstanceOf(LineTooLongException.class);
        assertThat(in.lastLineEndedWithCrlf()).isFalse();
        assertThat(in.readLine()).isEqualTo("ok");
    }
}
