package dev.tern.net;

import dev.tern.tls.TlsContext;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: its socket, a bounded {@link LineReader} and a buffered output stream, an id that every
 * log line about it carries, and the switch to TLS. Used by one thread, the connection's own.
 */
public final class Connection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final AtomicLong IDS = new AtomicLong();
    /** How long a TLS close waits for the client's close_notify. */
    private static final int CLOSE_NOTIFY_WAIT_MS = 200;

    private final long id;
    private final String protocol;
    private final InetSocketAddress remote;
    private final TlsContext tls;
    private final Duration handshakeTimeout;
    private final Socket tcp;
    private Socket socket;
    private LineReader in;
    private OutputStream out;
    private Duration idleTimeout;
    private volatile boolean draining;

    /**
     * @param tls the server's certificate, or null where TLS is not offered
     */
    public Connection(Socket socket, String protocol, int maxLineLength, Duration idleTimeout, TlsContext tls,
                      Duration handshakeTimeout) throws IOException {
        this.id = IDS.incrementAndGet();
        this.protocol = protocol;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.tls = tls;
        this.handshakeTimeout = handshakeTimeout;
        this.idleTimeout = idleTimeout;
        this.tcp = socket;
        // Every protocol here writes a whole response and then flushes once; with Nagle's algorithm on, the last
        // segment of a response longer than the write buffer waited for the client's delayed ACK (about 40 ms).
        socket.setTcpNoDelay(true);
        attach(socket, maxLineLength);
    }

    private void attach(Socket s, int maxLineLength) throws IOException {
        this.socket = s;
        this.in = new LineReader(s.getInputStream(), maxLineLength);
        this.out = new BufferedOutputStream(s.getOutputStream(), 8192);
        s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
    }

    public long id() { return id; }

    public String protocol() { return protocol; }

    public InetSocketAddress remote() { return remote; }

    public InetAddress remoteAddress() { return remote.getAddress(); }

    /** The lines and bytes from the client; replaced by {@link #startTls()}, so ask for it after that again. */
    public LineReader in() { return in; }

    /** Buffered: flush after each response. */
    public OutputStream out() { return out; }

    /** Writes {@code line} and CRLF, and flushes. */
    public void writeLine(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public boolean isTls() { return socket instanceof SSLSocket; }

    /** The TLS session once TLS is active (its protocol version and cipher suite, e.g. for trace fields). */
    public java.util.Optional<javax.net.ssl.SSLSession> tlsSession() {
        return socket instanceof SSLSocket ssl ? java.util.Optional.of(ssl.getSession()) : java.util.Optional.empty();
    }

    /** Whether STARTTLS can be offered: a certificate is configured and TLS is not active yet. */
    public boolean canStartTls() { return tls != null && !isTls(); }

    /**
     * Switches to TLS and handshakes (within the handshake timeout). Bytes the client sent after the STARTTLS
     * command and before the handshake are discarded with the old reader: they were not protected, and treating
     * them as commands after the switch is the injection of CVE-2011-0411 (RFC 3207 §4, RFC 9051 §6.2.1).
     * Call it after the reply that accepts STARTTLS has been flushed.
     */
    public void startTls() throws IOException {
        if (!canStartTls()) throw new IllegalStateException(isTls() ? "TLS is active already" : "no certificate");
        out.flush();
        int discarded = in.buffered();
        var ssl = tls.wrap(socket);
        ssl.setSoTimeout((int) Math.max(1, handshakeTimeout.toMillis()));
        ssl.startHandshake();
        attach(ssl, in.maxLineLength());
        var session = ssl.getSession();
        log.info("conn={} proto={} remote={} event=tls version={} cipher={}{}", id, protocol, remoteText(),
                session.getProtocol(), session.getCipherSuite(),
                discarded > 0 ? " discarded-pipelined-bytes=" + discarded : "");
    }

    /** Sets how long a read waits before {@link java.net.SocketTimeoutException} (e.g. longer during IDLE). */
    public void setIdleTimeout(Duration timeout) throws IOException {
        this.idleTimeout = timeout;
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** True once the server is shutting down: finish the current command, say goodbye and return. */
    public boolean isDraining() { return draining; }

    void drain() { draining = true; }

    String remoteText() {
        var address = remote.getAddress().getHostAddress();
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + remote.getPort();
    }

    /**
     * Closes the connection from its own thread. Under TLS the close_notify alert is sent, and the JDK then waits
     * for the client's own close_notify for as long as a read may block; that wait is cut to
     * {@link #CLOSE_NOTIFY_WAIT_MS} milliseconds so that a client that never answers cannot hold the thread for the idle timeout.
     */
    @Override
    public void close() {
        try {
            if (socket != tcp) socket.setSoTimeout(CLOSE_NOTIFY_WAIT_MS);
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort; the TCP socket is closed below either way
        } finally {
            abort();
        }
    }

    /**
     * Closes the TCP connection at once, without a TLS goodbye; safe from another thread, where it makes the
     * handler's blocked read or write fail. Used when the shutdown grace period is over.
     */
    public void abort() {
        try {
            tcp.close();
        } catch (IOException ignored) {
            // the descriptor is released either way
        }
    }
}
