package dev.tern.imap.proto;

import dev.tern.imap.proto.CommandReader.Cursor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * FETCH and UID FETCH (RFC 9051 §6.4.5): the data items, sections and partials, and the fetch modifiers of
 * CONDSTORE and QRESYNC (RFC 7162 §3.1.4.1, §3.2.6); part of {@link CommandParser}, reading from its cursor.
 */
final class FetchParser {

    private final CommandParser p;
    private final Cursor c;

    FetchParser(CommandParser parser, Cursor cursor) {
        this.p = parser;
        this.c = cursor;
    }

    Command fetch(boolean uid) throws IOException {
        var set = p.spaceSequenceSet();
        c.space();
        var attributes = new ArrayList<FetchAttribute>();
        if (c.take('(')) {
            do attributes.addAll(fetchAttribute()); while (c.take(' ') && attributes.size() < CommandParser.MAX_LIST_ITEMS);
            c.expect(')');
        } else {
            attributes.addAll(fetchAttribute());
        }
        long changedSince = -1;
        boolean vanished = false;
        if (c.take(' ')) {
            // RFC 4466 §2.4 fetch-modifiers; RFC 7162 §3.1.4.1 CHANGEDSINCE, §3.2.6 VANISHED
            c.expect('(');
            do {
                var modifier = p.atom().toUpperCase(Locale.ROOT);
                switch (modifier) {
                    case "CHANGEDSINCE" -> {
                        c.space();
                        changedSince = p.modSeqValue();
                    }
                    case "VANISHED" -> vanished = true;
                    default -> throw new ImapException.Bad("unknown FETCH modifier " + modifier);
                }
            } while (c.take(' '));
            c.expect(')');
            if (vanished && (!uid || changedSince < 0)) {
                throw new ImapException.Bad("VANISHED is a UID FETCH modifier and needs CHANGEDSINCE (RFC 7162 §3.2.6)");
            }
        }
        return new Command.Fetch(uid, set, attributes, changedSince, vanished);
    }

    private List<FetchAttribute> fetchAttribute() throws IOException {
        int start = c.pos;
        while (!c.atEnd() && (Character.isLetterOrDigit(c.peek()) || c.peek() == '.')) c.pos++;
        var name = new String(c.line, start, c.pos - start, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
        return switch (name) {
            case "ALL" -> List.of(new FetchAttribute.Flags(), new FetchAttribute.InternalDate(),
                    new FetchAttribute.Rfc822Size(), new FetchAttribute.Envelope());
            case "FAST" -> List.of(new FetchAttribute.Flags(), new FetchAttribute.InternalDate(),
                    new FetchAttribute.Rfc822Size());
            case "FULL" -> List.of(new FetchAttribute.Flags(), new FetchAttribute.InternalDate(),
                    new FetchAttribute.Rfc822Size(), new FetchAttribute.Envelope(), new FetchAttribute.Structure(false));
            case "FLAGS" -> List.of(new FetchAttribute.Flags());
            case "INTERNALDATE" -> List.of(new FetchAttribute.InternalDate());
            case "RFC822.SIZE" -> List.of(new FetchAttribute.Rfc822Size());
            case "ENVELOPE" -> List.of(new FetchAttribute.Envelope());
            case "BODYSTRUCTURE" -> List.of(new FetchAttribute.Structure(true));
            case "UID" -> List.of(new FetchAttribute.Uid());
            case "MODSEQ" -> List.of(new FetchAttribute.ModSeq());
            case "RFC822" -> List.of(new FetchAttribute.Rfc822(FetchAttribute.Rfc822Kind.WHOLE));
            case "RFC822.HEADER" -> List.of(new FetchAttribute.Rfc822(FetchAttribute.Rfc822Kind.HEADER));
            case "RFC822.TEXT" -> List.of(new FetchAttribute.Rfc822(FetchAttribute.Rfc822Kind.TEXT));
            case "BODY", "BODY.PEEK" -> {
                if (c.peek() != '[') {
                    if (name.equals("BODY.PEEK")) throw new ImapException.Bad("BODY.PEEK needs a [section]");
                    yield List.of(new FetchAttribute.Structure(false));
                }
                var section = section();
                yield List.of(new FetchAttribute.BodySection(name.equals("BODY.PEEK"), section, partial()));
            }
            case "BINARY", "BINARY.PEEK" -> {
                var part = binarySection();
                yield List.of(new FetchAttribute.Binary(name.equals("BINARY.PEEK"), part, partial()));
            }
            case "BINARY.SIZE" -> List.of(new FetchAttribute.BinarySize(binarySection()));
            default -> throw new ImapException.Bad("unknown FETCH item " + (name.isEmpty() ? c.found() : name));
        };
    }

    private FetchAttribute.Section section() throws IOException {
        c.expect('[');
        var part = partNumbers();
        var text = FetchAttribute.Text.NONE;
        var fields = new ArrayList<String>();
        if (c.peek() != ']') {
            int start = c.pos;
            while (!c.atEnd() && c.peek() != ']' && c.peek() != ' ') c.pos++;
            var word = new String(c.line, start, c.pos - start, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
            text = switch (word) {
                case "HEADER" -> FetchAttribute.Text.HEADER;
                case "HEADER.FIELDS" -> FetchAttribute.Text.HEADER_FIELDS;
                case "HEADER.FIELDS.NOT" -> FetchAttribute.Text.HEADER_FIELDS_NOT;
                case "TEXT" -> FetchAttribute.Text.TEXT;
                case "MIME" -> {
                    if (part.isEmpty()) throw new ImapException.Bad("MIME needs a part number, e.g. BODY[1.MIME]");
                    yield FetchAttribute.Text.MIME;
                }
                default -> throw new ImapException.Bad("unknown section " + word);
            };
            if (text == FetchAttribute.Text.HEADER_FIELDS || text == FetchAttribute.Text.HEADER_FIELDS_NOT) {
                c.space();
                c.expect('(');
                do fields.add(p.astring()); while (c.take(' ') && fields.size() < CommandParser.MAX_LIST_ITEMS);
                c.expect(')');
            }
        }
        c.expect(']');
        return new FetchAttribute.Section(part, text, fields);
    }

    /** Dotted part numbers, leaving the cursor after the last dot when a section-text follows. */
    private List<Integer> partNumbers() {
        var part = new ArrayList<Integer>();
        while (c.peek() >= '1' && c.peek() <= '9') {
            long n = p.number();
            if (n > 100_000) throw new ImapException.Bad("part number " + n + " is too large");
            part.add((int) n);
            if (!c.take('.')) break;
            if (part.size() > 100) throw new ImapException.Bad("part number too deep");
        }
        return part;
    }

    private List<Integer> binarySection() {
        c.expect('[');
        var part = partNumbers();
        c.expect(']');
        return part;
    }

    private FetchAttribute.Partial partial() {
        if (!c.take('<')) return null;
        long origin = p.number();
        c.expect('.');
        long count = p.number();
        if (count == 0) throw new ImapException.Bad("a partial fetch needs a non-zero count (RFC 9051 §9 nz-number)");
        c.expect('>');
        return new FetchAttribute.Partial(origin, count);
    }
}
