package dev.tern.net;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Connection counters per protocol, which the admin listener reads; net knows nothing of who reads them. */
public final class ConnectionMetrics {
    private final Map<String, Counters> byProtocol = new ConcurrentHashMap<>();

    /** A snapshot of one protocol's counters: open now, accepted since start, refused by a cap since start. */
    public record Counts(long open, long total, long refused) {}

    private static final class Counters {
        final AtomicLong open = new AtomicLong();
        final AtomicLong total = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
    }

    private Counters of(String protocol) { return byProtocol.computeIfAbsent(protocol, p -> new Counters()); }

    /** Makes the protocol appear (with zeros) before its first connection. */
    public void register(String protocol) { of(protocol); }

    void opened(String protocol) {
        var c = of(protocol);
        c.open.incrementAndGet();
        c.total.incrementAndGet();
    }

    void closed(String protocol) { of(protocol).open.decrementAndGet(); }

    void refused(String protocol) { of(protocol).refused.incrementAndGet(); }

    /** Counts per protocol, sorted by protocol name. */
    public Map<String, Counts> snapshot() {
        var result = new TreeMap<String, Counts>();
        byProtocol.forEach((p, c) -> result.put(p, new Counts(c.open.get(), c.total.get(), c.refused.get())));
        return result;
    }
}
