package dev.tern.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.util.CharsetUtil;

/**
 * What SEARCH compares with (RFC 9051 §6.4.4): the top-level header fields with encoded words decoded
 * (RFC 2047), by lower-case name, and the decoded text of the message's text/* parts, transfer encoding and
 * charset undone, up to {@code maxBodyChars}. Parsing streams through Apache mime4j's {@link MimeTokenStream}:
 * the message is never held whole; parts nested deeper than the limit, and text beyond the bound, are left out.
 */
public record SearchableText(Map<String, List<String>> headers, String body) {

    public SearchableText {
        var copy = new LinkedHashMap<String, List<String>>();
        headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(copy);
    }

    /** The decoded values of every top-level field called {@code name} (case-insensitive), in order. */
    public List<String> header(String name) { return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()); }

    /** RFC 9051 SEARCH TEXT: "header or body". */
    public boolean textContains(String needle) {
        var n = needle.toLowerCase(Locale.ROOT);
        if (body.toLowerCase(Locale.ROOT).contains(n)) return true;
        for (var values : headers.values()) for (var v : values) if (v.toLowerCase(Locale.ROOT).contains(n)) return true;
        return false;
    }

    /**
     * Reads a message (CRLF or LF line ends) and extracts its searchable text. Bad MIME does not throw: what was
     * read before the damage is kept.
     *
     * @throws IOException only if reading {@code in} fails
     */
    public static SearchableText extract(InputStream in, MimeLimits limits, int maxBodyChars) throws IOException {
        var stream = tokens(limits);
        stream.parse(in);
        var headers = new LinkedHashMap<String, List<String>>();
        var body = new StringBuilder();
        int depth = 0;
        // parse() leaves the stream at the top-level T_START_MESSAGE; next() reports only what follows it.
        int messageDepth = 1;
        int messages = 1;
        try {
            for (var state = stream.next(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                switch (state) {
                    case T_START_MESSAGE -> {
                        messages++;
                        messageDepth++;
                    }
                    case T_END_MESSAGE -> messageDepth--;
                    case T_START_MULTIPART -> depth++;
                    case T_END_MULTIPART -> depth--;
                    case T_FIELD -> {
                        if (messages == 1 && depth == 0) {
                            headers.computeIfAbsent(stream.getField().getNameLowerCase(), k -> new ArrayList<>())
                                    .add(decodedValue(stream.getField()));
                        }
                    }
                    case T_BODY -> {
                        if (stream.getBodyDescriptor().getMimeType().startsWith("text/")) {
                            appendText(stream, body, maxBodyChars);
                        }
                    }
                    default -> { }
                }
                if (depth + messageDepth > limits.maxNestingDepth() + 1) stream.stop();
            }
        } catch (MimeException e) {
            // Over a mime4j limit or unreadable: keep what was extracted so far.
        }
        return new SearchableText(headers, body.toString());
    }

    /**
     * The top-level header fields alone, from a message's header section (e.g. what
     * {@code BlobStore.headerSections} reads): the same fields, decoded the same way, as {@link #extract} finds,
     * with an empty body. What SEARCH's header keys need, without reading or decoding any body.
     */
    public static SearchableText extractHeader(byte[] headerSection, MimeLimits limits) {
        var plain = PlainHeaderFields.split(headerSection, limits);
        return plain != null ? new SearchableText(plain, "") : extractHeaderLeniently(headerSection, limits);
    }

    /** {@link #extractHeader} by mime4j, whatever the section holds. */
    static SearchableText extractHeaderLeniently(byte[] headerSection, MimeLimits limits) {
        var stream = tokens(limits);
        stream.parse(new ByteArrayInputStream(headerSection));
        var headers = new LinkedHashMap<String, List<String>>();
        try {
            for (var state = stream.next(); state != EntityState.T_END_HEADER
                    && state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state == EntityState.T_FIELD) {
                    headers.computeIfAbsent(stream.getField().getNameLowerCase(), k -> new ArrayList<>())
                            .add(decodedValue(stream.getField()));
                }
            }
        } catch (IOException | MimeException e) {
            // Over a mime4j limit or unreadable (an in-memory read does not fail): keep the fields read so far.
        }
        return new SearchableText(headers, "");
    }

    private static MimeTokenStream tokens(MimeLimits limits) {
        var config = new MimeConfig.Builder()
                .setMaxHeaderCount(limits.maxHeaderFields())
                .setMaxHeaderLen(limits.maxHeaderBytes())
                .setMaxLineLen(limits.maxHeaderBytes())
                .setStrictParsing(false)
                .build();
        return new MimeTokenStream(config);
    }

    private static String decodedValue(Field field) {
        var raw = field.getRaw();
        byte[] bytes = raw.toByteArray();
        String text = StructureParser.text(bytes);
        int colon = text.indexOf(':');
        String value = (colon < 0 ? text : text.substring(colon + 1)).replace("\r\n", "").replace("\n", "").strip();
        return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
    }

    private static void appendText(MimeTokenStream stream, StringBuilder body, int maxBodyChars) throws IOException {
        int room = maxBodyChars - body.length();
        if (room <= 0) return;
        var decoder = charset(stream.getBodyDescriptor().getCharset()).newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        if (!body.isEmpty()) body.append('\n');
        // Not closed: the stream belongs to the token stream, which skips the rest of the part on next().
        var reader = new InputStreamReader(stream.getDecodedInputStream(), decoder);
        char[] buf = new char[Math.min(8192, room)];
        int n;
        while (room > 0 && (n = reader.read(buf, 0, Math.min(buf.length, room))) > 0) {
            body.append(buf, 0, n);
            room -= n;
        }
    }

    private static Charset charset(String name) {
        Charset c = name == null ? null : CharsetUtil.lookup(name);
        return c != null ? c : StandardCharsets.UTF_8;
    }
}
