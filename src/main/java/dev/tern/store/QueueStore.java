package dev.tern.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The outbound queue's persistence: one entry per queued message (its body, envelope sender and DSN parameters)
 * with a row of delivery state per recipient. The body lives in the {@link BlobStore}; an entry keeps it referenced
 * ({@link MailStore#referencedBlobs}) until the entry is deleted. Every write is one durable transaction.
 *
 * <p>DSN parameters are kept as the RFC 3461 keywords the queue hands over ({@code NOTIFY} as a comma list like
 * {@code SUCCESS,FAILURE}, empty for the default; {@code RET} as {@code FULL} or {@code HDRS}): the store keeps
 * them, the queue gives them meaning.
 */
public interface QueueStore {

    /** Stores an entry and its recipients in one transaction; when it returns they are durable. */
    EntryId enqueue(NewEntry entry);

    Optional<Entry> entry(EntryId id);

    /** Every entry, oldest first, for {@code tern queue list}. */
    List<Entry> entries();

    /**
     * Entries that are not held and have a recipient {@link Status#pending pending} whose next attempt is at or
     * before {@code now}, or a recipient whose report is due; those due earliest first (reports first of all), at
     * most {@code max}; each with all its recipients.
     */
    default List<Entry> due(Instant now, int max) {
        return due(now, max, Set.of());
    }

    /**
     * As {@link #due(Instant, int)}, but a recipient of one of {@code skipDomains} (lower case) does not make its
     * entry due: the scheduler's slots for those domains are all taken, and their backlog must not fill the batch
     * so that other domains wait behind it. Such recipients still come with an entry due for another reason.
     */
    List<Entry> due(Instant now, int max, Set<String> skipDomains);

    /** The earliest next attempt of a pending recipient of an entry that is not held. */
    Optional<Instant> nextAttempt();

    /**
     * Records what happened to some recipients of an entry: each update replaces the named recipient's state.
     * Recipients not named keep theirs.
     *
     * @throws StoreException.NotFound if the entry is gone (deleted by an operator meanwhile)
     */
    void update(EntryId id, List<RecipientUpdate> updates);

    /**
     * Records what happened to recipients of several entries, in one transaction: all or nothing.
     *
     * @throws StoreException.NotFound if one of the entries is gone; nothing is recorded then
     */
    void update(Map<EntryId, List<RecipientUpdate>> updates);

    /** How many entries wait, by what they wait for; for metrics. */
    Counts counts();

    /** Holds or releases an entry: a held entry is never attempted. Returns false if there is no such entry. */
    boolean hold(EntryId id, boolean held);

    /**
     * Makes the pending recipients of {@code id} (or of every entry, when empty) due at {@code now}, and releases
     * held entries named. Returns how many recipients were rescheduled.
     */
    int retry(Optional<EntryId> id, Instant now);

    /** Deletes an entry and its recipients; its body becomes unreferenced. Returns false if there was none. */
    boolean delete(EntryId id);

    /** An entry's key: a positive number, never reused. */
    record EntryId(long value) {
        public EntryId {
            if (value <= 0) throw new IllegalArgumentException("queue entry ids are positive: " + value);
        }

        @Override public String toString() { return Long.toString(value); }
    }

    /**
     * Entries with a pending recipient: {@code held} ones; of the others, {@code deferred} ones (a pending
     * recipient has been attempted) and {@code scheduled} ones (no pending recipient attempted yet).
     */
    record Counts(long scheduled, long deferred, long held) {}

    /** A recipient's delivery state. */
    enum Status {
        /** Not attempted yet. */
        SCHEDULED,
        /** Attempted, to be tried again at its next attempt time. */
        DEFERRED,
        DELIVERED,
        FAILED;

        /** True while more attempts will be made. */
        public boolean pending() { return this == SCHEDULED || this == DEFERRED; }
    }

    /** The last reply (or network error, with code 0) from a remote host, and which host gave it. */
    record Reply(int code, String enhancedCode, String text, String remoteHost) {}

    /**
     * What to queue: the body, the envelope, the DSN parameters and the recipients with their first schedule. The
     * body is durable in the {@link BlobStore} already ({@code inlineBody} null), or, no larger than
     * {@link BlobStore#inlineLimit()}, carried here and written in the entry's own transaction.
     */
    record NewEntry(BlobId body, long size, String sender, Optional<String> envelopeId, Optional<String> ret,
                    boolean smtpUtf8, boolean eightBit, Instant created, List<NewRecipient> recipients,
                    byte[] inlineBody) {
        public NewEntry {
            recipients = List.copyOf(recipients);
            if (recipients.isEmpty()) throw new IllegalArgumentException("a queue entry needs a recipient");
            if (inlineBody != null && inlineBody.length != size) {
                throw new IllegalArgumentException("size " + size + " does not match the body's " + inlineBody.length
                        + " bytes");
            }
        }

        /** An entry whose body is in the {@link BlobStore} already. */
        public NewEntry(BlobId body, long size, String sender, Optional<String> envelopeId, Optional<String> ret,
                        boolean smtpUtf8, boolean eightBit, Instant created, List<NewRecipient> recipients) {
            this(body, size, sender, envelopeId, ret, smtpUtf8, eightBit, created, recipients, null);
        }
    }

    /**
     * A recipient as queued: first attempt at {@code nextAttempt}; a delay notice due at {@code notifyAt} (empty
     * when none will be sent); given up at {@code expiresAt}.
     */
    record NewRecipient(String address, String notifyOn, Optional<String> originalRecipient, Instant nextAttempt,
                        Optional<Instant> notifyAt, Instant expiresAt) {}

    /** A stored entry; {@code held} entries are left alone by the scheduler. */
    record Entry(EntryId id, BlobId body, long size, String sender, Optional<String> envelopeId,
                 Optional<String> ret, boolean smtpUtf8, boolean eightBit, Instant created, boolean held,
                 List<Recipient> recipients) {
        public Entry {
            recipients = List.copyOf(recipients);
        }
    }

    /**
     * A recipient's stored state. {@code index} is its position in the entry (0-based); {@code nextAttempt} is empty
     * once it is delivered or failed; {@code reportDue} says a DSN about it is still to be sent.
     */
    record Recipient(int index, String address, String notifyOn, Optional<String> originalRecipient, Status status,
                     int attempts, Optional<Instant> nextAttempt, Optional<Instant> lastAttempt,
                     Optional<Reply> lastReply, Optional<Instant> notifyAt, Instant expiresAt, boolean reportDue) {

        /** This recipient with new state, for {@link #update}. */
        public RecipientUpdate change(Status newStatus, int newAttempts, Optional<Instant> newNextAttempt,
                                      Optional<Instant> newLastAttempt, Optional<Reply> newReply,
                                      Optional<Instant> newNotifyAt, boolean newReportDue) {
            return new RecipientUpdate(index, newStatus, newAttempts, newNextAttempt, newLastAttempt, newReply,
                    newNotifyAt, newReportDue);
        }
    }

    /** The new state of recipient {@code index}. */
    record RecipientUpdate(int index, Status status, int attempts, Optional<Instant> nextAttempt,
                           Optional<Instant> lastAttempt, Optional<Reply> lastReply, Optional<Instant> notifyAt,
                           boolean reportDue) {}
}
