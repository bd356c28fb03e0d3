package dev.tern.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tern.config.AdminConfig;
import dev.tern.net.ConnectionMetrics;
import dev.tern.queue.QueueMetrics;
import dev.tern.store.Storage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP admin listener on the JDK's HTTP server, one virtual thread per request: {@code /health} answers 200
 * {@code ok} while the store answers a query and 503 otherwise; {@code /metrics} is Prometheus text (connections,
 * store, outbound queue, JVM). It has no
 * authentication, which is why it listens on loopback unless configured otherwise.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    private static final long HEALTH_TIMEOUT_MS = 2000;

    private final HttpServer http;
    private final ExecutorService executor;
    private final Storage storage;
    private final ConnectionMetrics connections;
    private final Optional<QueueMetrics> queue;

    private AdminServer(HttpServer http, ExecutorService executor, Storage storage, ConnectionMetrics connections,
                        Optional<QueueMetrics> queue) {
        this.http = http;
        this.executor = executor;
        this.storage = storage;
        this.connections = connections;
        this.queue = queue;
    }

    /** Binds and starts serving, without queue metrics. */
    public static AdminServer start(AdminConfig config, Storage storage, ConnectionMetrics connections)
            throws IOException {
        return start(config, storage, connections, Optional.empty());
    }

    /** Binds and starts serving; {@code /metrics} includes the outbound queue's when {@code queue} is present. */
    public static AdminServer start(AdminConfig config, Storage storage, ConnectionMetrics connections,
                                    Optional<QueueMetrics> queue) throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(config.address(), config.port()), 64);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + config.address().getHostAddress() + ":" + config.port()
                    + " for the admin listener: " + e.getMessage() + " (change admin.port, or set admin.enabled"
                    + " = false)", e);
        }
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        var server = new AdminServer(http, executor, storage, connections, queue);
        http.createContext("/health", server::health);
        http.createContext("/metrics", server::metrics);
        http.start();
        if (!config.address().isLoopbackAddress()) {
            log.warn("event=admin-exposed address={} note=\"the admin listener has no authentication\"",
                    config.address().getHostAddress());
        }
        return server;
    }

    public int port() { return http.getAddress().getPort(); }

    private void health(HttpExchange exchange) throws IOException {
        if (!exactPath(exchange, "/health")) return;
        boolean ok;
        try (var probe = Executors.newVirtualThreadPerTaskExecutor()) {
            ok = probe.submit(() -> storage.directory().domains()).get(HEALTH_TIMEOUT_MS, TimeUnit.MILLISECONDS) != null;
        } catch (Exception e) {
            log.warn("event=health-failed error=\"{}\"", e.getMessage());
            ok = false;
        }
        respond(exchange, ok ? 200 : 503, ok ? "ok\n" : "store not answering\n", "text/plain; charset=utf-8");
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (!exactPath(exchange, "/metrics")) return;
        String body;
        try {
            body = PrometheusText.render(connections.snapshot(), storage.stats(),
                    queue.map(QueueMetrics::snapshot));
        } catch (RuntimeException e) {
            log.warn("event=metrics-failed error=\"{}\"", e.getMessage());
            respond(exchange, 503, "metrics unavailable: " + e.getMessage() + "\n", "text/plain; charset=utf-8");
            return;
        }
        respond(exchange, 200, body, "text/plain; version=0.0.4; charset=utf-8");
    }

    private static boolean exactPath(HttpExchange exchange, String path) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(path)) {
            respond(exchange, 404, "not found; try /health or /metrics\n", "text/plain; charset=utf-8");
            return false;
        }
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            respond(exchange, 405, "use GET\n", "text/plain; charset=utf-8");
            return false;
        }
        return true;
    }

    private static void respond(HttpExchange exchange, int status, String body, String type) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            if (!head) out.write(bytes);
        }
    }

    /** Stops within a second, answering requests in progress if they finish by then. */
    @Override
    public void close() {
        http.stop(1);
        executor.shutdownNow();
    }
}
