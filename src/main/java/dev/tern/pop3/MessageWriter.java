package dev.tern.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes a stored message as a RETR or TOP response body (RFC 1939 §3): every line ends in CRLF (a bare LF gets
 * its CR), a line that begins with "." gets one more "." in front, and the body ends with "." on a line of its
 * own. Reads the message in chunks from its stream, so a message of any size costs one buffer. For TOP, only the
 * header, the blank line after it and the first {@code n} lines of the body are written (RFC 1939 §7).
 */
final class MessageWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END = {'.', '\r', '\n'};

    private final OutputStream out;
    private final long bodyLines;
    private boolean atLineStart = true;
    private boolean previousCr;
    private int lineLength;
    private boolean inHeader = true;
    private long bodyLinesLeft;
    private boolean done;

    private MessageWriter(OutputStream out, long bodyLines) {
        this.out = out;
        this.bodyLines = bodyLines;
        this.bodyLinesLeft = bodyLines;
    }

    /** RETR: the whole message, then the terminating line. */
    static void retr(InputStream message, OutputStream out) throws IOException {
        new MessageWriter(out, -1).copy(message);
    }

    /** TOP: the header, the blank line and {@code bodyLines} lines of the body, then the terminating line. */
    static void top(InputStream message, OutputStream out, long bodyLines) throws IOException {
        if (bodyLines < 0) throw new IllegalArgumentException("TOP needs a line count of 0 or more");
        new MessageWriter(out, bodyLines).copy(message);
    }

    private void copy(InputStream message) throws IOException {
        var buffer = new byte[16 * 1024];
        int n;
        while (!done && (n = message.read(buffer)) > 0) write(buffer, n);
        // RFC 1939 §3: the terminating octet sequence starts a line of its own.
        if (!atLineStart) out.write(previousCr ? new byte[] {'\n'} : CRLF);
        out.write(END);
    }

    private void write(byte[] b, int length) throws IOException {
        int start = 0;
        for (int i = 0; i < length; i++) {
            byte c = b[i];
            if (atLineStart) {
                atLineStart = false;
                lineLength = 0;
                if (c == '.') {
                    // RFC 1939 §3: byte-stuff a line that starts with the termination octet.
                    out.write(b, start, i - start);
                    out.write('.');
                    start = i;
                }
            }
            if (c == '\n') {
                if (!previousCr) {
                    out.write(b, start, i - start);
                    out.write('\r');
                    start = i;
                }
                atLineStart = true;
                previousCr = false;
                if (lineEnded()) {
                    out.write(b, start, i + 1 - start);
                    done = true;
                    return;
                }
                continue;
            }
            previousCr = c == '\r';
            if (c != '\r') lineLength++;
        }
        out.write(b, start, length - start);
    }

    /** Counts a finished line for TOP; true when the requested lines have all been written. */
    private boolean lineEnded() {
        if (bodyLines < 0) return false;
        if (inHeader) {
            if (lineLength == 0) {
                inHeader = false;
                return bodyLinesLeft == 0;
            }
            return false;
        }
        return --bodyLinesLeft <= 0;
    }
}
