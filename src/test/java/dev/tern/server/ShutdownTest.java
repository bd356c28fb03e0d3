package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tern.config.AdminConfig;
import dev.tern.config.ConfigLoader;
import dev.tern.config.ListenerConfig;
import dev.tern.config.ListenerProtocol;
import dev.tern.config.TlsMode;
import dev.tern.net.Connection;
import dev.tern.net.ProtocolHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Start-up and shutdown of a server with handlers made for the test. */
class ShutdownTest {

    /** An IMAP stand-in that greets and then either waits for the server to drain or blocks in a read. */
    private record Session(boolean cooperative, CountDownLatch greeted) implements ProtocolHandler {
        @Override
        public void serve(Connection c) throws IOException {
            c.writeLine("* OK hello");
            greeted.countDown();
            if (!cooperative) {
                c.in().readLine();
                return;
            }
            while (!c.isDraining()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
            c.writeLine("* BYE shutting down");
        }

        @Override public String refusal() { return "* BYE too many"; }
    }

    private static TernServer start(String toml, Session session) throws Exception {
        var handlers = ProtocolHandlers.standard().with(ListenerProtocol.IMAP, ctx -> session);
        return TernExtension.start(toml, handlers, ServeStorage::open);
    }

    @Test
    void sessionsThatFinishWithinTheGraceSayGoodbyeAndTheStoreCloses() throws Exception {
        var greeted = new CountDownLatch(1);
        var server = start("[timeouts]\nshutdown-grace = \"20s\"\n", new Session(true, greeted));
        try (var client = TernTestServer.connect(server.port(ListenerProtocol.IMAP,
                TlsMode.STARTTLS).orElseThrow())) {
            var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("* OK hello");
            assertThat(greeted.await(5, TimeUnit.SECONDS)).isTrue();
            long begin = System.nanoTime();
            TernExtension.stop(server);
            assertThat(in.readLine()).isEqualTo("* BYE shutting down");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin)).isLessThan(10);
        }
        assertStoreClosed(server);
    }

    @Test
    void sessionsStillOpenAfterTheGraceAreClosed() throws Exception {
        var greeted = new CountDownLatch(1);
        var server = start("[timeouts]\nshutdown-grace = \"100ms\"\n", new Session(false, greeted));
        try (var client = TernTestServer.connect(server.port(ListenerProtocol.IMAP,
                TlsMode.STARTTLS).orElseThrow())) {
            var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("* OK hello");
            assertThat(greeted.await(5, TimeUnit.SECONDS)).isTrue();
            TernExtension.stop(server);
            assertThat(in.readLine()).as("closed by the server").isNull();
        }
        assertStoreClosed(server);
    }

    @Test
    void readyIsLoggedOnceWhenEveryListenerAccepts() throws Exception {
        var logger = (Logger) LoggerFactory.getLogger(TernServer.class);
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        TernServer server;
        try {
            server = TernExtension.start("", ProtocolHandlers.standard(), ServeStorage::open);
        } finally {
            logger.detachAppender(appender);
        }
        try {
            var ready = appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("ready")).toList();
            assertThat(ready).hasSize(1);
            for (var listener : server.listeners()) {
                assertThat(ready.getFirst()).contains(listener.config().label() + ":" + listener.port());
                try (var s = TernTestServer.connect(listener.port())) {
                    assertThat(s.isConnected()).isTrue();
                }
            }
            assertThat(server.describe())
                    .contains("./tern domain add example.com", "./tern user add alice@example.com")
                    .doesNotContain("ready");
        } finally {
            TernExtension.stop(server);
        }
    }

    @Test
    void aPortInUseStopsStartUpWithAMessageAndLeavesNothingOpen() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var data = Files.createTempDirectory("tern-test-");
            var config = ConfigLoader.parse("", "test", data, Optional.of(data))
                    .withListeners(List.of(new ListenerConfig(ListenerProtocol.IMAP, InetAddress.getLoopbackAddress(),
                            taken.getLocalPort(), TlsMode.NONE)))
                    .withAdmin(new AdminConfig(false, InetAddress.getLoopbackAddress(), 0));
            var opened = new RecordingStorage();
            assertThatThrownBy(() -> TernServer.start(config, c -> opened, ProtocolHandlers.standard()))
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " for imap");
            assertThat(opened.closed).as("the store opened for the failed start is closed").isTrue();
            TernExtension.deleteTree(data);
        }
    }

    private static void assertStoreClosed(TernServer server) {
        assertThatThrownBy(() -> server.storage().directory().domains())
                .isInstanceOf(RuntimeException.class);
    }
}
