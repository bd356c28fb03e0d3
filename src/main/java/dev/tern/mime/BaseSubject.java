package dev.tern.mime;

import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * The base subject of RFC 5256 §2.1, by which SORT SUBJECT orders and THREAD groups messages: the Subject with
 * encoded words decoded and reply and forward markers ("Re:", "Fwd:", "[list]", "(fwd)") taken off.
 */
public final class BaseSubject {
    private static final Pattern WHITE_SPACE = Pattern.compile("[\\t\\r\\n ]+");

    private BaseSubject() {}

    /** Header text with its RFC 2047 encoded words decoded; null stays null. */
    public static String decodeWords(String value) {
        if (value == null || !value.contains("=?")) return value;
        return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
    }

    /** The base subject of a Subject header value as sent (encoded words undecoded); "" for a missing one. */
    public static String of(String subject) { return extract(subject).base(); }

    /**
     * Whether extracting the base subject took off a reply or forward marker ("Re:", "Fwd:", "(fwd)", "[fwd: ]"):
     * THREAD=REFERENCES then treats the message as a reply (RFC 5256 §2.1, §3 REFERENCES step 5).
     */
    public static boolean isReplyOrForward(String subject) { return extract(subject).replyOrForward(); }

    private record Extracted(String base, boolean replyOrForward) {}

    private static Extracted extract(String subject) {
        if (subject == null) return new Extracted("", false);
        boolean reply = false;
        // RFC 5256 §2.1 (1): decode, tabs and line breaks become spaces, runs of spaces one space.
        var s = WHITE_SPACE.matcher(decodeWords(subject)).replaceAll(" ");
        while (true) {
            var trimmed = withoutTrailers(s);
            reply |= trimmed.length() < s.stripTrailing().length();
            s = trimmed;
            // (5): repeat (3) and (4) until neither removes anything.
            while (true) {
                int leader = leaderLength(s);
                if (leader > 0) {
                    reply |= leader > 1; // a leader of one character is a space, anything longer a marker
                    s = s.substring(leader);
                    continue;
                }
                int blob = blobLength(s, 0);
                // (4): a leading [blob] goes only if something remains after it.
                if (blob > 0 && !s.substring(blob).isBlank()) {
                    s = s.substring(blob);
                    continue;
                }
                break;
            }
            // (6): "[fwd: ... ]" wraps a forwarded subject; unwrap it and start again at (2).
            if (s.length() >= 6 && s.regionMatches(true, 0, "[fwd:", 0, 5) && s.endsWith("]")) {
                s = s.substring(5, s.length() - 1);
                reply = true;
                continue;
            }
            return new Extracted(s, reply);
        }
    }

    /** (2): subj-trailer = "(fwd)" / WSP, removed from the end as often as it occurs. */
    private static String withoutTrailers(String s) {
        while (true) {
            if (s.endsWith(" ")) s = s.substring(0, s.length() - 1);
            else if (s.length() >= 5 && s.regionMatches(true, s.length() - 5, "(fwd)", 0, 5)) s = s.substring(0, s.length() - 5);
            else return s;
        }
    }

    /** (3): the length of a subj-leader at the start, (*subj-blob subj-refwd) / WSP, or 0 when there is none. */
    private static int leaderLength(String s) {
        if (s.startsWith(" ")) return 1;
        int i = 0;
        for (int blob; (blob = blobLength(s, i)) > 0; ) i += blob;
        return refwdLength(s, i) > 0 ? i + refwdLength(s, i) : 0;
    }

    /** subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":", at {@code from}; its length, or 0. */
    private static int refwdLength(String s, int from) {
        int i;
        if (s.regionMatches(true, from, "re", 0, 2)) i = from + 2;
        else if (s.regionMatches(true, from, "fwd", 0, 3)) i = from + 3;
        else if (s.regionMatches(true, from, "fw", 0, 2)) i = from + 2;
        else return 0;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        int blob = blobLength(s, i);
        if (blob > 0 && i + blob < s.length() && s.charAt(i + blob) == ':') return i + blob + 1 - from;
        if (i < s.length() && s.charAt(i) == ':') return i + 1 - from;
        return 0;
    }

    /** subj-blob = "[" *BLOBCHAR "]" *WSP, at {@code from}; its length, or 0. */
    private static int blobLength(String s, int from) {
        if (from >= s.length() || s.charAt(from) != '[') return 0;
        int i = from + 1;
        while (i < s.length() && s.charAt(i) != ']') {
            if (s.charAt(i) == '[') return 0;
            i++;
        }
        if (i == s.length()) return 0;
        i++;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        return i - from;
    }
}
