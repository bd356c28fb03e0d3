package dev.tern.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Lenient readers of the structured header fields IMAP reports: address lists (RFC 5322 §3.4, with group
 * syntax and obsolete routes), Content-Type and Content-Disposition with parameters (RFC 2045 §5.1, RFC 2183),
 * and Content-Language (RFC 3282). Values are kept as written, encoded words undecoded, because IMAP sends them
 * raw (RFC 9051 §7.5.2). Nothing here throws on bad input; what cannot be read is left out.
 */
final class HeaderSyntax {
    /** Dovecot's placeholders for an address without a local part or domain; host NIL would mean a group. */
    static final String MISSING_MAILBOX = "MISSING_MAILBOX";
    static final String MISSING_DOMAIN = "MISSING_DOMAIN";

    private HeaderSyntax() {}

    enum Kind { WORD, QUOTED, SPECIAL, COMMENT }

    /** A lexical token; {@code spaceBefore} says whether white space or a comment came before it. */
    record Token(Kind kind, String text, boolean spaceBefore) {
        boolean is(char special) { return kind == Kind.SPECIAL && text.charAt(0) == special; }
    }

    /** Splits a structured field body into words, quoted strings and specials; comments are dropped. */
    static List<Token> tokens(String s, String specials) { return tokens(s, specials, false); }

    /** Like {@link #tokens(String, String)}, keeping comments as {@link Kind#COMMENT} tokens if asked. */
    static List<Token> tokens(String s, String specials, boolean keepComments) {
        var out = new ArrayList<Token>();
        int i = 0;
        int n = s.length();
        boolean space = false;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                space = true;
                i++;
            } else if (c == '(') {
                int end = skipComment(s, i);
                if (keepComments) out.add(new Token(Kind.COMMENT, s.substring(i + 1, Math.max(i + 1, end - 1)).strip(), space));
                i = end;
                space = true;
            } else if (c == '"') {
                var sb = new StringBuilder();
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) i++;
                    sb.append(s.charAt(i++));
                }
                i++;
                out.add(new Token(Kind.QUOTED, sb.toString(), space));
                space = false;
            } else if (c == '[' && specials.indexOf('[') >= 0) {
                int close = s.indexOf(']', i);
                int stop = close < 0 ? n : close + 1;
                out.add(new Token(Kind.WORD, s.substring(i, stop), space));
                i = stop;
                space = false;
            } else if (specials.indexOf(c) >= 0) {
                out.add(new Token(Kind.SPECIAL, String.valueOf(c), space));
                i++;
                space = false;
            } else {
                int start = i;
                while (i < n && !isBreak(s.charAt(i), specials)) i++;
                out.add(new Token(Kind.WORD, s.substring(start, i), space));
                space = false;
            }
        }
        return out;
    }

    private static boolean isBreak(char c, String specials) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '(' || c == '"' || specials.indexOf(c) >= 0;
    }

    /** Index after the comment that starts at {@code i}; comments nest (RFC 5322 §3.2.2). */
    private static int skipComment(String s, int i) {
        int depth = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i + 1;
        }
        return s.length();
    }

    // --- addresses ----------------------------------------------------------------------------------------------

    private static final String ADDRESS_SPECIALS = "<>[]:;@,.\\";

    /** An address-list header as ENVELOPE lists it; empty for an absent or unreadable header. */
    static List<Address> addressList(String value) {
        var out = new ArrayList<Address>();
        if (value == null) return out;
        var cursor = new Cursor(tokens(value, ADDRESS_SPECIALS, true));
        while (cursor.more()) {
            if (cursor.at(',') || cursor.at(';') || cursor.at('>')) cursor.i++;
            else address(cursor, out, false);
        }
        return out;
    }

    private static final class Cursor {
        final List<Token> tokens;
        int i;

        Cursor(List<Token> tokens) { this.tokens = tokens; }

        boolean more() { return i < tokens.size(); }

        boolean at(char special) { return more() && tokens.get(i).is(special); }

        Token next() { return tokens.get(i++); }
    }

    private static void address(Cursor c, List<Address> out, boolean inGroup) {
        var phrase = new ArrayList<Token>();
        while (c.more() && !c.at('<') && !c.at(':') && !c.at(',') && !c.at(';') && !c.at('@') && !c.at('>')) {
            phrase.add(c.next());
        }
        String comment = null;
        for (var t : phrase) if (t.kind() == Kind.COMMENT) comment = t.text();
        phrase.removeIf(t -> t.kind() == Kind.COMMENT);
        if (c.at(':') && !inGroup) {
            c.i++;
            out.add(Address.groupStart(phraseText(phrase)));
            while (c.more() && !c.at(';')) {
                if (c.at(',') || c.at('>') || c.at(':')) c.i++;
                else address(c, out, true);
            }
            if (c.at(';')) c.i++;
            out.add(Address.GROUP_END);
        } else if (c.at('<')) {
            c.i++;
            angleAddress(c, out, phrase.isEmpty() ? null : phraseText(phrase));
        } else if (c.at('@')) {
            c.i++;
            var domain = new ArrayList<Token>();
            while (c.more() && !c.at(',') && !c.at(';') && !c.at('<') && !c.at('>')) domain.add(c.next());
            // "user@domain (Real Name)": the comment is the only name there is, and Dovecot shows it as one.
            for (var t : domain) if (t.kind() == Kind.COMMENT) comment = t.text();
            out.add(mailbox(comment == null || comment.isEmpty() ? null : comment, null, joined(phrase), joined(domain)));
        } else if (!phrase.isEmpty()) {
            out.add(mailbox(null, null, joined(phrase), ""));
        } else if (c.at(':')) {
            c.i++;
        }
    }

    private static void angleAddress(Cursor c, List<Address> out, String name) {
        String adl = null;
        if (c.at('@')) {
            // Obsolete source route (RFC 5322 §4.4): "@a,@b:" before the addr-spec; IMAP keeps it as adl.
            var route = new StringBuilder();
            while (c.more() && !c.at(':') && !c.at('>')) {
                var t = c.next();
                if (t.kind() != Kind.COMMENT) route.append(t.text());
            }
            if (c.at(':')) {
                c.i++;
                adl = route.toString();
            }
        }
        var spec = new ArrayList<Token>();
        while (c.more() && !c.at('>')) spec.add(c.next());
        if (c.at('>')) c.i++;
        int at = -1;
        spec.removeIf(t -> t.kind() == Kind.COMMENT);
        for (int k = 0; k < spec.size(); k++) if (spec.get(k).is('@')) at = k;
        if (spec.isEmpty()) {
            out.add(new Address(name, adl, "", ""));  // <>: the null reverse-path
        } else if (at < 0) {
            out.add(mailbox(name, adl, joined(spec), ""));
        } else {
            out.add(mailbox(name, adl, joined(spec.subList(0, at)), joined(spec.subList(at + 1, spec.size()))));
        }
    }

    private static Address mailbox(String name, String adl, String local, String domain) {
        return new Address(name, adl, local.isEmpty() ? MISSING_MAILBOX : local,
                domain.isEmpty() ? MISSING_DOMAIN : domain);
    }

    /** A display name: words with single spaces where the header had white space, quotes removed. */
    private static String phraseText(List<Token> phrase) {
        var sb = new StringBuilder();
        for (var t : phrase) {
            if (t.spaceBefore() && !sb.isEmpty()) sb.append(' ');
            sb.append(t.text());
        }
        return sb.toString();
    }

    /** A local part or domain: tokens run together (dot-atoms, quoted local parts unquoted). */
    private static String joined(List<Token> tokens) {
        var sb = new StringBuilder();
        for (var t : tokens) if (t.kind() != Kind.COMMENT) sb.append(t.text());
        return sb.toString();
    }

    // --- Content-Type, Content-Disposition, Content-Language ----------------------------------------------------

    private static final String MIME_SPECIALS = "()<>@,;:\\/[]?=";

    /** Type, subtype (null if absent) and parameters of a Content-Type or Content-Disposition value. */
    record MediaValue(String type, String subtype, List<Parameter> parameters) {}

    static MediaValue mediaValue(String value) {
        var toks = tokens(value == null ? "" : value, MIME_SPECIALS);
        var c = new Cursor(toks);
        String type = c.more() && c.tokens.get(0).kind() == Kind.WORD ? c.next().text() : null;
        String subtype = null;
        if (type != null && c.at('/')) {
            c.i++;
            if (c.more() && c.tokens.get(c.i).kind() == Kind.WORD) subtype = c.next().text();
        }
        var params = new ArrayList<Parameter>();
        while (c.more()) {
            if (!c.at(';')) {
                c.i++;
                continue;
            }
            c.i++;
            if (!c.more() || c.tokens.get(c.i).kind() == Kind.SPECIAL) continue;
            String name = c.next().text();
            if (!c.at('=')) continue;
            c.i++;
            var v = new StringBuilder();
            while (c.more() && !c.at(';')) {
                var t = c.next();
                if (t.spaceBefore() && !v.isEmpty()) break;
                v.append(t.text());
            }
            params.add(new Parameter(name, v.toString()));
        }
        return new MediaValue(type, subtype, params);
    }

    /** The value of the parameter {@code name}, case-insensitively, or null. */
    static String parameter(List<Parameter> parameters, String name) {
        for (var p : parameters) if (p.name().equalsIgnoreCase(name)) return p.value();
        return null;
    }

    /** Content-Language tags (RFC 3282): a comma-separated list. */
    static List<String> languages(String value) {
        var out = new ArrayList<String>();
        if (value == null) return out;
        for (var t : tokens(value, ",")) if (t.kind() != Kind.SPECIAL) out.add(t.text());
        return out;
    }

    private static final java.util.regex.Pattern MIME_TOKEN =
            java.util.regex.Pattern.compile("[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]+");

    /**
     * Content-Transfer-Encoding as sent, comments dropped; "7bit" when absent or not a token (RFC 2045 §6.1
     * makes 7bit the default; Dovecot shows an invalid value the same way).
     */
    static String encoding(String value) {
        if (value == null) return "7bit";
        var words = tokens(value, "");
        if (words.size() != 1 || !MIME_TOKEN.matcher(words.getFirst().text()).matches()) return "7bit";
        return words.getFirst().text();
    }
}
