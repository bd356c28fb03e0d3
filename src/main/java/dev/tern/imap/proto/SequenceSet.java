package dev.tern.imap.proto;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence-set (RFC 9051 §9): ranges of message sequence numbers or UIDs, where {@link #STAR} stands for the
 * largest number in use. Ranges are kept as sent ({@code 5:2} is {@code 2:5}); resolution happens against a
 * mailbox, which knows what {@code *} is.
 */
public record SequenceSet(List<Range> ranges) {
    /** {@code *}: the largest number in use in the mailbox. */
    public static final long STAR = -1;

    public record Range(long first, long last) {
        /** The inclusive bounds with {@code *} replaced by {@code max}, lower first. */
        public long low(long max) { return Math.min(value(first, max), value(last, max)); }

        public long high(long max) { return Math.max(value(first, max), value(last, max)); }

        private static long value(long n, long max) { return n == STAR ? max : n; }
    }

    public SequenceSet {
        if (ranges.isEmpty()) throw new IllegalArgumentException("a sequence set has at least one range");
        ranges = List.copyOf(ranges);
    }

    public static SequenceSet of(long first, long last) { return new SequenceSet(List.of(new Range(first, last))); }

    /** Whether {@code n} is in the set when {@code *} is {@code max}. */
    public boolean contains(long n, long max) {
        for (var r : ranges) if (n >= r.low(max) && n <= r.high(max)) return true;
        return false;
    }

    /**
     * Parses {@code 1,3:5,7:*}.
     *
     * @throws ImapException.Bad if the text is not a sequence-set
     */
    public static SequenceSet parse(String text) {
        var ranges = new ArrayList<Range>();
        for (var part : text.split(",", -1)) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                long n = number(part, text);
                ranges.add(new Range(n, n));
            } else {
                ranges.add(new Range(number(part.substring(0, colon), text), number(part.substring(colon + 1), text)));
            }
        }
        return new SequenceSet(ranges);
    }

    private static long number(String s, String whole) {
        if (s.equals("*")) return STAR;
        if (s.isEmpty() || s.length() > 10 || s.charAt(0) == '0') throw bad(whole);
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw bad(whole);
            n = n * 10 + (c - '0');
        }
        if (n > 0xFFFF_FFFFL) throw bad(whole);
        return n;
    }

    private static ImapException.Bad bad(String whole) {
        return new ImapException.Bad("bad sequence set " + whole + ": expected numbers from 1, ':' ranges, ',' and *");
    }

    /** The set in IMAP syntax, for responses such as COPYUID. */
    @Override
    public String toString() {
        var b = new StringBuilder();
        for (var r : ranges) {
            if (!b.isEmpty()) b.append(',');
            b.append(r.first == STAR ? "*" : Long.toString(r.first));
            if (r.last != r.first) b.append(':').append(r.last == STAR ? "*" : Long.toString(r.last));
        }
        return b.toString();
    }

    /**
     * Compact IMAP syntax for numbers, e.g. {@code 1:3,7}: each run of n, n+1, n+2... becomes n:m and nothing is
     * reordered, so numbers in another order (ESORT's ALL, RFC 5267 §3) keep theirs, e.g. {@code 2,4:6,3,1}.
     */
    public static String compact(List<Long> numbers) {
        var b = new StringBuilder();
        int i = 0;
        while (i < numbers.size()) {
            int j = i;
            while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) j++;
            if (!b.isEmpty()) b.append(',');
            b.append(numbers.get(i));
            if (j > i) b.append(':').append(numbers.get(j));
            i = j + 1;
        }
        return b.toString();
    }
}
