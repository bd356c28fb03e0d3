package dev.tern.queue;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * When a recipient is tried again: the n-th interval after the n-th attempt, the last interval repeated after the
 * list runs out, each stretched or shrunk at random by up to {@code jitter} (a fraction) so that messages deferred
 * together do not all return to a recovering host at the same moment. A delay notice is due {@code delayNotice}
 * after queueing; delivery is given up {@code giveUp} after queueing.
 */
public record RetrySchedule(List<Duration> intervals, double jitter, Duration delayNotice, Duration giveUp) {

    public RetrySchedule {
        intervals = List.copyOf(intervals);
        if (intervals.isEmpty()) throw new IllegalArgumentException("a retry schedule needs at least one interval");
        if (jitter < 0 || jitter >= 1) throw new IllegalArgumentException("jitter must be from 0 to below 1: " + jitter);
    }

    /** Immediately, 5m, 10m, 20m, 40m, 1.5h, 3h, then every 4h; delay notice after 4h; give up after 5 days. */
    public static RetrySchedule defaults() {
        return new RetrySchedule(List.of(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(10),
                Duration.ofMinutes(20), Duration.ofMinutes(40), Duration.ofMinutes(90), Duration.ofHours(3),
                Duration.ofHours(4)), 0.1, Duration.ofHours(4), Duration.ofDays(5));
    }

    /**
     * The wait before attempt {@code attempt + 1} when {@code attempt} attempts were made. The first interval is
     * the wait before the first attempt ({@code attempt == 0}).
     */
    public Duration after(int attempt, RandomGenerator random) {
        var base = intervals.get(Math.min(attempt, intervals.size() - 1));
        if (jitter == 0 || base.isZero()) return base;
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.round(base.toMillis() * factor));
    }
}
