package dev.tern.store;

import java.util.List;

/** One body filed into several mailboxes (one per recipient) in one transaction: all of them, or none. */
public record Delivery(List<Target> targets) {
    public Delivery {
        targets = List.copyOf(targets);
    }

    /** One copy: the mailbox and what that copy starts with. */
    public record Target(MailboxId mailbox, NewMessage message) {}
}
