package dev.tern.queue;

import dev.tern.outbound.SmtpReply;
import dev.tern.outbound.Transport;
import dev.tern.store.QueueStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what is queued. One thread wakes when a message is queued, when a delivery ends, at the earliest next
 * attempt time, and at least every poll interval (to notice {@code tern queue retry} and {@code release} from
 * another process). It groups each due entry's recipients by domain (one SMTP transaction each) and gives up to
 * {@code messagesPerDelivery} of one domain's groups to a delivery slot, a virtual thread that sends them in turn
 * through the {@link Transport} (which keeps the connection from one to the next); slots are bounded in all and
 * per remote domain. A batch amortises the round and the write that records its attempts over many messages.
 *
 * <p>Before a connection is made, the attempt is recorded with the time of the next one: a crash during the
 * attempt leaves the recipient deferred until then, never lost and never retried in a tight loop. A delivery that
 * succeeded at the remote host just before a crash is made again after it (RFC 5321 §6.1 accepts duplicates over
 * loss). Reports (DSNs) are sent through the {@link Reporter} after the attempt is recorded; an entry with nothing
 * pending and nothing to report is deleted.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    /** How long close() lets running deliveries end before interrupting them; their attempt is already recorded. */
    private static final Duration UNWIND = Duration.ofSeconds(2);
    /** How long a report that could not be sent waits before it is tried again. */
    static final Duration REPORT_RETRY = Duration.ofMinutes(1);

    private final QueueStore store;
    private final RecipientStates states;
    private final Reporter reporter;
    private final QueueSettings settings;
    private final Clock clock;
    private final QueueMetrics metrics;
    private final DeliveryAttempts attempts;
    private final DeliverySlots slots;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<QueueStore.EntryId> inFlight = ConcurrentHashMap.newKeySet();
    /** Entries whose reports failed, and when to try them again; kept in memory, so a restart tries at once. */
    private final Map<QueueStore.EntryId, Instant> reportBackoff = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean woken; // guarded by lock
    private volatile boolean stopping;
    private Thread thread;

    public Scheduler(MailQueue queue, Transport transport, Reporter reporter, QueueSettings settings, Clock clock,
                     RandomGenerator random) {
        this.store = queue.store();
        this.reporter = reporter;
        this.settings = settings;
        this.clock = clock;
        this.metrics = new QueueMetrics(store);
        this.states = new RecipientStates(settings.schedule(), random);
        this.attempts = new DeliveryAttempts(queue, transport, states, metrics, clock);
        this.slots = new DeliverySlots(settings.deliveries(), settings.deliveriesPerDomain());
        queue.onEnqueue(this::wake);
    }

    /**
     * Starts the scheduling thread; deliveries due (from before a restart, too) begin at once. Entries that a crash
     * left finished but not deleted (every recipient delivered or failed, no report due) are deleted first.
     */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("the scheduler is already started");
        thread = Thread.ofPlatform().name("tern-queue").daemon(true).start(() -> {
            recover();
            loop();
        });
    }

    private void recover() {
        try {
            for (var entry : store.entries()) {
                var recipients = entry.recipients();
                if (recipients.stream().noneMatch(r -> r.status().pending() || r.reportDue())) {
                    store.delete(entry.id());
                    log.info("event=queue-done id={} (finished before a restart)", entry.id());
                }
            }
        } catch (RuntimeException e) {
            log.warn("event=queue-recovery-failed error=\"{}\"", e.getMessage());
        }
    }

    /** Makes the scheduler look at the queue now rather than at its next planned time. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** What the queue has done since start. */
    public QueueMetrics metrics() { return metrics; }

    /** Deliveries running now; for metrics and tests. */
    public int running() {
        return slots.taken();
    }

    /** True once {@link #close} has begun; for tests. */
    boolean stopping() {
        return stopping;
    }

    private void loop() {
        while (!stopping) {
            boolean blocked;
            try {
                blocked = round();
            } catch (RuntimeException e) {
                log.warn("event=queue-round-failed error=\"{}\"", e.getMessage());
                blocked = true;
            }
            await(blocked);
        }
    }

    /**
     * Dispatches what is due; true if something due had to wait for a free delivery slot. One read for the due
     * batch, and one write recording the attempts of every delivery it starts, before any of them connects.
     */
    private boolean round() {
        if (!slots.anyFree()) return true; // a batch that ends wakes the scheduler; reading the queue now is wasted
        var now = clock.instant();
        boolean blocked = false;
        var planned = new ArrayList<Planned>();
        var batches = new ArrayList<Batch>();
        var filling = new HashMap<String, Batch>();
        int wanted = settings.deliveries() * settings.messagesPerDelivery() + inFlight.size();
        for (var entry : store.due(now, wanted, slots.fullDomains())) {
            if (stopping) break;
            if (inFlight.contains(entry.id())) continue;
            blocked |= plan(entry, now, planned, filling, batches);
        }
        if (planned.isEmpty()) return blocked;
        var recorded = new LinkedHashMap<QueueStore.EntryId, List<QueueStore.RecipientUpdate>>();
        for (var p : planned) recorded.put(p.entry.id(), states.attempting(p.groups.values(), now));
        try {
            store.update(recorded);
        } catch (RuntimeException e) {
            batches.forEach(b -> slots.giveBack(b.domain()));
            log.warn("event=queue-attempt-not-recorded entries={} error=\"{}\"", planned.size(), e.getMessage());
            return true;
        }
        for (var p : planned) {
            p.unsettled.set(p.groups.size());
            inFlight.add(p.entry.id());
        }
        batches.forEach(b -> workers.submit(() -> send(b)));
        return blocked;
    }

    /** Sleeps until woken, the next attempt is due, or the poll interval has passed. */
    private void await(boolean blocked) {
        var wait = settings.pollInterval();
        if (!blocked) {
            try {
                var next = store.nextAttempt();
                if (next.isPresent()) {
                    var until = Duration.between(clock.instant(), next.get());
                    if (until.compareTo(wait) < 0) wait = until.isNegative() ? Duration.ZERO : until;
                }
            } catch (RuntimeException e) {
                log.warn("event=queue-read-failed error=\"{}\"", e.getMessage());
            }
        }
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (!woken && !stopping && nanos > 0) nanos = signal.awaitNanos(nanos);
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    /** An entry whose due recipients got delivery slots, by domain; its attempt recorded before they start. */
    private static final class Planned {
        final QueueStore.Entry entry;
        final Map<String, List<QueueStore.Recipient>> groups = new LinkedHashMap<>();
        /** Deliveries of the entry still to settle; the one that settles last finishes the entry. */
        final AtomicInteger unsettled = new AtomicInteger();
        /** Set when a settling write deleted the entry: nothing is left to finish. */
        volatile boolean deleted;

        Planned(QueueStore.Entry entry) {
            this.entry = entry;
        }
    }

    /** One delivery slot's work: the due recipients of one domain in several entries, sent one entry after another. */
    private record Batch(String domain, List<Planned> entries) {}

    /**
     * Adds an entry's due recipients to the round's batches (or starts sending its reports), a batch per domain
     * taking a delivery slot and up to {@code messagesPerDelivery} entries; true if a domain had to wait for a slot.
     */
    private boolean plan(QueueStore.Entry entry, Instant now, List<Planned> planned, Map<String, Batch> filling,
                         List<Batch> batches) {
        var byDomain = new LinkedHashMap<String, List<QueueStore.Recipient>>();
        for (var r : entry.recipients()) {
            if (r.status().pending() && r.nextAttempt().isPresent() && !r.nextAttempt().get().isAfter(now)) {
                byDomain.computeIfAbsent(domain(r.address()), d -> new ArrayList<>()).add(r);
            }
        }
        boolean reportsDue = entry.recipients().stream().anyMatch(QueueStore.Recipient::reportDue);
        if (byDomain.isEmpty()) {
            var backoff = reportBackoff.get(entry.id());
            if (backoff != null && now.isBefore(backoff)) return false;
            if (reportsDue && inFlight.add(entry.id())) workers.submit(() -> finishAndRelease(entry.id()));
            return false;
        }
        boolean blocked = false;
        var p = new Planned(entry);
        for (var group : byDomain.entrySet()) {
            var batch = filling.get(group.getKey());
            if (batch == null || batch.entries().size() >= settings.messagesPerDelivery()) {
                if (!slots.take(group.getKey())) {
                    blocked = true;
                    continue;
                }
                batch = new Batch(group.getKey(), new ArrayList<>());
                filling.put(group.getKey(), batch);
                batches.add(batch);
            }
            batch.entries().add(p);
            p.groups.put(group.getKey(), group.getValue());
        }
        if (!p.groups.isEmpty()) planned.add(p);
        return blocked;
    }

    /**
     * Sends a batch's entries one after another (the transport keeps the connection for the next). When one finds
     * the domain unreachable, the rest are deferred with the same reply instead of each waiting out the same
     * timeouts; when the scheduler stops, the rest are put back as they were, due again at once after a restart.
     */
    private void send(Batch batch) {
        SmtpReply unreachable = null;
        try {
            for (var p : batch.entries()) {
                var recipients = p.groups.get(batch.domain());
                boolean only = p.groups.size() == 1;
                try {
                    if (stopping) {
                        attempts.putBack(p.entry, recipients);
                    } else if (unreachable != null) {
                        p.deleted = attempts.suspend(p.entry, recipients, unreachable, only);
                    } else {
                        var result = attempts.make(p.entry, batch.domain(), recipients, only);
                        p.deleted = result.deleted();
                        unreachable = result.unreachable().orElse(null);
                    }
                } catch (RuntimeException e) {
                    log.warn("event=queue-settle-failed id={} domain={} error=\"{}\"", p.entry.id(), batch.domain(),
                            e.toString());
                } finally {
                    if (p.unsettled.decrementAndGet() == 0) finishAndRelease(p);
                }
            }
        } finally {
            slots.giveBack(batch.domain());
            wake();
        }
    }

    private void finishAndRelease(Planned p) {
        if (p.deleted) {
            inFlight.remove(p.entry.id());
            wake();
        } else {
            finishAndRelease(p.entry.id());
        }
    }

    private void finishAndRelease(QueueStore.EntryId id) {
        try {
            finish(id);
        } catch (RuntimeException e) {
            log.warn("event=queue-finish-failed id={} error=\"{}\"", id, e.getMessage());
        } finally {
            inFlight.remove(id);
            wake();
        }
    }

    /** Sends the reports due for an entry, then deletes it if nothing is left to do. */
    private void finish(QueueStore.EntryId id) {
        var entry = store.entry(id);
        if (entry.isEmpty()) return;
        var due = entry.get().recipients().stream().filter(QueueStore.Recipient::reportDue).toList();
        if (!due.isEmpty()) {
            try {
                reporter.report(entry.get(), due);
            } catch (Exception e) {
                reportBackoff.put(id, clock.instant().plus(REPORT_RETRY));
                log.warn("event=queue-report-failed id={} error=\"{}\"; tried again in {}s", id, e.toString(),
                        REPORT_RETRY.toSeconds());
                return;
            }
            reportBackoff.remove(id);
            metrics.reported(due.size());
            store.update(id, due.stream().map(r -> r.change(r.status(), r.attempts(), r.nextAttempt(),
                    r.lastAttempt(), r.lastReply(), Optional.empty(), false)).toList());
        }
        if (entry.get().recipients().stream().noneMatch(r -> r.status().pending())) {
            store.delete(id);
            log.info("event=queue-done id={}", id);
        }
    }

    static String domain(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Stops scheduling; deliveries still running get a moment to end, then are interrupted. Their attempts are
     * recorded already, so what they had not finished is tried again after a restart. Closes the transport.
     */
    @Override
    public void close() {
        stopping = true;
        wake();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        workers.shutdown();
        try {
            if (t != null) t.join();
            if (!workers.awaitTermination(UNWIND.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
                workers.awaitTermination(UNWIND.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        if (attempts.transport() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("event=queue-transport-close-failed error=\"{}\"", e.toString());
            }
        }
    }
}
