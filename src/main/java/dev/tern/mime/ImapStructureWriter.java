package dev.tern.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes ENVELOPE, BODY and BODYSTRUCTURE in IMAP syntax (RFC 9051 §7.5.2 and its formal syntax §9): NIL for
 * absent values, a quoted string for printable ASCII and TAB (with {@code "} and {@code \} escaped), a literal
 * for anything with CR, LF, NUL, other controls or 8-bit octets, so that the output is valid for IMAP4rev1 and
 * IMAP4rev2 clients alike.
 */
public final class ImapStructureWriter {
    /** Quoted strings longer than this are sent as literals, which a client can read without scanning. */
    private static final int MAX_QUOTED = 1024;

    private final OutputStream out;

    private ImapStructureWriter(OutputStream out) { this.out = out; }

    /** The ENVELOPE value, e.g. {@code ("date" "subject" ((NIL NIL "a" "b")) ...)}. */
    public static void writeEnvelope(Envelope envelope, OutputStream out) throws IOException {
        new ImapStructureWriter(out).envelope(envelope);
    }

    /** The BODYSTRUCTURE value, with extension data. */
    public static void writeBodyStructure(BodyPart body, OutputStream out) throws IOException {
        new ImapStructureWriter(out).part(body, true);
    }

    /** The BODY value: BODYSTRUCTURE without extension data. */
    public static void writeBody(BodyPart body, OutputStream out) throws IOException {
        new ImapStructureWriter(out).part(body, false);
    }

    public static byte[] envelopeBytes(Envelope envelope) { return bytes(o -> writeEnvelope(envelope, o)); }

    public static byte[] bodyStructureBytes(BodyPart body) { return bytes(o -> writeBodyStructure(body, o)); }

    public static byte[] bodyBytes(BodyPart body) { return bytes(o -> writeBody(body, o)); }

    private interface Writing {
        void to(OutputStream out) throws IOException;
    }

    private static byte[] bytes(Writing w) {
        var b = new ByteArrayOutputStream(256);
        try {
            w.to(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // a ByteArrayOutputStream does not fail
        }
        return b.toByteArray();
    }

    private void envelope(Envelope e) throws IOException {
        ascii("(");
        nstring(e.date());
        ascii(" ");
        nstring(e.subject());
        for (var list : List.of(e.from(), e.sender(), e.replyTo(), e.to(), e.cc(), e.bcc())) {
            ascii(" ");
            addresses(list);
        }
        ascii(" ");
        nstring(e.inReplyTo());
        ascii(" ");
        nstring(e.messageId());
        ascii(")");
    }

    private void addresses(List<Address> list) throws IOException {
        if (list.isEmpty()) {
            ascii("NIL");
            return;
        }
        ascii("(");
        for (var a : list) {
            ascii("(");
            nstring(a.name());
            ascii(" ");
            nstring(a.adl());
            ascii(" ");
            nstring(a.mailbox());
            ascii(" ");
            nstring(a.host());
            ascii(")");
        }
        ascii(")");
    }

    private void part(BodyPart p, boolean extended) throws IOException {
        ascii("(");
        switch (p) {
            case BodyPart.Multipart mp -> {
                for (var child : mp.parts()) part(child, extended);
                ascii(" ");
                string(mp.subtype());
                if (extended) {
                    ascii(" ");
                    parameters(mp.parameters());
                    extension(mp.extension());
                }
            }
            case BodyPart.Single s -> {
                basic(s.type(), s.subtype(), s.parameters(), s.fields());
                if (s.lines() >= 0) ascii(" " + s.lines());
                if (extended) md5AndExtension(s.fields().md5(), s.extension());
            }
            case BodyPart.Message m -> {
                basic(m.type(), m.subtype(), m.parameters(), m.fields());
                ascii(" ");
                envelope(m.envelope());
                ascii(" ");
                part(m.message(), extended);
                ascii(" " + m.lines());
                if (extended) md5AndExtension(m.fields().md5(), m.extension());
            }
        }
        ascii(")");
    }

    /** body-type-basic / body-type-text / body-type-msg up to body-fld-octets. */
    private void basic(String type, String subtype, List<Parameter> params, BodyPart.Fields f) throws IOException {
        string(type);
        ascii(" ");
        string(subtype);
        ascii(" ");
        parameters(params);
        ascii(" ");
        nstring(f.id());
        ascii(" ");
        nstring(f.description());
        ascii(" ");
        string(f.encoding());
        ascii(" " + f.size());
    }

    /** body-ext-1part: body-fld-md5 then the common extension fields. */
    private void md5AndExtension(String md5, BodyPart.Extension e) throws IOException {
        ascii(" ");
        nstring(md5);
        extension(e);
    }

    /** body-fld-dsp SP body-fld-lang SP body-fld-loc. */
    private void extension(BodyPart.Extension e) throws IOException {
        ascii(" ");
        if (e.disposition() == null) {
            ascii("NIL");
        } else {
            ascii("(");
            string(e.disposition().type());
            ascii(" ");
            parameters(e.disposition().parameters());
            ascii(")");
        }
        ascii(" ");
        var languages = e.language();
        if (languages.isEmpty()) {
            ascii("NIL");
        } else {
            // Always a list, even of one tag: both forms are valid (RFC 9051 body-fld-lang); Dovecot uses this one.
            ascii("(");
            for (int i = 0; i < languages.size(); i++) {
                if (i > 0) ascii(" ");
                string(languages.get(i));
            }
            ascii(")");
        }
        ascii(" ");
        nstring(e.location());
    }

    /** body-fld-param: NIL when there are none. */
    private void parameters(List<Parameter> params) throws IOException {
        if (params.isEmpty()) {
            ascii("NIL");
            return;
        }
        ascii("(");
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) ascii(" ");
            string(params.get(i).name());
            ascii(" ");
            string(params.get(i).value());
        }
        ascii(")");
    }

    private void nstring(String s) throws IOException {
        if (s == null) ascii("NIL");
        else string(s);
    }

    private void string(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (quotable(b)) {
            out.write('"');
            for (byte c : b) {
                if (c == '"' || c == '\\') out.write('\\');
                out.write(c);
            }
            out.write('"');
        } else {
            ascii("{" + b.length + "}\r\n");
            out.write(b);
        }
    }

    private static boolean quotable(byte[] b) {
        if (b.length > MAX_QUOTED) return false;
        // RFC 9051 §9 QUOTED-CHAR allows TAB; other controls and 8-bit octets (negative as bytes) go in literals.
        for (byte c : b) if ((c < 0x20 && c != '\t') || c > 0x7E) return false;
        return true;
    }

    private void ascii(String s) throws IOException { out.write(s.getBytes(StandardCharsets.US_ASCII)); }
}
