package dev.tern.net;

import dev.tern.server.TernTestServer;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tern.config.ListenerConfig;
import dev.tern.config.ListenerProtocol;
import dev.tern.config.TlsMode;
import dev.tern.tls.TlsContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ListenerTest {
    private static final String REFUSAL = "NO too many connections";

    @TempDir Path dir;
    private TlsContext tls;
    private final List<Listener> listeners = new ArrayList<>();
    private final ConnectionMetrics metrics = new ConnectionMetrics();

    @FunctionalInterface
    interface Dialogue {
        void serve(Connection c) throws IOException;
    }

    private record TestHandler(Dialogue dialogue) implements ProtocolHandler {
        @Override public void serve(Connection c) throws IOException { dialogue.serve(c); }

        @Override public String refusal() { return REFUSAL; }
    }

    @BeforeEach
    void certificate() {
        tls = TestTls.serverContext(dir);
    }

    @AfterEach
    void close() {
        listeners.forEach(Listener::close);
    }

    private int listen(TlsMode mode, ConnectionLimiter limiter, Duration idle, int maxLine, Dialogue dialogue)
            throws IOException {
        var config = new ListenerConfig(ListenerProtocol.IMAP, InetAddress.getLoopbackAddress(), 0, mode);
        var listener = new Listener(config, new TestHandler(dialogue),
                new Listener.Settings(maxLine, idle, Duration.ofSeconds(5), tls), limiter, metrics);
        listener.bind();
        listener.start();
        listeners.add(listener);
        return listener.port();
    }

    private int listen(ConnectionLimiter limiter, Dialogue dialogue) throws IOException {
        return listen(TlsMode.STARTTLS, limiter, Duration.ofMinutes(1), 1000, dialogue);
    }

    /** Greets, then echoes lines until the client leaves. */
    private static void echo(Connection c) throws IOException {
        c.writeLine("HELLO");
        for (String line; (line = c.in().readLine()) != null; ) c.writeLine("ECHO " + line);
    }

    private static Socket connect(int port) throws IOException {
        var socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Connects until the server greets rather than refuses: a closed session frees its place asynchronously. */
    private static String firstLineOnceFree(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try (var s = connect(port)) {
                var line = reader(s).readLine();
                if (!REFUSAL.equals(line) || System.nanoTime() > deadline) return line;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void startTlsDiscardsCommandsPipelinedBeforeTheHandshake() throws Exception {
        int port = listen(new ConnectionLimiter(10, 10), c -> {
            c.writeLine("HELLO");
            if ("STARTTLS".equals(c.in().readLine())) {
                c.writeLine("GO");
                c.startTls();
            }
            c.writeLine("FIRST " + c.in().readLine() + " tls=" + c.isTls());
        });
        try (var plain = connect(port)) {
            var in = reader(plain);
            assertThat(in.readLine()).isEqualTo("HELLO");
            // RFC 3207 §4: the injected command must not survive into the TLS session.
            send(plain, "STARTTLS\r\nINJECTED\r\n");
            assertThat(in.readLine()).isEqualTo("GO");
            try (var secure = TernTestServer.upgrade(plain)) {
                send(secure, "AFTER\r\n");
                assertThat(reader(secure).readLine()).isEqualTo("FIRST AFTER tls=true");
            }
        }
    }

    @Test
    void implicitTlsHandshakesBeforeTheProtocolSpeaks() throws Exception {
        int port = listen(TlsMode.IMPLICIT, new ConnectionLimiter(10, 10), Duration.ofMinutes(1), 1000,
                c -> c.writeLine("HELLO tls=" + c.isTls() + " canStartTls=" + c.canStartTls()));
        try (var secure = TernTestServer.upgrade(connect(port))) {
            assertThat(reader(secure).readLine()).isEqualTo("HELLO tls=true canStartTls=false");
        }
    }

    @Test
    void aTlsSessionEndsPromptlyWhenTheClientNeverAnswersCloseNotify() throws Exception {
        int port = listen(TlsMode.IMPLICIT, new ConnectionLimiter(10, 10), Duration.ofMinutes(1), 1000,
                c -> c.writeLine("BYE"));
        try (var secure = TernTestServer.upgrade(connect(port))) {
            assertThat(reader(secure).readLine()).isEqualTo("BYE");
            // The client stays silent; the server must not wait the idle timeout (a minute) for its close_notify.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (metrics.snapshot().get("imap").open() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(metrics.snapshot().get("imap").open()).isZero();
        }
    }

    @Test
    void totalCapRefusesWithTheProtocolsLineAndFreesThePlaceAfterwards() throws Exception {
        int port = listen(new ConnectionLimiter(1, 10), ListenerTest::echo);
        try (var first = connect(port)) {
            assertThat(reader(first).readLine()).isEqualTo("HELLO");
            try (var second = connect(port)) {
                var in = reader(second);
                assertThat(in.readLine()).isEqualTo(REFUSAL);
                assertThat(in.readLine()).isNull();
            }
            // Counted before the refusal line was written.
            assertThat(metrics.snapshot().get("imap").refused()).isEqualTo(1);
        }
        assertThat(firstLineOnceFree(port)).isEqualTo("HELLO");
    }

    @Test
    void perAddressCapRefusesTheSameClientAddress() throws Exception {
        int port = listen(new ConnectionLimiter(100, 2), ListenerTest::echo);
        try (var a = connect(port); var b = connect(port)) {
            assertThat(reader(a).readLine()).isEqualTo("HELLO");
            assertThat(reader(b).readLine()).isEqualTo("HELLO");
            try (var c = connect(port)) {
                assertThat(reader(c).readLine()).isEqualTo(REFUSAL);
            }
        }
        assertThat(firstLineOnceFree(port)).isEqualTo("HELLO");
    }

    @Test
    void thePermitIsGivenBackWhenTheHandlerFails() throws Exception {
        int port = listen(new ConnectionLimiter(1, 1), c -> {
            c.writeLine("HELLO");
            throw new IllegalStateException("handler bug");
        });
        for (int i = 0; i < 3; i++) {
            try (var s = connect(port)) {
                var in = reader(s);
                assertThat(in.readLine()).isEqualTo("HELLO");
                assertThat(in.readLine()).isNull();
            }
        }
        assertThat(metrics.snapshot().get("imap").total()).isEqualTo(3);
        assertThat(metrics.snapshot().get("imap").refused()).isZero();
    }

    @Test
    void anOverlongLineGetsTheProtocolsAnswerAndTheSessionGoesOn() throws Exception {
        int port = listen(TlsMode.NONE, new ConnectionLimiter(10, 10), Duration.ofMinutes(1), 100, c -> {
            c.writeLine("HELLO");
            for (int i = 0; i < 2; i++) {
                try {
                    c.writeLine("ECHO " + c.in().readLine());
                } catch (LineTooLongException e) {
                    c.writeLine("BAD line longer than " + e.limit());
                }
            }
        });
        try (var s = connect(port)) {
            var in = reader(s);
            in.readLine();
            send(s, "A".repeat(100_000) + "\r\nshort\r\n");
            assertThat(in.readLine()).isEqualTo("BAD line longer than 100");
            assertThat(in.readLine()).isEqualTo("ECHO short");
        }
    }

    @Test
    void aSilentClientIsDisconnectedAfterTheIdleTimeout() throws Exception {
        int port = listen(TlsMode.NONE, new ConnectionLimiter(10, 10), Duration.ofMillis(200), 1000,
                ListenerTest::echo);
        try (var s = connect(port)) {
            var in = reader(s);
            assertThat(in.readLine()).isEqualTo("HELLO");
            assertThat(in.readLine()).as("closed by the server").isNull();
        }
    }

    @Test
    void eachConnectionEventIsOneLogLineWithTheConnectionId() throws Exception {
        var logger = (Logger) LoggerFactory.getLogger(Listener.class);
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        try {
            int port = listen(new ConnectionLimiter(10, 10), ListenerTest::echo);
            try (var s = connect(port)) {
                reader(s).readLine();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (appender.list.stream().noneMatch(e -> e.getFormattedMessage().contains("event=close"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            var lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).anySatisfy(l -> assertThat(l).matches("conn=\\d+ proto=imap remote=127\\.0\\.0\\.1:\\d+ event=open .*"));
            assertThat(lines).anySatisfy(l -> assertThat(l).matches("conn=\\d+ proto=imap remote=127\\.0\\.0\\.1:\\d+ event=close reason=done .*"));
        } finally {
            logger.detachAppender(appender);
        }
    }
}
