package dev.tern.mime;

import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Converts a message with 8-bit content to 7 bits, for a next hop that does not offer 8BITMIME (RFC 6152 §3: such
 * a message is converted or not sent there). Only bodies change: each leaf part whose body has octets above 127
 * (or NUL) is re-encoded — text as quoted-printable (RFC 2045 §6.7), anything else as base64 (§6.8) — and its
 * Content-Transfer-Encoding field says so; a multipart or message/rfc822 labelled 8bit or binary is relabelled 7bit
 * (§6.4). Every other octet is copied as it was. A message with 8-bit octets in a header field or between parts
 * cannot be converted this way (that needs SMTPUTF8, RFC 6531), nor can an encapsulated message that is not parsed
 * into (RFC 2046 §5.2.1 forbids encoding message/rfc822), nor a body that claims base64 or quoted-printable but
 * has 8-bit octets: {@link #plan} says why.
 */
public final class SevenBitConversion {
    private static final int QP_LINE = 76; // RFC 2045 §6.7 rule 5, the soft line break's "=" included
    private static final byte[] CRLF = {'\r', '\n'};
    private static final java.util.regex.Pattern LABELLED_COMPOSITE = java.util.regex.Pattern.compile(
            "(?im)^content-type[ \t]*:[ \t]*(multipart|message)[ \t]*/");

    private sealed interface Edit {
        ByteRange range();
    }

    /** Sets the part's Content-Transfer-Encoding to {@code value}; for a container only if it says 8bit/binary. */
    private record HeaderEdit(ByteRange range, String value, boolean onlyIfEightBit) implements Edit {}

    private record BodyEdit(ByteRange range, boolean quotedPrintable) implements Edit {}

    /** Why a message cannot be converted to 7 bits. */
    public static final class NotConvertible extends Exception {
        NotConvertible(String why) {
            super(why, null, false, false);
        }
    }

    private final List<Edit> edits;

    private SevenBitConversion(List<Edit> edits) {
        this.edits = edits;
    }

    /** True if some body is re-encoded; false if the message was 7-bit all along and at most labels change. */
    public boolean changesBodies() {
        return edits.stream().anyMatch(e -> e instanceof BodyEdit);
    }

    /**
     * Reads {@code message} (whose structure is {@code structure}) once to find the bodies to re-encode.
     *
     * @throws NotConvertible if 8-bit octets sit where no re-encoding can reach them
     */
    public static SevenBitConversion plan(MessageStructure structure, InputStream message)
            throws IOException, NotConvertible {
        var leaves = new ArrayList<BodyPart.Single>();
        var edits = new ArrayList<Edit>();
        collect(structure.body(), leaves, edits);
        var eightBit = eightBitLeaves(message, leaves);
        for (int i = 0; i < leaves.size(); i++) {
            var leaf = leaves.get(i);
            var declared = leaf.fields().encoding().toLowerCase(Locale.ROOT);
            if (!eightBit[i]) {
                if (declared.equals("8bit") || declared.equals("binary")) {
                    edits.add(new HeaderEdit(leaf.header(), "7bit", false));
                }
                continue;
            }
            if (declared.equals("base64") || declared.equals("quoted-printable")) {
                throw new NotConvertible("a " + leaf.type() + "/" + leaf.subtype() + " part declares " + declared
                        + " but has 8-bit octets");
            }
            if (leaf.type().equalsIgnoreCase("message") || leaf.type().equalsIgnoreCase("multipart")) {
                throw new NotConvertible("an encapsulated " + leaf.type() + "/" + leaf.subtype()
                        + " part has 8-bit octets and may not be base64-encoded (RFC 2046 §5.2.1)");
            }
            boolean text = leaf.isText();
            edits.add(new HeaderEdit(leaf.header(), text ? "quoted-printable" : "base64", false));
            edits.add(new BodyEdit(leaf.body(), text));
        }
        edits.sort(Comparator.comparingLong(e -> e.range().start()));
        return new SevenBitConversion(List.copyOf(edits));
    }

    private static void collect(BodyPart part, List<BodyPart.Single> leaves, List<Edit> edits) {
        switch (part) {
            case BodyPart.Single s -> leaves.add(s);
            case BodyPart.Message m -> {
                edits.add(new HeaderEdit(m.header(), "7bit", true));
                collect(m.message(), leaves, edits);
            }
            case BodyPart.Multipart mp -> {
                edits.add(new HeaderEdit(mp.header(), "7bit", true));
                mp.parts().forEach(p -> collect(p, leaves, edits));
            }
        }
    }

    /** Which leaves have 8-bit octets (or NUL) in their bodies; such an octet anywhere else makes it hopeless. */
    private static boolean[] eightBitLeaves(InputStream message, List<BodyPart.Single> leaves)
            throws IOException, NotConvertible {
        var marked = new boolean[leaves.size()];
        var buffer = new byte[16 * 1024];
        long position = 0;
        int leaf = 0;
        for (int n; (n = message.read(buffer)) > 0; position += n) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] > 0) continue;
                long at = position + i;
                while (leaf < leaves.size() && leaves.get(leaf).end() <= at) leaf++;
                if (leaf < leaves.size() && leaves.get(leaf).bodyStart() <= at) {
                    marked[leaf] = true;
                } else {
                    throw new NotConvertible("octet " + at + " is 8-bit and lies in a header field or between"
                            + " parts, where only SMTPUTF8 (RFC 6531) could carry it");
                }
            }
        }
        return marked;
    }

    /**
     * Writes the converted message: {@code message} from its first octet, edited as planned.
     *
     * @throws NotConvertible if a part to re-encode turns out to be labelled multipart or message (one nested too
     *                        deep to be parsed into, or without a boundary): those may not be encoded (RFC 2045
     *                        §6.4); {@code out} then holds part of the message and is to be discarded
     */
    public void write(InputStream message, OutputStream out) throws IOException, NotConvertible {
        long position = 0;
        for (var edit : edits) {
            copy(message, out, edit.range().start() - position);
            switch (edit) {
                case HeaderEdit h -> out.write(header(message.readNBytes((int) h.range().length()), h));
                case BodyEdit b when b.quotedPrintable() -> quotedPrintable(message, b.range().length(), out);
                case BodyEdit b -> base64(message, b.range().length(), out);
            }
            position = edit.range().end();
        }
        message.transferTo(out);
    }

    private static void copy(InputStream in, OutputStream out, long count) throws IOException {
        var buffer = new byte[16 * 1024];
        while (count > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, count));
            if (n < 0) throw new EOFException("the message ended " + count + " octets early");
            out.write(buffer, 0, n);
            count -= n;
        }
    }

    /** The header with its Content-Transfer-Encoding field replaced (or added before the blank line). */
    private static byte[] header(byte[] raw, HeaderEdit edit) throws NotConvertible {
        var text = new String(raw, StandardCharsets.ISO_8859_1);
        boolean encoding = edit.value().equals("base64") || edit.value().equals("quoted-printable");
        if (encoding && LABELLED_COMPOSITE.matcher(text).find()) {
            throw new NotConvertible("a part labelled multipart or message that Tern did not parse into (nested"
                    + " too deep, or without a boundary) has 8-bit octets, and may not be encoded (RFC 2045 §6.4)");
        }
        var field = "Content-Transfer-Encoding: " + edit.value() + "\r\n";
        var lines = text.split("(?<=\n)");
        var out = new StringBuilder(text.length() + field.length());
        boolean found = false;
        for (int i = 0; i < lines.length; i++) {
            var line = lines[i];
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Transfer-Encoding")) {
                var value = new StringBuilder(line.substring(colon + 1));
                while (i + 1 < lines.length && (lines[i + 1].startsWith(" ") || lines[i + 1].startsWith("\t"))) {
                    value.append(lines[++i]); // RFC 5322 §2.2.3: a folded field goes on
                }
                var old = value.toString().strip().toLowerCase(Locale.ROOT);
                boolean replace = !edit.onlyIfEightBit() || old.equals("8bit") || old.equals("binary");
                out.append(replace ? field : line.substring(0, colon + 1) + value);
                found = true;
            } else if (!found && !edit.onlyIfEightBit() && (line.equals("\r\n") || line.equals("\n"))) {
                out.append(field).append(line); // the blank line that ends the header
                found = true;
            } else {
                out.append(line);
            }
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** RFC 2045 §6.7: line breaks stay CRLF; a lone CR is encoded; lines stay within 76 characters. */
    private static void quotedPrintable(InputStream in, long length, OutputStream out) throws IOException {
        var line = new QuotedPrintableLine(out);
        var buffer = new byte[16 * 1024];
        boolean carriageReturn = false;
        while (length > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
            if (n < 0) throw new EOFException("the message ended " + length + " octets early");
            length -= n;
            for (int i = 0; i < n; i++) {
                int c = buffer[i] & 0xff;
                if (c == '\n') {
                    line.end();
                    carriageReturn = false;
                    continue;
                }
                if (carriageReturn) line.put('\r');
                carriageReturn = c == '\r';
                if (!carriageReturn) line.put(c);
            }
        }
        if (carriageReturn) line.put('\r');
        line.finish();
    }

    /** One encoded line at a time: a space or tab is held back until it is known not to end the line (rule 3). */
    private static final class QuotedPrintableLine {
        private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
        private final OutputStream out;
        private int column;
        private int heldSpace = -1;

        QuotedPrintableLine(OutputStream out) {
            this.out = out;
        }

        void put(int c) throws IOException {
            if (heldSpace >= 0) {
                literal(heldSpace);
                heldSpace = -1;
            }
            if (c == ' ' || c == '\t') heldSpace = c;
            else if (c >= 33 && c <= 126 && c != '=') literal(c);
            else encoded(c);
        }

        void end() throws IOException {
            finish();
            out.write(CRLF);
            column = 0;
        }

        void finish() throws IOException {
            if (heldSpace >= 0) encoded(heldSpace);
            heldSpace = -1;
        }

        private void literal(int c) throws IOException {
            room(1);
            out.write(c);
            column++;
        }

        private void encoded(int c) throws IOException {
            room(3);
            out.write('=');
            out.write(HEX[c >> 4]);
            out.write(HEX[c & 15]);
            column += 3;
        }

        /** A soft line break (rule 5) when {@code n} more characters and the "=" would pass 76. */
        private void room(int n) throws IOException {
            if (column + n > QP_LINE - 1) {
                out.write(new byte[] {'=', '\r', '\n'});
                column = 0;
            }
        }
    }

    /** RFC 2045 §6.8: lines of 76 characters; the CRLF after the last line is the one that followed the body. */
    private static void base64(InputStream in, long length, OutputStream out) throws IOException {
        var keepOpen = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        try (var encoder = Base64.getMimeEncoder(QP_LINE, CRLF).wrap(keepOpen)) {
            copy(in, encoder, length);
        }
    }
}
