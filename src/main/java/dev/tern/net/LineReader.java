package dev.tern.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads CRLF-terminated lines and exact byte counts (literals, message bodies) from a connection, never holding
 * more than the bound of the current read: a line longer than its bound is consumed and discarded up to its end
 * and reported as {@link LineTooLongException}. A line also ends at a bare LF; {@link #lastLineEndedWithCrlf()}
 * tells the difference to protocols that must refuse bare LF (SMTP DATA, RFC 5321 §2.3.8).
 */
public final class LineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private int maxLineLength;
    private boolean lastCrlf = true;

    /** @param maxLineLength the default bound of {@link #readLine()}, in bytes including CRLF */
    public LineReader(InputStream in, int maxLineLength) {
        this.in = in;
        setMaxLineLength(maxLineLength);
    }

    public void setMaxLineLength(int maxLineLength) {
        if (maxLineLength < 3) throw new IllegalArgumentException("line bound too small: " + maxLineLength);
        this.maxLineLength = maxLineLength;
    }

    public int maxLineLength() { return maxLineLength; }

    /** The next line as UTF-8 without its CRLF, or null at end of stream. */
    public String readLine() throws IOException {
        var bytes = readLineBytes(maxLineLength);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The next line's bytes without CRLF (or bare LF), or null at end of stream (a partial last line is dropped:
     * the peer did not finish it).
     *
     * @param max bound in bytes, terminator included
     * @throws LineTooLongException after discarding the whole overlong line
     */
    public byte[] readLineBytes(int max) throws IOException {
        byte[] line = new byte[Math.min(max, 256)];
        int length = 0;
        boolean overlong = false;
        boolean crBeforeLf = false;
        while (true) {
            if (position == limit && !fill()) return null;
            int lf = indexOfLf();
            int end = lf < 0 ? limit : lf + 1;
            int chunk = end - position;
            // Tracked even for a line being discarded, so that lastLineEndedWithCrlf() holds after an overlong one.
            if (lf > position) crBeforeLf = buffer[lf - 1] == '\r';
            else if (lf < 0 && limit > position) crBeforeLf = buffer[limit - 1] == '\r';
            if (!overlong && length + chunk > max) overlong = true;
            if (!overlong) {
                if (length + chunk > line.length) line = Arrays.copyOf(line, Math.min(max, Math.max(line.length * 2, length + chunk)));
                System.arraycopy(buffer, position, line, length, chunk);
                length += chunk;
            }
            position = end;
            if (lf >= 0) break;
        }
        if (overlong) {
            lastCrlf = crBeforeLf;
            throw new LineTooLongException(max);
        }
        // length >= 1: the LF itself
        lastCrlf = length >= 2 && line[length - 2] == '\r';
        return Arrays.copyOf(line, length - (lastCrlf ? 2 : 1));
    }

    /** Whether the last line read ended with CRLF rather than a bare LF. */
    public boolean lastLineEndedWithCrlf() { return lastCrlf; }

    /** Reads exactly {@code count} bytes, e.g. a small IMAP literal. @throws EOFException if the stream ends first */
    public byte[] readBytes(int count) throws IOException {
        var bytes = new byte[count];
        int done = 0;
        while (done < count) {
            if (position == limit && !fill()) throw new EOFException("stream ended " + (count - done) + " bytes short");
            int n = Math.min(count - done, limit - position);
            System.arraycopy(buffer, position, bytes, done, n);
            position += n;
            done += n;
        }
        return bytes;
    }

    /** Copies exactly {@code count} bytes to {@code out}, e.g. a large literal to a temporary file. */
    public void transferTo(OutputStream out, long count) throws IOException {
        long left = count;
        while (left > 0) {
            if (position == limit && !fill()) throw new EOFException("stream ended " + left + " bytes short");
            int n = (int) Math.min(left, limit - position);
            out.write(buffer, position, n);
            position += n;
            left -= n;
        }
    }

    /** Bytes read from the stream but not yet returned: what a client pipelined after the last line. */
    public int buffered() { return limit - position; }

    private int indexOfLf() {
        for (int i = position; i < limit; i++) if (buffer[i] == '\n') return i;
        return -1;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) return false;
        position = 0;
        limit = n;
        return true;
    }
}
