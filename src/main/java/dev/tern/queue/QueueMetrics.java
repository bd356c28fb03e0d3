package dev.tern.queue;

import dev.tern.store.QueueStore;
import java.time.Duration;
import java.util.List;

/**
 * What the queue holds now and has done since start, for the admin listener's {@code /metrics}: recipients delivered, deferred
 * and failed (bounced) by delivery attempts, reports sent, and how long attempts took (one SMTP transaction to one
 * domain, from looking up its exchangers to the reply after the data) as a histogram.
 */
public final class QueueMetrics {
    /** Upper bounds of the latency buckets, in seconds; an attempt waits up to 10 minutes for the data reply. */
    public static final List<Double> BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            30.0, 60.0, 300.0);

    private final QueueStore store;
    // All guarded by this, so that a snapshot counts every attempt in all of them or in none.
    private long delivered;
    private long deferred;
    private long failed;
    private long reports;
    private long attempts;
    private long attemptNanos;
    private final long[] buckets = new long[BUCKETS.size()];

    QueueMetrics(QueueStore store) {
        this.store = store;
    }

    /** One attempt that took {@code took} and left its recipients in {@code statuses}. */
    synchronized void attempted(Duration took, List<QueueStore.Status> statuses) {
        double seconds = took.toNanos() / 1e9;
        for (int i = 0; i < BUCKETS.size(); i++) {
            if (seconds <= BUCKETS.get(i)) {
                buckets[i]++;
                break;
            }
        }
        attempts++;
        attemptNanos += took.toNanos();
        counted(statuses);
    }

    /** Outcomes settled without an attempt of their own (the rest of a batch whose domain was unreachable). */
    synchronized void counted(List<QueueStore.Status> statuses) {
        for (var status : statuses) {
            switch (status) {
                case DELIVERED -> delivered++;
                case FAILED -> failed++;
                case DEFERRED, SCHEDULED -> deferred++;
            }
        }
    }

    synchronized void reported(int count) {
        reports += count;
    }

    /**
     * The counters now, and the entries waiting read from the store.
     *
     * @throws dev.tern.store.StoreException if the store cannot be read
     */
    public Snapshot snapshot() {
        var waiting = store.counts();
        synchronized (this) {
            return new Snapshot(waiting, delivered, deferred, failed, reports, attempts, attemptNanos / 1e9,
                    buckets.clone());
        }
    }

    /**
     * Entries waiting by state; recipients delivered, deferred and failed by attempts; recipients whose reports
     * were sent; attempts, their total seconds, and attempts per latency bucket of {@link #BUCKETS}, not cumulative
     * (those slower than the last bucket are only in {@code attempts}).
     */
    public record Snapshot(QueueStore.Counts waiting, long delivered, long deferred, long failed, long reportsSent,
                           long attempts, double attemptSeconds, long[] attemptBuckets) {}
}
