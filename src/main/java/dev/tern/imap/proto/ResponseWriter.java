package dev.tern.imap.proto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes responses: status lines, and values in the form their content needs — an atom where the syntax allows
 * one, a quoted string for short printable text, a literal for anything else (CR, LF, NUL, 8-bit octets unless
 * UTF-8 is enabled, or long text). Buffered: {@link #flush()} after each command's responses.
 */
public final class ResponseWriter {
    private static final int MAX_QUOTED = 1024;

    private final OutputStream out;
    private boolean utf8;

    public ResponseWriter(OutputStream out) { this.out = out; }

    /** With UTF-8 enabled, quoted strings may hold UTF-8 (RFC 9051 §9 QUOTED-CHAR, RFC 6855 §3). */
    public void utf8(boolean enabled) { this.utf8 = enabled; }

    public boolean utf8() { return utf8; }

    /** {@code tag OK [code] text}, with CRLF; {@code code} may be null. */
    public void status(String tag, String status, String code, String text) throws IOException {
        raw(tag).raw(" ").raw(status).raw(" ");
        if (code != null) raw("[").raw(code).raw("] ");
        raw(sanitise(text)).crlf();
    }

    /** {@code * text} with CRLF; {@code text} must be protocol syntax already. */
    public void untagged(String text) throws IOException { raw("* ").raw(text).crlf(); }

    public ResponseWriter raw(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public ResponseWriter raw(byte[] b) throws IOException {
        out.write(b);
        return this;
    }

    public ResponseWriter crlf() throws IOException {
        out.write('\r');
        out.write('\n');
        return this;
    }

    /** A string value as quoted string or literal. */
    public ResponseWriter string(String s) throws IOException {
        var b = s.getBytes(StandardCharsets.UTF_8);
        if (quotable(b)) {
            out.write('"');
            for (byte c : b) {
                if (c == '"' || c == '\\') out.write('\\');
                out.write(c);
            }
            out.write('"');
            return this;
        }
        return literal(b);
    }

    public ResponseWriter nstring(String s) throws IOException { return s == null ? raw("NIL") : string(s); }

    /** An astring: an atom when every character may be in one, else a string. */
    public ResponseWriter astring(String s) throws IOException {
        if (!s.isEmpty() && s.chars().allMatch(Syntax::isAstringChar)) return raw(s);
        return string(s);
    }

    /** A mailbox name: modified UTF-7 for IMAP4rev1 clients, UTF-8 once enabled. */
    public ResponseWriter mailbox(String name) throws IOException {
        return astring(utf8 ? name : ModifiedUtf7.encode(name));
    }

    public ResponseWriter literal(byte[] b) throws IOException {
        raw("{" + b.length + "}").crlf();
        out.write(b);
        return this;
    }

    /** A literal of {@code length} octets read from {@code in}; {@code binary} writes {@code ~{n}} (RFC 3516). */
    public ResponseWriter literal(InputStream in, long length, boolean binary) throws IOException {
        raw((binary ? "~{" : "{") + length + "}").crlf();
        long copied = in.transferTo(new Bounded(out, length));
        if (copied < length) throw new IOException("stored body is " + (length - copied) + " octets shorter than expected");
        return this;
    }

    public void flush() throws IOException { out.flush(); }

    public OutputStream stream() { return out; }

    private boolean quotable(byte[] b) {
        if (b.length > MAX_QUOTED) return false;
        for (byte c : b) {
            if (c == '\r' || c == '\n' || c == 0) return false;
            if (c < 0 && !utf8) return false;
            if (c >= 0 && c < 0x20 && c != '\t') return false;
        }
        return true;
    }

    /** Response text is one line of TEXT-CHARs: CR and LF would end it early. */
    private static String sanitise(String text) {
        return text == null ? "" : text.replace('\r', ' ').replace('\n', ' ');
    }

    /** Passes at most {@code left} octets on; a body longer than announced must not break the framing. */
    private static final class Bounded extends OutputStream {
        private final OutputStream out;
        private long left;

        Bounded(OutputStream out, long left) {
            this.out = out;
            this.left = left;
        }

        @Override
        public void write(int b) throws IOException {
            if (left > 0) {
                out.write(b);
                left--;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, left);
            if (n > 0) out.write(b, off, n);
            left -= n;
        }
    }
}
