package dev.tern.queue;

import java.time.Duration;

/**
 * How the queue runs: its retry schedule, how many deliveries run at once (in all, and to one remote domain), how
 * many due messages one delivery sends in a row, and how often the scheduler looks at the store for changes made
 * by another process ({@code tern queue retry}).
 */
public record QueueSettings(RetrySchedule schedule, int deliveries, int deliveriesPerDomain, int messagesPerDelivery,
                            Duration pollInterval) {
    /** {@code queue.messages-per-delivery}'s default. */
    public static final int MESSAGES_PER_DELIVERY = 20;

    public QueueSettings {
        if (deliveries < 1) throw new IllegalArgumentException("deliveries must be at least 1: " + deliveries);
        if (deliveriesPerDomain < 1) {
            throw new IllegalArgumentException("deliveries per domain must be at least 1: " + deliveriesPerDomain);
        }
        if (messagesPerDelivery < 1) {
            throw new IllegalArgumentException("messages per delivery must be at least 1: " + messagesPerDelivery);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive: " + pollInterval);
        }
    }

    public QueueSettings(RetrySchedule schedule, int deliveries, int deliveriesPerDomain, Duration pollInterval) {
        this(schedule, deliveries, deliveriesPerDomain, MESSAGES_PER_DELIVERY, pollInterval);
    }

    /** From {@code [queue]} and {@code limits.deliveries-per-remote-domain}. */
    public static QueueSettings from(dev.tern.config.QueueConfig queue, dev.tern.config.Limits limits) {
        var schedule = new RetrySchedule(queue.retryIntervals(), queue.retryJitterPercent() / 100.0,
                queue.delayNotice().isZero() ? java.time.Duration.ofDays(36_500) : queue.delayNotice(), queue.giveUp());
        return new QueueSettings(schedule, queue.deliveries(), limits.deliveriesPerRemoteDomain(),
                queue.messagesPerDelivery(), queue.pollInterval());
    }

    public static QueueSettings defaults() {
        return new QueueSettings(RetrySchedule.defaults(), 20, 4, MESSAGES_PER_DELIVERY, Duration.ofSeconds(5));
    }
}
