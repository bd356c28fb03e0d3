package dev.tern.config;

import java.time.Duration;
import java.util.List;

/**
 * The outbound queue, from {@code [queue]}: the retry schedule (waits before each attempt, the last repeated), its
 * jitter, when a delay notice is sent and when delivery is given up, how many deliveries run at once, how many
 * messages one delivery may send in a row, and how often the store is read for changes that {@code tern queue} made.
 */
public record QueueConfig(List<Duration> retryIntervals, int retryJitterPercent, Duration delayNotice,
                          Duration giveUp, int deliveries, int messagesPerDelivery, Duration pollInterval) {
    public QueueConfig {
        retryIntervals = List.copyOf(retryIntervals);
    }
}
