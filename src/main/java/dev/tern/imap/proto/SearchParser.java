package dev.tern.imap.proto;

import dev.tern.imap.proto.CommandReader.Cursor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;

/**
 * SEARCH and UID SEARCH (RFC 9051 §6.4.4): ESEARCH return options (RFC 4731), CHARSET, and the search keys,
 * nested, with CONDSTORE's MODSEQ (RFC 7162 §3.1.5); SORT and THREAD (RFC 5256), which end in the same search
 * criteria; part of {@link CommandParser}, reading from its cursor.
 */
final class SearchParser {
    private static final int MAX_SEARCH_DEPTH = 64;

    private final CommandParser p;
    private final Cursor c;

    SearchParser(CommandParser parser, Cursor cursor) {
        this.p = parser;
        this.c = cursor;
    }

    Command search(boolean uid) throws IOException {
        c.space();
        var returns = new LinkedHashSet<String>();
        boolean esearch = false;
        Optional<String> charset = Optional.empty();
        if (p.startsWithWord("RETURN")) {
            esearch = true;
            p.atom();
            c.space();
            returns.addAll(p.upperAtoms());
            c.space();
        }
        if (p.startsWithWord("CHARSET")) {
            p.atom();
            c.space();
            charset = Optional.of(charset());
            c.space();
        }
        return new Command.Search(uid, esearch, returns, charset, keys());
    }

    /**
     * RFC 5256 §5: "SORT" SP sort-criteria SP search-criteria, where search-criteria starts with a charset that
     * is not optional; RFC 5267 §3 puts the ESORT return options right after SORT.
     */
    Command sort(boolean uid) throws IOException {
        c.space();
        var returns = new LinkedHashSet<String>();
        boolean esort = false;
        if (p.startsWithWord("RETURN")) {
            esort = true;
            p.atom();
            c.space();
            returns.addAll(p.upperAtoms());
            c.space();
        }
        c.expect('(');
        var criteria = new ArrayList<Command.SortCriterion>();
        do criteria.add(sortCriterion()); while (c.take(' ') && criteria.size() < CommandParser.MAX_LIST_ITEMS);
        c.expect(')');
        c.space();
        var charset = charset();
        c.space();
        return new Command.Sort(uid, esort, returns, criteria, charset, keys());
    }

    /** RFC 5256 §5: "THREAD" SP thread-alg SP search-criteria. */
    Command thread(boolean uid) throws IOException {
        c.space();
        var algorithm = p.atom().toUpperCase(Locale.ROOT);
        c.space();
        var charset = charset();
        c.space();
        return new Command.Thread(uid, algorithm, charset, keys());
    }

    private Command.SortCriterion sortCriterion() {
        var name = p.atom().toUpperCase(Locale.ROOT);
        boolean reverse = name.equals("REVERSE");
        if (reverse) {
            c.space();
            name = p.atom().toUpperCase(Locale.ROOT);
        }
        try {
            return new Command.SortCriterion(Command.SortKey.valueOf(name), reverse);
        } catch (IllegalArgumentException e) {
            throw new ImapException.Bad("unknown sort key " + name + "; use ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, "
                    + "TO, DISPLAYFROM or DISPLAYTO, each optionally after REVERSE");
        }
    }

    private String charset() throws IOException {
        var name = p.astring().toUpperCase(Locale.ROOT);
        if (!name.equals("UTF-8") && !name.equals("US-ASCII")) {
            throw new ImapException.No("BADCHARSET (UTF-8 US-ASCII)", "charset " + name + " is not supported");
        }
        return name;
    }

    private SearchKey keys() throws IOException {
        var keys = new ArrayList<SearchKey>();
        do keys.add(searchKey(0)); while (c.take(' ') && keys.size() < CommandParser.MAX_LIST_ITEMS);
        return keys.size() == 1 ? keys.getFirst() : new SearchKey.And(keys);
    }

    private SearchKey searchKey(int depth) throws IOException {
        if (depth > MAX_SEARCH_DEPTH) throw new ImapException.Bad("search criteria nested deeper than " + MAX_SEARCH_DEPTH);
        if (c.take('(')) {
            var keys = new ArrayList<SearchKey>();
            do keys.add(searchKey(depth + 1)); while (c.take(' ') && keys.size() < CommandParser.MAX_LIST_ITEMS);
            c.expect(')');
            return new SearchKey.And(keys);
        }
        if ((c.peek() >= '0' && c.peek() <= '9') || c.peek() == '*') return new SearchKey.Sequence(p.sequenceSet());
        var name = p.atom().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED", "DELETED", "DRAFT", "FLAGGED", "SEEN" -> new SearchKey.Flag(systemFlag(name), true);
            case "UNANSWERED", "UNDELETED", "UNDRAFT", "UNFLAGGED", "UNSEEN" ->
                    new SearchKey.Flag(systemFlag(name.substring(2)), false);
            case "KEYWORD" -> new SearchKey.Flag(p.spaceThen(p::flag), true);
            case "UNKEYWORD" -> new SearchKey.Flag(p.spaceThen(p::flag), false);
            case "NEW", "RECENT" -> new SearchKey.Recent();
            case "OLD" -> new SearchKey.Not(new SearchKey.Recent());
            case "BEFORE" -> date(SearchKey.DateField.INTERNAL, SearchKey.Relation.BEFORE);
            case "ON" -> date(SearchKey.DateField.INTERNAL, SearchKey.Relation.ON);
            case "SINCE" -> date(SearchKey.DateField.INTERNAL, SearchKey.Relation.SINCE);
            case "SENTBEFORE" -> date(SearchKey.DateField.SENT, SearchKey.Relation.BEFORE);
            case "SENTON" -> date(SearchKey.DateField.SENT, SearchKey.Relation.ON);
            case "SENTSINCE" -> date(SearchKey.DateField.SENT, SearchKey.Relation.SINCE);
            case "LARGER" -> new SearchKey.Size(true, p.spaceThen(p::number));
            case "SMALLER" -> new SearchKey.Size(false, p.spaceThen(p::number));
            case "FROM", "TO", "CC", "BCC", "SUBJECT" -> new SearchKey.Header(name.toLowerCase(Locale.ROOT), p.spaceAstring());
            case "HEADER" -> new SearchKey.Header(p.spaceAstring().toLowerCase(Locale.ROOT), p.spaceAstring());
            case "BODY" -> new SearchKey.Body(p.spaceAstring());
            case "TEXT" -> new SearchKey.Text(p.spaceAstring());
            case "UID" -> new SearchKey.UidSet(p.spaceSequenceSet());
            case "MODSEQ" -> modSeqKey();
            case "NOT" -> {
                c.space();
                yield new SearchKey.Not(searchKey(depth + 1));
            }
            case "OR" -> {
                c.space();
                var left = searchKey(depth + 1);
                c.space();
                yield new SearchKey.Or(left, searchKey(depth + 1));
            }
            default -> throw new ImapException.Bad("unknown search key " + name);
        };
    }

    /**
     * RFC 7162 §3.1.5: "MODSEQ" [SP entry-name SP entry-type-req] SP mod-sequence-valzer. The entry names a flag;
     * the store keeps one MODSEQ per message, which §3.1.5 allows to be used for every entry.
     */
    private SearchKey modSeqKey() throws IOException {
        c.space();
        if (c.peek() == '"') {
            var entry = p.quoted();
            if (!entry.toLowerCase(Locale.ROOT).startsWith("/flags/")) {
                throw new ImapException.Bad("a MODSEQ entry name starts with /flags/, not " + entry);
            }
            c.space();
            var type = p.atom().toLowerCase(Locale.ROOT);
            if (!type.equals("priv") && !type.equals("shared") && !type.equals("all")) {
                throw new ImapException.Bad("MODSEQ entry type is priv, shared or all, not " + type);
            }
            c.space();
        }
        return new SearchKey.ModSeq(p.modSeqValue());
    }

    private static String systemFlag(String name) {
        return "\\" + name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    private SearchKey date(SearchKey.DateField field, SearchKey.Relation relation) throws IOException {
        c.space();
        var text = c.peek() == '"' ? p.quoted() : p.atom();
        return new SearchKey.Date(field, relation, CommandParser.date(text));
    }
}
