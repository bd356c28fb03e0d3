package dev.tern.server;

import dev.tern.admin.AdminServer;
import dev.tern.config.ListenerConfig;
import dev.tern.config.ListenerProtocol;
import dev.tern.config.TernConfig;
import dev.tern.config.TlsMode;
import dev.tern.net.ConnectionLimiter;
import dev.tern.net.ConnectionMetrics;
import dev.tern.net.Listener;
import dev.tern.net.SecurityPolicy;
import dev.tern.store.Storage;
import dev.tern.tls.SelfSignedCertificate;
import dev.tern.tls.TlsContext;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: TLS material, the open store, a listener per configured port, the admin listener. Start-up
 * binds every port before it accepts on any and logs one line with {@code event=ready}; {@link #close()} shuts
 * down gracefully: stop accepting, let sessions finish within the grace period, close what is left, close the store.
 */
public final class TernServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TernServer.class);
    /** After the grace period connections are closed; their threads get this long to unwind before the store closes. */
    private static final Duration UNWIND = Duration.ofSeconds(2);

    private final TernConfig config;
    private final Storage storage;
    private final List<Listener> listeners;
    private final AdminServer admin;
    private final ConnectionMetrics metrics;
    private final Services services;
    private final PeriodicSweep sweep;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private TernServer(TernConfig config, Storage storage, List<Listener> listeners, AdminServer admin,
                       ConnectionMetrics metrics, PeriodicSweep sweep, Services services) {
        this.services = services;
        this.config = config;
        this.sweep = sweep;
        this.storage = storage;
        this.listeners = listeners;
        this.admin = admin;
        this.metrics = metrics;
    }

    /**
     * Starts everything or nothing: if a step fails, what was started is closed again and the failure thrown.
     *
     * @throws Exception naming what could not be started (a port in use, an unreadable key, the store)
     */
    public static TernServer start(TernConfig config, StorageOpener opener, ProtocolHandlers handlers)
            throws Exception {
        return start(config, opener, handlers, server -> {});
    }

    /**
     * Like {@link #start(TernConfig, StorageOpener, ProtocolHandlers)}, handing the running server to
     * {@code onRunning} before the ready line is logged, e.g. to a shutdown hook that must see it by then.
     */
    public static TernServer start(TernConfig config, StorageOpener opener, ProtocolHandlers handlers,
                                   java.util.function.Consumer<TernServer> onRunning) throws Exception {
        long begin = System.nanoTime();
        Files.createDirectories(config.dataDirectory());
        // TLS set-up (the JDK's TLS stack warms up) and opening the store are independent: do them side by side.
        TlsContext tls;
        Storage storage;
        try (var parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            var tlsReady = parallel.submit(() -> {
                SelfSignedCertificate.createIfMissing(config.tls(), config.hostname());
                var context = TlsContext.load(config.tls().certificate(), config.tls().key());
                log.debug("event=starting step=tls ms={}", (System.nanoTime() - begin) / 1_000_000);
                return context;
            });
            storage = opener.open(config);
            log.debug("event=starting step=store ms={}", (System.nanoTime() - begin) / 1_000_000);
            try {
                tls = tlsReady.get();
            } catch (ExecutionException e) {
                storage.close();
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        var listeners = new ArrayList<Listener>();
        AdminServer admin = null;
        Services services = null;
        try {
            var limits = config.limits();
            var limiter = new ConnectionLimiter(limits.connections(), limits.connectionsPerAddress());
            var metrics = new ConnectionMetrics();
            var security = new SecurityPolicy(config.plaintextAuth());
            services = Services.create(config, storage);
            for (var lc : config.listeners()) {
                var handler = handlers.create(new ServerContext(config, storage, services, security, lc));
                var settings = new Listener.Settings(lineLength(config, lc.protocol()), idle(config, lc.protocol()),
                        config.timeouts().tlsHandshake(), tls);
                var listener = new Listener(lc, handler, settings, limiter, metrics);
                listeners.add(listener);
                listener.bind();
            }
            if (config.admin().enabled()) admin = AdminServer.start(config.admin(), storage, metrics,
                    Optional.of(services.scheduler().metrics()));
            listeners.forEach(Listener::start);
            var sweep = PeriodicSweep.start(storage, config.dataDirectory().resolve("spool"),
                    config.store().sweepInterval());
            services.scheduler().start();
            var server = new TernServer(config, storage, List.copyOf(listeners), admin, metrics, sweep, services);
            onRunning.accept(server);
            log.info("event=ready ms={} hostname={} data={} listeners={}{}", (System.nanoTime() - begin) / 1_000_000,
                    config.hostname(), config.dataDirectory(), server.listenerSummary(),
                    admin == null ? "" : " admin=" + admin.port());
            return server;
        } catch (Exception | Error e) {
            listeners.forEach(Listener::close);
            if (admin != null) admin.close();
            if (services != null) services.scheduler().close();
            storage.close();
            throw e;
        }
    }

    static int lineLength(TernConfig config, ListenerProtocol protocol) {
        var limits = config.limits();
        return switch (protocol) {
            case SMTP, SUBMISSION -> limits.smtpLineLength();
            case IMAP -> limits.imapLineLength();
            case POP3 -> limits.pop3LineLength();
        };
    }

    static Duration idle(TernConfig config, ListenerProtocol protocol) {
        var timeouts = config.timeouts();
        return switch (protocol) {
            case SMTP, SUBMISSION -> timeouts.smtpIdle();
            case IMAP -> timeouts.imapIdle();
            case POP3 -> timeouts.pop3Idle();
        };
    }

    public TernConfig config() { return config; }

    public Storage storage() { return storage; }

    public Services services() { return services; }

    public ConnectionMetrics connectionMetrics() { return metrics; }

    public List<Listener> listeners() { return listeners; }

    /** The port of the first listener for {@code protocol} with TLS mode {@code tls}. */
    public Optional<Integer> port(ListenerProtocol protocol, TlsMode tls) {
        return listeners.stream().filter(l -> l.config().protocol() == protocol && l.config().tls() == tls)
                .map(Listener::port).findFirst();
    }

    public Optional<Integer> adminPort() { return Optional.ofNullable(admin).map(AdminServer::port); }

    private String listenerSummary() {
        return String.join(",", listeners.stream().map(l -> l.config().label() + ":" + l.port()).toList());
    }

    /** What the operator reads on the terminal: where Tern listens and how to add the first account. */
    public String describe() {
        var text = new StringBuilder();
        text.append("Tern ").append(config.hostname()).append(" is running; data in ").append(config.dataDirectory())
                .append('\n');
        for (var l : listeners) {
            text.append(String.format("  %-22s %s:%d%n", l.config().label(), host(l.config()), l.port()));
        }
        adminPort().ifPresent(p -> text.append(String.format("  %-22s http://%s:%d/health and /metrics%n", "admin",
                config.admin().address().getHostAddress(), p)));
        text.append("Add the first account:\n")
                .append("  ./tern domain add example.com\n")
                .append("  ./tern user add alice@example.com\n")
                .append("Stop with Ctrl-C (or SIGTERM): sessions get ")
                .append(config.timeouts().shutdownGrace().toSeconds()).append("s to finish.\n");
        return text.toString();
    }

    private static String host(ListenerConfig lc) {
        var address = lc.address().getHostAddress();
        return address.contains(":") ? "[" + address + "]" : address;
    }

    /**
     * Graceful shutdown: stops accepting, lets sessions finish up to the grace period, closes the connections
     * still open, then closes the store. Safe to call more than once and from a shutdown hook.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        long begin = System.nanoTime();
        log.info("event=stopping grace={}s", config.timeouts().shutdownGrace().toSeconds());
        listeners.forEach(Listener::stopAccepting);
        if (admin != null) admin.close();
        int left = 0;
        try {
            long deadline = System.nanoTime() + config.timeouts().shutdownGrace().toNanos();
            for (var l : listeners) l.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            for (var l : listeners) left += l.openConnections();
            listeners.forEach(Listener::closeConnections);
            for (var l : listeners) l.awaitIdle(UNWIND);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listeners.forEach(Listener::closeConnections);
        }
        sweep.close();
        try {
            services.scheduler().close();
        } catch (RuntimeException e) {
            log.error("event=queue-close-failed", e);
        }
        try {
            storage.close();
        } catch (RuntimeException e) {
            log.error("event=store-close-failed", e);
        }
        log.info("event=stopped ms={} closed-connections={}", (System.nanoTime() - begin) / 1_000_000, left);
        stopped.countDown();
    }

    /** Blocks until {@link #close()} has run, e.g. from a shutdown hook. */
    public void awaitClosed() throws InterruptedException {
        stopped.await();
    }
}
