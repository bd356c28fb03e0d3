package dev.tern.mailbox;

import dev.tern.store.AccountId;
import dev.tern.store.MailboxChange;
import dev.tern.store.MailboxId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The change-event bus: registered as the store's change listener, it hands each committed
 * {@link MailboxChange} to the sessions subscribed to its mailbox (message and mailbox changes) or to its account
 * (mailboxes created, renamed, deleted). Delivery never blocks the committing thread: every subscription has a
 * bounded queue, and one that fills up drops its queue and is marked overflowed, so that its session resyncs
 * from the store (IMAP: re-read the mailbox state) instead of slowing the store or other sessions down.
 * Changes committed after the session took the overflow mark are queued again, so a resync that reads the store
 * after {@link Subscription#poll()} may meet some of them twice; every change carries its MODSEQ to tell.
 */
public final class MailboxEvents implements Consumer<MailboxChange> {
    private final int capacity;
    private final Map<MailboxId, Set<Subscription>> byMailbox = new ConcurrentHashMap<>();
    private final Map<AccountId, Set<Subscription>> byAccount = new ConcurrentHashMap<>();

    /** @param capacity changes a subscription may hold before it overflows */
    public MailboxEvents(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("event queue capacity must be at least 1, not " + capacity);
        this.capacity = capacity;
    }

    /** Changes to the messages of {@code mailbox}, and its own rename or deletion. Close it with the session. */
    public Subscription subscribe(MailboxId mailbox) { return register(byMailbox, mailbox); }

    /** Mailboxes of {@code account} created, renamed or deleted (for LIST-driven views and NOTIFY). */
    public Subscription subscribeAccount(AccountId account) { return register(byAccount, account); }

    // compute/computeIfPresent run atomically per key, so a subscription is never added to a set just dropped.
    private <K> Subscription register(Map<K, Set<Subscription>> index, K key) {
        var s = new Subscription(capacity);
        s.unregister = () -> index.computeIfPresent(key, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
        index.compute(key, (k, set) -> {
            var result = set == null ? ConcurrentHashMap.<Subscription>newKeySet() : set;
            result.add(s);
            return result;
        });
        return s;
    }

    /** Called by the store after each commit; returns at once whatever the subscribers do. */
    @Override
    public void accept(MailboxChange change) {
        offerAll(byMailbox.get(change.mailbox()), change);
        switch (change) {
            case MailboxChange.MailboxCreated _, MailboxChange.MailboxRenamed _, MailboxChange.MailboxDeleted _ ->
                    offerAll(byAccount.get(change.account()), change);
            default -> { }
        }
    }

    private static void offerAll(Set<Subscription> subscriptions, MailboxChange change) {
        if (subscriptions == null) return;
        for (var s : subscriptions) s.offer(change);
    }

    /** Subscriptions currently open, for metrics and tests. */
    public int subscriptionCount() {
        int n = 0;
        for (var set : byMailbox.values()) n += set.size();
        for (var set : byAccount.values()) n += set.size();
        return n;
    }

    /** What a subscription holds when its session looks: changes in commit order, or an overflow. */
    public record Pending(List<MailboxChange> changes, boolean overflowed) {
        public Pending {
            changes = List.copyOf(changes);
        }

        public boolean isEmpty() { return changes.isEmpty() && !overflowed; }
    }

    /**
     * One session's view of the bus. {@link #poll()} takes what is pending; {@link #await(Duration)} waits for
     * something (IMAP IDLE) until a change arrives, the timeout passes or {@link #wakeUp()} is called.
     */
    public final class Subscription implements AutoCloseable {
        private final int capacity;
        private Runnable unregister;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition signal = lock.newCondition();
        private final ArrayDeque<MailboxChange> queue = new ArrayDeque<>();
        private boolean overflowed;
        private boolean woken;
        private volatile boolean closed;

        private Subscription(int capacity) { this.capacity = capacity; }

        private void offer(MailboxChange change) {
            if (closed) return;
            lock.lock();
            try {
                if (overflowed) return;  // the session resyncs from the store; queued changes are moot
                if (queue.size() >= capacity) {
                    queue.clear();
                    overflowed = true;
                } else {
                    queue.add(change);
                }
                signal.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Takes every pending change (and the overflow mark) without waiting. */
        public Pending poll() {
            lock.lock();
            try {
                return take();
            } finally {
                lock.unlock();
            }
        }

        /**
         * Waits until a change is pending, {@code timeout} has passed, {@link #wakeUp()} was called or the
         * subscription is closed, then takes what is pending (possibly nothing).
         */
        public Pending await(Duration timeout) throws InterruptedException {
            long nanos = timeout.toNanos();
            lock.lock();
            try {
                while (queue.isEmpty() && !overflowed && !woken && !closed && nanos > 0) {
                    nanos = signal.awaitNanos(nanos);
                }
                woken = false;
                return take();
            } finally {
                lock.unlock();
            }
        }

        /** Makes a waiting (or the next) {@link #await} return, e.g. when the client ends IDLE. */
        public void wakeUp() {
            lock.lock();
            try {
                woken = true;
                signal.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private Pending take() {
            var pending = new Pending(new ArrayList<>(queue), overflowed);
            queue.clear();
            overflowed = false;
            return pending;
        }

        public boolean isClosed() { return closed; }

        /** Stops delivery to this subscription; call it when the session closes or deselects. */
        @Override
        public void close() {
            closed = true;
            unregister.run();
            wakeUp();
        }
    }
}
