package dev.tern.outbound;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Connections kept open after a transaction, per remote address, so that the next message to the same host skips
 * the connect, greeting, EHLO and TLS handshake (RFC 5321 §3.3 allows many transactions per session). A kept
 * connection is closed with QUIT after {@link #IDLE} unused; one the peer closed earlier is found out by the next
 * transaction's first reply, before anything is accepted ({@link Transaction.StaleConnection}).
 */
final class ConnectionPool implements AutoCloseable {
    /** How long a connection may wait unused; well below the 5 minutes a server waits (RFC 5321 §4.5.3.2.7). */
    static final Duration IDLE = Duration.ofSeconds(10);
    /** Connections kept per address unless told otherwise; more are closed. */
    static final int DEFAULT_PER_ADDRESS = 8;

    private record Idle(ClientSession session, long since) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<InetSocketAddress, ArrayDeque<Idle>> idle = new HashMap<>();
    private final Thread reaper;
    private volatile boolean closed;

    private final int perAddress;

    /**
     * {@code perAddress}: idle connections kept per address. As many as may deliver to one domain at once, or each
     * delivery beyond it opens (connect, greeting, EHLO, TLS) and quits a connection of its own.
     */
    ConnectionPool(int perAddress) {
        this.perAddress = perAddress;
        reaper = Thread.ofVirtual().name("tern-outbound-reaper").start(this::reap);
    }

    /** A kept connection to {@code address} unused for less than {@link #IDLE}, or null. */
    ClientSession take(InetSocketAddress address) {
        while (true) {
            Idle kept;
            lock.lock();
            try {
                var queue = idle.get(address);
                kept = queue == null ? null : queue.pollLast();
            } finally {
                lock.unlock();
            }
            if (kept == null) return null;
            if (System.nanoTime() - kept.since() <= IDLE.toNanos() && kept.session().open()) return kept.session();
            kept.session().quit();
        }
    }

    /** Keeps {@code session} for the next transaction to {@code address}. */
    void offer(InetSocketAddress address, ClientSession session) {
        if (closed || !session.open()) {
            session.quit();
            return;
        }
        lock.lock();
        try {
            var queue = idle.computeIfAbsent(address, a -> new ArrayDeque<>());
            if (queue.size() < perAddress) {
                queue.addLast(new Idle(session, System.nanoTime()));
                return;
            }
        } finally {
            lock.unlock();
        }
        session.quit();
    }

    private void reap() {
        while (!closed) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            var stale = new ArrayList<ClientSession>();
            long now = System.nanoTime();
            lock.lock();
            try {
                for (var queue : idle.values()) {
                    while (!queue.isEmpty() && now - queue.peekFirst().since() > IDLE.toNanos()) {
                        stale.add(queue.pollFirst().session());
                    }
                }
                idle.values().removeIf(ArrayDeque::isEmpty);
            } finally {
                lock.unlock();
            }
            stale.forEach(ClientSession::quit);
        }
    }

    @Override
    public void close() {
        closed = true;
        reaper.interrupt();
        var all = new ArrayList<ClientSession>();
        lock.lock();
        try {
            idle.values().forEach(q -> q.forEach(i -> all.add(i.session())));
            idle.clear();
        } finally {
            lock.unlock();
        }
        all.forEach(ClientSession::quit);
    }
}
