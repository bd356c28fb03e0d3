package dev.tern.mime;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * The date-time of a Date header (RFC 5322 §3.3), with the obsolete forms of §4.3 that real mail still carries:
 * two- and three-digit years, named zones (UT, GMT, EST … PDT; military letters count as -0000), comments and
 * folding anywhere, no seconds, no day of the week, a missing zone (taken as UTC). A hand-written scanner: SORT
 * (DATE) parses the header of every message it orders, and a formatter with its exceptions costs microseconds
 * per message. What is not a date gives empty, never an exception.
 */
public final class MessageDate {
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
            "nov", "dec"};
    private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

    private final String s;
    private int pos;

    private MessageDate(String s) {
        this.s = s;
    }

    /** The date-time in {@code value}, in the zone it names; empty when it is not a date. */
    public static Optional<OffsetDateTime> parse(String value) {
        if (value == null) return Optional.empty();
        try {
            return Optional.ofNullable(new MessageDate(value).dateTime());
        } catch (DateTimeException outOfRange) {
            return Optional.empty();
        }
    }

    /** date-time = [ day-of-week "," ] date time [CFWS]; null if the text does not follow it. */
    private OffsetDateTime dateTime() {
        skipCfws();
        if (letter()) {
            if (indexOf(DAYS, word()) < 0) return null;
            skipCfws();
            if (peek() == ',') pos++;
            skipCfws();
        }
        int day = number(1, 2);
        skipCfws();
        int month = indexOf(MONTHS, word()) + 1;
        skipCfws();
        int yearStart = pos;
        int year = number(2, 4);
        int yearDigits = pos - yearStart;
        if (day < 0 || month < 1 || year < 0) return null;
        if (yearDigits == 2) year += year < 50 ? 2000 : 1900; // RFC 5322 §4.3
        else if (yearDigits == 3) year += 1900;
        skipCfws();
        int hour = number(1, 2);
        if (!colon()) return null;
        int minute = number(2, 2);
        int second = 0;
        if (colon()) second = number(2, 2);
        if (hour < 0 || minute < 0 || second < 0) return null;
        skipCfws();
        var zone = zone();
        if (zone == null) return null;
        // A leap second (60) is kept as the last second of its minute.
        var local = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59));
        return OffsetDateTime.of(local, zone);
    }

    /** zone = ("+" / "-") 4DIGIT / obs-zone; none at all is taken as UTC, like the military letters (§4.3). */
    private ZoneOffset zone() {
        char c = peek();
        if (c == '+' || c == '-') {
            pos++;
            int start = pos;
            int hhmm = number(4, 4);
            if (hhmm < 0 || pos - start != 4) return null;
            int minutes = hhmm / 100 * 60 + hhmm % 100;
            if (hhmm % 100 > 59) return null;
            return ZoneOffset.ofTotalSeconds((c == '-' ? -minutes : minutes) * 60);
        }
        if (!letter()) return ZoneOffset.UTC;
        return switch (word()) {
            case "ut", "gmt", "z" -> ZoneOffset.UTC;
            case "edt" -> ZoneOffset.ofHours(-4);
            case "est", "cdt" -> ZoneOffset.ofHours(-5);
            case "cst", "mdt" -> ZoneOffset.ofHours(-6);
            case "mst", "pdt" -> ZoneOffset.ofHours(-7);
            case "pst" -> ZoneOffset.ofHours(-8);
            case String w when w.length() == 1 -> ZoneOffset.UTC; // military zones: meaning lost, so -0000
            default -> null;
        };
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private boolean letter() {
        char c = peek();
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** A run of ASCII letters, lower-cased. */
    private String word() {
        int start = pos;
        while (letter()) pos++;
        return s.substring(start, pos).toLowerCase(Locale.ROOT);
    }

    /** Between {@code min} and {@code max} digits as a number, or -1 when there are fewer. */
    private int number(int min, int max) {
        int start = pos;
        int n = 0;
        while (pos - start < max && peek() >= '0' && peek() <= '9') n = n * 10 + (s.charAt(pos++) - '0');
        return pos - start < min ? -1 : n;
    }

    /** ":" with optional folding white space around it (obs-time allows CFWS there). */
    private boolean colon() {
        int start = pos;
        skipCfws();
        if (peek() == ':') {
            pos++;
            skipCfws();
            return true;
        }
        pos = start;
        return false;
    }

    /** White space and comments, nested and with quoted pairs (RFC 5322 §3.2.2). */
    private void skipCfws() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pos++;
            } else if (c == '(') {
                int depth = 0;
                do {
                    c = s.charAt(pos++);
                    if (c == '\\' && pos < s.length()) pos++; // a quoted pair (a \ that ends the text quotes nothing)
                    else if (c == '(') depth++;
                    else if (c == ')') depth--;
                } while (depth > 0 && pos < s.length());
            } else {
                return;
            }
        }
    }

    private static int indexOf(String[] names, String word) {
        for (int i = 0; i < names.length; i++) if (names[i].equals(word)) return i;
        return -1;
    }
}
