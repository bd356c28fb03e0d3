package dev.tern.pop3;

import dev.tern.mailbox.MailboxService;
import dev.tern.store.FlagOperation;
import dev.tern.store.Flags;
import dev.tern.store.MailboxInfo;
import dev.tern.store.MessageRecord;
import dev.tern.store.SystemFlag;
import dev.tern.store.Uid;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * One session's maildrop: INBOX as it was at login (RFC 1939 §8), numbered 1..n in UID order, with the session's
 * deletion marks and the messages it retrieved. Messages that arrive later are seen at the next login. Nothing
 * changes in the store until {@link #update}: a session that ends without QUIT leaves INBOX as it was, except that
 * the messages it retrieved are \Seen.
 */
final class Maildrop {
    private final MailboxService mailboxes;
    private final MailboxInfo inbox;
    private final List<MessageRecord> messages;
    private final BitSet deleted = new BitSet();
    private final BitSet retrieved = new BitSet();

    private Maildrop(MailboxService mailboxes, MailboxInfo inbox, List<MessageRecord> messages) {
        this.mailboxes = mailboxes;
        this.inbox = inbox;
        this.messages = List.copyOf(messages);
    }

    /** INBOX as it is now. */
    static Maildrop snapshot(MailboxService mailboxes, MailboxInfo inbox) {
        return new Maildrop(mailboxes, inbox, mailboxes.messages(inbox.id(), dev.tern.store.UidRange.ALL));
    }

    /** Messages not marked deleted. */
    int count() { return messages.size() - deleted.cardinality(); }

    /** Octets of the messages not marked deleted. */
    long size() {
        long total = 0;
        for (int i = 0; i < messages.size(); i++) if (!deleted.get(i)) total += messages.get(i).size();
        return total;
    }

    /** Highest message number, deleted ones included: LIST and UIDL walk 1..this. */
    int last() { return messages.size(); }

    boolean isDeleted(int number) { return deleted.get(number - 1); }

    /**
     * The number of the message {@code argument} names, which is not marked deleted (RFC 1939 §5).
     *
     * @throws Pop3Error if the argument is not a message number here (naming the valid range), or the message is
     *                   marked deleted
     */
    int number(String argument) throws Pop3Error {
        long n;
        try {
            n = argument.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.parseLong(argument) : -1;
        } catch (NumberFormatException tooLong) {
            n = -1;
        }
        if (n < 1 || n > messages.size()) {
            throw new Pop3Error("no message " + argument + (messages.isEmpty() ? "; the maildrop is empty"
                    : "; messages are numbered 1 to " + messages.size()));
        }
        if (deleted.get((int) n - 1)) throw new Pop3Error("message " + n + " is already deleted");
        return (int) n;
    }

    MessageRecord at(int number) { return messages.get(number - 1); }

    /**
     * The unique-id listing (RFC 1939 §7) of a message: INBOX's UIDVALIDITY and the message's UID, in Dovecot's
     * default form (UID then UIDVALIDITY as 8 hex digits each), stable across sessions and unique within the
     * maildrop; a new UIDVALIDITY (INBOX recreated) tells clients every message is new.
     */
    String uidl(int number) {
        return String.format("%08X%08X", messages.get(number - 1).uid().value(), inbox.uidValidity().value());
    }

    void delete(int number) { deleted.set(number - 1); }

    /** RSET: unmarks every message. */
    void reset() { deleted.clear(); }

    /** Opens a message's body; marks it retrieved for \Seen when {@code retr}. */
    InputStream open(int number, boolean retr) throws IOException {
        var stream = mailboxes.open(messages.get(number - 1));
        if (retr) retrieved.set(number - 1);
        return stream;
    }

    /**
     * Marks the retrieved messages \Seen (RFC 1939 leaves flags to the server; IMAP clients expect downloaded
     * mail to read as seen). Done once at the end of a session rather than per RETR, so that a download of many
     * messages costs one transaction.
     */
    void markSeen() {
        var uids = uids(retrieved);
        if (!uids.isEmpty()) {
            mailboxes.storeFlags(inbox.id(), uids, FlagOperation.ADD, Flags.of(SystemFlag.SEEN), Optional.empty());
        }
    }

    /**
     * The UPDATE state (RFC 1939 §6): removes the messages marked deleted, through {@code deletion}, and returns
     * how many it removed. Messages an IMAP session expunged meanwhile are simply not there any more.
     */
    int update(DeletedMail deletion) {
        markSeen();
        var uids = uids(deleted);
        if (uids.isEmpty()) return 0;
        return deletion.remove(inbox, uids);
    }

    /** UIDs of the messages whose numbers (from 0) are set in {@code numbers}. */
    private List<Uid> uids(BitSet numbers) {
        var uids = new ArrayList<Uid>(numbers.cardinality());
        for (int i = numbers.nextSetBit(0); i >= 0; i = numbers.nextSetBit(i + 1)) uids.add(messages.get(i).uid());
        return uids;
    }
}
