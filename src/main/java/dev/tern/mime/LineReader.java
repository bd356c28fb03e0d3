package dev.tern.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a message line by line while counting octets and line ends, holding at most {@code keep} bytes of any
 * line (longer lines are counted, not kept). A line ends at LF; a CR before it belongs to the line end. The
 * reader always has one line looked at but not consumed: {@link #line()}, until the input ends.
 */
final class LineReader {
    private final InputStream in;
    /** Read in 8 KiB steps: a parse per message must not cost a large zeroed buffer (most messages are small). */
    private final byte[] buf = new byte[8 * 1024];
    private int pos;
    private int limit;
    private boolean inputEnded;

    /** Grows as long lines come, up to {@link #keep}: most lines are short. */
    private byte[] kept;
    private final int keep;
    private int keptLength;
    private long lineStart;
    private long contentLength;
    private int terminatorLength;
    private boolean hasLine;
    private long offset;

    /** Line ends consumed so far, i.e. before the current line. */
    private long terminators;
    private long prevStart = -1;
    private long prevContentLength;
    private int prevTerminatorLength;

    LineReader(InputStream in, int keep) {
        this.in = in;
        this.keep = keep;
        this.kept = new byte[Math.min(keep, 256)];
    }

    /** Consumes the current line and looks at the next; false when the input has ended. */
    boolean advance() throws IOException {
        if (hasLine) {
            prevStart = lineStart;
            prevContentLength = contentLength;
            prevTerminatorLength = terminatorLength;
            if (terminatorLength > 0) terminators++;
        }
        return read();
    }

    private boolean read() throws IOException {
        lineStart = offset;
        keptLength = 0;
        contentLength = 0;
        terminatorLength = 0;
        long length = 0;
        boolean pendingCr = false;
        while (true) {
            if (pos == limit && !fill()) break;
            byte b = buf[pos++];
            length++;
            if (b == '\n') {
                terminatorLength = pendingCr ? 2 : 1;
                break;
            }
            if (pendingCr) keep((byte) '\r');
            pendingCr = b == '\r';
            if (!pendingCr) keep(b);
        }
        if (pendingCr && terminatorLength == 0) keep((byte) '\r');
        offset += length;
        contentLength = length - terminatorLength;
        hasLine = length > 0;
        return hasLine;
    }

    private void keep(byte b) {
        if (keptLength == kept.length) {
            if (keptLength == keep) return;
            kept = Arrays.copyOf(kept, Math.min(keep, keptLength * 2));
        }
        kept[keptLength++] = b;
    }

    private boolean fill() throws IOException {
        if (inputEnded) return false;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            inputEnded = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    boolean hasLine() { return hasLine; }

    /** Offset of the current line, or of the end of input when there is none. */
    long position() { return hasLine ? lineStart : offset; }

    long contentLength() { return contentLength; }

    /** The kept bytes of the current line (without its line end). */
    byte[] kept() { return kept; }

    int keptLength() { return keptLength; }

    long terminators() { return terminators; }

    long prevStart() { return prevStart; }

    long prevContentLength() { return prevContentLength; }

    int prevTerminatorLength() { return prevTerminatorLength; }
}
