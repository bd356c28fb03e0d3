package dev.tern.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** BODY[HEADER.FIELDS (...)] and HEADER.FIELDS.NOT (RFC 9051 §6.4.5): the chosen fields of a header, then CRLF. */
final class HeaderFields {
    private HeaderFields() {}

    static byte[] filter(byte[] header, List<String> names, boolean not) {
        Set<String> wanted = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        var out = new ByteArrayOutputStream(Math.min(header.length, 4096));
        int start = 0;
        while (start < header.length) {
            int end = fieldEnd(header, start);
            if (isBlankLine(header, start)) break;
            int colon = indexOf(header, (byte) ':', start, end);
            var name = colon < 0 ? "" : new String(header, start, colon - start, StandardCharsets.US_ASCII)
                    .strip().toLowerCase(Locale.ROOT);
            if (colon >= 0 && wanted.contains(name) != not) out.write(header, start, end - start);
            start = end;
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    private static boolean isBlankLine(byte[] h, int at) {
        return h[at] == '\n' || (h[at] == '\r' && at + 1 < h.length && h[at + 1] == '\n');
    }

    /** The end of the field starting at {@code start}: after the last line that does not continue with SP/TAB. */
    private static int fieldEnd(byte[] h, int start) {
        int i = start;
        while (i < h.length) {
            int lf = indexOf(h, (byte) '\n', i, h.length);
            if (lf < 0) return h.length;
            i = lf + 1;
            if (i >= h.length || (h[i] != ' ' && h[i] != '\t')) return i;
        }
        return h.length;
    }

    private static int indexOf(byte[] h, byte b, int from, int to) {
        for (int i = from; i < to; i++) if (h[i] == b) return i;
        return -1;
    }
}
