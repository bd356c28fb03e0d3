package dev.tern.smtp;

import dev.tern.queue.OutboundEnvelope.Notify;
import dev.tern.queue.OutboundEnvelope.Ret;
import dev.tern.smtp.SmtpCommand.Body;
import dev.tern.smtp.SmtpCommand.MailParameters;
import dev.tern.smtp.SmtpCommand.RcptParameters;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses one SMTP command line (without CRLF) into a {@link SmtpCommand}. Pure: no state, no I/O, so that it can
 * be tested and fuzzed alone. Paths follow RFC 5321 §4.1.2 strictly (angle brackets required, a domain or an
 * address literal after the '@', a dot-string or quoted-string local part); the one leniency is the space some
 * clients put after "FROM:" and "TO:". Source routes are refused rather than ignored, so that nothing after the
 * route can be mistaken for the mailbox.
 */
public final class CommandParser {
    /** RFC 5321 §4.5.3.1: local part 64 octets, domain 255, path 256. */
    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_DOMAIN = 255;
    private static final int MAX_PATH = 256;

    private CommandParser() {}

    public static SmtpCommand parse(String line) throws SmtpError {
        int space = line.indexOf(' ');
        var verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        var rest = space < 0 ? "" : line.substring(space + 1);
        return switch (verb) {
            case "EHLO" -> new SmtpCommand.Ehlo(clientName(verb, rest));
            case "HELO" -> new SmtpCommand.Helo(clientName(verb, rest));
            case "MAIL" -> mail(rest);
            case "RCPT" -> rcpt(rest);
            case "DATA" -> noArguments(verb, rest, new SmtpCommand.Data());
            case "BDAT" -> bdat(rest);
            case "RSET" -> noArguments(verb, rest, new SmtpCommand.Rset());
            case "QUIT" -> noArguments(verb, rest, new SmtpCommand.Quit());
            case "STARTTLS" -> noArguments(verb, rest, new SmtpCommand.StartTls());
            case "NOOP" -> new SmtpCommand.Noop(); // RFC 5321 §4.1.1.9: a parameter is allowed and ignored
            case "VRFY" -> new SmtpCommand.Vrfy(required(verb, rest, "an address or name"));
            case "HELP" -> new SmtpCommand.Help(rest.strip());
            case "AUTH" -> auth(rest);
            case "" -> throw new SmtpError(500, "5.5.2", "Empty command line; send a command such as EHLO");
            default -> throw new SmtpError(500, "5.5.1", "Unknown command " + printable(verb)
                    + "; try EHLO, MAIL, RCPT, DATA, BDAT, RSET, NOOP, QUIT or HELP");
        };
    }

    private static SmtpCommand noArguments(String verb, String rest, SmtpCommand command) throws SmtpError {
        if (!rest.isBlank()) throw SmtpError.syntax(verb + " takes no arguments (RFC 5321 §4.1.1)");
        return command;
    }

    private static String required(String verb, String rest, String what) throws SmtpError {
        var value = rest.strip();
        if (value.isEmpty()) throw SmtpError.syntax(verb + " needs " + what);
        return value;
    }

    private static String clientName(String verb, String rest) throws SmtpError {
        var name = required(verb, rest, "the client's domain name or address literal (RFC 5321 §4.1.1.1)");
        int space = name.indexOf(' ');
        // RFC 5321 §4.1.1.1: only the domain; some clients add words after it, which are ignored.
        return space < 0 ? name : name.substring(0, space);
    }

    private static SmtpCommand bdat(String rest) throws SmtpError {
        var parts = rest.strip().split(" +");
        if (parts.length < 1 || parts.length > 2 || parts[0].isEmpty() || !parts[0].chars().allMatch(Character::isDigit)
                || parts[0].length() > 18) {
            throw SmtpError.syntax("BDAT takes a chunk size in octets and optionally LAST (RFC 3030 §2)");
        }
        boolean last = parts.length == 2;
        if (last && !parts[1].equalsIgnoreCase("LAST")) throw SmtpError.syntax("BDAT's second argument can only be LAST");
        return new SmtpCommand.Bdat(Long.parseLong(parts[0]), last);
    }

    private static SmtpCommand auth(String rest) throws SmtpError {
        var parts = rest.strip().split(" +");
        if (parts[0].isEmpty() || parts.length > 2) {
            throw SmtpError.syntax("AUTH takes a mechanism and optionally an initial response (RFC 4954 §4)");
        }
        return new SmtpCommand.Auth(parts[0].toUpperCase(Locale.ROOT),
                parts.length == 2 ? Optional.of(parts[1]) : Optional.empty());
    }

    // --- MAIL and RCPT -----------------------------------------------------------------------------------------

    private static SmtpCommand mail(String rest) throws SmtpError {
        var cursor = new Cursor(afterKeyword(rest, "FROM:", "MAIL FROM:<address> [parameters]"));
        Optional<MailboxAddress> sender;
        if (cursor.startsWith("<>")) {
            cursor.skip(2);
            sender = Optional.empty();
        } else {
            sender = Optional.of(path(cursor));
        }
        return new SmtpCommand.Mail(sender, mailParameters(cursor.rest()));
    }

    private static SmtpCommand rcpt(String rest) throws SmtpError {
        var cursor = new Cursor(afterKeyword(rest, "TO:", "RCPT TO:<address> [parameters]"));
        MailboxAddress recipient;
        if (cursor.startsWithIgnoreCase("<Postmaster>")) {
            cursor.skip("<Postmaster>".length());
            recipient = MailboxAddress.POSTMASTER;
        } else {
            recipient = path(cursor);
        }
        return new SmtpCommand.Rcpt(recipient, rcptParameters(cursor.rest()));
    }

    private static String afterKeyword(String rest, String keyword, String form) throws SmtpError {
        if (!rest.regionMatches(true, 0, keyword, 0, keyword.length())) throw SmtpError.syntax("Expected " + form);
        var after = rest.substring(keyword.length());
        // Leniency: "MAIL FROM: <a@b>" is common although RFC 5321 §4.1.1.2 has no space there.
        return after.startsWith(" ") ? after.stripLeading() : after;
    }

    /** Path = "<" [ A-d-l ":" ] Mailbox ">" (RFC 5321 §4.1.2), with the source route refused. */
    private static MailboxAddress path(Cursor c) throws SmtpError {
        int start = c.position();
        if (!c.take('<')) throw SmtpError.badAddress("The address must be in angle brackets, like <user@example.com>");
        if (c.peek() == '@') {
            throw new SmtpError(553, "5.7.1", "Source routes (<@host:user@domain>) are not accepted; "
                    + "give the mailbox alone, like <user@domain> (RFC 5321 §4.1.2, Appendix C)");
        }
        var address = mailbox(c);
        if (!c.take('>')) throw SmtpError.badAddress("Expected '>' after the address at position " + c.position());
        if (c.position() - start > MAX_PATH) throw SmtpError.badAddress("The path is longer than 256 octets (RFC 5321 §4.5.3.1.3)");
        return address;
    }

    private static MailboxAddress mailbox(Cursor c) throws SmtpError {
        boolean quoted = c.peek() == '"';
        var local = quoted ? quotedString(c) : dotString(c);
        if (local.isEmpty()) throw SmtpError.badAddress("The address has an empty local part");
        if (utf8Length(local) > MAX_LOCAL_PART) {
            throw SmtpError.badAddress("The local part is longer than 64 octets (RFC 5321 §4.5.3.1.1)");
        }
        if (!c.take('@')) throw SmtpError.badAddress("The address needs local-part@domain");
        var domain = c.peek() == '[' ? addressLiteral(c) : domain(c);
        return new MailboxAddress(local, domain, quoted);
    }

    private static String dotString(Cursor c) throws SmtpError {
        int start = c.position();
        while (isAtext(c.peek()) || c.peek() == '.') c.skip(1);
        var s = c.text(start);
        if (!s.isEmpty() && !isDotString(s)) {
            throw SmtpError.badAddress("The local part '" + s + "' has a dot at its start or end or two in a row");
        }
        return s;
    }

    /** Dot-string = Atom *("." Atom), atext extended by UTF-8 (RFC 6531 §3.3). */
    static boolean isDotString(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) return false;
        return s.chars().allMatch(ch -> isAtext(ch) || ch == '.');
    }

    private static String quotedString(Cursor c) throws SmtpError {
        c.skip(1);
        var out = new StringBuilder();
        while (true) {
            int ch = c.peek();
            if (ch < 0) throw SmtpError.badAddress("The quoted local part has no closing quote");
            c.skip(1);
            if (ch == '"') return out.toString();
            if (ch == '\\') {
                int next = c.peek();
                if (next < 32 || next > 126) throw SmtpError.badAddress("A backslash in a quoted local part must escape a printable character");
                c.skip(1);
                out.append((char) next);
            } else if ((ch >= 32 && ch <= 126) || ch >= 0x80) {
                out.append((char) ch);
            } else {
                throw SmtpError.badAddress("The quoted local part holds a control character");
            }
        }
    }

    /** Domain = sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str]; U-labels with SMTPUTF8. */
    private static String domain(Cursor c) throws SmtpError {
        int start = c.position();
        while (isLetDig(c.peek()) || c.peek() == '-' || c.peek() == '.') c.skip(1);
        var domain = c.text(start);
        if (domain.isEmpty()) throw SmtpError.badAddress("The address has no domain after the '@'");
        for (var label : domain.split("\\.", -1)) {
            if (label.isEmpty()) throw SmtpError.badAddress("The domain '" + domain
                    + "' has an empty label (a dot at its start or end, or two in a row)");
            if (label.startsWith("-") || label.endsWith("-")) {
                throw SmtpError.badAddress("The domain '" + domain + "' has a label that starts or ends with '-'");
            }
        }
        if (utf8Length(domain) > MAX_DOMAIN) throw SmtpError.badAddress("The domain is longer than 255 octets");
        return domain;
    }

    /** address-literal = "[" ( IPv4 / "IPv6:" IPv6 ) "]"; general literals are refused. */
    private static String addressLiteral(Cursor c) throws SmtpError {
        int start = c.position();
        c.skip(1);
        while (c.peek() >= 0 && c.peek() != ']' && c.peek() != '>') c.skip(1);
        if (!c.take(']')) throw SmtpError.badAddress("The address literal has no closing ']'");
        var literal = c.text(start);
        var inner = literal.substring(1, literal.length() - 1);
        boolean v6 = inner.regionMatches(true, 0, "IPv6:", 0, 5);
        var ip = v6 ? inner.substring(5) : inner;
        boolean valid = v6 ? ip.contains(":") : ip.matches("(\\d{1,3}\\.){3}\\d{1,3}");
        if (valid) {
            try {
                InetAddress.ofLiteral(ip);
            } catch (IllegalArgumentException e) {
                valid = false;
            }
        }
        if (!valid) throw SmtpError.badAddress("'" + literal + "' is not an IPv4 or [IPv6:...] address literal (RFC 5321 §4.1.3)");
        return v6 ? "[IPv6:" + ip + "]" : literal;
    }

    // --- parameters --------------------------------------------------------------------------------------------

    private static MailParameters mailParameters(String text) throws SmtpError {
        var size = OptionalLong.empty();
        var body = Body.SEVEN_BIT;
        boolean smtpUtf8 = false;
        Optional<Ret> ret = Optional.empty();
        Optional<String> envid = Optional.empty();
        Optional<String> auth = Optional.empty();
        var seen = new HashSet<String>();
        for (var p : parameters(text, seen)) {
            switch (p.keyword()) {
                case "SIZE" -> size = OptionalLong.of(number(p));
                case "BODY" -> body = switch (value(p).toUpperCase(Locale.ROOT)) {
                    case "7BIT" -> Body.SEVEN_BIT;
                    case "8BITMIME" -> Body.EIGHT_BIT_MIME;
                    case "BINARYMIME" -> Body.BINARY_MIME;
                    default -> throw SmtpError.badParameter("BODY must be 7BIT, 8BITMIME or BINARYMIME");
                };
                case "SMTPUTF8" -> {
                    if (p.value() != null) throw SmtpError.badParameter("SMTPUTF8 takes no value (RFC 6531 §3.4)");
                    smtpUtf8 = true;
                }
                case "RET" -> ret = Optional.of(switch (value(p).toUpperCase(Locale.ROOT)) {
                    case "FULL" -> Ret.FULL;
                    case "HDRS" -> Ret.HDRS;
                    default -> throw SmtpError.badParameter("RET must be FULL or HDRS (RFC 3461 §4.3)");
                });
                case "ENVID" -> envid = Optional.of(Xtext.decode(value(p)));
                case "AUTH" -> auth = Optional.of(value(p).equals("<>") ? "<>" : Xtext.decode(value(p)));
                default -> throw SmtpError.badParameter("MAIL parameter " + p.keyword() + " is not supported");
            }
        }
        return new MailParameters(size, body, smtpUtf8, ret, envid, auth);
    }

    private static RcptParameters rcptParameters(String text) throws SmtpError {
        var notify = EnumSet.noneOf(Notify.class);
        Optional<String> orcpt = Optional.empty();
        for (var p : parameters(text, new HashSet<>())) {
            switch (p.keyword()) {
                case "NOTIFY" -> {
                    for (var word : value(p).toUpperCase(Locale.ROOT).split(",", -1)) {
                        try {
                            notify.add(Notify.valueOf(word));
                        } catch (IllegalArgumentException e) {
                            throw SmtpError.badParameter("NOTIFY is NEVER or a list of SUCCESS, FAILURE, DELAY");
                        }
                    }
                    if (notify.contains(Notify.NEVER) && notify.size() > 1) {
                        throw SmtpError.badParameter("NOTIFY=NEVER cannot be combined (RFC 3461 §4.1)");
                    }
                }
                case "ORCPT" -> {
                    var v = value(p);
                    int semi = v.indexOf(';');
                    if (semi <= 0) throw SmtpError.badParameter("ORCPT is addr-type;xtext, e.g. rfc822;user@example.com");
                    orcpt = Optional.of(v.substring(0, semi) + ";" + Xtext.decode(v.substring(semi + 1)));
                }
                default -> throw SmtpError.badParameter("RCPT parameter " + p.keyword() + " is not supported");
            }
        }
        return new RcptParameters(notify, orcpt);
    }

    private record Parameter(String keyword, String value) {}

    /** esmtp-param = esmtp-keyword ["=" esmtp-value], separated by spaces (RFC 5321 §4.1.2). */
    private static java.util.List<Parameter> parameters(String text, HashSet<String> seen) throws SmtpError {
        var list = new java.util.ArrayList<Parameter>();
        if (text.isEmpty()) return list;
        if (text.charAt(0) != ' ') throw SmtpError.badAddress("Expected a space or the end after the address");
        for (var word : text.strip().split(" +")) {
            if (word.isEmpty()) continue;
            int eq = word.indexOf('=');
            var keyword = (eq < 0 ? word : word.substring(0, eq)).toUpperCase(Locale.ROOT);
            if (!keyword.matches("[A-Z0-9][A-Z0-9-]*")) throw SmtpError.badParameter("'" + printable(word) + "' is not a parameter");
            var value = eq < 0 ? null : word.substring(eq + 1);
            if (value != null && (value.isEmpty() || value.chars().anyMatch(ch -> ch < 33 || ch == '=' || ch == 127))) {
                throw SmtpError.badParameter("The value of " + keyword + " is empty or holds '=' or a control character");
            }
            if (!seen.add(keyword)) throw SmtpError.badParameter(keyword + " is given twice");
            list.add(new Parameter(keyword, value));
        }
        return list;
    }

    private static String value(Parameter p) throws SmtpError {
        if (p.value() == null) throw SmtpError.badParameter(p.keyword() + " needs a value");
        return p.value();
    }

    private static long number(Parameter p) throws SmtpError {
        var v = value(p);
        if (!v.chars().allMatch(Character::isDigit) || v.length() > 18) {
            throw SmtpError.badParameter(p.keyword() + " must be a number of octets");
        }
        return Long.parseLong(v);
    }

    // --- characters --------------------------------------------------------------------------------------------

    /** atext of RFC 5322 §3.2.3, plus UTF8-non-ascii (RFC 6531 §3.3). */
    private static boolean isAtext(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80
                || (c >= 0 && "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0);
    }

    private static boolean isLetDig(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** A client's word for an error message: control characters shown as '?', at most 40 characters. */
    static String printable(String s) {
        var t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    /** A position in the text being parsed. */
    private static final class Cursor {
        private final String text;
        private int pos;

        Cursor(String text) { this.text = text; }

        int peek() { return pos < text.length() ? text.charAt(pos) : -1; }

        int position() { return pos; }

        void skip(int n) { pos += n; }

        boolean take(char c) {
            if (peek() != c) return false;
            pos++;
            return true;
        }

        boolean startsWith(String s) { return text.startsWith(s, pos); }

        boolean startsWithIgnoreCase(String s) { return text.regionMatches(true, pos, s, 0, s.length()); }

        String text(int from) { return text.substring(from, pos); }

        String rest() { return text.substring(pos); }
    }
}
