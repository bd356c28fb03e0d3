package dev.tern.queue;

import dev.tern.dns.MailExchangers;
import dev.tern.outbound.ClientTimeouts;
import dev.tern.outbound.ClientTls;
import dev.tern.outbound.Outcome;
import dev.tern.outbound.SmtpReply;
import dev.tern.outbound.SmtpTransport;
import dev.tern.outbound.Transport;
import dev.tern.store.QueueStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A delivery slot sends several due messages of one domain in turn ({@code queue.messages-per-delivery}). */
class SchedulerBatchTest extends SchedulerFixture {
    private static final SmtpReply REFUSED = SmtpReply.network("connection refused", "mx.down.example");

    /** Queues before the scheduler starts, so that its first round finds them all due. */
    private List<QueueId> queueTo(int count, String domain) throws Exception {
        if (queue == null) queue = new MailQueue(storage.queue(), storage.blobs(), fast(), java.time.Clock.systemUTC());
        var ids = new ArrayList<QueueId>();
        for (int i = 0; i < count; i++) ids.add(send("alice@example.org", "r" + i + "@" + domain));
        return ids;
    }

    private QueueStore.Recipient stored(QueueId id) {
        return storage.queue().entry(MailQueue.entryId(id)).orElseThrow().recipients().getFirst();
    }

    @Test
    void aSlotSendsItsBatchInTurnAndOneWriteRecordsTheBatchsAttempts() throws Exception {
        var calls = Collections.synchronizedList(new ArrayList<String>());
        var running = new AtomicInteger();
        var most = new AtomicInteger();
        Transport transport = (domain, m) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            running.decrementAndGet();
            return List.of(Outcome.of(OK));
        };
        var ids = queueTo(10, "one.example");
        calls.clear();

        start(counting(calls), transport, new QueueSettings(fast(), 1, 1, 5, Duration.ofMillis(50)));

        await("all delivered", () -> ids.stream().allMatch(this::gone));
        assertThat(most).as("one slot: never two transactions at once").hasValue(1);
        // Ten due, five per slot, one slot: two rounds, each recording its five attempts in one write.
        assertThat(calls).filteredOn("update(batch)"::equals).hasSize(2);
    }

    @Test
    void aDomainFoundUnreachableDefersTheRestOfTheBatchWithoutTryingEach() throws Exception {
        var tries = new AtomicInteger();
        var later = new RetrySchedule(List.of(Duration.ZERO, Duration.ofMinutes(5)), 0, Duration.ofHours(4),
                Duration.ofDays(5));
        var ids = queueTo(5, "down.example");

        start(storage.queue(), (domain, m) -> {
            tries.incrementAndGet();
            return List.of(new Outcome(Outcome.Kind.DEFERRED, REFUSED));
        }, new QueueSettings(later, 1, 1, 5, Duration.ofMillis(50)));

        await("every recipient attempted", () -> ids.stream().allMatch(id -> stored(id).lastReply().isPresent()));
        assertThat(tries).as("one connection attempt for the batch").hasValue(1);
        var replies = ids.stream().map(id -> stored(id).lastReply().orElseThrow().text()).toList();
        assertThat(replies).filteredOn(t -> t.equals("connection refused")).hasSize(1);
        assertThat(replies).filteredOn(t -> t.startsWith("not tried: delivery to the domain suspended after"))
                .hasSize(4).allSatisfy(t -> assertThat(t).endsWith("connection refused"));
        for (var id : ids) {
            var r = stored(id);
            assertThat(r.status()).isEqualTo(QueueStore.Status.DEFERRED);
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.nextAttempt().orElseThrow()).isAfter(Instant.now().plus(Duration.ofMinutes(4)));
        }
        assertThat(scheduler.metrics().snapshot().deferred()).isEqualTo(5);
    }

    @Test
    void theRealTransportsRefusedConnectionSuspendsTheRestOfTheBatch() throws Exception {
        int closed;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort(); // nothing listens there once the probe is closed
        }
        // Every message goes to a smart host on that port; the DNS is never asked.
        var smartHost = new SmtpTransport.SmartHost("127.0.0.1", closed, false, true, Optional.empty(),
                Optional.empty());
        var transport = new SmtpTransport(new SmtpTransport.Settings("tern.test", closed, ClientTls.opportunistic(),
                ClientTimeouts.all(Duration.ofSeconds(5)), Optional.of(smartHost)),
                MailExchangers.using(InetAddress.getLoopbackAddress(), closed, Duration.ofSeconds(1)));
        var later = new RetrySchedule(List.of(Duration.ZERO, Duration.ofMinutes(5)), 0, Duration.ofHours(4),
                Duration.ofDays(5));
        var ids = queueTo(5, "down.example");

        start(storage.queue(), transport, new QueueSettings(later, 1, 1, 5, Duration.ofMillis(50)));

        await("every recipient attempted", () -> ids.stream().allMatch(id -> stored(id).lastReply().isPresent()));
        var replies = ids.stream().map(id -> stored(id).lastReply().orElseThrow()).toList();
        assertThat(replies).filteredOn(r -> !r.text().startsWith("not tried:")).singleElement()
                .satisfies(r -> assertThat(r.code()).as("no reply: a network failure").isZero());
        assertThat(replies).filteredOn(r -> r.text().startsWith("not tried: delivery to the domain suspended after"))
                .hasSize(4);
    }

    @Test
    void aReplyAboutOneMessageOrALocalErrorDoesNotStopTheBatch() throws Exception {
        var tries = new AtomicInteger();
        var ids = queueTo(4, "one.example");

        start(storage.queue(), (domain, m) -> switch (tries.incrementAndGet()) {
            case 1 -> List.of(Outcome.of(BUSY));
            case 2 -> throw new IllegalStateException("the body could not be read");
            default -> List.of(Outcome.of(OK));
        }, new QueueSettings(fast(), 1, 1, 4, Duration.ofMillis(50)));

        await("all delivered", () -> ids.stream().allMatch(this::gone));
        // Four in the first batch, then the two deferred ones again.
        assertThat(tries).hasValue(6);
    }

    @Test
    void stoppingPutsTheUnsentRestOfABatchBackAsItWas() throws Exception {
        var inTransaction = new CountDownLatch(1);
        var proceed = new CountDownLatch(1);
        var tries = new AtomicInteger();
        var ids = queueTo(5, "one.example");
        start(storage.queue(), (domain, m) -> {
            tries.incrementAndGet();
            inTransaction.countDown();
            try {
                proceed.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(Outcome.of(OK));
        }, new QueueSettings(fast(), 1, 1, 5, Duration.ofMillis(50)));
        assertThat(inTransaction.await(20, TimeUnit.SECONDS)).isTrue();

        var closing = Thread.ofPlatform().start(scheduler::close);
        await("the scheduler stopping", scheduler::stopping);
        proceed.countDown();
        closing.join(TimeUnit.SECONDS.toMillis(20));
        scheduler = null;

        assertThat(tries).as("nothing sent after the stop began").hasValue(1);
        var left = ids.stream().filter(id -> !gone(id)).toList();
        assertThat(left).hasSize(4);
        for (var id : left) {
            var r = stored(id);
            assertThat(r.status()).as("as enqueued, due again at once").isEqualTo(QueueStore.Status.SCHEDULED);
            assertThat(r.attempts()).isZero();
            assertThat(r.nextAttempt().orElseThrow()).isBeforeOrEqualTo(Instant.now());
        }
    }
}
