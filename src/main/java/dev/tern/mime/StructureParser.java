package dev.tern.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One pass over a stored message that finds every part's header and body offsets, line counts and the header
 * fields BODYSTRUCTURE and ENVELOPE are made of. It reads line by line with bounded buffers, so memory does not
 * grow with the message. Delimiters follow RFC 2046 §5.1.1: a line of "--" boundary, optionally "--" (close) and
 * white space; the line end before a delimiter belongs to it. A delimiter of an enclosing multipart also ends
 * the parts inside (a missing close delimiter does not swallow the rest of the message).
 *
 * <p>Why not mime4j's {@code MimeTokenStream} here: it reports no octet offsets, and it drops malformed header
 * lines and delimiter padding without saying how many octets they took, so offsets rebuilt from its events would
 * be wrong exactly for the broken messages that need care. mime4j decodes text for SEARCH instead
 * ({@link SearchableText}), where offsets do not matter.
 */
final class StructureParser {
    private static final Set<String> FIELDS = Set.of("date", "subject", "from", "sender", "reply-to", "to", "cc",
            "bcc", "in-reply-to", "message-id", "content-type", "content-transfer-encoding", "content-id",
            "content-description", "content-disposition", "content-language", "content-location", "content-md5");

    private final LineReader reader;
    private final MimeLimits limits;
    /** Boundaries of the enclosing multiparts, outermost first, each as the byte forms it may have been sent in. */
    private final List<byte[][]> boundaries = new ArrayList<>();
    private int parts;

    private StructureParser(InputStream in, MimeLimits limits) {
        this.reader = new LineReader(in, limits.maxHeaderBytes());
        this.limits = limits;
    }

    static MessageStructure parse(InputStream in, MimeLimits limits) throws IOException {
        var parser = new StructureParser(in, limits);
        parser.reader.advance();
        var header = parser.header();
        var body = parser.entity(header, 0, false);
        parser.skipToEnd();
        long size = parser.reader.position();
        return new MessageStructure(envelope(header), body, size);
    }

    private void skipToEnd() throws IOException {
        while (reader.hasLine()) reader.advance();
    }

    /** A part whose header has just been read; the reader is at its first body line. */
    private BodyPart entity(Header h, int depth, boolean inDigest) throws IOException {
        parts++;
        long bodyStart = reader.position();
        if (reader.hasLine() && delimiter() >= 0 && reader.prevTerminatorLength() > 0 && reader.prevStart() >= h.start) {
            // The header ran into a delimiter: the line end before the delimiter belongs to it (RFC 2046 §5.1.1),
            // so the body (empty) starts before that line end and stays inside the enclosing part.
            bodyStart -= reader.prevTerminatorLength();
        }
        long lineBase = reader.terminators();
        var ct = HeaderSyntax.mediaValue(h.get("content-type"));
        String type = ct.type();
        String subtype = ct.subtype();
        var params = ct.parameters();
        if (type == null || subtype == null) {
            // RFC 2045 §5.2: no (or an unreadable) Content-Type means text/plain; us-ascii, message/rfc822 in a digest.
            type = inDigest ? "message" : "text";
            subtype = inDigest ? "rfc822" : "plain";
            params = inDigest ? List.of() : List.of(new Parameter("charset", "us-ascii"));
        }
        if (type.equalsIgnoreCase("text") && params.isEmpty()) {
            params = List.of(new Parameter("charset", "us-ascii"));  // RFC 2045 §5.2, as Dovecot shows it
        }
        String encoding = HeaderSyntax.encoding(h.get("content-transfer-encoding"));
        var ext = extension(h);
        boolean deepEnough = depth >= limits.maxNestingDepth() || parts >= limits.maxParts();
        if (type.equalsIgnoreCase("multipart")) {
            String boundary = HeaderSyntax.parameter(params, "boundary");
            if (boundary != null && !boundary.isEmpty() && !deepEnough) {
                var mp = multipart(h.start, bodyStart, lineBase, subtype, params, ext, boundary, depth);
                if (mp != null) return mp;
            } else {
                skipBody();
            }
            // A multipart without a boundary or without parts cannot be written as one (RFC 9051 body-type-mpart
            // needs a part); it is shown as what it would be without its Content-Type.
            type = deepEnough ? "application" : "text";
            subtype = deepEnough ? "octet-stream" : "plain";
            params = deepEnough ? List.of() : List.of(new Parameter("charset", "us-ascii"));
            return single(h, type, subtype, params, encoding, ext, bodyStart, lineBase);
        }
        boolean encapsulated = type.equalsIgnoreCase("message")
                && (subtype.equalsIgnoreCase("rfc822") || subtype.equalsIgnoreCase("global"));
        if (encapsulated && !deepEnough && isIdentity(encoding)) {
            var inner = header();
            var message = entity(inner, depth + 1, false);
            var span = close(bodyStart, lineBase);
            var fields = new BodyPart.Fields(h.get("content-id"), h.get("content-description"), encoding,
                    span.end - bodyStart, h.get("content-md5"));
            return new BodyPart.Message(type, subtype, params, fields, envelope(inner), message, span.lines,
                    ext, h.start, bodyStart, span.end);
        }
        skipBody();
        return single(h, type, subtype, params, encoding, ext, bodyStart, lineBase);
    }

    private BodyPart single(Header h, String type, String subtype, List<Parameter> params, String encoding,
                            BodyPart.Extension ext, long bodyStart, long lineBase) {
        var span = close(bodyStart, lineBase);
        var fields = new BodyPart.Fields(h.get("content-id"), h.get("content-description"), encoding,
                span.end - bodyStart, h.get("content-md5"));
        long lines = type.equalsIgnoreCase("text") ? span.lines : -1;
        return new BodyPart.Single(type, subtype, params, fields, lines, ext, h.start, bodyStart, span.end);
    }

    /** Encapsulated messages in base64 or quoted-printable are not parsed into; RFC 2046 §5.2.1 forbids those. */
    private static boolean isIdentity(String encoding) {
        var e = encoding.toLowerCase(Locale.ROOT);
        return e.equals("7bit") || e.equals("8bit") || e.equals("binary");
    }

    private BodyPart.Multipart multipart(long headerStart, long bodyStart, long lineBase, String subtype,
                                         List<Parameter> params, BodyPart.Extension ext, String boundary,
                                         int depth) throws IOException {
        boundaries.add(byteForms(boundary));
        int level = boundaries.size() - 1;
        var children = new ArrayList<BodyPart>();
        boolean digest = subtype.equalsIgnoreCase("digest");
        skipBody();  // the preamble
        while (reader.hasLine()) {
            int matched = delimiter();
            if (matched != level) break;  // an enclosing multipart's delimiter ends this one too
            boolean closing = isClose();
            reader.advance();
            if (closing) break;
            if (parts >= limits.maxParts()) {
                skipBody();  // over the limit: later parts are left out of the structure
                continue;
            }
            var childHeader = header();
            children.add(entity(childHeader, depth + 1, digest));
        }
        boundaries.removeLast();
        skipBody();  // the epilogue, up to an enclosing delimiter
        if (children.isEmpty()) return null;
        var span = close(bodyStart, lineBase);
        return new BodyPart.Multipart("multipart", subtype, params, children, ext, headerStart, bodyStart, span.end);
    }

    /** Consumes lines up to a delimiter of any enclosing multipart or the end of input. */
    private void skipBody() throws IOException {
        while (reader.hasLine() && delimiter() < 0) reader.advance();
    }

    private record Span(long end, long lines) {}

    /**
     * Where a body that started at {@code bodyStart} ends, now that the reader is at a delimiter or the end, and
     * how many lines it has: the line end before a delimiter is not part of the body, and a last line without
     * a line end still counts as a line.
     */
    private Span close(long bodyStart, long lineBase) {
        long prevStart = reader.prevStart();
        boolean prevInBody = prevStart >= bodyStart;
        long lines = reader.terminators() - lineBase;
        if (!reader.hasLine()) {
            if (prevInBody && reader.prevTerminatorLength() == 0 && reader.prevContentLength() > 0) lines++;
            return new Span(reader.position(), lines);
        }
        if (reader.prevTerminatorLength() == 0) return new Span(Math.max(bodyStart, reader.position()), lines);
        long end = Math.max(bodyStart, reader.position() - reader.prevTerminatorLength());
        if (prevInBody) lines = lines - 1 + (reader.prevContentLength() > 0 ? 1 : 0);
        return new Span(end, lines);
    }

    /** The level of the innermost enclosing multipart whose delimiter the current line is, or -1. */
    private int delimiter() {
        if (boundaries.isEmpty()) return -1;
        byte[] line = reader.kept();
        int n = reader.keptLength();
        if (n < 2 || line[0] != '-' || line[1] != '-' || reader.contentLength() != n) return -1;
        for (int level = boundaries.size() - 1; level >= 0; level--) {
            for (byte[] b : boundaries.get(level)) {
                if (n < 2 + b.length || !regionMatches(line, 2, b)) continue;
                int rest = 2 + b.length;
                if (rest + 2 <= n && line[rest] == '-' && line[rest + 1] == '-') rest += 2;
                boolean padding = true;
                for (int k = rest; k < n; k++) if (line[k] != ' ' && line[k] != '\t') padding = false;
                if (padding) {
                    matchedLength = b.length;
                    return level;
                }
            }
        }
        return -1;
    }

    /** Boundary length in octets of the last match of {@link #delimiter()}. */
    private int matchedLength;

    /** Whether the current line, a delimiter just matched, is the close delimiter ("--" after the boundary). */
    private boolean isClose() {
        int at = 2 + matchedLength;
        return reader.keptLength() >= at + 2 && reader.kept()[at] == '-' && reader.kept()[at + 1] == '-';
    }

    private static boolean regionMatches(byte[] line, int from, byte[] b) {
        for (int k = 0; k < b.length; k++) if (line[from + k] != b[k]) return false;
        return true;
    }

    /** The header fields of one part that IMAP reports, first occurrence of each, and where the header began. */
    static final class Header {
        final long start;
        private final Map<String, String> fields = new HashMap<>();

        Header(long start) { this.start = start; }

        String get(String name) { return fields.get(name); }
    }

    /**
     * Reads a header section: up to and including the blank line, or up to a delimiter or the end of input. Lines
     * that are neither a field nor a continuation are skipped.
     */
    private Header header() throws IOException {
        var h = new Header(reader.position());
        var value = new ByteArrayOutputStream();
        String name = null;
        int count = 0;
        while (reader.hasLine() && delimiter() < 0) {
            byte[] line = reader.kept();
            int n = reader.keptLength();
            if (reader.contentLength() == 0) {
                reader.advance();
                break;
            }
            boolean continuation = line[0] == ' ' || line[0] == '\t';
            if (continuation && name != null) {
                append(value, line, 0, n);
            } else {
                store(h, name, value);
                name = null;
                int colon = indexOf(line, n, (byte) ':');
                if (colon > 0 && count++ < limits.maxHeaderFields()) {
                    var fieldName = new String(line, 0, colon, StandardCharsets.ISO_8859_1).trim().toLowerCase(Locale.ROOT);
                    if (FIELDS.contains(fieldName) && !h.fields.containsKey(fieldName)) {
                        name = fieldName;
                        value.reset();
                        append(value, line, colon + 1, n);
                    }
                }
            }
            reader.advance();
        }
        store(h, name, value);
        return h;
    }

    private void append(ByteArrayOutputStream value, byte[] line, int from, int to) {
        int room = limits.maxHeaderBytes() - value.size();
        if (room > 0) value.write(line, from, Math.min(room, to - from));
    }

    private static void store(Header h, String name, ByteArrayOutputStream value) {
        if (name != null) h.fields.put(name, text(value.toByteArray()).strip());
    }

    private static int indexOf(byte[] line, int n, byte b) {
        for (int k = 0; k < n; k++) if (line[k] == b) return k;
        return -1;
    }

    /**
     * The bytes {@link #text} may have made {@code s} from: UTF-8 and, if it can be, Latin-1. An 8-bit boundary
     * (not allowed, but sent) then matches its delimiter lines as they were written.
     */
    private static byte[][] byteForms(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(s)) return new byte[][] {utf8};
        byte[] latin1 = s.getBytes(StandardCharsets.ISO_8859_1);
        return Arrays.equals(utf8, latin1) ? new byte[][] {utf8} : new byte[][] {utf8, latin1};
    }

    /** Header bytes as text: UTF-8 when they are (RFC 6532), else Latin-1 so that no byte is lost. */
    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** RFC 9051 §7.5.2: sender and reply-to absent or empty are set to from. */
    private static Envelope envelope(Header h) {
        var from = HeaderSyntax.addressList(h.get("from"));
        var sender = HeaderSyntax.addressList(h.get("sender"));
        var replyTo = HeaderSyntax.addressList(h.get("reply-to"));
        return new Envelope(h.get("date"), h.get("subject"), from, sender.isEmpty() ? from : sender,
                replyTo.isEmpty() ? from : replyTo, HeaderSyntax.addressList(h.get("to")),
                HeaderSyntax.addressList(h.get("cc")), HeaderSyntax.addressList(h.get("bcc")),
                h.get("in-reply-to"), h.get("message-id"));
    }

    private static BodyPart.Extension extension(Header h) {
        Disposition disposition = null;
        var d = h.get("content-disposition");
        if (d != null) {
            var v = HeaderSyntax.mediaValue(d);
            if (v.type() != null) disposition = new Disposition(v.type(), v.parameters());
        }
        var location = h.get("content-location");
        return new BodyPart.Extension(disposition, HeaderSyntax.languages(h.get("content-language")),
                location == null ? null : location.replaceAll("[ \t]+", ""));
    }
}
