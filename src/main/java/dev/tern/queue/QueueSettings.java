package dev.tern.queue;

import java.time.Duration;

/**
 * How the queue runs: its retry schedule, how many deliveries run at once (in all, and to one remote domain), and
 * how often the scheduler looks at the store for changes made by another process ({@code tern queue retry}).
 */
public record QueueSettings(RetrySchedule schedule, int deliveries, int deliveriesPerDomain, Duration pollInterval) {

    public QueueSettings {
        if (deliveries < 1) throw new IllegalArgumentException("deliveries must be at least 1: " + deliveries);
        if (deliveriesPerDomain < 1) {
            throw new IllegalArgumentException("deliveries per domain must be at least 1: " + deliveriesPerDomain);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive: " + pollInterval);
        }
    }

    /** From {@code [queue]} and {@code limits.deliveries-per-remote-domain}. */
    public static QueueSettings from(dev.tern.config.QueueConfig queue, dev.tern.config.Limits limits) {
        var schedule = new RetrySchedule(queue.retryIntervals(), queue.retryJitterPercent() / 100.0,
                queue.delayNotice().isZero() ? java.time.Duration.ofDays(36_500) : queue.delayNotice(), queue.giveUp());
        return new QueueSettings(schedule, queue.deliveries(), limits.deliveriesPerRemoteDomain(),
                queue.pollInterval());
    }

    public static QueueSettings defaults() {
        return new QueueSettings(RetrySchedule.defaults(), 20, 4, Duration.ofSeconds(5));
    }
}
