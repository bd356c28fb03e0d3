package dev.tern.store;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.tern.store.StoreFixture.message;
import static dev.tern.store.StoreFixture.uids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link MailStore} backend must do with flags, COPY and MOVE, deliveries and quota. */
public abstract class FlagsCopyQuotaContract extends StoreContract {

    @Test
    void storeFlagsAddsRemovesAndReplaces() {
        var a = mail.append(inbox.id(), message(storage, "a"));
        var add = mail.storeFlags(inbox.id(), List.of(a.uid()), FlagOperation.ADD,
                Flags.of(Set.of(SystemFlag.SEEN), Set.of("work")), Optional.empty());
        assertThat(add.changed()).singleElement().satisfies(r -> {
            assertThat(r.flags()).isEqualTo(Flags.of(Set.of(SystemFlag.SEEN), Set.of("work")));
            assertThat(r.modSeq()).isGreaterThan(a.modSeq());
        });
        mail.storeFlags(inbox.id(), List.of(a.uid()), FlagOperation.REMOVE, Flags.of(SystemFlag.SEEN), Optional.empty());
        assertThat(flagsOf(a.uid())).isEqualTo(Flags.of(Set.of(), Set.of("work")));
        mail.storeFlags(inbox.id(), List.of(a.uid()), FlagOperation.REPLACE, Flags.of(SystemFlag.ANSWERED), Optional.empty());
        assertThat(flagsOf(a.uid())).isEqualTo(Flags.of(SystemFlag.ANSWERED));
    }

    @Test
    void storeFlagsPublishesChangesAndKeepsModSeqOfUnchangedMessages() {
        var a = mail.append(inbox.id(), message(storage, "a", Flags.of(SystemFlag.SEEN)));
        var b = mail.append(inbox.id(), message(storage, "b"));
        var seen = new ConcurrentLinkedQueue<MailboxChange>();
        mail.addChangeListener(seen::add);
        var update = mail.storeFlags(inbox.id(), List.of(a.uid(), b.uid(), Uid.of(99)), FlagOperation.ADD,
                Flags.of(SystemFlag.SEEN), Optional.empty());
        assertThat(update.changed()).extracting(MessageRecord::uid).containsExactly(b.uid());
        var modSeq = update.changed().getFirst().modSeq();
        assertThat(seen).containsExactly(new MailboxChange.FlagsChanged(alice.id(), inbox.id(), b.uid(), modSeq,
                Flags.of(SystemFlag.SEEN)));
        assertThat(mail.messages(inbox.id(), UidRange.of(a.uid())).getFirst().modSeq()).isEqualTo(a.modSeq());
        assertThat(box("INBOX").highestModSeq()).isEqualTo(modSeq);

        var nothing = mail.storeFlags(inbox.id(), List.of(a.uid()), FlagOperation.ADD, Flags.of(SystemFlag.SEEN),
                Optional.empty());
        assertThat(nothing.changed()).isEmpty();
        assertThat(box("INBOX").highestModSeq()).isEqualTo(modSeq);
    }

    @Test
    void unchangedSinceLeavesNewerMessagesAlone() {
        var a = mail.append(inbox.id(), message(storage, "a"));
        var b = mail.append(inbox.id(), message(storage, "b"));
        // RFC 7162 §3.1.3: b's MODSEQ is above a's, so with UNCHANGEDSINCE a's only a is stored.
        var update = mail.storeFlags(inbox.id(), List.of(a.uid(), b.uid()), FlagOperation.ADD,
                Flags.of(SystemFlag.FLAGGED), Optional.of(a.modSeq()));
        assertThat(update.changed()).extracting(MessageRecord::uid).containsExactly(a.uid());
        assertThat(update.notModified()).containsExactly(b.uid());
        assertThat(flagsOf(b.uid())).isEqualTo(Flags.NONE);
    }

    @Test
    void copyKeepsFlagsAndDatesAndReportsUidPairs() {
        var archive = box("Archive");
        mail.append(archive.id(), message(storage, "occupies uid 1 of Archive"));
        var a = message(storage, "a", Flags.of(Set.of(SystemFlag.SEEN), Set.of("kw")));
        mail.append(inbox.id(), a);
        mail.append(inbox.id(), message(storage, "b"));
        mail.append(inbox.id(), message(storage, "c"));
        var seen = new ConcurrentLinkedQueue<MailboxChange>();
        mail.addChangeListener(seen::add);

        var result = mail.copy(inbox.id(), uids(3, 1, 42), archive.id());

        assertThat(result.targetUidValidity()).isEqualTo(archive.uidValidity());
        assertThat(result.sourceUids()).containsExactly(Uid.of(1), Uid.of(3));
        assertThat(result.targetUids()).containsExactly(Uid.of(2), Uid.of(3));
        var copied = mail.messages(archive.id(), new UidRange(2, 2)).getFirst();
        assertThat(copied.flags()).isEqualTo(a.flags());
        assertThat(copied.internalDate()).isEqualTo(a.internalDate());
        assertThat(copied.blob()).isEqualTo(a.blob());
        assertThat(mail.status(inbox.id()).messages()).isEqualTo(3);
        assertThat(seen).hasSize(2).allMatch(c -> c instanceof MailboxChange.MessageAdded m && m.mailbox().equals(archive.id()));
        assertThat(usedBytes()).isEqualTo(mail.status(inbox.id()).size() + mail.status(archive.id()).size());
    }

    @Test
    void copyIntoTheSameMailboxAddsNewUids() {
        mail.append(inbox.id(), message(storage, "again"));
        var result = mail.copy(inbox.id(), uids(1), inbox.id());
        assertThat(result.targetUids()).containsExactly(Uid.of(2));
        assertThat(mail.status(inbox.id()).messages()).isEqualTo(2);
        assertThat(box("INBOX").uidNext()).isEqualTo(3);
    }

    @Test
    void copyOfNothingChangesNothing() {
        var archive = box("Archive");
        var result = mail.copy(inbox.id(), uids(5), archive.id());
        assertThat(result.sourceUids()).isEmpty();
        assertThat(box("Archive").highestModSeq()).isEqualTo(archive.highestModSeq());
    }

    @Test
    void moveExpungesTheOriginalsInTheSameTransaction() {
        var trash = box("Trash");
        var m1 = message(storage, "1");
        mail.append(inbox.id(), m1);
        mail.append(inbox.id(), message(storage, "2"));
        var before = box("INBOX").highestModSeq();
        long used = usedBytes();
        var seen = new ConcurrentLinkedQueue<MailboxChange>();
        mail.addChangeListener(seen::add);

        var result = mail.move(inbox.id(), uids(1), trash.id());

        assertThat(result.sourceUids()).containsExactly(Uid.of(1));
        assertThat(result.targetUids()).containsExactly(Uid.of(1));
        assertThat(mail.messages(inbox.id(), UidRange.ALL)).extracting(MessageRecord::uid).containsExactly(Uid.of(2));
        assertThat(mail.messages(trash.id(), UidRange.ALL)).extracting(MessageRecord::blob).containsExactly(m1.blob());
        assertThat(mail.expungedSince(inbox.id(), before)).containsExactly(Uid.of(1));
        assertThat(usedBytes()).isEqualTo(used);
        assertThat(seen).hasSize(2);
        assertThat(seen).anyMatch(c -> c instanceof MailboxChange.MessagesExpunged e && e.uids().equals(uids(1)));
    }

    @Test
    void appendOverQuotaThrowsAndChangesNothing() {
        var m = message(storage, "fits");
        storage.directory().setQuota(alice.id(), m.size() + 5);
        mail.append(inbox.id(), m);
        var before = box("INBOX");
        assertThatThrownBy(() -> mail.append(inbox.id(), message(storage, "does not fit")))
                .isInstanceOf(StoreException.OverQuota.class);
        assertThat(box("INBOX")).isEqualTo(before);
        assertThat(usedBytes()).isEqualTo(m.size());
        assertThat(mail.status(inbox.id()).messages()).isEqualTo(1);
    }

    @Test
    void copyOverQuotaThrowsAndChangesNothing() {
        var m = message(storage, "twice is too much");
        mail.append(inbox.id(), m);
        storage.directory().setQuota(alice.id(), m.size() + 1);
        assertThatThrownBy(() -> mail.copy(inbox.id(), uids(1), box("Archive").id()))
                .isInstanceOf(StoreException.OverQuota.class);
        assertThat(mail.status(box("Archive").id()).messages()).isZero();
        // A move within the account does not grow it, so it is allowed at the limit.
        assertThat(mail.move(inbox.id(), uids(1), box("Archive").id()).targetUids()).hasSize(1);
    }

    @Test
    void expungeReleasesQuota() {
        var m = message(storage, "bytes", Flags.of(SystemFlag.DELETED));
        mail.append(inbox.id(), m);
        assertThat(usedBytes()).isEqualTo(m.size());
        mail.expunge(inbox.id(), Optional.empty());
        assertThat(usedBytes()).isZero();
    }

    @Test
    void deliverFilesIntoEveryMailboxOrNone() {
        var bob = StoreFixture.account(storage, "bob@example.org", 0);
        var bobInbox = mail.mailbox(bob.id(), "INBOX").orElseThrow();
        var m = message(storage, "to both");
        var results = mail.deliver(new Delivery(List.of(new Delivery.Target(inbox.id(), m),
                new Delivery.Target(bobInbox.id(), m))));
        assertThat(results).extracting(AppendResult::mailbox).containsExactly(inbox.id(), bobInbox.id());
        assertThat(storage.directory().account(bob.id()).orElseThrow().usedBytes()).isEqualTo(m.size());

        storage.directory().setQuota(bob.id(), m.size() + 1);
        var again = message(storage, "only if both fit");
        assertThatThrownBy(() -> mail.deliver(new Delivery(List.of(new Delivery.Target(inbox.id(), again),
                new Delivery.Target(bobInbox.id(), again))))).isInstanceOf(StoreException.OverQuota.class);
        assertThat(mail.status(inbox.id()).messages()).isEqualTo(1);
        assertThat(usedBytes()).isEqualTo(m.size());
    }

    @Test
    void deliverFilesSeveralBodiesIntoOneMailboxWithConsecutiveUidsOrNone() {
        var first = message(storage, "first");
        var second = message(storage, "second", Flags.of(SystemFlag.SEEN));
        var results = mail.deliver(new Delivery(List.of(new Delivery.Target(inbox.id(), first),
                new Delivery.Target(inbox.id(), second))));
        assertThat(results).extracting(r -> r.uid().value()).containsExactly(1L, 2L);
        assertThat(mail.messages(inbox.id(), UidRange.ALL)).extracting(MessageRecord::blob, MessageRecord::flags)
                .containsExactly(org.assertj.core.api.Assertions.tuple(first.blob(), Flags.NONE),
                        org.assertj.core.api.Assertions.tuple(second.blob(), Flags.of(SystemFlag.SEEN)));

        storage.directory().setQuota(alice.id(), usedBytes() + first.size() + 1);
        assertThatThrownBy(() -> mail.deliver(new Delivery(List.of(new Delivery.Target(inbox.id(), first),
                new Delivery.Target(inbox.id(), second))))).isInstanceOf(StoreException.OverQuota.class);
        assertThat(mail.status(inbox.id()).messages()).isEqualTo(2);
        assertThat(box("INBOX").uidNext()).isEqualTo(3);
    }

    @Test
    void aFailedOperationDoesNotDisturbOthers() throws Exception {
        storage.directory().setQuota(alice.id(), 1);
        var bob = StoreFixture.account(storage, "bob@example.org", 0);
        var bobInbox = mail.mailbox(bob.id(), "INBOX").orElseThrow();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var failures = new java.util.concurrent.atomic.AtomicInteger();
            var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    try {
                        mail.append(n % 2 == 0 ? inbox.id() : bobInbox.id(), message(storage, "m" + n));
                    } catch (StoreException.OverQuota e) {
                        failures.incrementAndGet();
                    }
                }));
            }
            for (var f : futures) f.get();
            assertThat(failures).hasValue(20);
        }
        assertThat(mail.status(bobInbox.id()).messages()).isEqualTo(20);
        assertThat(mail.status(inbox.id()).messages()).isZero();
    }

    @Test
    void statusAgreesWithTheMessagesAfterEveryKindOfChange() {
        var archive = box("Archive");
        mail.append(inbox.id(), message(storage, "seen", Flags.of(SystemFlag.SEEN)));
        mail.append(inbox.id(), message(storage, "deleted", Flags.of(SystemFlag.DELETED)));
        for (int i = 0; i < 4; i++) mail.append(inbox.id(), message(storage, "plain " + i));
        assertStatusMatchesMessages(inbox.id());
        mail.storeFlags(inbox.id(), uids(1, 3, 4), FlagOperation.ADD, Flags.of(SystemFlag.SEEN), Optional.empty());
        mail.storeFlags(inbox.id(), uids(1, 5), FlagOperation.REPLACE, Flags.of(SystemFlag.DELETED), Optional.empty());
        assertStatusMatchesMessages(inbox.id());
        mail.copy(inbox.id(), uids(1, 2, 3), archive.id());
        mail.move(inbox.id(), uids(4, 6), archive.id());
        assertStatusMatchesMessages(inbox.id());
        assertStatusMatchesMessages(archive.id());
        mail.expunge(inbox.id(), Optional.empty());
        mail.expunge(archive.id(), Optional.of(uids(1)));
        assertStatusMatchesMessages(inbox.id());
        assertStatusMatchesMessages(archive.id());
    }

    private void assertStatusMatchesMessages(MailboxId id) {
        var all = mail.messages(id, UidRange.ALL);
        var status = mail.status(id);
        assertThat(status.messages()).isEqualTo(all.size());
        assertThat(status.unseen()).isEqualTo(all.stream().filter(m -> !m.flags().has(SystemFlag.SEEN)).count());
        assertThat(status.deleted()).isEqualTo(all.stream().filter(m -> m.flags().has(SystemFlag.DELETED)).count());
        assertThat(status.size()).isEqualTo(all.stream().mapToLong(MessageRecord::size).sum());
    }

    private Flags flagsOf(Uid uid) {
        return mail.messages(inbox.id(), UidRange.of(uid)).getFirst().flags();
    }

    private long usedBytes() {
        return storage.directory().account(alice.id()).orElseThrow().usedBytes();
    }
}
