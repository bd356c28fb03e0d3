package dev.tern.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Mailbox and message metadata. Every mutating method is one atomic transaction: when it returns, the change is
 * durable (committed with the backend's full durability), every MODSEQ it produced is larger than any before in
 * that mailbox, and the {@link MailboxChange}s it produced have been handed to the listeners, after the commit.
 * Bodies are not stored here but referenced by {@link BlobId}; a caller writes the body to the {@link BlobStore}
 * first.
 */
public interface MailStore {

    /** Calls {@code listener} after each commit with the changes it made, from the committing thread. */
    void addChangeListener(Consumer<MailboxChange> listener);

    // --- mailboxes -------------------------------------------------------------------------------------------

    List<MailboxInfo> mailboxes(AccountId account);

    Optional<MailboxInfo> mailbox(AccountId account, String name);

    Optional<MailboxInfo> mailbox(MailboxId id);

    /**
     * Creates {@code name}, with a fresh UIDVALIDITY never used for this account's mailbox of that name before.
     *
     * @throws StoreException.AlreadyExists if a mailbox of that name exists
     */
    MailboxInfo createMailbox(AccountId account, String name, Set<SpecialUse> specialUse);

    /**
     * Renames {@code from} and every mailbox below it (RFC 9051 §6.3.6); UIDVALIDITY and messages stay. Renaming
     * INBOX is not done here (it moves messages): see {@link #move}.
     *
     * @throws StoreException.NotFound if {@code from} does not exist
     * @throws StoreException.AlreadyExists if {@code to} (or a child's new name) exists
     */
    void renameMailbox(AccountId account, String from, String to);

    /**
     * Deletes the mailbox and its messages (not its children; RFC 9051 §6.3.5). The account's quota usage drops.
     *
     * @throws StoreException.NotAllowed for INBOX
     */
    void deleteMailbox(AccountId account, String name);

    void setSpecialUse(MailboxId mailbox, Set<SpecialUse> specialUse);

    /** Subscribes or unsubscribes a name; the mailbox need not exist (RFC 9051 §6.3.7). */
    void setSubscribed(AccountId account, String name, boolean subscribed);

    Set<String> subscriptions(AccountId account);

    MailboxStatus status(MailboxId mailbox);

    /**
     * The summed size of the mailbox's messages flagged \Deleted: what EXPUNGE would free (RFC 9208's STATUS
     * DELETED-STORAGE). Reads every message row of the mailbox; asked for rarely.
     */
    long deletedSize(MailboxId mailbox);

    // --- messages --------------------------------------------------------------------------------------------

    /**
     * Adds one message.
     *
     * @throws StoreException.OverQuota if the account's quota would be exceeded
     * @throws StoreException.NotFound if the mailbox does not exist
     */
    AppendResult append(MailboxId mailbox, NewMessage message);

    /**
     * Files one body into several mailboxes, possibly of several accounts, atomically. If any copy would exceed
     * its account's quota, nothing is filed and {@link StoreException.OverQuota} is thrown.
     */
    List<AppendResult> deliver(Delivery delivery);

    /** Copies messages (keeping flags and INTERNALDATE; RFC 9051 §6.4.7), new UIDs in source UID order. */
    CopyResult copy(MailboxId from, List<Uid> uids, MailboxId to);

    /** Moves messages (RFC 6851): a copy and an expunge of the originals in one transaction. */
    CopyResult move(MailboxId from, List<Uid> uids, MailboxId to);

    /**
     * Changes flags of the messages with the given UIDs. With {@code unchangedSince} present (CONDSTORE,
     * RFC 7162 §3.1.3) a message whose MODSEQ is larger is left alone and its UID returned in
     * {@link FlagUpdate#notModified()}. A message whose flags do not change keeps its MODSEQ.
     */
    FlagUpdate storeFlags(MailboxId mailbox, List<Uid> uids, FlagOperation op, Flags flags,
                          Optional<ModSeq> unchangedSince);

    /** Result of {@link #storeFlags}: the messages that changed, with their new flags and MODSEQ. */
    record FlagUpdate(List<MessageRecord> changed, List<Uid> notModified) {
        public FlagUpdate {
            changed = List.copyOf(changed);
            notModified = List.copyOf(notModified);
        }
    }

    /**
     * Removes the messages that have {@code \Deleted}; with {@code only} present, just those among the given
     * UIDs (UID EXPUNGE, RFC 4315 §2.1). Returns the expunged UIDs in ascending order.
     */
    List<Uid> expunge(MailboxId mailbox, Optional<List<Uid>> only);

    /** Messages with UIDs in {@code range}, ascending by UID. */
    List<MessageRecord> messages(MailboxId mailbox, UidRange range);

    /** The UIDs of every message of the mailbox, ascending: what SELECT needs, without the rest of each record. */
    long[] uids(MailboxId mailbox);

    /** The cached parsed structure of each message in {@code range} that has one, by UID. */
    Map<Uid, byte[]> structures(MailboxId mailbox, UidRange range);

    /** UIDs expunged from the mailbox with a MODSEQ above {@code since} (QRESYNC's VANISHED, RFC 7162 §3.2.10). */
    List<Uid> expungedSince(MailboxId mailbox, ModSeq since);

    // --- bodies ----------------------------------------------------------------------------------------------

    /**
     * Every body referenced by a message or a queue entry, for the sweep that removes orphan bodies. A body
     * written after this call started may be missing from the result; the sweep spares young bodies for that.
     */
    Set<BlobId> referencedBlobs();
}
