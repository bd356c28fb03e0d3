package dev.tern.store;

/** The store's key of an account; never reused. */
public record AccountId(long value) {
    @Override public String toString() { return Long.toString(value); }
}
