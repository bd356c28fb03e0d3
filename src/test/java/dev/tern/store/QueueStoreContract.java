package dev.tern.store;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbound queue's persistence over a backend: entries, per-recipient state, scheduling queries. */
public abstract class QueueStoreContract extends StoreContract {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private QueueStore queue() { return storage.queue(); }

    private QueueStore.NewEntry entry(String text, String... recipients) throws Exception {
        var body = storage.blobs().put(new ByteArrayInputStream(("Subject: " + text + "\r\n\r\nhi\r\n").getBytes()));
        var rows = java.util.Arrays.stream(recipients).map(address -> new QueueStore.NewRecipient(address,
                "FAILURE,DELAY", Optional.of("rfc822;" + address), T0, Optional.of(T0.plus(Duration.ofHours(4))),
                T0.plus(Duration.ofDays(5)))).toList();
        return new QueueStore.NewEntry(body.id(), body.size(), "alice@example.org", Optional.of("env-1"),
                Optional.of("HDRS"), false, true, T0, rows);
    }

    @Test
    void enqueuedEntryReadsBackWithEveryRecipientScheduled() throws Exception {
        var wanted = entry("one", "bob@remote.example", "carol@other.example");
        var id = queue().enqueue(wanted);

        var stored = queue().entry(id).orElseThrow();
        assertThat(stored.body()).isEqualTo(wanted.body());
        assertThat(stored.size()).isEqualTo(wanted.size());
        assertThat(stored.sender()).isEqualTo("alice@example.org");
        assertThat(stored.envelopeId()).contains("env-1");
        assertThat(stored.ret()).contains("HDRS");
        assertThat(stored.eightBit()).isTrue();
        assertThat(stored.smtpUtf8()).isFalse();
        assertThat(stored.created()).isEqualTo(T0);
        assertThat(stored.held()).isFalse();
        assertThat(stored.recipients()).extracting(QueueStore.Recipient::address)
                .containsExactly("bob@remote.example", "carol@other.example");
        var bob = stored.recipients().getFirst();
        assertThat(bob.index()).isZero();
        assertThat(bob.status()).isEqualTo(QueueStore.Status.SCHEDULED);
        assertThat(bob.notifyOn()).isEqualTo("FAILURE,DELAY");
        assertThat(bob.originalRecipient()).contains("rfc822;bob@remote.example");
        assertThat(bob.attempts()).isZero();
        assertThat(bob.nextAttempt()).contains(T0);
        assertThat(bob.lastReply()).isEmpty();
        assertThat(bob.notifyAt()).contains(T0.plus(Duration.ofHours(4)));
        assertThat(bob.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(5)));
        assertThat(bob.reportDue()).isFalse();
    }

    @Test
    void idsAreDistinctAndEntriesListOldestFirst() throws Exception {
        var first = queue().enqueue(entry("a", "x@r.example"));
        var second = queue().enqueue(entry("b", "y@r.example"));
        assertThat(first).isNotEqualTo(second);
        assertThat(queue().entries()).extracting(QueueStore.Entry::id).containsExactly(first, second);
    }

    @Test
    void dueReturnsOnlyEntriesWithARecipientDueNow() throws Exception {
        var id = queue().enqueue(entry("a", "x@r.example"));
        var bob = queue().entry(id).orElseThrow().recipients().getFirst();
        var later = T0.plus(Duration.ofMinutes(5));
        queue().update(id, List.of(bob.change(QueueStore.Status.DEFERRED, 1, Optional.of(later), Optional.of(T0),
                Optional.of(new QueueStore.Reply(451, "4.3.0", "try later", "mx.r.example")), bob.notifyAt(), false)));

        assertThat(queue().due(T0, 10)).isEmpty();
        assertThat(queue().due(later, 10)).extracting(QueueStore.Entry::id).containsExactly(id);
        assertThat(queue().nextAttempt()).contains(later);
        var stored = queue().entry(id).orElseThrow().recipients().getFirst();
        assertThat(stored.status()).isEqualTo(QueueStore.Status.DEFERRED);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.lastAttempt()).contains(T0);
        assertThat(stored.lastReply()).contains(new QueueStore.Reply(451, "4.3.0", "try later", "mx.r.example"));
    }

    @Test
    void finishedRecipientsAreNotDueButPendingReportsAre() throws Exception {
        var id = queue().enqueue(entry("a", "x@r.example"));
        var x = queue().entry(id).orElseThrow().recipients().getFirst();
        queue().update(id, List.of(x.change(QueueStore.Status.FAILED, 1, Optional.empty(), Optional.of(T0),
                Optional.of(new QueueStore.Reply(550, "5.1.1", "no such user", "mx")), Optional.empty(), true)));
        assertThat(queue().nextAttempt()).isEmpty();
        assertThat(queue().due(T0.plus(Duration.ofDays(1)), 10)).extracting(QueueStore.Entry::id).containsExactly(id);

        queue().update(id, List.of(x.change(QueueStore.Status.FAILED, 1, Optional.empty(), Optional.of(T0),
                Optional.empty(), Optional.empty(), false)));
        assertThat(queue().due(T0.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void heldEntriesAreNeverDueUntilReleased() throws Exception {
        var id = queue().enqueue(entry("a", "x@r.example"));
        assertThat(queue().hold(id, true)).isTrue();
        assertThat(queue().due(T0, 10)).isEmpty();
        assertThat(queue().nextAttempt()).isEmpty();
        assertThat(queue().entry(id).orElseThrow().held()).isTrue();

        assertThat(queue().hold(id, false)).isTrue();
        assertThat(queue().due(T0, 10)).hasSize(1);
        assertThat(queue().hold(new QueueStore.EntryId(999_999), true)).isFalse();
    }

    @Test
    void retryMakesPendingRecipientsDueAndReleases() throws Exception {
        var a = queue().enqueue(entry("a", "x@r.example", "y@r.example"));
        var b = queue().enqueue(entry("b", "z@r.example"));
        var later = T0.plus(Duration.ofHours(1));
        for (var id : List.of(a, b)) {
            var updates = queue().entry(id).orElseThrow().recipients().stream().map(r -> r.change(
                    QueueStore.Status.DEFERRED, 1, Optional.of(later), Optional.of(T0), Optional.empty(),
                    r.notifyAt(), false)).toList();
            queue().update(id, updates);
        }
        queue().hold(b, true);

        assertThat(queue().retry(Optional.of(a), T0)).isEqualTo(2);
        assertThat(queue().due(T0, 10)).extracting(QueueStore.Entry::id).containsExactly(a);
        assertThat(queue().retry(Optional.empty(), T0)).isEqualTo(3);
        assertThat(queue().due(T0, 10)).extracting(QueueStore.Entry::id).containsExactly(a, b);
    }

    @Test
    void dueComesEarliestFirstSoThatOftenRetriedEntriesCannotCrowdOutOthers() throws Exception {
        var older = queue().enqueue(entry("old, retried often", "x@r.example"));
        var newer = queue().enqueue(entry("new", "y@r.example"));
        var x = queue().entry(older).orElseThrow().recipients().getFirst();
        queue().update(older, List.of(x.change(QueueStore.Status.DEFERRED, 3, Optional.of(T0.plusSeconds(1)),
                Optional.of(T0), Optional.empty(), x.notifyAt(), false)));

        assertThat(queue().due(T0.plusSeconds(5), 1)).extracting(QueueStore.Entry::id).containsExactly(newer);
        assertThat(queue().due(T0.plusSeconds(5), 10)).extracting(QueueStore.Entry::id).containsExactly(newer, older);
    }

    @Test
    void dueHonoursItsLimit() throws Exception {
        for (int i = 0; i < 5; i++) queue().enqueue(entry("m" + i, "x@r.example"));
        assertThat(queue().due(T0, 3)).hasSize(3);
    }

    @Test
    void anEntryWithManyRecipientsDueCountsOnceAgainstTheLimit() throws Exception {
        var many = queue().enqueue(entry("list", java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> "m" + i + "@d" + i + ".example").toArray(String[]::new)));
        var other = queue().enqueue(entry("other", "x@r.example"));

        var due = queue().due(T0, 2);
        assertThat(due).extracting(QueueStore.Entry::id).containsExactly(many, other);
        assertThat(due.getFirst().recipients()).hasSize(50);
    }

    @Test
    void skippedDomainsDoNotMakeAnEntryDueNorTakeAPlaceInTheLimit() throws Exception {
        for (int i = 0; i < 3; i++) queue().enqueue(entry("slow " + i, "r" + i + "@Slow.Example"));
        var lookalike = queue().enqueue(entry("lookalike", "x@slowxexample.org"));
        var both = queue().enqueue(entry("both", "y@slow.example", "z@fast.example"));
        var fast = queue().enqueue(entry("fast", "w@fast.example"));

        var skipping = Set.of("slow.example", "slow_example.org");
        assertThat(queue().due(T0, 3, skipping)).extracting(QueueStore.Entry::id)
                .as("the domain matched whole and without case; _ is no wildcard")
                .containsExactly(lookalike, both, fast);
        assertThat(queue().due(T0, 3, skipping).get(1).recipients()).as("an entry comes with all its recipients")
                .hasSize(2);
        assertThat(queue().due(T0, 10)).hasSize(6);
    }

    @Test
    void heldEntriesTakeNoPlaceInTheLimit() throws Exception {
        var held = new java.util.ArrayList<QueueStore.EntryId>();
        for (int i = 0; i < 3; i++) {
            held.add(queue().enqueue(entry("held " + i, "x@r.example")));
            queue().hold(held.getLast(), true);
        }
        var a = queue().enqueue(entry("a", "x@r.example"));
        var b = queue().enqueue(entry("b", "y@r.example"));

        assertThat(queue().due(T0, 2)).extracting(QueueStore.Entry::id).containsExactly(a, b);
    }

    @Test
    void deleteRemovesTheEntryAndUpdatingItThenFails() throws Exception {
        var id = queue().enqueue(entry("a", "x@r.example"));
        var x = queue().entry(id).orElseThrow().recipients().getFirst();
        assertThat(queue().delete(id)).isTrue();
        assertThat(queue().entry(id)).isEmpty();
        assertThat(queue().delete(id)).isFalse();
        assertThatThrownBy(() -> queue().update(id, List.of(x.change(QueueStore.Status.DELIVERED, 1,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false))))
                .isInstanceOf(StoreException.NotFound.class);
    }

    @Test
    void queuedBodiesSurviveTheSweepUntilTheEntryIsDeleted() throws Exception {
        var wanted = entry("kept while queued", "x@r.example");
        var id = queue().enqueue(wanted);
        var sweep = new BodySweep(mail, storage.blobs(), BodySweep.DEFAULT_GRACE,
                Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC));

        assertThat(mail.referencedBlobs()).contains(wanted.body());
        sweep.sweep();
        assertThat(storage.blobs().exists(wanted.body())).isTrue();

        queue().delete(id);
        sweep.sweep();
        assertThat(storage.blobs().exists(wanted.body())).isFalse();
    }
}
