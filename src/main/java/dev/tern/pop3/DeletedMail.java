package dev.tern.pop3;

import dev.tern.mailbox.MailboxService;
import dev.tern.store.AccountId;
import dev.tern.store.FlagOperation;
import dev.tern.store.Flags;
import dev.tern.store.MailboxInfo;
import dev.tern.store.SpecialUse;
import dev.tern.store.StoreException;
import dev.tern.store.SystemFlag;
import dev.tern.store.Uid;
import dev.tern.store.UidRange;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What QUIT does with the messages a POP3 session deleted: expunge them, or keep them in Trash for a while. */
sealed interface DeletedMail {

    /** Removes {@code uids} from INBOX; returns how many were there to remove. */
    int remove(MailboxInfo inbox, List<Uid> uids);

    /** Work at login: purges what has been kept long enough. */
    void purge(AccountId account);

    static DeletedMail of(MailboxService mailboxes, Duration keepInTrash, Clock clock) {
        return keepInTrash.isZero() ? new Expunge(mailboxes) : new MoveToTrash(mailboxes, keepInTrash, clock);
    }

    /**
     * RFC 1939 §6: the messages are removed. Flagged \Deleted and expunged by UID (as UID EXPUNGE, RFC 4315
     * §2.1), so that IMAP sessions see an EXPUNGE and other messages the user flagged \Deleted in IMAP stay.
     */
    record Expunge(MailboxService mailboxes) implements DeletedMail {
        @Override
        public int remove(MailboxInfo inbox, List<Uid> uids) {
            return expunge(mailboxes, inbox, uids);
        }

        @Override
        public void purge(AccountId account) {}
    }

    /**
     * The messages are moved to Trash with a keyword naming the day, and expunged from there {@code keep} after
     * that day, at the account's next POP3 login (a periodic job would also purge accounts that stop using POP3;
     * purging at login needs no scheduler, and Trash is where a user expects deleted mail anyway).
     */
    record MoveToTrash(MailboxService mailboxes, Duration keep, Clock clock) implements DeletedMail {
        /** The keyword's prefix; an IMAP atom, so clients show it like any other keyword (RFC 9051 §2.3.2). */
        static final String KEYWORD = "$POP3Deleted-";

        @Override
        public int remove(MailboxInfo inbox, List<Uid> uids) {
            var today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            // The keyword first: should the move fail, the messages stay in INBOX, merely with a keyword.
            mailboxes.storeFlags(inbox.id(), uids, FlagOperation.ADD,
                    Flags.of(Set.of(), Set.of(KEYWORD + today)), Optional.empty());
            return mailboxes.move(inbox.id(), uids, trash(inbox.account()).id()).sourceUids().size();
        }

        @Override
        public void purge(AccountId account) {
            var trash = findTrash(account);
            if (trash.isEmpty()) return;
            var now = clock.instant();
            var due = mailboxes.messages(trash.get().id(), UidRange.ALL).stream()
                    .filter(m -> movedOn(m.flags()).map(day -> day.plusDays(1).atStartOfDay(ZoneOffset.UTC)
                            .toInstant().plus(keep).isBefore(now)).orElse(false))
                    .map(m -> m.uid()).toList();
            if (!due.isEmpty()) expunge(mailboxes, trash.get(), due);
        }

        /** The latest day in the message's POP3 keywords, if it has any. */
        static Optional<LocalDate> movedOn(Flags flags) {
            LocalDate latest = null;
            for (var k : flags.keywords()) {
                if (!k.startsWith(KEYWORD)) continue;
                try {
                    var day = LocalDate.parse(k.substring(KEYWORD.length()));
                    if (latest == null || day.isAfter(latest)) latest = day;
                } catch (DateTimeParseException notOurs) {
                    // a keyword that only looks like ours: leave the message alone
                }
            }
            return Optional.ofNullable(latest);
        }

        private Optional<MailboxInfo> findTrash(AccountId account) {
            var all = mailboxes.mailboxes(account);
            return all.stream().filter(m -> m.specialUse().contains(SpecialUse.TRASH)).findFirst()
                    .or(() -> all.stream().filter(m -> m.name().equals("Trash")).findFirst());
        }

        private MailboxInfo trash(AccountId account) {
            return findTrash(account).orElseGet(() -> {
                try {
                    return mailboxes.create(account, "Trash", Set.of(SpecialUse.TRASH));
                } catch (StoreException.AlreadyExists createdMeanwhile) {
                    return mailboxes.require(account, "Trash");
                }
            });
        }
    }

    private static int expunge(MailboxService mailboxes, MailboxInfo mailbox, List<Uid> uids) {
        mailboxes.storeFlags(mailbox.id(), uids, FlagOperation.ADD, Flags.of(SystemFlag.DELETED), Optional.empty());
        return mailboxes.expunge(mailbox.id(), Optional.of(uids)).size();
    }
}
