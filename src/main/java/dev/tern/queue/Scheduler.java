package dev.tern.queue;

import dev.tern.outbound.OutboundMessage;
import dev.tern.outbound.Outcome;
import dev.tern.outbound.SmtpReply;
import dev.tern.outbound.Transport;
import dev.tern.store.QueueStore;
import dev.tern.store.StoreException;
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
 * another process); it hands each due entry's recipients, grouped by domain, to the {@link Transport} on virtual
 * threads, within a global limit and a limit per remote domain.
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

    private final MailQueue queue;
    private final QueueStore store;
    private final Transport transport;
    private final Reporter reporter;
    private final QueueSettings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private final QueueMetrics metrics;
    private final RecipientStates states;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<QueueStore.EntryId> inFlight = ConcurrentHashMap.newKeySet();
    /** Entries whose reports failed, and when to try them again; kept in memory, so a restart tries at once. */
    private final Map<QueueStore.EntryId, Instant> reportBackoff = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private final Map<String, Integer> perDomain = new HashMap<>(); // guarded by lock
    private int running; // guarded by lock
    private boolean woken; // guarded by lock
    private volatile boolean stopping;
    private Thread thread;

    public Scheduler(MailQueue queue, Transport transport, Reporter reporter, QueueSettings settings, Clock clock,
                     RandomGenerator random) {
        this.queue = queue;
        this.store = queue.store();
        this.transport = transport;
        this.reporter = reporter;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        this.metrics = new QueueMetrics(store);
        this.states = new RecipientStates(settings.schedule(), random);
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
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
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
        var now = clock.instant();
        boolean blocked = false;
        var planned = new ArrayList<Planned>();
        for (var entry : store.due(now, Math.max(100, 4 * settings.deliveries()) + inFlight.size())) {
            if (stopping) break;
            if (inFlight.contains(entry.id())) continue;
            blocked |= plan(entry, now, planned);
        }
        if (planned.isEmpty()) return blocked;
        var attempts = new LinkedHashMap<QueueStore.EntryId, List<QueueStore.RecipientUpdate>>();
        for (var p : planned) attempts.put(p.entry().id(), states.attempting(p.groups().values(), now));
        try {
            store.update(attempts);
        } catch (RuntimeException e) {
            planned.forEach(p -> p.groups().keySet().forEach(this::release));
            log.warn("event=queue-attempt-not-recorded entries={} error=\"{}\"", planned.size(), e.getMessage());
            return true;
        }
        planned.forEach(this::start);
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

    /** An entry whose due recipients have delivery slots, by domain, their attempt not yet recorded. */
    private record Planned(QueueStore.Entry entry, Map<String, List<QueueStore.Recipient>> groups) {}

    /**
     * Takes delivery slots for an entry's due recipients (or starts sending its reports); true if a domain had to
     * wait for a free slot.
     */
    private boolean plan(QueueStore.Entry entry, Instant now, List<Planned> planned) {
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
        var granted = new LinkedHashMap<String, List<QueueStore.Recipient>>();
        for (var group : byDomain.entrySet()) {
            if (acquire(group.getKey())) granted.put(group.getKey(), group.getValue());
            else blocked = true;
        }
        if (!granted.isEmpty()) planned.add(new Planned(entry, granted));
        return blocked;
    }

    /** Starts a delivery per domain of an entry whose attempt is recorded. */
    private void start(Planned p) {
        var entry = p.entry();
        inFlight.add(entry.id());
        var remaining = new AtomicInteger(p.groups().size());
        for (var group : p.groups().entrySet()) {
            workers.submit(() -> {
                try {
                    attempt(entry, group.getKey(), group.getValue(), p.groups().size() == 1);
                } finally {
                    release(group.getKey());
                    if (remaining.decrementAndGet() == 0) finishAndRelease(entry.id());
                }
            });
        }
    }

    /** One delivery; {@code only} says no other delivery of the entry runs, so this one may finish it. */
    private void attempt(QueueStore.Entry entry, String domain, List<QueueStore.Recipient> recipients,
                         boolean only) {
        var message = new OutboundMessage(entry.sender(), entry.envelopeId(), entry.ret(), entry.eightBit(),
                entry.smtpUtf8(), entry.size(), recipients.stream().map(r -> new OutboundMessage.Recipient(
                        r.address(), r.notifyOn(), r.originalRecipient())).toList(),
                () -> queue.blobs().open(entry.body()));
        List<Outcome> outcomes;
        long began = System.nanoTime();
        try {
            outcomes = transport.deliver(domain, message);
            if (outcomes.size() != recipients.size()) {
                throw new IllegalStateException("the transport answered " + outcomes.size() + " outcomes for "
                        + recipients.size() + " recipients");
            }
        } catch (RuntimeException e) {
            log.warn("event=queue-transport-failed id={} domain={}", entry.id(), domain, e);
            var failure = new Outcome(Outcome.Kind.DEFERRED, SmtpReply.network("local error: " + e, ""));
            outcomes = recipients.stream().map(r -> failure).toList();
        }
        var took = Duration.ofNanos(System.nanoTime() - began);
        var now = clock.instant();
        var updates = new ArrayList<QueueStore.RecipientUpdate>();
        for (int i = 0; i < recipients.size(); i++) {
            var r = recipients.get(i);
            var outcome = outcomes.get(i);
            updates.add(states.settle(entry, r, outcome, now));
            log.info("event=queue-attempt id={} rcpt={} outcome={} reply=\"{}\" host={}", entry.id(), r.address(),
                    outcome.kind(), outcome.reply().diagnostic(), outcome.reply().remoteHost());
        }
        metrics.attempted(took, updates.stream().map(QueueStore.RecipientUpdate::status).toList());
        try {
            // Nothing left to do for the entry: one write deletes it, instead of one recording the outcome and
            // another deleting it (finish() then finds it gone).
            if (only && RecipientStates.finished(entry, updates)) {
                store.delete(entry.id());
                log.info("event=queue-done id={}", entry.id());
            } else {
                store.update(entry.id(), updates);
            }
        } catch (StoreException.NotFound deleted) {
            log.info("event=queue-entry-gone id={} (deleted during the attempt)", entry.id());
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

    private boolean acquire(String domain) {
        lock.lock();
        try {
            int forDomain = perDomain.getOrDefault(domain, 0);
            if (running >= settings.deliveries() || forDomain >= settings.deliveriesPerDomain()) return false;
            running++;
            perDomain.put(domain, forDomain + 1);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void release(String domain) {
        lock.lock();
        try {
            running--;
            perDomain.computeIfPresent(domain, (d, n) -> n <= 1 ? null : n - 1);
        } finally {
            lock.unlock();
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
        if (transport instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("event=queue-transport-close-failed error=\"{}\"", e.toString());
            }
        }
    }
}
