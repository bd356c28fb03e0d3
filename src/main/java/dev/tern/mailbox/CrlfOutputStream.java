package dev.tern.mailbox;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a message with every bare LF turned into CRLF, as RFC 5322 §2.1 wants it stored, and counts the
 * octets written so that a size limit can stop a message as it streams in.
 */
final class CrlfOutputStream extends FilterOutputStream {
    private final long limit;
    private long count;
    private int last = -1;

    /** @param limit most octets to write (after normalising); more throws {@link MessageTooLarge} */
    CrlfOutputStream(OutputStream out, long limit) {
        super(out);
        this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
        if (b == '\n' && last != '\r') put('\r');
        put(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n' && (i > start ? b[i - 1] : (byte) last) != '\r') {
                chunk(b, start, i - start);
                put('\r');
                start = i;
            }
        }
        chunk(b, start, end - start);
        if (len > 0) last = b[end - 1];
    }

    private void chunk(byte[] b, int off, int len) throws IOException {
        if (len == 0) return;
        count += len;
        if (count > limit) throw new MessageTooLarge(limit);
        out.write(b, off, len);
        last = b[off + len - 1];
    }

    private void put(int b) throws IOException {
        if (++count > limit) throw new MessageTooLarge(limit);
        out.write(b);
        last = b & 0xFF;
    }

    /** Octets written so far. */
    long count() { return count; }
}
