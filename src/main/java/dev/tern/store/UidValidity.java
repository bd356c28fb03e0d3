package dev.tern.store;

/**
 * A mailbox's UIDVALIDITY (RFC 9051 §2.3.1.1): a new value whenever UIDs of a name can no longer be trusted, e.g.
 * after the mailbox was deleted and created again.
 */
public record UidValidity(long value) {
    public UidValidity {
        if (value < 1 || value > 0xFFFF_FFFFL) throw new IllegalArgumentException("UIDVALIDITY out of range: " + value);
    }

    @Override public String toString() { return Long.toString(value); }
}
