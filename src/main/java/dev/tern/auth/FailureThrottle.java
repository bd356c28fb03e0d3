package dev.tern.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing: each failed login from a client address is answered after a delay that doubles
 * with the failures that address had recently, from {@code firstDelay} up to {@code maxDelay}. The count is
 * forgotten after {@code window} without failures. Successes do not reset it, so one valid account does not
 * let a client guess at others undelayed. At most {@code maxClients} addresses are tracked (least recently
 * failing dropped first), so the table's size does not depend on what attackers send.
 */
public final class FailureThrottle {

    public record Settings(Duration firstDelay, Duration maxDelay, Duration window, int maxClients) {
        public Settings {
            if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) throw new IllegalArgumentException(
                    "authentication failure delays need 0 <= first delay <= max delay");
            if (maxClients < 1) throw new IllegalArgumentException("the failure table needs room for 1 client or more");
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofMinutes(10), 10_000);
        }
    }

    private record Failures(int count, Instant last) {}

    private final Settings settings;
    private final Clock clock;
    private final LinkedHashMap<InetAddress, Failures> clients;

    public FailureThrottle(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.clients = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Failures> eldest) {
                return size() > settings.maxClients();
            }
        };
    }

    /** Counts a failure of {@code client} and returns how long to wait before answering it. */
    public Duration failed(InetAddress client) {
        var now = clock.instant();
        int count;
        synchronized (clients) {
            var before = clients.get(client);
            count = before == null || before.last().plus(settings.window()).isBefore(now) ? 1 : before.count() + 1;
            clients.put(client, new Failures(count, now));
        }
        return delayAfter(count);
    }

    /** Recent failures of {@code client}, for logs and tests. */
    public int recentFailures(InetAddress client) {
        synchronized (clients) {
            var f = clients.get(client);
            return f == null || f.last().plus(settings.window()).isBefore(clock.instant()) ? 0 : f.count();
        }
    }

    private Duration delayAfter(int failures) {
        var delay = settings.firstDelay();
        for (int i = 1; i < failures && delay.compareTo(settings.maxDelay()) < 0; i++) delay = delay.multipliedBy(2);
        return delay.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : delay;
    }
}
