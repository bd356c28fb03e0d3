package dev.tern.store;

/**
 * Counters of one mailbox for STATUS and SELECT (RFC 9051 §6.3.11): {@code size} is the sum of message sizes
 * (STATUS SIZE), {@code deleted} the number of messages with {@code \Deleted}.
 */
public record MailboxStatus(
        MailboxInfo mailbox,
        long messages,
        long unseen,
        long deleted,
        long size) {}
