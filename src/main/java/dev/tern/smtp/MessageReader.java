package dev.tern.smtp;

import dev.tern.net.LineReader;
import dev.tern.net.LineTooLongException;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;

/**
 * Reads a message from the client into the spool, never holding more than one line, with the size bound
 * enforced while reading: past the bound the rest is read and dropped, so the client gets its answer once it
 * has sent everything, and nothing it sent after the message is mistaken for commands.
 *
 * <p>DATA (RFC 5321 §4.1.1.4): only {@code <CRLF>.<CRLF>} ends the message. A bare LF or a bare CR anywhere —
 * including the {@code <LF>.<LF>}, {@code <LF>.<CRLF>} and {@code <CR>.<CR>} endings other software accepts —
 * is not an end and makes the message refused ({@link Outcome#BARE_LINE_END}): a server that ended the message
 * where the sending server did not would take the rest as a second, smuggled message (RFC 5321 §2.3.8).
 */
final class MessageReader {

    /** How reading a message ended; anything but COMPLETE means the message is refused. */
    enum Outcome { COMPLETE, TOO_LARGE, BARE_LINE_END, LINE_TOO_LONG }

    private MessageReader() {}

    /** Outcome and the number of octets of the message (as stored, CRLF line ends, dots unstuffed). */
    record Result(Outcome outcome, long octets) {}

    /**
     * Reads DATA's text up to {@code <CRLF>.<CRLF>}, unstuffing leading dots (RFC 5321 §4.5.2), into {@code out}.
     *
     * @param maxOctets  the size bound of the message
     * @param maxLine    the longest text line, CRLF included (RFC 5321 §4.5.3.1.6)
     * @param deadline   {@link System#nanoTime()} past which the connection has lasted too long
     * @throws EOFException if the client closes the connection before the end of the data
     * @throws SocketTimeoutException if the deadline passes before the end of the data
     */
    static Result readData(LineReader in, OutputStream out, long maxOctets, int maxLine, long deadline)
            throws IOException {
        long octets = 0;
        var outcome = Outcome.COMPLETE;
        boolean previousCrlf = true; // the DATA command's own line end
        while (true) {
            if (System.nanoTime() - deadline > 0) throw new SocketTimeoutException("connection time limit reached in DATA");
            byte[] line;
            boolean crlf;
            try {
                line = in.readLineBytes(maxLine);
                if (line == null) throw new EOFException("the client closed the connection during DATA");
                crlf = in.lastLineEndedWithCrlf();
            } catch (LineTooLongException e) {
                if (outcome == Outcome.COMPLETE) outcome = Outcome.LINE_TOO_LONG;
                previousCrlf = in.lastLineEndedWithCrlf();
                continue;
            }
            if (crlf && previousCrlf && line.length == 1 && line[0] == '.') break;
            previousCrlf = crlf;
            if (!crlf || indexOf(line, (byte) '\r') >= 0) {
                if (outcome == Outcome.COMPLETE) outcome = Outcome.BARE_LINE_END;
                continue;
            }
            if (outcome != Outcome.COMPLETE) continue;
            int skip = line.length > 0 && line[0] == '.' ? 1 : 0;
            long length = line.length - skip + 2L;
            if (octets + length > maxOctets) {
                outcome = Outcome.TOO_LARGE;
                continue;
            }
            out.write(line, skip, line.length - skip);
            out.write('\r');
            out.write('\n');
            octets += length;
        }
        return new Result(outcome, octets);
    }

    /**
     * Reads one BDAT chunk of exactly {@code size} octets (RFC 3030 §2): into {@code out} while the message stays
     * within {@code room} octets, the rest (or all of it, when {@code out} is null) read and dropped.
     *
     * @return the octets written, or -1 if the chunk did not fit and was dropped
     */
    static long readChunk(LineReader in, OutputStream out, long size, long room) throws IOException {
        if (out != null && size <= room) {
            in.transferTo(out, size);
            return size;
        }
        in.transferTo(OutputStream.nullOutputStream(), size);
        return -1;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) if (bytes[i] == b) return i;
        return -1;
    }
}
