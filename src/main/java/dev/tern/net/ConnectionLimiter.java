package dev.tern.net;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The caps on open connections, shared by every listener: a total, taken before {@code accept()}, and one per
 * client address, taken once the address is known. A {@link Permit} gives back what it took when closed, once.
 */
public final class ConnectionLimiter {
    private final Semaphore total;
    private final int perAddress;
    private final ConcurrentHashMap<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();

    public ConnectionLimiter(int total, int perAddress) {
        this.total = new Semaphore(total);
        this.perAddress = perAddress;
    }

    /** A permit under the total cap, or empty when it is reached. */
    public Optional<Permit> reserve() {
        return total.tryAcquire() ? Optional.of(new Permit()) : Optional.empty();
    }

    /** Connections open now from {@code address}. */
    public int openFrom(InetAddress address) { return byAddress.getOrDefault(address, 0); }

    /** Holds one connection's place under the caps. */
    public final class Permit implements AutoCloseable {
        private final AtomicBoolean closed = new AtomicBoolean();
        private InetAddress address;

        private Permit() {}

        /** Counts the permit against {@code client}'s cap; false (and nothing counted) if that cap is reached. */
        public boolean bind(InetAddress client) {
            boolean[] ok = {false};
            byAddress.compute(client, (k, n) -> {
                int open = n == null ? 0 : n;
                if (open >= perAddress) return n;
                ok[0] = true;
                return open + 1;
            });
            if (ok[0]) address = client;
            return ok[0];
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) return;
            if (address != null) byAddress.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
            total.release();
        }
    }
}
