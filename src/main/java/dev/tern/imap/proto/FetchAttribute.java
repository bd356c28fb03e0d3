package dev.tern.imap.proto;

import java.util.List;
import java.util.Locale;

/**
 * A FETCH data item (RFC 9051 §6.4.5). The macros ALL, FAST and FULL are expanded by the parser; RFC822,
 * RFC822.HEADER and RFC822.TEXT stay themselves because their responses are named so.
 */
public sealed interface FetchAttribute {
    record Flags() implements FetchAttribute {}

    record InternalDate() implements FetchAttribute {}

    record Rfc822Size() implements FetchAttribute {}

    record Envelope() implements FetchAttribute {}

    /** BODYSTRUCTURE ({@code extended}) or BODY without a section. */
    record Structure(boolean extended) implements FetchAttribute {}

    record Uid() implements FetchAttribute {}

    record ModSeq() implements FetchAttribute {}

    /** RFC822 (= BODY[]), RFC822.HEADER (= BODY.PEEK[HEADER]), RFC822.TEXT (= BODY[TEXT]). */
    enum Rfc822Kind { WHOLE, HEADER, TEXT }

    record Rfc822(Rfc822Kind kind) implements FetchAttribute {}

    /** The section-text after the part number (RFC 9051 §6.4.5). */
    enum Text { NONE, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

    /**
     * BODY[section]&lt;partial&gt; and BODY.PEEK[...]: {@code part} is the dotted part number (empty for the whole
     * message), {@code fields} the field names of HEADER.FIELDS (.NOT), {@code partial} the origin and count.
     */
    record Section(List<Integer> part, Text text, List<String> fields) {
        public Section {
            part = List.copyOf(part);
            fields = List.copyOf(fields);
        }

        /** The section spec as the response names it, e.g. {@code 1.2.HEADER.FIELDS (FROM TO)}. */
        public String spec() {
            var b = new StringBuilder();
            for (int n : part) {
                if (!b.isEmpty()) b.append('.');
                b.append(n);
            }
            if (text != Text.NONE) {
                if (!b.isEmpty()) b.append('.');
                b.append(switch (text) {
                    case HEADER -> "HEADER";
                    case HEADER_FIELDS -> "HEADER.FIELDS";
                    case HEADER_FIELDS_NOT -> "HEADER.FIELDS.NOT";
                    case TEXT -> "TEXT";
                    case MIME -> "MIME";
                    case NONE -> "";
                });
            }
            if (!fields.isEmpty()) {
                b.append(" (");
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) b.append(' ');
                    b.append(fields.get(i).toUpperCase(Locale.ROOT));
                }
                b.append(')');
            }
            return b.toString();
        }
    }

    /** {@code <origin.count>}. */
    record Partial(long origin, long count) {}

    record BodySection(boolean peek, Section section, Partial partial) implements FetchAttribute {}

    /** BINARY[part]&lt;partial&gt; and BINARY.PEEK (RFC 3516, RFC 9051). */
    record Binary(boolean peek, List<Integer> part, Partial partial) implements FetchAttribute {
        public Binary {
            part = List.copyOf(part);
        }
    }

    record BinarySize(List<Integer> part) implements FetchAttribute {
        public BinarySize {
            part = List.copyOf(part);
        }
    }

    /** Whether fetching this sets \Seen (RFC 9051 §6.4.5). */
    default boolean setsSeen() {
        return switch (this) {
            case BodySection b -> !b.peek();
            case Binary b -> !b.peek();
            case Rfc822 r -> r.kind() != Rfc822Kind.HEADER;
            default -> false;
        };
    }

    /** Whether answering needs the parsed structure of the message. */
    default boolean needsStructure() {
        return switch (this) {
            case Envelope _, Structure _, BodySection _, Binary _, BinarySize _, Rfc822 _ -> true;
            default -> false;
        };
    }
}
