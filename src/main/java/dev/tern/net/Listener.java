package dev.tern.net;

import dev.tern.config.ListenerConfig;
import dev.tern.config.TlsMode;
import dev.tern.tls.TlsContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Accepts connections on one address and port and runs each on its own virtual thread with the protocol's
 * handler. A permit under the total cap is taken before {@code accept()}, the per-address cap once the client is
 * known; a client over either cap gets the protocol's refusal line and is closed at once, on the accepting thread,
 * without costing a thread. The permit is given back on every path.
 */
public final class Listener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Listener.class);

    /** What each connection of this listener gets: line bound, idle timeout, TLS. {@code tls} may be null. */
    public record Settings(int maxLineLength, Duration idleTimeout, Duration handshakeTimeout, TlsContext tls) {}

    private final ListenerConfig config;
    private final ProtocolHandler handler;
    private final Settings settings;
    private final ConnectionLimiter limiter;
    private final ConnectionMetrics metrics;
    private final String protocol;
    private final Set<Connection> active = ConcurrentHashMap.newKeySet();
    private final Object idle = new Object();
    private ServerSocket serverSocket;
    private Thread acceptor;

    public Listener(ListenerConfig config, ProtocolHandler handler, Settings settings, ConnectionLimiter limiter,
                    ConnectionMetrics metrics) {
        if (config.tls() != TlsMode.NONE && settings.tls() == null) {
            throw new IllegalArgumentException(config.label() + " needs a TLS context");
        }
        this.config = config;
        this.handler = handler;
        this.settings = settings;
        this.limiter = limiter;
        this.metrics = metrics;
        this.protocol = config.protocol().configName();
        metrics.register(protocol);
    }

    /** Binds the port; after this, clients can connect (they wait in the backlog until {@link #start()}). */
    public void bind() throws IOException {
        var socket = new ServerSocket();
        socket.setReuseAddress(true);
        try {
            socket.bind(new InetSocketAddress(config.address(), config.port()), 256);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + config.address().getHostAddress() + ":" + config.port()
                    + " for " + config.label() + ": " + e.getMessage()
                    + " (is another server using the port? ports below 1024 need privileges)", e);
        }
        this.serverSocket = socket;
    }

    public void start() {
        acceptor = Thread.ofPlatform().name("accept-" + protocol + "-" + port()).daemon().start(this::acceptLoop);
    }

    public ListenerConfig config() { return config; }

    /** The bound port; the real one when the configuration said 0. */
    public int port() { return serverSocket.getLocalPort(); }

    public int openConnections() { return active.size(); }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            var permit = limiter.reserve();
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                permit.ifPresent(ConnectionLimiter.Permit::close);
                if (!serverSocket.isClosed()) log.warn("listener={} event=accept-failed error=\"{}\"", config.label(), e.getMessage());
                continue;
            }
            // A connection may have ended while accept() waited: look again before refusing.
            if (permit.isEmpty()) permit = limiter.reserve();
            if (permit.isEmpty()) {
                refuse(socket, "connections");
            } else if (!permit.get().bind(socket.getInetAddress())) {
                permit.get().close();
                refuse(socket, "connections-per-address");
            } else {
                dispatch(socket, permit.get());
            }
        }
    }

    private void dispatch(Socket socket, ConnectionLimiter.Permit permit) {
        try {
            Thread.ofVirtual().name(protocol + "-conn").start(() -> run(socket, permit));
        } catch (RuntimeException | Error e) {
            permit.close();
            closeQuietly(socket);
            throw e;
        }
    }

    private void run(Socket socket, ConnectionLimiter.Permit permit) {
        long started = System.nanoTime();
        Connection connection;
        try {
            connection = new Connection(socket, protocol, settings.maxLineLength(), settings.idleTimeout(),
                    settings.tls(), settings.handshakeTimeout());
        } catch (IOException | RuntimeException e) {
            permit.close();
            closeQuietly(socket);
            return;
        }
        active.add(connection);
        metrics.opened(protocol);
        MDC.put("conn", Long.toString(connection.id()));
        String reason = "done";
        // Resources close in reverse order: the permit is free before the client sees the connection end.
        try (connection; permit) {
            log.info("conn={} proto={} remote={} event=open listener={}", connection.id(), protocol,
                    connection.remoteText(), config.label());
            if (config.tls() == TlsMode.IMPLICIT) connection.startTls();
            handler.serve(connection);
        } catch (SocketTimeoutException e) {
            reason = "timeout";
        } catch (SSLException e) {
            reason = "tls-failed error=\"" + e.getMessage() + "\"";
        } catch (IOException e) {
            reason = "io error=\"" + e.getMessage() + "\"";
        } catch (RuntimeException e) {
            reason = "failed";
            log.error("conn={} proto={} event=error", connection.id(), protocol, e);
        } finally {
            active.remove(connection);
            metrics.closed(protocol);
            log.info("conn={} proto={} remote={} event=close reason={} ms={}", connection.id(), protocol,
                    connection.remoteText(), reason, (System.nanoTime() - started) / 1_000_000);
            MDC.remove("conn");
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** Answers a client over a cap and closes; implicit TLS clients get no line, since they expect a handshake. */
    private void refuse(Socket socket, String cap) {
        metrics.refused(protocol);
        log.warn("proto={} remote={}:{} event=refused cap={}", protocol, socket.getInetAddress().getHostAddress(),
                socket.getPort(), cap);
        try (socket) {
            if (config.tls() != TlsMode.IMPLICIT) {
                socket.setSoTimeout(1000);
                var out = socket.getOutputStream();
                out.write((handler.refusal() + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                socket.shutdownOutput();
            }
        } catch (IOException ignored) {
            // the client is gone already; nothing is owed to it
        }
    }

    /** Stops accepting; open sessions go on, told by {@link Connection#isDraining()} to finish. */
    public void stopAccepting() {
        closeQuietly(serverSocket);
        active.forEach(Connection::drain);
        if (acceptor != null) {
            try {
                acceptor.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until no session is open or {@code timeout} has passed; true if none is open. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (!active.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                idle.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Closes every open connection; their handlers' reads and writes fail and their threads end. */
    public void closeConnections() { active.forEach(Connection::abort); }

    @Override
    public void close() {
        stopAccepting();
        closeConnections();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) c.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
