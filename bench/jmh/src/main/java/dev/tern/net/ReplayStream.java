package dev.tern.net;

import java.io.InputStream;

/**
 * The same bytes again and again, as from a client that sends one command or message after another: lets a
 * benchmark reuse one {@link LineReader}, as a connection does, and read exactly one unit per invocation.
 */
public final class ReplayStream extends InputStream {
    private final byte[] bytes;
    private int position;

    public ReplayStream(byte[] bytes) {
        if (bytes.length == 0) throw new IllegalArgumentException("nothing to replay");
        this.bytes = bytes.clone();
    }

    @Override
    public int read() {
        int b = bytes[position] & 0xFF;
        position = (position + 1) % bytes.length;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        int n = Math.min(len, bytes.length - position);
        System.arraycopy(bytes, position, b, off, n);
        position = (position + n) % bytes.length;
        return n;
    }
}
