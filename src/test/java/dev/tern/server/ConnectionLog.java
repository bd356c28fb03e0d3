package dev.tern.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.tern.net.Listener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What the listener logs about each connection's end, for tests that must know how a session ended on the server
 * side: {@code reason=failed} means an exception escaped the protocol handler. While attached, the listener's log
 * goes here only, so that a fuzz run does not fill the test output.
 */
public final class ConnectionLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger(Listener.class);
    private final List<String> closes = new ArrayList<>();
    private final Level level;
    private final boolean additive;

    private ConnectionLog() {
        this.level = logger.getLevel();
        this.additive = logger.isAdditive();
    }

    public static ConnectionLog attach() {
        var log = new ConnectionLog();
        log.start();
        log.logger.addAppender(log);
        log.logger.setLevel(Level.INFO);
        log.logger.setAdditive(false);
        return log;
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        var message = event.getFormattedMessage();
        if (message.contains("event=close")) {
            closes.add(message);
            notifyAll();
        } else if (message.contains("event=error") && event.getThrowableProxy() != null) {
            var t = event.getThrowableProxy();
            closes.add("error " + t.getClassName() + ": " + t.getMessage());
        }
    }

    /**
     * Waits until {@code count} connections have closed since the last call, and returns their close lines (and
     * any escaped exception) for the test to check.
     */
    public synchronized List<String> awaitCloses(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (closes.stream().filter(l -> l.contains("event=close")).count() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError("connection not closed by the server within 30 s: " + closes);
            wait(Math.max(1, left / 1_000_000));
        }
        var seen = List.copyOf(closes);
        closes.clear();
        return seen;
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(level);
        logger.setAdditive(additive);
        stop();
    }
}
