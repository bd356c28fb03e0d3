package dev.tern.store.blob;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Storing a spooled 4 KiB message (as MailboxService does) by copy ({@code put(Path)}, then deleting the spool
 * file) against by rename ({@code adopt(Path)}), from 8 threads, alternating rounds so that both see the same
 * machine load. Both fsync the body and its directory. Usage: {@code AdoptBenchmark DIR [COUNT]}.
 */
public final class AdoptBenchmark {
    private static final int THREADS = 8;

    private AdoptBenchmark() {}

    public static void main(String[] args) throws Exception {
        var root = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
        var store = FileBlobStore.open(root.resolve("blobs"));
        var spool = Files.createDirectories(root.resolve("spool"));
        var seed = new AtomicLong();
        for (int round = 1; round <= 6; round++) {
            // Which goes first alternates: a later run finds more fan-out directories made already.
            var modes = round % 2 == 1 ? List.of("put(Path)", "adopt(Path)") : List.of("adopt(Path)", "put(Path)");
            for (var mode : modes) {
                var next = new AtomicLong();
                long start = System.nanoTime();
                var workers = new ArrayList<Thread>();
                for (int t = 0; t < THREADS; t++) {
                    workers.add(Thread.ofVirtual().start(() -> {
                        try {
                            while (next.getAndIncrement() < count) {
                                var body = new byte[4096];
                                new SplittableRandom(seed.incrementAndGet()).nextBytes(body);
                                var file = Files.write(Files.createTempFile(spool, "incoming-", ".eml"), body);
                                if (mode.startsWith("put")) {
                                    store.put(file);
                                    Files.delete(file);
                                } else {
                                    store.adopt(file);
                                }
                            }
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }));
                }
                for (var w : workers) w.join();
                System.out.printf("round %d %-12s %6.0f bodies/s%n", round, mode,
                        count / ((System.nanoTime() - start) / 1e9));
            }
        }
    }
}
