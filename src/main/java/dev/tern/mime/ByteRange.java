package dev.tern.mime;

/** Octets {@code [start, end)} of the stored message. */
public record ByteRange(long start, long end) {
    public ByteRange {
        if (start < 0 || end < start) throw new IllegalArgumentException("bad byte range " + start + ".." + end);
    }

    public long length() { return end - start; }

    /** The part of this range that a partial FETCH {@code <origin.count>} asks for (RFC 9051 §6.4.5). */
    public ByteRange partial(long origin, long count) {
        long s = Math.min(end, start + Math.max(0, origin));
        long e = Math.min(end, s + Math.max(0, count));
        return new ByteRange(s, e);
    }
}
