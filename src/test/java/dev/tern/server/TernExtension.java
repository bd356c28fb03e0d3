package dev.tern.server;

import dev.tern.config.AdminConfig;
import dev.tern.config.ConfigLoader;
import dev.tern.config.ListenerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** The extension behind {@link TernTest}: one server per test method, stopped and deleted after it. */
public final class TernExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TernExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        var annotation = context.getRequiredTestClass().getAnnotation(TernTest.class);
        var toml = annotation == null ? "" : annotation.toml();
        var server = start(toml, ProtocolHandlers.standard(), TestStorage::open);
        context.getStore(NS).put(TernTestServer.class, new TernTestServer(server));
    }

    /**
     * Starts a server on free loopback ports in a new temporary data directory, configured by {@code toml}; for
     * tests that need their own handlers or store. Stop it with {@link #stop}.
     */
    /** A loopback UDP port with no DNS server behind it (the discard port). */
    private static final int UNANSWERED_DNS_PORT = 9;

    public static TernServer start(String toml, ProtocolHandlers handlers, StorageOpener storage) throws Exception {
        var data = Files.createTempDirectory("tern-test-");
        var config = ConfigLoader.parse(toml, "test configuration", data, Optional.of(data));
        config = config.withListeners(config.listeners().stream()
                        .map(l -> new ListenerConfig(l.protocol(), l.address(), 0, l.tls())).toList())
                .withAdmin(new AdminConfig(config.admin().enabled(), config.admin().address(), 0));
        var outbound = config.outbound();
        if (outbound.dnsServer().isEmpty() && outbound.smartHost().isEmpty()) {
            // Tests talk to loopback only: without a DNS server of the test's own, MX lookups go to a loopback
            // port where nothing answers, so queued mail is deferred instead of reaching the machine's resolver.
            config = config.withOutbound(outbound.withDnsServer(InetAddress.getLoopbackAddress(),
                    UNANSWERED_DNS_PORT));
        }
        return TernServer.start(config, storage, handlers);
    }

    /**
     * Starts a server as {@link TernTest} does, for a test class that keeps one across many inputs (a fuzz target
     * runs thousands per second); stop it with {@link #stop}.
     */
    public static TernTestServer startShared(String toml) throws Exception {
        return new TernTestServer(start(toml, ProtocolHandlers.standard(), TestStorage::open));
    }

    /** Stops a server from {@link #start} and deletes its data directory. */
    public static void stop(TernServer server) throws IOException {
        server.close();
        deleteTree(server.config().dataDirectory());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        var handle = context.getStore(NS).remove(TernTestServer.class, TernTestServer.class);
        if (handle == null) return;
        stop(handle.server());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TernTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NS).get(TernTestServer.class, TernTestServer.class);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
