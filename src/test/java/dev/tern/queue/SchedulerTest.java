package dev.tern.queue;

import dev.tern.outbound.OutboundMessage;
import dev.tern.outbound.Outcome;
import dev.tern.outbound.Transport;
import dev.tern.store.QueueStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulerTest extends SchedulerFixture {
    @Test
    void recipientsOfOneDomainTravelTogetherAndTheEntryGoesWhenDelivered() throws Exception {
        var calls = Collections.synchronizedList(new ArrayList<String>());
        start((domain, m) -> {
            calls.add(domain + ":" + m.recipients().stream().map(OutboundMessage.Recipient::address).toList());
            return m.recipients().stream().map(r -> Outcome.of(OK)).toList();
        }, fast(), 10, 4);

        var id = send("alice@example.org", "a@one.example", "b@two.example", "c@one.example");

        await("delivered", () -> gone(id));
        assertThat(calls).containsExactlyInAnyOrder("one.example:[a@one.example, c@one.example]",
                "two.example:[b@two.example]");
        assertThat(reports).as("NOTIFY absent: no success report").isEmpty();
    }

    @Test
    void deferredRecipientsAreRetriedUntilAccepted() throws Exception {
        var attempts = new AtomicInteger();
        start((domain, m) -> List.of(Outcome.of(attempts.incrementAndGet() < 3 ? BUSY : OK)), fast(), 10, 4);

        var id = send("alice@example.org", "a@one.example");

        await("delivered", () -> gone(id));
        assertThat(attempts).hasValue(3);
        assertThat(reports).isEmpty();
    }

    @Test
    void theAttemptIsRecordedBeforeTheTransportIsCalled() throws Exception {
        var seen = new ArrayList<QueueStore.Recipient>();
        var done = new CountDownLatch(1);
        start((domain, m) -> {
            var id = storage.queue().entries().getFirst().id();
            seen.add(storage.queue().entry(id).orElseThrow().recipients().getFirst());
            done.countDown();
            return List.of(Outcome.of(OK));
        }, new RetrySchedule(List.of(Duration.ZERO, Duration.ofMinutes(5)), 0, Duration.ofHours(4),
                Duration.ofDays(5)), 10, 4);

        send("alice@example.org", "a@one.example");

        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        var during = seen.getFirst();
        assertThat(during.status()).isEqualTo(QueueStore.Status.DEFERRED);
        assertThat(during.attempts()).isEqualTo(1);
        assertThat(during.nextAttempt().orElseThrow()).isAfter(during.lastAttempt().orElseThrow()
                .plus(Duration.ofMinutes(4)));
    }

    @Test
    void permanentFailureFailsAtOnceAndIsReported() throws Exception {
        var attempts = new AtomicInteger();
        start((domain, m) -> {
            attempts.incrementAndGet();
            return List.of(Outcome.of(NO_USER), Outcome.of(OK));
        }, fast(), 10, 4);

        var id = send("alice@example.org", "nobody@one.example", "b@one.example");

        await("finished", () -> gone(id));
        assertThat(attempts).hasValue(1);
        assertThat(reports).hasSize(1);
        var about = reports.getFirst().about();
        assertThat(about).extracting(QueueStore.Recipient::address).containsExactly("nobody@one.example");
        assertThat(about.getFirst().status()).isEqualTo(QueueStore.Status.FAILED);
        assertThat(about.getFirst().lastReply().orElseThrow().code()).isEqualTo(550);
    }

    @Test
    void theNullSenderIsNeverSentAReport() throws Exception {
        start((domain, m) -> List.of(Outcome.of(NO_USER)), fast(), 10, 4);

        var id = send("", "nobody@one.example");

        await("finished", () -> gone(id));
        assertThat(reports).isEmpty();
    }

    @Test
    void deliveryIsGivenUpAtExpiryWithAFailureReport() throws Exception {
        var attempts = new AtomicInteger();
        start((domain, m) -> {
            attempts.incrementAndGet();
            return List.of(Outcome.of(BUSY));
        }, new RetrySchedule(List.of(Duration.ZERO, Duration.ofMillis(100)), 0, Duration.ofHours(4),
                Duration.ofMillis(350)), 10, 4);

        var id = send("alice@example.org", "a@one.example");

        await("given up", () -> gone(id));
        assertThat(attempts.get()).isBetween(2, 6);
        assertThat(reports).hasSize(1);
        var failed = reports.getFirst().about().getFirst();
        assertThat(failed.status()).isEqualTo(QueueStore.Status.FAILED);
        assertThat(DeliveryStatusNotification.status(failed)).isEqualTo("5.3.0");
    }

    @Test
    void aDelayNoticeIsSentOnceWhileStillDeferred() throws Exception {
        var attempts = new AtomicInteger();
        start((domain, m) -> List.of(Outcome.of(attempts.incrementAndGet() < 6 ? BUSY : OK)),
                new RetrySchedule(List.of(Duration.ZERO, Duration.ofMillis(60)), 0, Duration.ofMillis(100),
                        Duration.ofDays(5)), 10, 4);

        var id = send("alice@example.org", "a@one.example");

        await("delivered", () -> gone(id));
        assertThat(reports).hasSize(1);
        assertThat(DeliveryStatusNotification.action(reports.getFirst().about().getFirst())).isEqualTo("delayed");
    }

    @Test
    void deliveriesToOneDomainAndInAllStayWithinTheirLimits() throws Exception {
        var release = new CountDownLatch(1);
        var running = new AtomicInteger();
        var most = new AtomicInteger();
        var perDomainMost = new java.util.concurrent.ConcurrentHashMap<String, AtomicInteger>();
        var perDomainNow = new java.util.concurrent.ConcurrentHashMap<String, AtomicInteger>();
        start((domain, m) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            int d = perDomainNow.computeIfAbsent(domain, k -> new AtomicInteger()).incrementAndGet();
            perDomainMost.computeIfAbsent(domain, k -> new AtomicInteger()).accumulateAndGet(d, Math::max);
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            perDomainNow.get(domain).decrementAndGet();
            running.decrementAndGet();
            return List.of(Outcome.of(OK));
        }, fast(), 3, 2);

        var ids = new ArrayList<QueueId>();
        for (int i = 0; i < 6; i++) ids.add(send("alice@example.org", "a@one.example"));
        for (int i = 0; i < 6; i++) ids.add(send("alice@example.org", "a@two.example"));
        await("three deliveries running", () -> running.get() == 3);
        Thread.sleep(200); // give a scheduler that ignored its limits the chance to start more
        assertThat(scheduler.running()).isEqualTo(3);
        release.countDown();

        await("all delivered", () -> ids.stream().allMatch(this::gone));
        assertThat(most).hasValue(3);
        assertThat(perDomainMost.values()).allSatisfy(n -> assertThat(n.get()).isLessThanOrEqualTo(2));
    }

    @Test
    void aDomainWhoseSlotsAreTakenDoesNotHoldUpTheOthers() throws Exception {
        var release = new CountDownLatch(1);
        var delivered = Collections.synchronizedList(new ArrayList<String>());
        queue = new MailQueue(storage.queue(), storage.blobs(), fast(), Clock.systemUTC());
        // A backlog for a slow domain, larger than what one round reads, queued before the one fast message.
        var slow = new ArrayList<QueueId>();
        for (int i = 0; i < 200; i++) slow.add(send("alice@example.org", "r" + i + "@slow.example"));
        var quick = send("alice@example.org", "a@fast.example");
        start(storage.queue(), (domain, m) -> {
            if (domain.equals("slow.example")) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            delivered.add(domain);
            return List.of(Outcome.of(OK));
        }, new QueueSettings(fast(), 4, 2, 2, Duration.ofMillis(50)));

        await("the fast domain delivered while the slow one's slots are taken", () -> gone(quick));
        assertThat(delivered).containsExactly("fast.example");
        release.countDown();
        await("the backlog delivered", () -> slow.stream().allMatch(this::gone));
    }

    @Test
    void heldEntriesWaitUntilReleased() throws Exception {
        var attempts = new AtomicInteger();
        queue = new MailQueue(storage.queue(), storage.blobs(), fast(), Clock.systemUTC());
        var id = send("alice@example.org", "a@one.example");
        storage.queue().hold(MailQueue.entryId(id), true);
        start((domain, m) -> {
            attempts.incrementAndGet();
            return List.of(Outcome.of(OK));
        }, fast(), 10, 4);

        Thread.sleep(200);
        assertThat(attempts).hasValue(0);
        storage.queue().retry(Optional.of(MailQueue.entryId(id)), java.time.Instant.now());

        await("delivered after release (noticed by polling)", () -> gone(id));
        assertThat(attempts).hasValue(1);
    }

    @Test
    void entriesACrashLeftFinishedAreDeletedAtStart() throws Exception {
        queue = new MailQueue(storage.queue(), storage.blobs(), fast(), Clock.systemUTC());
        var id = send("alice@example.org", "a@one.example");
        var r = storage.queue().entry(MailQueue.entryId(id)).orElseThrow().recipients().getFirst();
        storage.queue().update(MailQueue.entryId(id), List.of(r.change(QueueStore.Status.DELIVERED, 1,
                Optional.empty(), Optional.of(java.time.Instant.now()), Optional.empty(), Optional.empty(), false)));

        start((domain, m) -> List.of(Outcome.of(OK)), fast(), 10, 4);

        await("the finished entry deleted", () -> gone(id));
    }

    @Test
    void aReportThatCannotBeSentIsTriedAgainLaterNotInALoop() throws Exception {
        var tries = new AtomicInteger();
        queue = new MailQueue(storage.queue(), storage.blobs(), fast(), Clock.systemUTC());
        scheduler = new Scheduler(queue, (domain, m) -> List.of(Outcome.of(NO_USER)), (entry, about) -> {
            tries.incrementAndGet();
            throw new java.io.IOException("the sender's mailbox is over quota");
        }, new QueueSettings(fast(), 10, 4, Duration.ofMillis(20)), Clock.systemUTC(), new Random(1));
        scheduler.start();

        var id = send("alice@example.org", "nobody@one.example");

        await("the first try", () -> tries.get() == 1);
        Thread.sleep(300); // fifteen poll intervals: a scheduler without back-off would have tried again
        assertThat(tries).hasValue(1);
        var r = storage.queue().entry(MailQueue.entryId(id)).orElseThrow().recipients().getFirst();
        assertThat(r.status()).isEqualTo(QueueStore.Status.FAILED);
        assertThat(r.reportDue()).as("kept for the next try").isTrue();
    }

    @Test
    void aRoundReadsTheDueBatchOnceAndRecordsEveryAttemptInOneWriteBeforeConnecting() throws Exception {
        var calls = Collections.synchronizedList(new ArrayList<String>());
        queue = new MailQueue(counting(calls), storage.blobs(), fast(), Clock.systemUTC());
        var ids = new ArrayList<QueueId>();
        for (int i = 0; i < 30; i++) ids.add(send("alice@example.org", "r" + i + "@d" + i + ".example"));
        calls.clear();
        var proceed = new CountDownLatch(1);
        var callsAtFirstConnect = new java.util.concurrent.atomic.AtomicReference<List<String>>();
        var attemptsAtFirstConnect = new java.util.concurrent.atomic.AtomicReference<List<Integer>>();
        Transport transport = (domain, m) -> {
            synchronized (callsAtFirstConnect) {
                if (callsAtFirstConnect.get() == null) {
                    var before = List.copyOf(calls);
                    attemptsAtFirstConnect.set(ids.stream().map(id -> storage.queue().entry(MailQueue.entryId(id))
                            .orElseThrow().recipients().getFirst().attempts()).toList());
                    callsAtFirstConnect.set(before); // last: the test waits for it
                }
            }
            try {
                proceed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(Outcome.of(OK));
        };
        scheduler = new Scheduler(queue, transport, (entry, about) -> { },
                new QueueSettings(fast(), 30, 1, Duration.ofMillis(50)), Clock.systemUTC(), new Random(1));
        scheduler.start();

        await("the first delivery connecting", () -> callsAtFirstConnect.get() != null);
        await("all thirty running", () -> scheduler.running() == 30);
        proceed.countDown();
        // At start, the recovery pass lists the queue; then one round: one read, one write for thirty attempts.
        // (The scheduler may already be computing its next wake-up, or find everything in flight, meanwhile.)
        var before = callsAtFirstConnect.get();
        assertThat(before.subList(0, 3)).containsExactly("entries", "due", "update(batch)");
        assertThat(before).filteredOn(c -> c.startsWith("update")).containsExactly("update(batch)");
        assertThat(attemptsAtFirstConnect.get()).as("every attempt recorded before the first connection")
                .containsOnly(1);
        await("all delivered", () -> ids.stream().allMatch(this::gone));
    }
}
