package dev.tern.imap;

import dev.tern.imap.proto.Command;
import dev.tern.mime.Address;
import dev.tern.mime.BaseSubject;
import dev.tern.mime.Envelope;
import dev.tern.mime.MessageDate;
import dev.tern.store.MessageRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What SORT and THREAD compare of one message (RFC 5256 §3), read from its stored envelope, never its body.
 * Strings are folded for i;ascii-casemap (RFC 4790 §9.2), the comparator RFC 5256 §2.3 names; a key not asked
 * for is null.
 */
record SortKeys(int sequence, long uid, long size, Instant arrival, Instant sent, String subject, String from,
                String to, String cc, String displayFrom, String displayTo) {
    /** Criteria answered from the message record alone, without reading its structure. */
    static final Set<Command.SortKey> FROM_RECORD = EnumSet.of(Command.SortKey.ARRIVAL, Command.SortKey.SIZE);

    /** The keys {@code wanted}; {@code envelope} may be null when they are all {@link #FROM_RECORD}. */
    static SortKeys of(SearchCommand.Match match, Envelope envelope, Set<Command.SortKey> wanted) {
        var e = envelope == null ? Envelope.EMPTY : envelope;
        return of(match, c -> wanted.contains(c) ? key(c, match.record(), e) : null);
    }

    /** The keys read from the message record, the others from {@code keys} (null for a key not asked for). */
    static SortKeys of(SearchCommand.Match match, Function<Command.SortKey, Object> keys) {
        MessageRecord m = match.record();
        return of(match.sequence(), m.uid().value(), m.size(), m.internalDate(), keys);
    }

    /** Keys without the message record: SIZE and ARRIVAL must not be among the criteria compared. */
    static SortKeys of(int sequence, long uid, Function<Command.SortKey, Object> keys) {
        return of(sequence, uid, 0, null, keys);
    }

    private static SortKeys of(int sequence, long uid, long size, Instant arrival,
                               Function<Command.SortKey, Object> keys) {
        return new SortKeys(sequence, uid, size, arrival,
                (Instant) keys.apply(Command.SortKey.DATE), (String) keys.apply(Command.SortKey.SUBJECT),
                (String) keys.apply(Command.SortKey.FROM), (String) keys.apply(Command.SortKey.TO),
                (String) keys.apply(Command.SortKey.CC), (String) keys.apply(Command.SortKey.DISPLAYFROM),
                (String) keys.apply(Command.SortKey.DISPLAYTO));
    }

    /**
     * One criterion's key as it is compared, from the envelope (DATE falls back on the record's INTERNALDATE): an
     * {@link Instant} for DATE, a folded string for the others. Not for the {@link #FROM_RECORD} criteria.
     */
    static Object key(Command.SortKey criterion, MessageRecord m, Envelope e) {
        return switch (criterion) {
            case DATE -> sentDate(e.date(), m.internalDate());
            case SUBJECT -> fold(BaseSubject.of(e.subject()));
            case FROM -> addrMailbox(e.from());
            case TO -> addrMailbox(e.to());
            case CC -> addrMailbox(e.cc());
            case DISPLAYFROM -> display(e.from());
            case DISPLAYTO -> display(e.to());
            case ARRIVAL, SIZE -> throw new IllegalArgumentException(criterion + " is read from the message record");
        };
    }

    /** The order of one criterion, REVERSE applied; ties are left to the next criterion. */
    static Comparator<SortKeys> order(Command.SortCriterion criterion) {
        Comparator<SortKeys> c = switch (criterion.key()) {
            case ARRIVAL -> Comparator.comparing(SortKeys::arrival);
            case DATE -> Comparator.comparing(SortKeys::sent);
            case SIZE -> Comparator.comparingLong(SortKeys::size);
            case SUBJECT -> Comparator.comparing(SortKeys::subject, SortKeys::compareOctets);
            case FROM -> Comparator.comparing(SortKeys::from, SortKeys::compareOctets);
            case TO -> Comparator.comparing(SortKeys::to, SortKeys::compareOctets);
            case CC -> Comparator.comparing(SortKeys::cc, SortKeys::compareOctets);
            case DISPLAYFROM -> Comparator.comparing(SortKeys::displayFrom, SortKeys::compareOctets);
            case DISPLAYTO -> Comparator.comparing(SortKeys::displayTo, SortKeys::compareOctets);
        };
        return criterion.reverse() ? c.reversed() : c;
    }

    /** All criteria in turn, then the sequence number: RFC 5256 §3 orders exact ties as in the mailbox. */
    static Comparator<SortKeys> order(List<Command.SortCriterion> criteria) {
        Comparator<SortKeys> c = null;
        for (var criterion : criteria) c = c == null ? order(criterion) : c.thenComparing(order(criterion));
        var bySequence = Comparator.comparingInt(SortKeys::sequence);
        return c == null ? bySequence : c.thenComparing(bySequence);
    }

    /**
     * RFC 5256 §2.2: the sent date is the Date header's date and time, compared in UTC; the INTERNALDATE when the
     * header is missing or cannot be read.
     */
    static Instant sentDate(String header, Instant internalDate) {
        return MessageDate.parse(header).map(OffsetDateTime::toInstant).orElse(internalDate);
    }

    /** RFC 5256 §3: the addr-mailbox (local part) of the first address; "" when there is none. */
    private static String addrMailbox(List<Address> addresses) {
        var first = firstMailbox(addresses);
        return first == null || first.mailbox() == null ? "" : fold(first.mailbox());
    }

    /** RFC 5957 §3: the decoded display name of the first mailbox, or its addr-spec when it has no name. */
    private static String display(List<Address> addresses) {
        var first = firstMailbox(addresses);
        if (first == null) return "";
        var name = BaseSubject.decodeWords(first.name());
        if (name != null && !name.isBlank()) return fold(name.strip());
        return fold((first.mailbox() == null ? "" : first.mailbox()) + "@" + (first.host() == null ? "" : first.host()));
    }

    private static Address firstMailbox(List<Address> addresses) {
        for (var a : addresses) if (!a.isGroupStart() && !a.isGroupEnd()) return a;
        return null;
    }

    /** i;ascii-casemap maps a-z to A-Z and leaves every other character as it is (RFC 4790 §9.2). */
    static String fold(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) if (chars[i] >= 'a' && chars[i] <= 'z') chars[i] -= 'a' - 'A';
        return new String(chars);
    }

    /** i;octet on the UTF-8 form, which is the order of code points (UTF-16 units differ above U+D7FF). */
    static int compareOctets(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i), y = b.codePointAt(j);
            if (x != y) return Integer.compare(x, y);
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
