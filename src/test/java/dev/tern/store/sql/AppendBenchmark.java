package dev.tern.store.sql;

import dev.tern.store.Flags;
import dev.tern.store.MailboxId;
import dev.tern.store.NewMessage;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable append throughput: {@code THREADS} threads append {@code COUNT} distinct 4 KiB messages, once with group
 * commit and once with one transaction, so one WAL fsync, per message; each way with the body as a file (written
 * and fsynced, then the metadata committed), with the body inside the message's transaction (how the store keeps
 * bodies up to {@code store.inline-body-size}), and with the bodies written beforehand. Prints all side by side.
 *
 * <p>Usage: {@code AppendBenchmark SCRATCH_DIR [COUNT] [THREADS]}
 */
public final class AppendBenchmark {
    private static final int ROUNDS = Integer.getInteger("tern.bench.rounds", 3);

    private AppendBenchmark() {}

    record Run(String mode, int count, Duration elapsed, long commits, long operations) {
        double perSecond() { return count / (elapsed.toNanos() / 1e9); }
    }

    public static void main(String[] args) throws Exception {
        var scratch = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        var defaults = EmbeddedStorage.Options.defaults();
        var single = new EmbeddedStorage.Options(false, 1, defaults.busyTimeout());
        var full = "file body (fsync, rename, dir fsync) + metadata";
        var inline = "body in the metadata transaction";
        var meta = "metadata only (bodies written beforehand)";
        var results = new java.util.LinkedHashMap<String, List<Run>>();
        // Alternate the order of the modes between rounds so that neither always runs on a warmer (or busier)
        // machine; report the median round of each.
        for (int round = 0; round < ROUNDS; round++) {
            for (int k = 0; k < 2; k++) {
                boolean grouped = (round + k) % 2 == 0;
                var options = (grouped ? defaults : single).withInlineBodySize(0);
                var mode = grouped ? "group commit" : "one commit per message";
                var dir = scratch.resolve("r" + round + (grouped ? "g" : "s"));
                results.computeIfAbsent(full + "|" + mode, x -> new ArrayList<>())
                        .add(run(mode, dir.resolve("full"), options, count, threads, Body.FILE));
                results.computeIfAbsent(inline + "|" + mode, x -> new ArrayList<>())
                        .add(run(mode, dir.resolve("inline"), options.withInlineBodySize(
                                EmbeddedStorage.DEFAULT_INLINE_BODY_SIZE), count, threads, Body.INLINE));
                results.computeIfAbsent(meta + "|" + mode, x -> new ArrayList<>())
                        .add(run(mode, dir.resolve("meta"), options, count, threads, Body.BEFOREHAND));
            }
        }
        System.out.printf("durable appends of %d distinct 4 KiB messages from %d threads, median of %d rounds%n",
                count, threads, ROUNDS);
        System.out.printf("%-48s %-24s %10s %9s %10s %8s%n", "what is timed", "mode", "appends/s", "commits",
                "per commit", "seconds");
        var medians = new java.util.LinkedHashMap<String, Run>();
        for (var what : List.of(full, inline, meta)) {
            for (var mode : List.of("group commit", "one commit per message")) {
                var runs = new ArrayList<>(results.get(what + "|" + mode));
                runs.sort(java.util.Comparator.comparingDouble(Run::perSecond));
                var median = runs.get(runs.size() / 2);
                medians.put(what + "|" + mode, median);
                print(what, median);
            }
        }
        System.out.printf("group commit speed-up: %.1fx with file bodies, %.1fx with bodies in the transaction,"
                        + " %.1fx metadata only%n",
                medians.get(full + "|group commit").perSecond() / medians.get(full + "|one commit per message").perSecond(),
                medians.get(inline + "|group commit").perSecond() / medians.get(inline + "|one commit per message").perSecond(),
                medians.get(meta + "|group commit").perSecond() / medians.get(meta + "|one commit per message").perSecond());
    }

    /** How a message's body reaches the store. */
    private enum Body { FILE, INLINE, BEFOREHAND }

    private static void print(String what, Run r) {
        System.out.printf("%-48s %-24s %10.0f %9d %10.1f %8.2f%n", what, r.mode(), r.perSecond(), r.commits(),
                (double) r.operations() / Math.max(1, r.commits()), r.elapsed().toNanos() / 1e9);
    }

    private static Run run(String mode, Path data, EmbeddedStorage.Options options, int count, int threads,
                           Body body) throws Exception {
        try (var storage = EmbeddedStorage.open(data, options)) {
            var inbox = CrashAppender.inbox(storage);
            appendAll(storage, inbox, 1_000_000_000L, Math.min(500, count), threads, null, body); // warm-up: JIT, WAL
            NewMessage[] prepared = null;
            if (body == Body.BEFOREHAND) {
                prepared = new NewMessage[count];
                for (int i = 0; i < count; i++) prepared[i] = put(storage, i);
            }
            var before = storage.stats();
            long start = System.nanoTime();
            appendAll(storage, inbox, 0, count, threads, prepared, body);
            var elapsed = Duration.ofNanos(System.nanoTime() - start);
            var after = storage.stats();
            return new Run(mode, count, elapsed, after.commits() - before.commits(),
                    after.operations() - before.operations());
        }
    }

    private static void appendAll(EmbeddedStorage storage, MailboxId inbox, long first, int count, int threads,
                                  NewMessage[] prepared, Body body) throws InterruptedException {
        var next = new AtomicLong(first);
        var workers = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofVirtual().start(() -> {
                for (long id; (id = next.getAndIncrement()) < first + count; ) {
                    var message = prepared != null ? prepared[(int) (id - first)]
                            : body == Body.INLINE ? inline(id) : put(storage, id);
                    storage.mail().append(inbox, message);
                }
            }));
        }
        for (var w : workers) w.join();
    }

    private static NewMessage inline(long id) {
        try {
            var body = CrashAppender.body(id, CrashAppender.BODY_SIZE);
            var sha = dev.tern.store.BlobId.ofDigest(java.security.MessageDigest.getInstance("SHA-256").digest(body));
            return new NewMessage(sha, body.length, Instant.now(), Flags.NONE, null, body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NewMessage put(EmbeddedStorage storage, long id) {
        try {
            var stored = storage.blobs().put(new ByteArrayInputStream(CrashAppender.body(id, CrashAppender.BODY_SIZE)));
            return new NewMessage(stored.id(), stored.size(), Instant.now(), Flags.NONE, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
