package dev.tern.store;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.tern.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link MailStore} backend must do with mailboxes: create, rename, delete, subscribe. */
public abstract class MailboxContract extends StoreContract {

    @Test
    void newAccountHasTheStandardMailboxesWithSpecialUse() {
        assertThat(mail.mailboxes(alice.id()).stream().map(MailboxInfo::name))
                .containsExactlyInAnyOrder("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
        assertThat(box("Sent").specialUse()).containsExactly(SpecialUse.SENT);
        assertThat(box("Trash").specialUse()).containsExactly(SpecialUse.TRASH);
        assertThat(inbox.specialUse()).isEmpty();
        assertThat(inbox.uidNext()).isEqualTo(1);
        assertThat(mail.subscriptions(alice.id())).contains("INBOX", "Sent", "Archive");
    }

    @Test
    void mailboxesHaveDistinctUidValidities() {
        assertThat(mail.mailboxes(alice.id()).stream().map(MailboxInfo::uidValidity)).doesNotHaveDuplicates();
    }

    @Test
    void createMailboxPublishesAndRejectsDuplicates() {
        var seen = new ConcurrentLinkedQueue<MailboxChange>();
        mail.addChangeListener(seen::add);
        var created = mail.createMailbox(alice.id(), "Lists/tern", Set.of(SpecialUse.FLAGGED));
        assertThat(created.name()).isEqualTo("Lists/tern");
        assertThat(created.specialUse()).containsExactly(SpecialUse.FLAGGED);
        assertThat(mail.mailbox(created.id())).contains(created);
        assertThat(mail.mailbox(alice.id(), "Lists/tern")).contains(created);
        assertThat(seen).containsExactly(new MailboxChange.MailboxCreated(alice.id(), created.id(), "Lists/tern"));
        assertThatThrownBy(() -> mail.createMailbox(alice.id(), "Lists/tern", Set.of()))
                .isInstanceOf(StoreException.AlreadyExists.class);
    }

    @Test
    void inboxIsFoundCaseInsensitively() {
        assertThat(mail.mailbox(alice.id(), "inbox")).contains(inbox);
        assertThatThrownBy(() -> mail.createMailbox(alice.id(), "Inbox", Set.of()))
                .isInstanceOf(StoreException.AlreadyExists.class);
    }

    @Test
    void recreatedMailboxGetsAFreshUidValidity() {
        var first = mail.createMailbox(alice.id(), "Projects", Set.of());
        mail.deleteMailbox(alice.id(), "Projects");
        var second = mail.createMailbox(alice.id(), "Projects", Set.of());
        assertThat(second.uidValidity()).isNotEqualTo(first.uidValidity());
        assertThat(second.id()).isNotEqualTo(first.id());
    }

    @Test
    void renameMovesChildrenAndKeepsMessagesAndUidValidity() {
        var parent = mail.createMailbox(alice.id(), "Work", Set.of());
        var child = mail.createMailbox(alice.id(), "Work/2026", Set.of());
        var grandchild = mail.createMailbox(alice.id(), "Work/2026/Q1", Set.of());
        var unrelated = mail.createMailbox(alice.id(), "Workshop", Set.of());
        var added = mail.append(child.id(), message(storage, "kept"));
        var seen = new ConcurrentLinkedQueue<MailboxChange>();
        mail.addChangeListener(seen::add);

        mail.renameMailbox(alice.id(), "Work", "Jobs/Old");

        assertThat(mail.mailbox(parent.id()).orElseThrow().name()).isEqualTo("Jobs/Old");
        var movedChild = mail.mailbox(child.id()).orElseThrow();
        assertThat(movedChild.name()).isEqualTo("Jobs/Old/2026");
        assertThat(movedChild.uidValidity()).isEqualTo(child.uidValidity());
        assertThat(mail.mailbox(grandchild.id()).orElseThrow().name()).isEqualTo("Jobs/Old/2026/Q1");
        assertThat(mail.mailbox(unrelated.id()).orElseThrow().name()).isEqualTo("Workshop");
        assertThat(mail.messages(child.id(), UidRange.ALL)).extracting(MessageRecord::uid).containsExactly(added.uid());
        assertThat(mail.mailbox(alice.id(), "Work")).isEmpty();
        assertThat(seen).hasSize(3).allMatch(c -> c instanceof MailboxChange.MailboxRenamed);
        assertThat(seen).contains(new MailboxChange.MailboxRenamed(alice.id(), child.id(), "Work/2026", "Jobs/Old/2026"));
    }

    @Test
    void renameRefusesExistingTargetsMissingSourcesAndInbox() {
        mail.createMailbox(alice.id(), "A", Set.of());
        mail.createMailbox(alice.id(), "A/x", Set.of());
        mail.createMailbox(alice.id(), "B/x", Set.of());
        assertThatThrownBy(() -> mail.renameMailbox(alice.id(), "A", "Sent"))
                .isInstanceOf(StoreException.AlreadyExists.class);
        // The child's new name B/x is taken: nothing is renamed.
        assertThatThrownBy(() -> mail.renameMailbox(alice.id(), "A", "B"))
                .isInstanceOf(StoreException.AlreadyExists.class);
        assertThat(mail.mailbox(alice.id(), "A")).isPresent();
        assertThat(mail.mailbox(alice.id(), "A/x")).isPresent();
        assertThatThrownBy(() -> mail.renameMailbox(alice.id(), "Nope", "C"))
                .isInstanceOf(StoreException.NotFound.class);
        assertThatThrownBy(() -> mail.renameMailbox(alice.id(), "INBOX", "Old"))
                .isInstanceOf(StoreException.NotAllowed.class);
    }

    @Test
    void deleteRemovesMessagesButNotChildrenAndLowersQuotaUse() {
        var parent = mail.createMailbox(alice.id(), "Old", Set.of());
        var child = mail.createMailbox(alice.id(), "Old/kid", Set.of());
        var m = message(storage, "in old");
        mail.append(parent.id(), m);
        var kidMessage = message(storage, "in kid");
        mail.append(child.id(), kidMessage);
        assertThat(usedBytes()).isEqualTo(m.size() + kidMessage.size());
        var seen = new ConcurrentLinkedQueue<MailboxChange>();
        mail.addChangeListener(seen::add);

        mail.deleteMailbox(alice.id(), "Old");

        assertThat(mail.mailbox(parent.id())).isEmpty();
        assertThat(mail.mailbox(child.id())).isPresent();
        assertThat(usedBytes()).isEqualTo(kidMessage.size());
        assertThat(mail.referencedBlobs()).containsExactly(kidMessage.blob());
        assertThat(seen).containsExactly(new MailboxChange.MailboxDeleted(alice.id(), parent.id(), "Old"));
    }

    @Test
    void deleteRefusesInboxAndMissingMailboxes() {
        assertThatThrownBy(() -> mail.deleteMailbox(alice.id(), "INBOX")).isInstanceOf(StoreException.NotAllowed.class);
        assertThatThrownBy(() -> mail.deleteMailbox(alice.id(), "Nope")).isInstanceOf(StoreException.NotFound.class);
    }

    @Test
    void setSpecialUseReplacesTheAttributes() {
        var archive = box("Archive");
        mail.setSpecialUse(archive.id(), Set.of(SpecialUse.ALL, SpecialUse.ARCHIVE));
        assertThat(mail.mailbox(archive.id()).orElseThrow().specialUse())
                .containsExactlyInAnyOrder(SpecialUse.ALL, SpecialUse.ARCHIVE);
        mail.setSpecialUse(archive.id(), Set.of());
        assertThat(mail.mailbox(archive.id()).orElseThrow().specialUse()).isEmpty();
    }

    @Test
    void subscriptionsNeedNoMailboxAndAreIdempotent() {
        mail.setSubscribed(alice.id(), "Not/There", true);
        mail.setSubscribed(alice.id(), "Not/There", true);
        assertThat(mail.subscriptions(alice.id())).contains("Not/There");
        mail.setSubscribed(alice.id(), "Not/There", false);
        mail.setSubscribed(alice.id(), "Sent", false);
        assertThat(mail.subscriptions(alice.id())).doesNotContain("Not/There", "Sent").contains("INBOX");
    }

    @Test
    void mailboxesOfOneAccountAreNotSeenByAnother() {
        var bob = StoreFixture.account(storage, "bob@example.org", 0);
        mail.createMailbox(alice.id(), "Private", Set.of());
        assertThat(mail.mailbox(bob.id(), "Private")).isEmpty();
        assertThat(mail.mailboxes(bob.id())).noneMatch(b -> b.name().equals("Private"));
        assertThat(mail.mailboxes(bob.id())).allMatch(b -> b.account().equals(bob.id()));
    }

    @Test
    void missingMailboxReadsAreEmpty() {
        assertThat(mail.mailbox(new MailboxId(424_242))).isEmpty();
        assertThat(mail.mailbox(alice.id(), "Nope")).isEqualTo(Optional.empty());
    }

    protected long usedBytes() {
        return storage.directory().account(alice.id()).orElseThrow().usedBytes();
    }
}
