package dev.tern.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * Splits a header section into its fields (RFC 5322 §2.2) without mime4j, for the sections where that is plainly
 * safe: US-ASCII only, CRLF line ends, every field starting with a name of printable characters followed at once by
 * a colon, folded lines starting with SP or HTAB, within the MIME limits. Most header sections are like that, and
 * SEARCH reads thousands of them per command. For any other section {@link #split} returns null, and the caller
 * leaves it to mime4j's lenient parser; on the sections accepted here both give the same fields and values.
 */
final class PlainHeaderFields {
    private PlainHeaderFields() {}

    /** Fields by lower-case name, values unfolded, stripped and with RFC 2047 encoded words decoded; or null. */
    static Map<String, List<String>> split(byte[] s, MimeLimits limits) {
        var fields = new LinkedHashMap<String, List<String>>();
        int count = 0;
        int i = 0;
        while (i < s.length) {
            int eol = lineEnd(s, i);
            if (eol < 0) return null;
            if (eol == i) break;                       // the empty line that ends the section
            int colon = i;
            while (colon < eol && s[colon] > ' ' && s[colon] < 127 && s[colon] != ':') colon++;
            if (colon == i || colon == eol || s[colon] != ':') return null;
            int end = eol;
            while (end + 2 < s.length && (s[end + 2] == ' ' || s[end + 2] == '\t')) {
                end = lineEnd(s, end + 2);
                if (end < 0) return null;
            }
            // mime4j refuses a field at its length limit and stops at its field count limit: leave those to it.
            if (end - i >= limits.maxHeaderBytes() - 2 || ++count > limits.maxHeaderFields()) return null;
            var name = new String(s, i, colon - i, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value(s, colon + 1, end));
            i = end + 2;
        }
        return fields;
    }

    /** The index of the CR of the CRLF ending the line at {@code from}; -1 if no CRLF ends it or a byte is not plain. */
    private static int lineEnd(byte[] s, int from) {
        for (int k = from; k < s.length; k++) {
            byte b = s[k];
            if (b < 0 || b == '\n') return -1;
            if (b == '\r') return k + 1 < s.length && s[k + 1] == '\n' ? k : -1;
        }
        return -1;
    }

    /** The value as {@link SearchableText} takes it from mime4j: CRLFs removed, stripped, encoded words decoded. */
    private static String value(byte[] s, int from, int end) {
        var unfolded = new byte[end - from];
        int n = 0;
        for (int k = from; k < end; k++) {
            if (s[k] == '\r' && s[k + 1] == '\n') k++;
            else unfolded[n++] = s[k];
        }
        var v = new String(unfolded, 0, n, StandardCharsets.ISO_8859_1).strip();
        // Without "=?" there is no encoded word (RFC 2047 §2), and the decoder would return the text as it is.
        return v.contains("=?") ? DecoderUtil.decodeEncodedWords(v, DecodeMonitor.SILENT) : v;
    }
}
