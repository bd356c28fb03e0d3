package dev.tern.store;

/** An inclusive range of UID values, {@code first <= last}; {@code last} may be {@link #MAX} for "*". */
public record UidRange(long first, long last) {
    public static final long MAX = 0xFFFF_FFFFL;
    public static final UidRange ALL = new UidRange(1, MAX);

    public UidRange {
        if (first < 1 || last < first || last > MAX) {
            throw new IllegalArgumentException("bad UID range " + first + ":" + last);
        }
    }

    public static UidRange of(Uid uid) { return new UidRange(uid.value(), uid.value()); }

    public boolean contains(Uid uid) { return uid.value() >= first && uid.value() <= last; }
}
