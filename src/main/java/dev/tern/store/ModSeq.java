package dev.tern.store;

/** A modification sequence (RFC 7162 §3.1.1): every change to a mailbox gets a larger one. */
public record ModSeq(long value) implements Comparable<ModSeq> {
    public static final ModSeq ZERO = new ModSeq(0);

    public ModSeq {
        if (value < 0) throw new IllegalArgumentException("MODSEQ must not be negative: " + value);
    }

    @Override public int compareTo(ModSeq other) { return Long.compare(value, other.value); }

    @Override public String toString() { return Long.toString(value); }
}
