package dev.tern.store;

/** A message's unique identifier within one mailbox (RFC 9051 §2.3.1.1): positive, strictly ascending. */
public record Uid(long value) implements Comparable<Uid> {
    public Uid {
        if (value < 1 || value > 0xFFFF_FFFFL) throw new IllegalArgumentException("UID out of range: " + value);
    }

    public static Uid of(long value) { return new Uid(value); }

    @Override public int compareTo(Uid other) { return Long.compare(value, other.value); }

    @Override public String toString() { return Long.toString(value); }
}
