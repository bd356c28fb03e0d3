package dev.tern.mailbox;

import dev.tern.store.DirectoryStore.InitialMailbox;
import dev.tern.store.MailboxInfo;
import dev.tern.store.SpecialUse;
import java.util.List;
import java.util.Set;

/**
 * The mailboxes every new account starts with, all subscribed: INBOX and one per special use that mail clients
 * look for (RFC 6154 §2), named as most clients name them so that they adopt them rather than make their own.
 */
public final class DefaultMailboxes {
    private DefaultMailboxes() {}

    public static final List<InitialMailbox> ALL = List.of(
            new InitialMailbox(MailboxInfo.INBOX, Set.of(), true),
            new InitialMailbox("Sent", Set.of(SpecialUse.SENT), true),
            new InitialMailbox("Drafts", Set.of(SpecialUse.DRAFTS), true),
            new InitialMailbox("Trash", Set.of(SpecialUse.TRASH), true),
            new InitialMailbox("Junk", Set.of(SpecialUse.JUNK), true),
            new InitialMailbox("Archive", Set.of(SpecialUse.ARCHIVE), true));
}
