package dev.tern.imap.proto;

import dev.tern.imap.proto.CommandReader.Cursor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recursive descent over RFC 9051 §9 (and RFC 3501 §9 where rev1 differs): one method per rule, each reading
 * from the {@link Cursor}, which pulls literals inline as they come. FETCH and SEARCH, the two largest grammars,
 * are read by {@link FetchParser} and {@link SearchParser} with the value rules kept here.
 */
final class CommandParser {
    static final int MAX_LIST_ITEMS = 1000;
    /** Messages in one MULTIAPPEND (RFC 3502): each is bounded by limits.message-size, their number by this. */
    static final int MAX_APPEND_MESSAGES = 1000;
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
            "NOV", "DEC"};

    private final Cursor c;
    private final boolean utf8;

    CommandParser(Cursor cursor, boolean utf8) {
        this.c = cursor;
        this.utf8 = utf8;
    }

    Command command() throws IOException {
        var name = atom().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "CAPABILITY" -> new Command.Capability();
            case "NOOP" -> new Command.Noop();
            case "CHECK" -> new Command.Check();
            case "LOGOUT" -> new Command.Logout();
            case "STARTTLS" -> new Command.StartTls();
            case "AUTHENTICATE" -> authenticate();
            case "LOGIN" -> login();
            case "ENABLE" -> enable();
            case "SELECT" -> select(false);
            case "EXAMINE" -> select(true);
            case "CREATE" -> create();
            case "DELETE" -> new Command.Delete(spaceMailbox());
            case "RENAME" -> new Command.Rename(spaceMailbox(), spaceMailbox());
            case "SUBSCRIBE" -> new Command.Subscribe(spaceMailbox());
            case "UNSUBSCRIBE" -> new Command.Unsubscribe(spaceMailbox());
            case "LIST" -> list();
            case "LSUB" -> lsub();
            case "NAMESPACE" -> new Command.Namespace();
            case "STATUS" -> status();
            case "GETQUOTA" -> {
                c.space();
                yield new Command.GetQuota(astring());
            }
            case "GETQUOTAROOT" -> new Command.GetQuotaRoot(spaceMailbox());
            case "SETQUOTA" -> setQuota();
            case "APPEND" -> append();
            case "IDLE" -> new Command.Idle();
            case "CLOSE" -> new Command.Close();
            case "UNSELECT" -> new Command.Unselect();
            case "EXPUNGE" -> new Command.Expunge(Optional.empty());
            case "SEARCH" -> new SearchParser(this, c).search(false);
            case "SORT" -> new SearchParser(this, c).sort(false);
            case "THREAD" -> new SearchParser(this, c).thread(false);
            case "FETCH" -> new FetchParser(this, c).fetch(false);
            case "STORE" -> store(false);
            case "COPY" -> new Command.Copy(false, spaceSequenceSet(), spaceMailbox());
            case "MOVE" -> new Command.Move(false, spaceSequenceSet(), spaceMailbox());
            case "ID" -> id();
            case "UID" -> uid();
            default -> throw new ImapException.Bad("unknown command " + name);
        };
    }

    private Command uid() throws IOException {
        c.space();
        var name = atom().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "FETCH" -> new FetchParser(this, c).fetch(true);
            case "STORE" -> store(true);
            case "SEARCH" -> new SearchParser(this, c).search(true);
            case "SORT" -> new SearchParser(this, c).sort(true);
            case "THREAD" -> new SearchParser(this, c).thread(true);
            case "COPY" -> new Command.Copy(true, spaceSequenceSet(), spaceMailbox());
            case "MOVE" -> new Command.Move(true, spaceSequenceSet(), spaceMailbox());
            case "EXPUNGE" -> new Command.Expunge(Optional.of(spaceSequenceSet()));
            default -> throw new ImapException.Bad("UID " + name + " is not a command; UID takes FETCH, STORE, "
                    + "SEARCH, SORT, THREAD, COPY, MOVE or EXPUNGE");
        };
    }

    // --- authentication -----------------------------------------------------------------------------------------

    private Command authenticate() {
        c.space();
        var mechanism = atom().toUpperCase(Locale.ROOT);
        Optional<String> initial = Optional.empty();
        if (c.take(' ')) {
            // RFC 4959: base64 or "=" for an empty initial response.
            int start = c.pos;
            while (!c.atEnd() && c.peek() != ' ') c.pos++;
            initial = Optional.of(new String(c.line, start, c.pos - start, StandardCharsets.US_ASCII));
        }
        return new Command.Authenticate(mechanism, initial);
    }

    private Command login() throws IOException {
        c.space();
        var user = astring();
        c.space();
        return new Command.Login(user, astring());
    }

    private Command enable() {
        var caps = new ArrayList<String>();
        do {
            c.space();
            caps.add(atom().toUpperCase(Locale.ROOT));
        } while (c.peek() == ' ' && caps.size() < MAX_LIST_ITEMS);
        return new Command.Enable(caps);
    }

    // --- mailboxes ----------------------------------------------------------------------------------------------

    private Command select(boolean readOnly) throws IOException {
        var mailbox = spaceMailbox();
        boolean condstore = false;
        Optional<Command.QResync> qresync = Optional.empty();
        if (c.take(' ')) {
            // RFC 4466 §2.1: "(" select-param *(SP select-param) ")"
            c.expect('(');
            do {
                var p = atom().toUpperCase(Locale.ROOT);
                switch (p) {
                    case "CONDSTORE" -> condstore = true;
                    case "QRESYNC" -> qresync = Optional.of(qresync());
                    default -> throw new ImapException.Bad("unknown SELECT parameter " + p
                            + "; this server takes CONDSTORE and QRESYNC");
                }
            } while (c.take(' '));
            c.expect(')');
        }
        return new Command.Select(mailbox, readOnly, condstore, qresync);
    }

    /** RFC 7162 §7: "QRESYNC" SP "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")" */
    private Command.QResync qresync() {
        c.space();
        c.expect('(');
        long uidValidity = number();
        if (uidValidity < 1 || uidValidity > 0xFFFF_FFFFL) throw new ImapException.Bad("bad UIDVALIDITY " + uidValidity);
        c.space();
        long modSeq = modSeqValue();
        if (modSeq < 1) throw new ImapException.Bad("QRESYNC needs a mod-sequence above 0");
        Optional<SequenceSet> knownUids = Optional.empty();
        Optional<Command.SeqMatch> seqMatch = Optional.empty();
        if (c.take(' ')) {
            if (c.peek() != '(') {
                knownUids = Optional.of(sequenceSet());
                if (c.take(' ') && c.peek() != '(') throw new ImapException.Bad("expected seq-match-data" + c.found());
            }
            if (c.take('(')) {
                var sequences = sequenceSet();
                c.space();
                var uids = sequenceSet();
                c.expect(')');
                seqMatch = Optional.of(new Command.SeqMatch(sequences, uids));
            }
        }
        c.expect(')');
        return new Command.QResync(uidValidity, modSeq, knownUids, seqMatch);
    }

    private Command create() throws IOException {
        var mailbox = spaceMailbox();
        var use = new ArrayList<String>();
        if (c.take(' ')) {
            // RFC 6154 §5.3: create-param = "USE" SP "(" [use-attr *(SP use-attr)] ")"
            c.expect('(');
            var param = atom().toUpperCase(Locale.ROOT);
            if (!param.equals("USE")) throw new ImapException.Bad("unknown CREATE parameter " + param);
            c.space();
            use.addAll(flagList());
            c.expect(')');
        }
        return new Command.Create(mailbox, use);
    }

    private Command list() throws IOException {
        c.space();
        var selection = new LinkedHashSet<String>();
        boolean extended = false;
        if (c.peek() == '(') {
            extended = true;
            selection.addAll(upperAtoms());
            c.space();
        }
        var reference = mailbox();
        c.space();
        var patterns = new ArrayList<String>();
        if (c.take('(')) {
            extended = true;
            do patterns.add(listMailbox()); while (c.take(' ') && patterns.size() < MAX_LIST_ITEMS);
            c.expect(')');
        } else {
            patterns.add(listMailbox());
        }
        var returns = new LinkedHashSet<String>();
        var statusItems = new ArrayList<String>();
        if (c.take(' ')) {
            extended = true;
            var word = atom().toUpperCase(Locale.ROOT);
            if (!word.equals("RETURN")) throw new ImapException.Bad("expected RETURN after the LIST patterns");
            c.space();
            c.expect('(');
            while (!c.take(')')) {
                var option = atom().toUpperCase(Locale.ROOT);
                returns.add(option);
                if (option.equals("STATUS")) {
                    c.space();
                    statusItems.addAll(upperAtoms());
                }
                c.take(' ');
            }
        }
        return new Command.ListMailboxes(reference, patterns, selection, returns, statusItems, extended);
    }

    private Command lsub() throws IOException {
        c.space();
        var reference = mailbox();
        c.space();
        return new Command.Lsub(reference, listMailbox());
    }

    private Command status() throws IOException {
        var mailbox = spaceMailbox();
        c.space();
        return new Command.Status(mailbox, upperAtoms());
    }

    /** setquota = "SETQUOTA" SP quota-root-name SP setquota-list (RFC 9208 §7). */
    private Command setQuota() throws IOException {
        c.space();
        var root = astring();
        c.space();
        c.expect('(');
        var limits = new java.util.LinkedHashMap<String, Long>();
        while (!c.take(')')) {
            if (!limits.isEmpty()) c.space();
            var resource = atom().toUpperCase(Locale.ROOT);
            c.space();
            limits.put(resource, number());
            if (limits.size() > MAX_LIST_ITEMS) throw new ImapException.Bad("too many quota resources");
        }
        return new Command.SetQuota(root, limits);
    }

    private Command append() throws IOException {
        var mailbox = spaceMailbox();
        var messages = new ArrayList<Command.AppendMessage>();
        long memoryLeft = c.memoryThreshold();
        try {
            // RFC 3502 §6: append = "APPEND" SP mailbox 1*append-message
            do {
                c.space();
                var message = appendMessage(memoryLeft);
                if (message.message() instanceof MessageLiteral.InMemory m) memoryLeft -= m.size();
                messages.add(message);
                if (messages.size() > MAX_APPEND_MESSAGES) {
                    throw new ImapException.Bad("at most " + MAX_APPEND_MESSAGES + " messages per APPEND");
                }
            } while (c.peek() == ' ');
        } catch (IOException | RuntimeException e) {
            for (var m : messages) m.message().close();
            throw e;
        }
        return new Command.Append(mailbox, messages);
    }

    /** append-message = append-opts SP append-data; small messages are kept in memory while {@code memoryLeft} lasts. */
    private Command.AppendMessage appendMessage(long memoryLeft) throws IOException {
        List<String> flags = List.of();
        if (c.peek() == '(') {
            flags = flagList();
            c.space();
        }
        Optional<Instant> date = Optional.empty();
        if (c.peek() == '"') {
            date = Optional.of(dateTime(quoted()));
            c.space();
        }
        if (utf8 && startsWithWord("UTF8")) {
            // RFC 6855 §4: append-data =/ "UTF8" SP "(" literal8 ")"
            atom();
            c.space();
            c.expect('(');
            var message = c.message(memoryLeft);
            try {
                c.expect(')');
            } catch (ImapException e) {
                message.close();
                throw e;
            }
            return new Command.AppendMessage(flags, date, message);
        }
        return new Command.AppendMessage(flags, date, c.message(memoryLeft));
    }

    private Command id() throws IOException {
        c.space();
        var params = new LinkedHashMap<String, String>();
        if (c.take('(')) {
            while (!c.take(')')) {
                var key = string();
                c.space();
                params.put(key, nstring());
                c.take(' ');
                if (params.size() > 30) throw new ImapException.Bad("ID takes at most 30 field-value pairs (RFC 2971 §3.3)");
            }
        } else {
            nil();
        }
        return new Command.Id(params);
    }

    // --- messages -----------------------------------------------------------------------------------------------

    private Command store(boolean uid) throws IOException {
        var set = spaceSequenceSet();
        c.space();
        long unchangedSince = -1;
        if (c.take('(')) {
            var modifier = atom().toUpperCase(Locale.ROOT);
            if (!modifier.equals("UNCHANGEDSINCE")) throw new ImapException.Bad("unknown STORE modifier " + modifier);
            c.space();
            unchangedSince = modSeqValue();
            c.expect(')');
            c.space();
        }
        var op = c.take('+') ? Command.FlagOperation.ADD : c.take('-') ? Command.FlagOperation.REMOVE
                : Command.FlagOperation.REPLACE;
        var item = atom().toUpperCase(Locale.ROOT);
        boolean silent = item.equals("FLAGS.SILENT");
        if (!silent && !item.equals("FLAGS")) throw new ImapException.Bad("STORE takes FLAGS or FLAGS.SILENT, not " + item);
        c.space();
        List<String> flags;
        if (c.peek() == '(') {
            flags = flagList();
        } else {
            flags = new ArrayList<>();
            do flags.add(flag()); while (c.take(' '));
        }
        return new Command.Store(uid, set, op, silent, flags, unchangedSince);
    }

    boolean startsWithWord(String word) {
        int end = c.pos + word.length();
        if (end >= c.line.length || c.line[end] != ' ') return false;
        return new String(c.line, c.pos, word.length(), StandardCharsets.US_ASCII).equalsIgnoreCase(word);
    }

    // --- values -------------------------------------------------------------------------------------------------

    interface Part<T> {
        T read() throws IOException;
    }

    <T> T spaceThen(Part<T> part) throws IOException {
        c.space();
        return part.read();
    }

    String spaceAstring() throws IOException { return spaceThen(this::astring); }

    private String spaceMailbox() throws IOException { return spaceThen(this::mailbox); }

    SequenceSet spaceSequenceSet() { c.space(); return sequenceSet(); }

    SequenceSet sequenceSet() {
        int start = c.pos;
        while (!c.atEnd() && ((c.peek() >= '0' && c.peek() <= '9') || c.peek() == ':' || c.peek() == ','
                || c.peek() == '*')) c.pos++;
        if (start == c.pos) throw new ImapException.Bad("expected a sequence set" + c.found());
        return SequenceSet.parse(new String(c.line, start, c.pos - start, StandardCharsets.US_ASCII));
    }

    /** A mailbox name, decoded: INBOX in any case is INBOX (RFC 9051 §5.1). */
    String mailbox() throws IOException {
        return decodeName(astring());
    }

    private String decodeName(String raw) {
        if (raw.equalsIgnoreCase("INBOX")) return "INBOX";
        if (utf8) return raw;
        try {
            return ModifiedUtf7.decode(raw);
        } catch (IllegalArgumentException e) {
            throw new ImapException.Bad(e.getMessage());
        }
    }

    /** list-mailbox: 1*list-char / string; wildcards stay for the caller to match. */
    private String listMailbox() throws IOException {
        if (c.peek() == '"' || c.peek() == '{' || c.peek() == '~') return decodeName(string());
        int start = c.pos;
        while (!c.atEnd() && Syntax.isListChar(c.peek())) c.pos++;
        if (start == c.pos) throw new ImapException.Bad("expected a mailbox pattern" + c.found());
        return decodeName(new String(c.line, start, c.pos - start, StandardCharsets.UTF_8));
    }

    String atom() {
        int start = c.pos;
        while (!c.atEnd() && Syntax.isAtomChar(c.peek())) c.pos++;
        if (start == c.pos) throw new ImapException.Bad("expected an atom at column " + (start + 1) + c.found());
        return new String(c.line, start, c.pos - start, StandardCharsets.US_ASCII);
    }

    String astring() throws IOException {
        if (c.peek() == '"' || c.atLiteral()) return string();
        int start = c.pos;
        while (!c.atEnd() && (Syntax.isAstringChar(c.peek()) || (utf8 && c.peek() >= 0x80))) c.pos++;
        if (start == c.pos) throw new ImapException.Bad("expected a string at column " + (start + 1) + c.found());
        return new String(c.line, start, c.pos - start, StandardCharsets.UTF_8);
    }

    String string() throws IOException {
        if (c.peek() == '"') return quoted();
        if (c.atLiteral()) return new String(c.literal(), StandardCharsets.UTF_8);
        throw new ImapException.Bad("expected a quoted string or a literal" + c.found());
    }

    private String nstring() throws IOException {
        if (c.peek() == 'N' || c.peek() == 'n') {
            nil();
            return null;
        }
        return string();
    }

    private void nil() {
        if (!atom().equalsIgnoreCase("NIL")) throw new ImapException.Bad("expected NIL");
    }

    String quoted() {
        c.expect('"');
        var bytes = new java.io.ByteArrayOutputStream();
        while (true) {
            int ch = c.next();
            if (ch == '"') break;
            if (ch == '\\') {
                ch = c.next();
                if (ch != '"' && ch != '\\') throw new ImapException.Bad("only \\\" and \\\\ may be escaped in a quoted string");
            } else if (ch == '\r' || ch == '\n' || ch == 0) {
                throw new ImapException.Bad("CR, LF and NUL cannot be in a quoted string");
            }
            bytes.write(ch);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    long number() {
        int start = c.pos;
        long n = 0;
        while (c.peek() >= '0' && c.peek() <= '9') {
            n = n * 10 + (c.next() - '0');
            if (n > 0x7FFF_FFFF_FFFFL) throw new ImapException.Bad("number too large");
        }
        if (start == c.pos) throw new ImapException.Bad("expected a number at column " + (start + 1) + c.found());
        return n;
    }

    /** mod-sequence-value = 1*DIGIT, up to 2^63 - 1 (RFC 7162 §7). */
    long modSeqValue() {
        int start = c.pos;
        long n = 0;
        while (c.peek() >= '0' && c.peek() <= '9') {
            int digit = c.next() - '0';
            if (n > (Long.MAX_VALUE - digit) / 10) throw new ImapException.Bad("mod-sequence above 2^63 - 1");
            n = n * 10 + digit;
        }
        if (start == c.pos) throw new ImapException.Bad("expected a mod-sequence at column " + (start + 1) + c.found());
        return n;
    }

    String flag() {
        boolean system = c.take('\\');
        if (system && c.take('*')) return "\\*";
        var name = atom();
        return system ? "\\" + name : name;
    }

    List<String> flagList() {
        c.expect('(');
        var flags = new ArrayList<String>();
        if (c.take(')')) return flags;
        do flags.add(flag()); while (c.take(' ') && flags.size() < MAX_LIST_ITEMS);
        c.expect(')');
        return flags;
    }

    List<String> upperAtoms() {
        c.expect('(');
        var atoms = new ArrayList<String>();
        if (c.take(')')) return atoms;
        do atoms.add(atom().toUpperCase(Locale.ROOT)); while (c.take(' ') && atoms.size() < MAX_LIST_ITEMS);
        c.expect(')');
        return atoms;
    }

    // --- dates --------------------------------------------------------------------------------------------------

    /** date = date-text / DQUOTE date-text DQUOTE; date-text = date-day "-" date-month "-" date-year */
    static LocalDate date(String text) {
        var parts = text.split("-", -1);
        if (parts.length != 3) throw badDate(text);
        try {
            return LocalDate.of(Integer.parseInt(parts[2]), month(parts[1], text), Integer.parseInt(parts[0]));
        } catch (RuntimeException e) {
            throw badDate(text);
        }
    }

    /** date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE */
    static Instant dateTime(String text) {
        try {
            var t = text.strip();
            int sp = t.indexOf(' ');
            var day = date(t.substring(0, sp));
            var rest = t.substring(sp + 1).split(" ");
            var hms = rest[0].split(":");
            var zone = rest[1];
            if (zone.length() != 5 || (zone.charAt(0) != '+' && zone.charAt(0) != '-')) throw badDate(text);
            int minutes = Integer.parseInt(zone.substring(1, 3)) * 60 + Integer.parseInt(zone.substring(3));
            var offset = ZoneOffset.ofTotalSeconds((zone.charAt(0) == '-' ? -60 : 60) * minutes);
            return ZonedDateTime.of(day.getYear(), day.getMonthValue(), day.getDayOfMonth(), Integer.parseInt(hms[0]),
                    Integer.parseInt(hms[1]), Integer.parseInt(hms[2]), 0, offset).toInstant();
        } catch (ImapException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ImapException.Bad("bad date-time \"" + text + "\"; expected e.g. \"17-Jul-2026 09:05:00 +0200\"");
        }
    }

    private static int month(String name, String text) {
        for (int i = 0; i < 12; i++) if (MONTHS[i].equalsIgnoreCase(name)) return i + 1;
        throw badDate(text);
    }

    private static ImapException.Bad badDate(String text) {
        return new ImapException.Bad("bad date \"" + text + "\"; expected e.g. 1-Feb-2026");
    }
}
