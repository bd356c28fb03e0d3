package dev.tern.queue;

import dev.tern.store.QueueStore;
import dev.tern.store.sql.EmbeddedStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MailQueueTest {
    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

    @TempDir
    Path data;

    @Test
    void enqueueStoresBodyAndEveryRecipientDurablyAndWakesTheScheduler() throws Exception {
        try (var storage = EmbeddedStorage.open(data.resolve("store"), EmbeddedStorage.Options.defaults())) {
            var queue = new MailQueue(storage.queue(), storage.blobs(), RetrySchedule.defaults(),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            var woken = new AtomicInteger();
            queue.onEnqueue(woken::incrementAndGet);
            var message = Files.writeString(data.resolve("m.eml"), "Subject: hi\r\n\r\nbody\r\n");
            var envelope = new OutboundEnvelope("alice@example.org", Optional.of("E1"),
                    Optional.of(OutboundEnvelope.Ret.HDRS), List.of(
                    new OutboundEnvelope.Recipient("bob@remote.example", Set.of(), Optional.empty()),
                    new OutboundEnvelope.Recipient("carol@remote.example",
                            Set.of(OutboundEnvelope.Notify.SUCCESS, OutboundEnvelope.Notify.FAILURE),
                            Optional.of("rfc822;carol@remote.example"))), false, false);

            var id = queue.enqueue(envelope, message);
            Files.delete(message);

            assertThat(woken).hasValue(1);
            var entry = storage.queue().entry(MailQueue.entryId(id)).orElseThrow();
            try (var in = storage.blobs().open(entry.body())) {
                assertThat(new String(in.readAllBytes())).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
            }
            assertThat(entry.envelopeId()).contains("E1");
            assertThat(entry.ret()).contains("HDRS");
            var bob = entry.recipients().get(0);
            var carol = entry.recipients().get(1);
            assertThat(bob.status()).isEqualTo(QueueStore.Status.SCHEDULED);
            assertThat(bob.nextAttempt()).contains(NOW);
            assertThat(bob.notifyAt()).as("default NOTIFY allows a delay notice").contains(NOW.plus(Duration.ofHours(4)));
            assertThat(bob.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(5)));
            assertThat(carol.notifyOn()).isEqualTo("SUCCESS,FAILURE");
            assertThat(carol.notifyAt()).as("NOTIFY without DELAY").isEmpty();
            assertThat(carol.originalRecipient()).contains("rfc822;carol@remote.example");
        }
    }

    @Test
    void aSmallMessageInMemoryIsQueuedWithItsBodyInTheEntrysTransactionAndALargeOneAsAFile() throws Exception {
        var store = data.resolve("store");
        var small = "Subject: small\r\n\r\nbody\r\n".getBytes();
        var large = ("Subject: large\r\n\r\n" + "x".repeat(76).concat("\r\n").repeat(2000)).getBytes();
        QueueId smallId;
        QueueId largeId;
        try (var storage = EmbeddedStorage.open(store, EmbeddedStorage.Options.defaults())) {
            assertThat(large.length).isGreaterThan(storage.blobs().inlineLimit());
            var queue = new MailQueue(storage.queue(), storage.blobs(), RetrySchedule.defaults(),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            var envelope = new OutboundEnvelope("alice@example.org", Optional.empty(), Optional.empty(),
                    List.of(new OutboundEnvelope.Recipient("bob@remote.example", Set.of(), Optional.empty())),
                    false, false);
            smallId = queue.enqueue(envelope, small);
            largeId = queue.enqueue(envelope, large);
        }
        try (var files = Files.walk(store)) {
            assertThat(files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).count())
                    .as("only the large body is a file").isEqualTo(1);
        }
        try (var storage = EmbeddedStorage.open(store, EmbeddedStorage.Options.defaults())) {
            for (var queued : List.of(java.util.Map.entry(smallId, small), java.util.Map.entry(largeId, large))) {
                var entry = storage.queue().entry(MailQueue.entryId(queued.getKey())).orElseThrow();
                try (var in = storage.blobs().open(entry.body())) {
                    assertThat(in.readAllBytes()).isEqualTo(queued.getValue());
                }
            }
        }
    }

    @Test
    void theNullSenderNeverGetsADelayNotice() {
        assertThat(MailQueue.delayNoticeWanted("", Set.of())).isFalse();
        assertThat(MailQueue.delayNoticeWanted("a@b.example", Set.of(OutboundEnvelope.Notify.NEVER))).isFalse();
        assertThat(MailQueue.delayNoticeWanted("a@b.example", Set.of(OutboundEnvelope.Notify.DELAY))).isTrue();
    }

    @Test
    void retryScheduleRepeatsItsLastIntervalWithinTheJitter() {
        var schedule = RetrySchedule.defaults();
        var random = new java.util.Random(7);
        assertThat(schedule.after(0, random)).isEqualTo(Duration.ZERO);
        for (int i = 0; i < 50; i++) {
            assertThat(schedule.after(1, random)).isBetween(Duration.ofSeconds(270), Duration.ofSeconds(330));
            assertThat(schedule.after(40, random)).isBetween(Duration.ofMinutes(216), Duration.ofMinutes(264));
        }
    }
}
