package dev.tern.smtp;

import dev.tern.net.LineReader;
import dev.tern.net.ReplayStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading DATA's text up to {@code <CRLF>.<CRLF>} with dot-unstuffing (RFC 5321 §4.5.2), as the SMTP session
 * does after its 354: from the connection's line reader into a 64 KiB buffered spool stream (here one that
 * discards what it is flushed, so the disk is not measured). One line in 16 starts with a dot, so the unstuffing
 * path is taken. The reader is fed the same message over and over; each invocation reads one message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DataReaderBenchmark {
    private static final long MAX_MESSAGE = 50L << 20; // limits.message-size default
    private static final int MAX_LINE = 1000;          // limits.smtp-line-length default

    @Param({"4096", "1048576"})
    public int size;

    private LineReader in;
    private final OutputStream spool = new BufferedOutputStream(OutputStream.nullOutputStream(), 64 * 1024);
    private long deadline;

    @Setup
    public void prepare() throws IOException {
        var message = message(size);
        var stuffed = stuffed(message);
        deadline = System.nanoTime() + TimeUnit.DAYS.toNanos(365);
        var copy = new ByteArrayOutputStream();
        var result = MessageReader.readData(new LineReader(new ReplayStream(stuffed), MAX_LINE), copy, MAX_MESSAGE, MAX_LINE,
                deadline);
        if (result.outcome() != MessageReader.Outcome.COMPLETE || result.octets() != size
                || !Arrays.equals(copy.toByteArray(), message)) {
            throw new IllegalStateException("DATA of " + size + " octets read wrongly: " + result);
        }
        in = new LineReader(new ReplayStream(stuffed), MAX_LINE);
    }

    @Benchmark
    public MessageReader.Result readData() throws IOException {
        return MessageReader.readData(in, spool, MAX_MESSAGE, MAX_LINE, deadline);
    }

    /** A message of exactly {@code size} octets as stored: CRLF lines of up to 72 columns, every 16th starting "." */
    static byte[] message(int size) {
        var b = new StringBuilder(size + 100);
        b.append("From: Alice <alice@example.org>\r\nTo: bob@example.net\r\nSubject: data ").append(size)
                .append("\r\nMessage-ID: <").append(size).append("@example.org>\r\n\r\n");
        for (int line = 0; b.length() < size; line++) {
            int start = b.length();
            if (line % 16 == 15) b.append('.');
            while (b.length() - start < 72) b.append((char) ('a' + (b.length() * 7 + line) % 26));
            b.append("\r\n");
        }
        b.setLength(size - 2);
        if (b.charAt(b.length() - 1) == '\r') b.setCharAt(b.length() - 1, 'x');
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The message as sent in DATA: leading dots doubled, then the {@code .} line that ends it. */
    static byte[] stuffed(byte[] message) {
        var out = new ByteArrayOutputStream(message.length + message.length / 64 + 3);
        boolean lineStart = true;
        for (byte c : message) {
            if (lineStart && c == '.') out.write('.');
            out.write(c);
            lineStart = c == '\n';
        }
        out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
