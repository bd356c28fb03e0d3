package dev.tern.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.tern.store.StoreFixture.message;
import static dev.tern.store.StoreFixture.uids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link MailStore} backend must do with messages: append, read, expunge, structures, events. */
public abstract class MailStoreContract extends StoreContract {

    @Test
    void appendAssignsAscendingUidsAndModSeqs() {
        var first = mail.append(inbox.id(), message(storage, "one"));
        var second = mail.append(inbox.id(), message(storage, "two"));
        assertThat(first.uid()).isEqualTo(Uid.of(1));
        assertThat(second.uid()).isEqualTo(Uid.of(2));
        assertThat(second.modSeq()).isGreaterThan(first.modSeq());
        assertThat(first.uidValidity()).isEqualTo(inbox.uidValidity());
        var now = mail.mailbox(inbox.id()).orElseThrow();
        assertThat(now.uidNext()).isEqualTo(3);
        assertThat(now.highestModSeq()).isEqualTo(second.modSeq());
    }

    @Test
    void appendedMessageReadsBackWithFlagsKeywordsAndDate() {
        var flags = Flags.of(Set.of(SystemFlag.SEEN, SystemFlag.FLAGGED), Set.of("$Forwarded", "work"));
        var sent = message(storage, "hello", flags);
        var result = mail.append(inbox.id(), sent);
        var records = mail.messages(inbox.id(), UidRange.ALL);
        assertThat(records).containsExactly(new MessageRecord(inbox.id(), result.uid(), result.modSeq(), flags,
                sent.internalDate(), sent.size(), sent.blob()));
    }

    @Test
    void appendToMissingMailboxThrowsNotFound() {
        assertThatThrownBy(() -> mail.append(new MailboxId(999_999), message(storage, "x")))
                .isInstanceOf(StoreException.NotFound.class);
    }

    @Test
    void changesArePublishedAfterCommit() {
        var seen = new ConcurrentLinkedQueue<MailboxChange>();
        var visibleWhenPublished = new ConcurrentLinkedQueue<Boolean>();
        mail.addChangeListener(change -> {
            seen.add(change);
            // A listener reading back must find the change committed already.
            if (change instanceof MailboxChange.MessageAdded added) {
                visibleWhenPublished.add(!mail.messages(added.mailbox(), UidRange.of(added.uid())).isEmpty());
            }
        });
        var result = mail.append(inbox.id(), message(storage, "event"));
        assertThat(seen).containsExactly(new MailboxChange.MessageAdded(alice.id(), inbox.id(), result.uid(),
                result.modSeq(), Flags.NONE, mail.messages(inbox.id(), UidRange.ALL).getFirst().size()));
        assertThat(visibleWhenPublished).containsExactly(true);
    }

    @Test
    void failedOperationPublishesNothing() {
        var seen = new ConcurrentLinkedQueue<MailboxChange>();
        mail.addChangeListener(seen::add);
        storage.directory().setQuota(alice.id(), 10);
        assertThatThrownBy(() -> mail.append(inbox.id(), message(storage, "too big for ten bytes")))
                .isInstanceOf(StoreException.OverQuota.class);
        assertThat(seen).isEmpty();
    }

    @Test
    void modSeqStrictlyIncreasesAcrossOperations() {
        var seqs = new ArrayList<Long>();
        seqs.add(mail.mailbox(inbox.id()).orElseThrow().highestModSeq().value());
        var a = mail.append(inbox.id(), message(storage, "a"));
        seqs.add(a.modSeq().value());
        var flagged = mail.storeFlags(inbox.id(), List.of(a.uid()), FlagOperation.ADD, Flags.of(SystemFlag.DELETED),
                Optional.empty());
        seqs.add(flagged.changed().getFirst().modSeq().value());
        mail.expunge(inbox.id(), Optional.empty());
        seqs.add(mail.mailbox(inbox.id()).orElseThrow().highestModSeq().value());
        seqs.add(mail.append(inbox.id(), message(storage, "b")).modSeq().value());
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void concurrentAppendsGetUniqueUids() throws Exception {
        int threads = 8, each = 40;
        var results = new ConcurrentLinkedQueue<AppendResult>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) results.add(mail.append(inbox.id(), message(storage, thread + "-" + i)));
                }));
            }
            for (var f : futures) f.get();
        }
        var uids = results.stream().map(AppendResult::uid).toList();
        assertThat(uids).hasSize(threads * each).doesNotHaveDuplicates();
        assertThat(results.stream().map(AppendResult::modSeq).toList()).doesNotHaveDuplicates();
        assertThat(mail.status(inbox.id()).messages()).isEqualTo(threads * each);
        assertThat(mail.mailbox(inbox.id()).orElseThrow().uidNext()).isEqualTo(threads * each + 1);
    }

    @Test
    void statusCountsMessagesUnseenDeletedAndSize() {
        var a = message(storage, "a", Flags.of(SystemFlag.SEEN));
        var b = message(storage, "bb", Flags.of(SystemFlag.DELETED));
        var c = message(storage, "ccc");
        for (var m : List.of(a, b, c)) mail.append(inbox.id(), m);
        var status = mail.status(inbox.id());
        assertThat(status.messages()).isEqualTo(3);
        assertThat(status.unseen()).isEqualTo(2);
        assertThat(status.deleted()).isEqualTo(1);
        assertThat(status.size()).isEqualTo(a.size() + b.size() + c.size());
        assertThat(status.mailbox().id()).isEqualTo(inbox.id());
        assertThat(mail.deletedSize(inbox.id())).as("what EXPUNGE would free").isEqualTo(b.size());
    }

    @Test
    void statusOfEmptyMailboxIsZero() {
        var status = mail.status(inbox.id());
        assertThat(List.of(status.messages(), status.unseen(), status.deleted(), status.size(),
                mail.deletedSize(inbox.id()))).containsOnly(0L);
    }

    @Test
    void messagesListsOnlyTheRangeAscending() {
        for (int i = 0; i < 5; i++) mail.append(inbox.id(), message(storage, "m" + i));
        assertThat(mail.messages(inbox.id(), new UidRange(2, 4)).stream().map(MessageRecord::uid))
                .containsExactly(Uid.of(2), Uid.of(3), Uid.of(4));
        assertThat(mail.messages(inbox.id(), new UidRange(6, UidRange.MAX))).isEmpty();
    }

    @Test
    void uidsListsEveryMessageOfTheMailboxAscending() {
        assertThat(mail.uids(inbox.id())).isEmpty();
        for (int i = 1; i <= 1500; i++) {
            mail.append(inbox.id(), message(storage, "m" + i,
                    i == 2 || i == 1500 ? Flags.of(SystemFlag.DELETED) : Flags.NONE));
        }
        mail.append(box("Sent").id(), message(storage, "elsewhere"));
        mail.expunge(inbox.id(), Optional.empty());
        var uids = mail.uids(inbox.id());
        assertThat(uids).hasSize(1498).startsWith(1, 3, 4).endsWith(1499);
        assertThat(uids).isSorted();
    }

    @Test
    void structureIsKeptOncePerBodyAndReturnedPerUid() {
        var m = message(storage, "shared");
        var sent = box("Sent");
        mail.append(inbox.id(), m);
        mail.append(inbox.id(), m);
        mail.append(sent.id(), m);
        var structures = mail.structures(inbox.id(), UidRange.ALL);
        assertThat(structures.keySet()).containsExactly(Uid.of(1), Uid.of(2));
        assertThat(structures.get(Uid.of(2))).isEqualTo(m.structure());
        assertThat(mail.structures(inbox.id(), new UidRange(2, 2)).keySet()).containsExactly(Uid.of(2));
    }

    @Test
    void structureSurvivesWhileAnotherMessageSharesTheBody() {
        var m = message(storage, "shared");
        var sent = box("Sent");
        mail.append(inbox.id(), message(storage, "shared", Flags.of(SystemFlag.DELETED)));
        mail.append(sent.id(), m);
        mail.expunge(inbox.id(), Optional.empty());
        assertThat(mail.structures(sent.id(), UidRange.ALL)).containsOnlyKeys(Uid.of(1));
    }

    @Test
    void referencedBlobsCoverMessagesAndDropExpungedOnes() {
        var kept = message(storage, "kept");
        var gone = message(storage, "gone", Flags.of(SystemFlag.DELETED));
        mail.append(inbox.id(), kept);
        mail.append(inbox.id(), gone);
        assertThat(mail.referencedBlobs()).containsExactlyInAnyOrder(kept.blob(), gone.blob());
        mail.expunge(inbox.id(), Optional.empty());
        assertThat(mail.referencedBlobs()).containsExactly(kept.blob());
    }

    @Test
    void expungeRemovesDeletedMessagesAndRemembersThem() {
        var before = mail.mailbox(inbox.id()).orElseThrow().highestModSeq();
        mail.append(inbox.id(), message(storage, "1", Flags.of(SystemFlag.DELETED)));
        mail.append(inbox.id(), message(storage, "2"));
        mail.append(inbox.id(), message(storage, "3", Flags.of(SystemFlag.DELETED)));
        var afterAppends = mail.mailbox(inbox.id()).orElseThrow().highestModSeq();
        var seen = new ConcurrentLinkedQueue<MailboxChange>();
        mail.addChangeListener(seen::add);
        assertThat(mail.expunge(inbox.id(), Optional.empty())).containsExactly(Uid.of(1), Uid.of(3));
        var modSeq = mail.mailbox(inbox.id()).orElseThrow().highestModSeq();
        assertThat(modSeq).isGreaterThan(afterAppends);
        assertThat(seen).containsExactly(new MailboxChange.MessagesExpunged(alice.id(), inbox.id(), uids(1, 3), modSeq));
        assertThat(mail.messages(inbox.id(), UidRange.ALL).stream().map(MessageRecord::uid)).containsExactly(Uid.of(2));
        assertThat(mail.expungedSince(inbox.id(), before)).containsExactly(Uid.of(1), Uid.of(3));
        assertThat(mail.expungedSince(inbox.id(), modSeq)).isEmpty();
        assertThat(mail.expunge(inbox.id(), Optional.empty())).isEmpty();
        assertThat(mail.mailbox(inbox.id()).orElseThrow().highestModSeq()).isEqualTo(modSeq);
    }

    @Test
    void uidExpungeRemovesOnlyTheGivenDeletedMessages() {
        for (int i = 1; i <= 4; i++) mail.append(inbox.id(), message(storage, "d" + i, Flags.of(SystemFlag.DELETED)));
        mail.append(inbox.id(), message(storage, "not deleted"));
        assertThat(mail.expunge(inbox.id(), Optional.of(uids(4, 2, 5, 77)))).containsExactly(Uid.of(2), Uid.of(4));
        assertThat(mail.messages(inbox.id(), UidRange.ALL).stream().map(MessageRecord::uid))
                .containsExactly(Uid.of(1), Uid.of(3), Uid.of(5));
    }

    @Test
    void expungedSinceReportsOnlyLaterExpunges() {
        for (int i = 0; i < 3; i++) mail.append(inbox.id(), message(storage, "e" + i, Flags.of(SystemFlag.DELETED)));
        mail.expunge(inbox.id(), Optional.of(uids(1)));
        var between = mail.mailbox(inbox.id()).orElseThrow().highestModSeq();
        mail.expunge(inbox.id(), Optional.of(uids(3)));
        assertThat(mail.expungedSince(inbox.id(), between)).containsExactly(Uid.of(3));
        assertThat(mail.expungedSince(inbox.id(), ModSeq.ZERO)).containsExactly(Uid.of(1), Uid.of(3));
    }

    @Test
    void uidsAreNotReusedAfterExpunge() {
        mail.append(inbox.id(), message(storage, "x", Flags.of(SystemFlag.DELETED)));
        mail.expunge(inbox.id(), Optional.empty());
        assertThat(mail.append(inbox.id(), message(storage, "y")).uid()).isEqualTo(Uid.of(2));
    }

    @Test
    void randomOperationsKeepModSeqsUidsAndCountersConsistent() {
        var random = new java.util.Random(20261126);
        var boxes = List.of(inbox.id(), box("Archive").id(), box("Trash").id());
        var lastHighest = new java.util.HashMap<MailboxId, Long>();
        for (var b : boxes) {
            lastHighest.put(b, mail.mailbox(b).orElseThrow().highestModSeq().value());
        }
        for (int step = 0; step < 120; step++) {
            var box = boxes.get(random.nextInt(boxes.size()));
            var other = boxes.get(random.nextInt(boxes.size()));
            var present = mail.messages(box, UidRange.ALL).stream().map(MessageRecord::uid).toList();
            var some = present.stream().filter(u -> random.nextBoolean()).toList();
            switch (random.nextInt(6)) {
                case 0, 1 -> mail.append(box, message(storage, "step " + step,
                        random.nextBoolean() ? Flags.of(SystemFlag.SEEN) : Flags.NONE));
                case 2 -> mail.storeFlags(box, some, FlagOperation.values()[random.nextInt(3)],
                        Flags.of(List.of(SystemFlag.values()[random.nextInt(5)]), List.of("k" + random.nextInt(3))),
                        Optional.empty());
                case 3 -> mail.expunge(box, random.nextBoolean() ? Optional.empty() : Optional.of(some));
                case 4 -> mail.copy(box, some, other);
                default -> {
                    if (!box.equals(other)) mail.move(box, some, other);
                }
            }
            for (var b : boxes) {
                var info = mail.mailbox(b).orElseThrow();
                var records = mail.messages(b, UidRange.ALL);
                assertThat(info.highestModSeq().value()).isGreaterThanOrEqualTo(lastHighest.get(b));
                lastHighest.put(b, info.highestModSeq().value());
                assertThat(records).allMatch(m -> m.modSeq().compareTo(info.highestModSeq()) <= 0
                        && m.uid().value() < info.uidNext());
                var status = mail.status(b);
                assertThat(status.messages()).isEqualTo(records.size());
                assertThat(status.unseen()).isEqualTo(records.stream().filter(m -> !m.flags().has(SystemFlag.SEEN)).count());
                assertThat(status.deleted()).isEqualTo(records.stream().filter(m -> m.flags().has(SystemFlag.DELETED)).count());
                assertThat(status.size()).isEqualTo(records.stream().mapToLong(MessageRecord::size).sum());
                // An expunged UID never comes back (RFC 9051 §2.3.1.1).
                var expunged = mail.expungedSince(b, ModSeq.ZERO);
                assertThat(records).noneMatch(m -> expunged.contains(m.uid()));
            }
        }
        long used = boxes.stream().mapToLong(b -> mail.status(b).size()).sum();
        assertThat(storage.directory().account(alice.id()).orElseThrow().usedBytes()).isEqualTo(used);
    }
}
