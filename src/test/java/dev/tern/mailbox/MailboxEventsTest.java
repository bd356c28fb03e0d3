package dev.tern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.store.AccountId;
import dev.tern.store.Flags;
import dev.tern.store.MailboxChange;
import dev.tern.store.MailboxId;
import dev.tern.store.ModSeq;
import dev.tern.store.Uid;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MailboxEventsTest {
    private static final AccountId ACCOUNT = new AccountId(1);
    private static final MailboxId INBOX = new MailboxId(10);
    private static final MailboxId SENT = new MailboxId(11);

    private static MailboxChange added(MailboxId mailbox, long uid) {
        return new MailboxChange.MessageAdded(ACCOUNT, mailbox, Uid.of(uid), new ModSeq(uid), Flags.NONE, 100);
    }

    @Test
    void changeReachesSubscribersOfItsMailboxOnly() {
        var events = new MailboxEvents(16);
        try (var inbox = events.subscribe(INBOX); var sent = events.subscribe(SENT);
             var account = events.subscribeAccount(ACCOUNT)) {
            events.accept(added(INBOX, 1));
            assertThat(inbox.poll().changes()).containsExactly(added(INBOX, 1));
            assertThat(sent.poll().isEmpty()).isTrue();
            assertThat(account.poll().isEmpty()).as("message changes are not account-list changes").isTrue();
        }
    }

    @Test
    void accountSubscribersSeeMailboxListChanges() {
        var events = new MailboxEvents(16);
        try (var account = events.subscribeAccount(ACCOUNT); var other = events.subscribeAccount(new AccountId(2));
             var inbox = events.subscribe(INBOX)) {
            var created = new MailboxChange.MailboxCreated(ACCOUNT, SENT, "Sent");
            var renamed = new MailboxChange.MailboxRenamed(ACCOUNT, INBOX, "INBOX", "Old");
            events.accept(created);
            events.accept(renamed);
            assertThat(account.poll().changes()).containsExactly(created, renamed);
            assertThat(other.poll().isEmpty()).isTrue();
            assertThat(inbox.poll().changes()).as("its own rename").containsExactly(renamed);
        }
    }

    @Test
    void subscriberThatNeverReadsOverflowsWithoutBlockingThePublisherOrOthers() {
        var events = new MailboxEvents(4);
        try (var slow = events.subscribe(INBOX); var fast = events.subscribe(INBOX)) {
            for (int uid = 1; uid <= 1000; uid++) {
                events.accept(added(INBOX, uid));
                if (uid % 4 == 0) assertThat(fast.poll().changes()).hasSize(4);
            }
            var pending = slow.poll();
            assertThat(pending.overflowed()).isTrue();
            assertThat(pending.changes()).isEmpty();
            assertThat(slow.poll().isEmpty()).as("the overflow mark is taken once").isTrue();
            events.accept(added(INBOX, 1001));
            assertThat(slow.poll()).isEqualTo(new MailboxEvents.Pending(List.of(added(INBOX, 1001)), false));
        }
    }

    @Test
    void awaitReturnsWhenAChangeArrives() throws Exception {
        var events = new MailboxEvents(16);
        try (var inbox = events.subscribe(INBOX)) {
            var waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return inbox.await(Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            events.accept(added(INBOX, 7));
            assertThat(waiting.get(30, TimeUnit.SECONDS).changes()).containsExactly(added(INBOX, 7));
        }
    }

    @Test
    void awaitEndsOnWakeUpOrTimeoutWithNothing() throws Exception {
        var events = new MailboxEvents(16);
        try (var inbox = events.subscribe(INBOX)) {
            inbox.wakeUp();
            assertThat(inbox.await(Duration.ofMinutes(1)).isEmpty()).isTrue();
            assertThat(inbox.await(Duration.ofMillis(1)).isEmpty()).isTrue();
        }
    }

    @Test
    void closedSubscriptionIsUnregisteredAndGetsNothing() {
        var events = new MailboxEvents(16);
        var inbox = events.subscribe(INBOX);
        var account = events.subscribeAccount(ACCOUNT);
        assertThat(events.subscriptionCount()).isEqualTo(2);
        inbox.close();
        account.close();
        assertThat(events.subscriptionCount()).isZero();
        events.accept(added(INBOX, 1));
        assertThat(inbox.poll().isEmpty()).isTrue();
        assertThat(inbox.isClosed()).isTrue();
    }
}
