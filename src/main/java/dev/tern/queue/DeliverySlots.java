package dev.tern.queue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The delivery slots the {@link Scheduler} hands out: at most {@code total} deliveries at once, and at most
 * {@code perDomain} to one remote domain. Thread-safe; a slot taken is given back once its delivery ends.
 */
final class DeliverySlots {
    private final int total;
    private final int perDomain;
    private final Map<String, Integer> byDomain = new HashMap<>(); // guarded by this
    private int taken; // guarded by this

    DeliverySlots(int total, int perDomain) {
        this.total = total;
        this.perDomain = perDomain;
    }

    /** Takes a slot for a delivery to {@code domain}; false if every slot, or every slot of the domain, is taken. */
    synchronized boolean take(String domain) {
        int forDomain = byDomain.getOrDefault(domain, 0);
        if (taken >= total || forDomain >= perDomain) return false;
        taken++;
        byDomain.put(domain, forDomain + 1);
        return true;
    }

    synchronized void giveBack(String domain) {
        taken--;
        byDomain.computeIfPresent(domain, (d, n) -> n <= 1 ? null : n - 1);
    }

    synchronized boolean anyFree() {
        return taken < total;
    }

    /** Deliveries running now. */
    synchronized int taken() {
        return taken;
    }

    /** Domains whose slots are all taken. */
    synchronized Set<String> fullDomains() {
        var full = new HashSet<String>();
        byDomain.forEach((domain, n) -> {
            if (n >= perDomain) full.add(domain);
        });
        return full;
    }
}
