package dev.tern.store;

import java.util.List;

/**
 * What changed in a mailbox, published after the transaction that made it has committed. Selected IMAP
 * sessions turn these into untagged EXISTS, EXPUNGE and FETCH responses; every change carries the MODSEQ it
 * produced so that a session can tell what it has already seen.
 */
public sealed interface MailboxChange {
    AccountId account();

    MailboxId mailbox();

    /** A message arrived (APPEND, COPY, MOVE, delivery). */
    record MessageAdded(AccountId account, MailboxId mailbox, Uid uid, ModSeq modSeq, Flags flags, long size)
            implements MailboxChange {}

    /** A message's flags changed. */
    record FlagsChanged(AccountId account, MailboxId mailbox, Uid uid, ModSeq modSeq, Flags flags)
            implements MailboxChange {}

    /** Messages left the mailbox (EXPUNGE, MOVE away, POP3 delete). */
    record MessagesExpunged(AccountId account, MailboxId mailbox, List<Uid> uids, ModSeq modSeq)
            implements MailboxChange {
        public MessagesExpunged {
            uids = List.copyOf(uids);
        }
    }

    record MailboxCreated(AccountId account, MailboxId mailbox, String name) implements MailboxChange {}

    record MailboxRenamed(AccountId account, MailboxId mailbox, String oldName, String newName)
            implements MailboxChange {}

    record MailboxDeleted(AccountId account, MailboxId mailbox, String name) implements MailboxChange {}
}
