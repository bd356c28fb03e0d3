package dev.tern.store;

/** The store's key of a mailbox; stable across renames, never reused. */
public record MailboxId(long value) {
    @Override public String toString() { return Long.toString(value); }
}
