package dev.tern.queue;

import dev.tern.dns.TestDnsServer;
import dev.tern.outbound.ScriptedReceiver;
import dev.tern.store.QueueStore;
import dev.tern.store.sql.EmbeddedStorage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a process that queues and delivers messages with SIGKILL at a random moment, restarts the queue on its data
 * directory, and checks: every message whose enqueue returned reaches the receiver (a message being delivered at
 * the moment of the kill may arrive twice, as RFC 5321 §6.1 allows, never more), and those the receiver defers are
 * still queued as deferred, with the attempt recorded. Sized by {@code tern.queuecrash.messages} (default 1,000).
 * The seed picks one of two kills: during the enqueues (after 60 to 99 % of them, deliveries running meanwhile), or
 * with every message queued: the receiver defers everything until all are acknowledged, then accepts, and the kill
 * comes after a random number (up to 200) of deliveries, with deferred retries and deliveries in flight.
 * {@code tern.queuecrash.seed} repeats a run.
 */
class QueueCrashTest {
    private static final Pattern X_ID = Pattern.compile("X-Id: (\\d+)");

    @TempDir
    Path scratch;

    @Test
    void everyQueuedMessageIsDeliveredOrDeferredAfterAKill() throws Exception {
        int messages = Integer.getInteger("tern.queuecrash.messages", 1000);
        long seed = Long.getLong("tern.queuecrash.seed", System.nanoTime());
        var random = new Random(seed);
        boolean allQueued = random.nextBoolean();
        int killAfter = allQueued ? 1 + random.nextInt(200) : messages * 3 / 5 + random.nextInt(messages * 2 / 5);
        var data = scratch.resolve("data");
        Files.createDirectories(data);
        try (var dns = new TestDnsServer(); var receiver = new ScriptedReceiver("127.0.0.2", 0)) {
            dns.mx("remote.example", 10, "mx.remote.example").a("mx.remote.example", "127.0.0.2");
            var open = new java.util.concurrent.atomic.AtomicBoolean(!allQueued);
            receiver.rcptReply = line -> line.contains("slow@") || !open.get() ? "451 4.3.0 not now" : "250 2.1.5 ok";

            var acked = allQueued ? runAndKillWhenDelivering(data, dns.port(), receiver, messages, open, killAfter)
                    : runAndKill(data, dns.port(), receiver.port(), messages, killAfter);
            int beforeRestart = receiver.received.size();
            long killed = System.nanoTime();

            try (var storage = EmbeddedStorage.open(data, EmbeddedStorage.Options.defaults())) {
                var outbound = QueueCrashVictim.outbound(storage, dns.port(), receiver.port());
                outbound.scheduler().start();
                try {
                    awaitOnlyDeferredLeft(storage, acked);
                    System.out.printf("queue crash test: after the restart, delivered in %d ms%n",
                            (System.nanoTime() - killed) / 1_000_000);
                } finally {
                    outbound.scheduler().close();
                }
                var counts = new HashMap<Long, Integer>();
                for (var r : receiver.received) {
                    var m = X_ID.matcher(r.text());
                    assertThat(m.find()).isTrue();
                    counts.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
                }
                int duplicates = 0;
                for (long id : acked) {
                    if (id % 7 == 0) continue;
                    assertThat(counts.getOrDefault(id, 0)).as("deliveries of acknowledged message %d", id)
                            .isBetween(1, 2);
                    if (counts.get(id) == 2) duplicates++;
                }
                // At most one transaction per delivery slot was between the receiver's 250 and the record of it.
                assertThat(duplicates).isLessThanOrEqualTo(8);
                assertThat(counts.keySet()).noneMatch(id -> id % 7 == 0);
                checkDeferred(storage, acked);
                System.out.printf("queue crash test: seed %d, killed %s after %d of %d enqueues; %d delivered"
                        + " before the kill, %d after the restart; %d duplicates; %d deferred as they should be%n",
                        seed, allQueued ? "delivering" : "enqueueing", acked.size(), messages, beforeRestart,
                        receiver.received.size() - beforeRestart, duplicates,
                        acked.stream().filter(id -> id % 7 == 0).count());
            }
        }
    }

    private Set<Long> runAndKill(Path data, int dnsPort, int smtpPort, int count, int killAfter) throws Exception {
        var stderr = scratch.resolve("victim.err");
        var process = QueueCrashVictim.start(data, dnsPort, smtpPort, count, stderr);
        var acked = new HashSet<Long>();
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (!line.startsWith("ACK ")) continue;
                acked.add(Long.parseLong(line.substring(4)));
                // SIGKILL through the handle, so that the ACKs still in the pipe are read (their enqueue returned).
                if (acked.size() == killAfter) process.toHandle().destroyForcibly();
            }
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(acked).as("the victim should acknowledge before it is killed; its stderr:\n%s",
                Files.readString(stderr)).hasSizeGreaterThanOrEqualTo(killAfter);
        return acked;
    }

    /** Lets every enqueue be acknowledged, then opens the receiver and kills after {@code deliveries} of them. */
    private Set<Long> runAndKillWhenDelivering(Path data, int dnsPort, ScriptedReceiver receiver, int count,
                                               java.util.concurrent.atomic.AtomicBoolean open, int deliveries)
            throws Exception {
        var stderr = scratch.resolve("victim.err");
        var process = QueueCrashVictim.start(data, dnsPort, receiver.port(), count, stderr);
        var acked = new HashSet<Long>();
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; acked.size() < count && (line = out.readLine()) != null; ) {
                if (line.startsWith("ACK ")) acked.add(Long.parseLong(line.substring(4)));
            }
            assertThat(acked).as("every enqueue acknowledged; the victim's stderr:\n%s", Files.readString(stderr))
                    .hasSize(count);
            open.set(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (receiver.received.size() < deliveries && System.nanoTime() < deadline) Thread.sleep(1);
            process.toHandle().destroyForcibly();
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(receiver.received.size()).as("deliveries before the kill").isGreaterThanOrEqualTo(deliveries);
        return acked;
    }

    /** Waits until every entry left is one the receiver defers (or not acknowledged, i.e. queued at the kill). */
    private static void awaitOnlyDeferredLeft(EmbeddedStorage storage, Set<Long> acked) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            var entries = storage.queue().entries();
            boolean done = true;
            for (var e : entries) {
                if (!e.recipients().getFirst().address().startsWith("slow@")) done = false;
            }
            if (done) return;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still queued after the restart: " + entries.size() + " entries, e.g. "
                        + entries.stream().filter(e -> !e.recipients().getFirst().address().startsWith("slow@"))
                        .limit(3).toList());
            }
            Thread.sleep(50);
        }
    }

    private static void checkDeferred(EmbeddedStorage storage, Set<Long> acked) throws Exception {
        var slowQueued = 0;
        for (var e : storage.queue().entries()) {
            var r = e.recipients().getFirst();
            assertThat(r.address()).isEqualTo("slow@remote.example");
            assertThat(r.status()).isIn(QueueStore.Status.DEFERRED, QueueStore.Status.SCHEDULED);
            if (r.status() == QueueStore.Status.DEFERRED) {
                assertThat(r.attempts()).isPositive();
                assertThat(r.nextAttempt()).isPresent();
            }
            slowQueued++;
        }
        long slowAcked = acked.stream().filter(id -> id % 7 == 0).count();
        assertThat(slowQueued).as("every deferred message is still queued").isGreaterThanOrEqualTo((int) slowAcked);
    }

}
