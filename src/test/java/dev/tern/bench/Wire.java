package dev.tern.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One plain-socket connection to 127.0.0.1: CRLF lines out, lines and counted bytes back. No client library. */
final class Wire implements AutoCloseable {
    private static final int MAX_LINE = 1 << 20;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Wire(int port, int timeoutMillis) throws IOException {
        this(connect(port, timeoutMillis), timeoutMillis, 64 * 1024);
    }

    /** Wraps an open socket (e.g. a TLS socket layered over {@link #connect}) with a read buffer of its own size. */
    Wire(Socket socket, int timeoutMillis, int bufferSize) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(timeoutMillis);
        in = new BufferedInputStream(socket.getInputStream(), bufferSize);
        out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
    }

    /** A plain TCP connection to 127.0.0.1: the benchmark only ever talks to loopback. */
    static Socket connect(int port, int timeoutMillis) throws IOException {
        var socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Writes without flushing: for pipelined commands (RFC 2920) that go out in one flush. */
    void write(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void flush() throws IOException {
        out.flush();
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Writes bytes without flushing. */
    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one line without its CRLF; fails on end of stream or a line longer than 1 MiB. */
    String line() throws IOException {
        var buf = new ByteArrayOutputStream(128);
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                var bytes = buf.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (buf.size() >= MAX_LINE) throw new IOException("reply line longer than 1 MiB");
            buf.write(c);
        }
        throw new IOException("server closed the connection");
    }

    /** Skips exactly {@code n} bytes (an IMAP literal). */
    void skip(long n) throws IOException {
        var remaining = n;
        var scratch = new byte[8192];
        while (remaining > 0) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, remaining));
            if (r < 0) throw new IOException("server closed the connection inside a literal");
            remaining -= r;
        }
    }

    @Override
    public void close() throws IOException { socket.close(); }
}
