package dev.tern.store.sql;

import dev.tern.store.MailboxChange;
import dev.tern.store.StoreException;
import dev.tern.store.StoreStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The one writer of the database. Callers hand it write operations and block; its thread takes every operation
 * waiting (up to {@code maxBatch}), runs each inside a SAVEPOINT so that a failing one (say, over quota) is rolled
 * back alone and thrown to its caller, commits once for all, publishes their changes and wakes the callers. One
 * fsync then makes many operations durable: while it runs, the next batch queues up.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final StatementCache db;
    private final Dialect dialect;
    private final int maxBatch;
    private final List<Consumer<MailboxChange>> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock submitLock = new ReentrantLock();
    private final Thread thread;
    private boolean closed;
    /** Committed changes not yet handed to the listeners; used by the writer thread only. */
    private final ArrayDeque<MailboxChange> unpublished = new ArrayDeque<>();
    private boolean publishing;

    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong messagesStored = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();

    GroupCommit(StatementCache db, Dialect dialect, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
        this.db = db;
        this.dialect = dialect;
        this.maxBatch = maxBatch;
        this.thread = Thread.ofPlatform().name("tern-store-writer").daemon(true).unstarted(this::loop);
        thread.start();
    }

    void addListener(Consumer<MailboxChange> listener) {
        listeners.add(listener);
    }

    /** Runs {@code work} in a committed transaction and returns its result, or throws what it threw. */
    <T> T write(Transaction.Work<T> work) {
        var pending = new Pending<>(work);
        if (Thread.currentThread() == thread) {
            // A change listener writing back: run it now, as its own transaction, instead of waiting on ourselves.
            // Its changes reach the listeners after those being published now (see publish).
            runBatch(List.of(pending));
        } else {
            submitLock.lock();
            try {
                if (closed) throw new StoreException("the store is closed");
                queue.add(pending);
            } finally {
                submitLock.unlock();
            }
        }
        try {
            return pending.result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new StoreException("write failed: " + e.getCause(), e.getCause());
        }
    }

    /** Operations waiting for the writer; for tests that need a known backlog. */
    int queued() {
        return queue.size();
    }

    StoreStats stats() {
        return new StoreStats(commits.get(), operations.get(), messagesStored.get(), commitNanos.get());
    }

    private void loop() {
        var batch = new ArrayList<Pending<?>>(maxBatch);
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() ends the writer, by the poison pill
            }
            queue.drainTo(batch, maxBatch - 1);
            if (batch.removeIf(p -> p == Pending.POISON)) stop = true;
            if (!batch.isEmpty()) runBatchSafely(batch);
            batch.clear();
        }
        // Anything queued behind the pill came in before close() finished; run it rather than strand its caller.
        queue.drainTo(batch);
        batch.removeIf(p -> p == Pending.POISON);
        if (!batch.isEmpty()) runBatchSafely(batch);
    }

    /** Runs a batch; whatever goes wrong, its callers are answered and the writer lives on. */
    private void runBatchSafely(List<Pending<?>> batch) {
        try {
            runBatch(batch);
        } catch (Throwable t) {
            log.error("the store writer failed on a batch of {}", batch.size(), t);
            for (var pending : batch) pending.result.completeExceptionally(t);
        }
    }

    private void runBatch(List<Pending<?>> batch) {
        long start = System.nanoTime();
        int succeeded = 0;
        try {
            db.execute(dialect.beginWrite());
            for (var pending : batch) if (runOne(pending)) succeeded++;
            db.execute("COMMIT");
        } catch (SQLException | RuntimeException | Error e) {
            rollbackQuietly();
            var failure = e instanceof SQLException sql && dialect.isBusy(sql)
                    ? new StoreException("the database stayed locked by another process (the CLI, or a second"
                            + " server on the same data directory?) for longer than the busy timeout", e)
                    : new StoreException("the " + dialect.name() + " transaction failed: " + e.getMessage(), e);
            for (var pending : batch) pending.result.completeExceptionally(pending.error != null ? pending.error : failure);
            return;
        }
        if (succeeded > 0) {
            commits.incrementAndGet();
            operations.addAndGet(succeeded);
            commitNanos.addAndGet(System.nanoTime() - start);
        }
        for (var pending : batch) {
            if (pending.error != null) {
                pending.result.completeExceptionally(pending.error);
            } else {
                messagesStored.addAndGet(pending.tx.messagesStored());
                publish(pending.tx.changes());
                pending.complete();
            }
        }
    }

    /** Runs one operation inside a savepoint; on failure only its own statements are undone. */
    private boolean runOne(Pending<?> pending) throws SQLException {
        db.execute("SAVEPOINT op");
        try {
            pending.run(new Transaction(db));
            db.execute("RELEASE SAVEPOINT op");
            return true;
        } catch (SQLException | RuntimeException | Error e) {
            db.execute("ROLLBACK TO SAVEPOINT op");
            db.execute("RELEASE SAVEPOINT op");
            pending.error = e instanceof SQLException ? new StoreException(dialect.name() + " failed: " + e.getMessage(), e) : e;
            return false;
        }
    }

    /**
     * Hands changes to the listeners in commit order. A listener that writes runs its write on this thread, in the
     * middle of publishing; that write's changes then wait here until the earlier ones have been handed out, so
     * that no listener sees a later MODSEQ before an earlier one.
     */
    private void publish(List<MailboxChange> changes) {
        unpublished.addAll(changes);
        if (publishing) return;
        publishing = true;
        try {
            for (MailboxChange change; (change = unpublished.poll()) != null; ) {
                for (var listener : listeners) {
                    try {
                        listener.accept(change);
                    } catch (RuntimeException e) {
                        log.warn("a mailbox change listener failed on {}", change, e);
                    }
                }
            }
        } finally {
            publishing = false;
        }
    }

    private void rollbackQuietly() {
        try {
            db.execute("ROLLBACK");
        } catch (SQLException e) {
            log.debug("rollback after a failed transaction: {}", e.getMessage());
        }
    }

    /** Stops taking writes, finishes those queued, and stops the writer thread. */
    @Override
    public void close() {
        submitLock.lock();
        try {
            if (closed) return;
            closed = true;
            queue.add(Pending.POISON);
        } finally {
            submitLock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
    }

    /** A caller waiting for its operation. */
    private static final class Pending<T> {
        static final Pending<Void> POISON = new Pending<>(tx -> null);

        final Transaction.Work<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        Transaction tx;
        T value;
        Throwable error;

        Pending(Transaction.Work<T> work) {
            this.work = work;
        }

        void run(Transaction transaction) throws SQLException {
            tx = transaction;
            value = work.run(transaction);
        }

        void complete() { result.complete(value); }
    }
}
