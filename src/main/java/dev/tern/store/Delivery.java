package dev.tern.store;

import java.util.List;

/**
 * Messages filed in one transaction, all of them or none: one body into several mailboxes (one per recipient),
 * or several bodies into one mailbox (IMAP MULTIAPPEND), which get consecutive UIDs in the order of the targets.
 */
public record Delivery(List<Target> targets) {
    public Delivery {
        targets = List.copyOf(targets);
    }

    /** One copy: the mailbox and what that copy starts with. */
    public record Target(MailboxId mailbox, NewMessage message) {}
}
