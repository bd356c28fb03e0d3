package dev.tern.imap.proto;

import java.time.LocalDate;
import java.util.List;

/**
 * A SEARCH criterion (RFC 9051 §6.4.4, with RFC 3501's NEW, OLD, RECENT). FROM, TO, CC, BCC and SUBJECT are
 * {@link Header} keys on that field; flag keys name the flag as IMAP spells it ({@code \Seen} or a keyword).
 */
public sealed interface SearchKey {
    record All() implements SearchKey {}

    /** A flag set ({@code present}) or not: ANSWERED/UNANSWERED, SEEN, KEYWORD x/UNKEYWORD x, ... */
    record Flag(String flag, boolean present) implements SearchKey {}

    /** RFC 3501 RECENT and NEW; \Recent is never set here (IMAP4rev2 dropped it), so these match nothing. */
    record Recent() implements SearchKey {}

    /** Which date a date key compares: INTERNALDATE (BEFORE/ON/SINCE) or the Date header (SENT*). */
    enum DateField { INTERNAL, SENT }

    enum Relation { BEFORE, ON, SINCE }

    record Date(DateField field, Relation relation, LocalDate date) implements SearchKey {}

    /** LARGER n ({@code larger}) or SMALLER n, on RFC822.SIZE. */
    record Size(boolean larger, long octets) implements SearchKey {}

    /** HEADER field value, and FROM/TO/CC/BCC/SUBJECT; an empty value matches any message with the field. */
    record Header(String field, String value) implements SearchKey {}

    record Body(String value) implements SearchKey {}

    record Text(String value) implements SearchKey {}

    record Sequence(SequenceSet set) implements SearchKey {}

    record UidSet(SequenceSet set) implements SearchKey {}

    /** MODSEQ n (RFC 7162 §3.1.5). */
    record ModSeq(long modSeq) implements SearchKey {}

    record Not(SearchKey key) implements SearchKey {}

    record Or(SearchKey left, SearchKey right) implements SearchKey {}

    /** A parenthesised list, or the top-level list of keys: all must match. */
    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }
    }

    /** Whether a MODSEQ key is among the criteria (RFC 7162 §3.1.5: the result then names the highest MODSEQ). */
    default boolean mentionsModSeq() {
        return switch (this) {
            case ModSeq _ -> true;
            case Not n -> n.key().mentionsModSeq();
            case Or o -> o.left().mentionsModSeq() || o.right().mentionsModSeq();
            case And a -> a.keys().stream().anyMatch(SearchKey::mentionsModSeq);
            default -> false;
        };
    }

    /** Whether answering needs the message text (so that cheaper keys are checked first). */
    default boolean needsText() {
        return switch (this) {
            case Header _, Body _, Text _ -> true;
            case Date d -> d.field() == DateField.SENT;
            case Not n -> n.key().needsText();
            case Or o -> o.left().needsText() || o.right().needsText();
            case And a -> a.keys().stream().anyMatch(SearchKey::needsText);
            default -> false;
        };
    }
}
