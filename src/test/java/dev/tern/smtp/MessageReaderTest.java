package dev.tern.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.net.LineReader;
import dev.tern.smtp.MessageReader.Outcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageReaderTest {

    private record Read(MessageReader.Result result, String message, String rest) {}

    private static Read read(String input, long max, int maxLine) throws Exception {
        var in = new LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)), 1000);
        var out = new ByteArrayOutputStream();
        var result = MessageReader.readData(in, out, max, maxLine, System.nanoTime() + 60_000_000_000L);
        var rest = new ByteArrayOutputStream();
        in.transferTo(rest, in.buffered());
        return new Read(result, out.toString(StandardCharsets.ISO_8859_1), rest.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void unstuffsDotsAndStopsAtCrlfDotCrlf() throws Exception {
        var r = read("a\r\n..b\r\n.\r\nQUIT\r\n", 1000, 1000);
        assertThat(r.result()).isEqualTo(new MessageReader.Result(Outcome.COMPLETE, 7));
        assertThat(r.message()).isEqualTo("a\r\n.b\r\n");
        assertThat(r.rest()).isEqualTo("QUIT\r\n");
    }

    @Test
    void anEmptyMessageEndsAtTheFirstDot() throws Exception {
        assertThat(read(".\r\n", 10, 1000).result()).isEqualTo(new MessageReader.Result(Outcome.COMPLETE, 0));
    }

    @Test
    void bareLineEndsAreNeverTheEnd() throws Exception {
        for (var fake : new String[] {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r", "\r.\r\n"}) {
            var r = read("a" + fake + "SMUGGLED\r\n.\r\nNEXT\r\n", 1000, 1000);
            assertThat(r.result().outcome()).as(fake).isEqualTo(Outcome.BARE_LINE_END);
            assertThat(r.rest()).as(fake).isEqualTo("NEXT\r\n");
        }
    }

    @Test
    void pastTheSizeBoundTheRestIsReadAndDropped() throws Exception {
        var r = read("x".repeat(50) + "\r\n" + "y".repeat(50) + "\r\n.\r\nNEXT\r\n", 60, 1000);
        assertThat(r.result().outcome()).isEqualTo(Outcome.TOO_LARGE);
        assertThat(r.message()).hasSize(52);
        assertThat(r.rest()).isEqualTo("NEXT\r\n");
    }

    @Test
    void anOverlongLineIsDroppedAndTheEndStillFound() throws Exception {
        var r = read("z".repeat(3000) + "\r\n.\r\nNEXT\r\n", 10_000, 100);
        assertThat(r.result().outcome()).isEqualTo(Outcome.LINE_TOO_LONG);
        assertThat(r.rest()).isEqualTo("NEXT\r\n");
        var bare = read("z".repeat(3000) + "\n.\r\nstill data\r\n.\r\nNEXT\r\n", 10_000, 100);
        assertThat(bare.rest()).as("an overlong line ending in a bare LF does not open an end").isEqualTo("NEXT\r\n");
    }

    @Test
    void aConnectionClosedInDataIsAnError() {
        assertThatThrownBy(() -> read("a\r\nb", 100, 100)).isInstanceOf(EOFException.class);
    }

    @Test
    void aDeadlineInThePastStopsReading() {
        var in = new LineReader(new ByteArrayInputStream("a\r\n.\r\n".getBytes(StandardCharsets.US_ASCII)), 100);
        assertThatThrownBy(() -> MessageReader.readData(in, new ByteArrayOutputStream(), 100, 100, System.nanoTime() - 1))
                .isInstanceOf(java.net.SocketTimeoutException.class);
    }
}
