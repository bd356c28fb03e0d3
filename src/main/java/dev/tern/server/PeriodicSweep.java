package dev.tern.server;

import dev.tern.mailbox.Spool;
import dev.tern.store.BodySweep;
import dev.tern.store.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link BodySweep} every interval while the server runs: a crash between writing a body and committing
 * the message that references it leaves an orphan body (ARCHITECTURE.md, Durability), and so does deleted mail.
 * The spool's leftovers (messages a crash interrupted while they arrived) go at start and at every run too.
 */
final class PeriodicSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeriodicSweep.class);

    private final ScheduledExecutorService timer;

    private PeriodicSweep(ScheduledExecutorService timer) { this.timer = timer; }

    static PeriodicSweep start(Storage storage, Path spool, Duration interval) {
        var sweep = new BodySweep(storage.mail(), storage.blobs());
        sweepSpool(spool);
        var timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("tern-sweep").daemon().factory());
        // The first body sweep waits one interval: start-up stays quick, and young bodies are spared anyway.
        timer.scheduleWithFixedDelay(() -> run(sweep, spool), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return new PeriodicSweep(timer);
    }

    private static void sweepSpool(Path spool) {
        try {
            int deleted = Spool.sweep(spool);
            if (deleted > 0) log.info("event=spool-sweep deleted={}", deleted);
        } catch (IOException | RuntimeException e) {
            log.warn("event=spool-sweep-failed spool={} error=\"{}\"", spool, e.toString());
        }
    }

    private static void run(BodySweep sweep, Path spool) {
        sweepSpool(spool);
        long begin = System.nanoTime();
        try {
            var result = sweep.sweep();
            log.info("event=sweep considered={} deleted={} ms={}", result.considered(), result.deleted(),
                    (System.nanoTime() - begin) / 1_000_000);
        } catch (Exception e) {
            // A failed sweep only delays reclaiming space; the next run tries again.
            log.warn("event=sweep-failed error=\"{}\"", e.toString());
        }
    }

    /** Stops the timer and waits for a sweep in progress, so that the store is not closed under it. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
