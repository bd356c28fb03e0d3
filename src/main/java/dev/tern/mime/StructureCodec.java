package dev.tern.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link MessageStructure} in the store's cache. Version 1:
 * <pre>
 * structure = version(1 byte = 1) size envelope part
 * envelope  = string{2: date subject} addresses{6: from sender reply-to to cc bcc} string{2: in-reply-to message-id}
 * addresses = count address*        address = string{4: name adl mailbox host}
 * part      = tag(byte: 0 single, 1 message, 2 multipart) type subtype parameters offsets body extension
 *   single:    fields lines(signed)                 message: fields lines envelope part
 *   multipart: count part*
 * fields    = string{3: id description encoding} size string(md5)
 * offsets   = headerStart bodyStart-headerStart end-bodyStart
 * extension = disposition-flag(byte) [string parameters] count string* (languages) string (location)
 * parameters = count (string string)*
 * string    = length+1 (0 for null) then UTF-8 bytes;   count, size, lengths: unsigned LEB128 varints
 * </pre>
 * A reader that meets another version rejects the bytes; the caller parses the message again.
 */
final class StructureCodec {
    static final int VERSION = 1;
    private static final int SINGLE = 0;
    private static final int MESSAGE = 1;
    private static final int MULTIPART = 2;

    private StructureCodec() {}

    static byte[] encode(MessageStructure s) {
        var bytes = new ByteArrayOutputStream(256);
        var out = new DataOutputStream(bytes);
        try {
            out.writeByte(VERSION);
            varint(out, s.size());
            envelope(out, s.envelope());
            part(out, s.body());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    static MessageStructure decode(byte[] encoded) {
        return decoding(encoded, in -> {
            long size = readVarint(in);
            var envelope = readEnvelope(in);
            var body = readPart(in, 0);
            if (in.available() != 0) throw new IllegalArgumentException("trailing bytes after message structure");
            return new MessageStructure(envelope, body, size);
        });
    }

    /** Only the envelope, which comes first: what SORT needs, without decoding the body parts. */
    static Envelope decodeEnvelope(byte[] encoded) {
        return decoding(encoded, in -> {
            readVarint(in);
            return readEnvelope(in);
        });
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static <T> T decoding(byte[] encoded, Reader<T> reader) {
        if (encoded.length == 0) throw new IllegalArgumentException("message structure is empty; parse the message again");
        int version = encoded[0] & 0xFF;
        if (version != VERSION) {
            throw new IllegalArgumentException("message structure encoding version " + version
                    + " is not " + VERSION + "; parse the message again");
        }
        var in = new DataInputStream(new ByteArrayInputStream(encoded, 1, encoded.length - 1));
        try {
            return reader.read(in);
        } catch (EOFException e) {
            throw new IllegalArgumentException("message structure is truncated; parse the message again", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // a ByteArrayInputStream fails only at its end
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("message structure cannot be decoded (" + e.getMessage()
                    + "); parse the message again", e);
        }
    }

    private static void envelope(DataOutputStream out, Envelope e) throws IOException {
        string(out, e.date());
        string(out, e.subject());
        for (var list : List.of(e.from(), e.sender(), e.replyTo(), e.to(), e.cc(), e.bcc())) {
            varint(out, list.size());
            for (var a : list) {
                string(out, a.name());
                string(out, a.adl());
                string(out, a.mailbox());
                string(out, a.host());
            }
        }
        string(out, e.inReplyTo());
        string(out, e.messageId());
    }

    private static Envelope readEnvelope(DataInputStream in) throws IOException {
        String date = readString(in);
        String subject = readString(in);
        var lists = new ArrayList<List<Address>>();
        for (int k = 0; k < 6; k++) {
            int n = count(in);
            var list = new ArrayList<Address>(n);
            for (int i = 0; i < n; i++) {
                list.add(new Address(readString(in), readString(in), readString(in), readString(in)));
            }
            lists.add(list);
        }
        return new Envelope(date, subject, lists.get(0), lists.get(1), lists.get(2), lists.get(3), lists.get(4),
                lists.get(5), readString(in), readString(in));
    }

    private static void part(DataOutputStream out, BodyPart p) throws IOException {
        out.writeByte(switch (p) {
            case BodyPart.Single _ -> SINGLE;
            case BodyPart.Message _ -> MESSAGE;
            case BodyPart.Multipart _ -> MULTIPART;
        });
        string(out, p.type());
        string(out, p.subtype());
        parameters(out, p.parameters());
        varint(out, p.headerStart());
        varint(out, p.bodyStart() - p.headerStart());
        varint(out, p.end() - p.bodyStart());
        switch (p) {
            case BodyPart.Single s -> {
                fields(out, s.fields());
                varint(out, s.lines() + 1);
            }
            case BodyPart.Message m -> {
                fields(out, m.fields());
                varint(out, m.lines());
                envelope(out, m.envelope());
                part(out, m.message());
            }
            case BodyPart.Multipart mp -> {
                varint(out, mp.parts().size());
                for (var child : mp.parts()) part(out, child);
            }
        }
        extension(out, p.extension());
    }

    private static BodyPart readPart(DataInputStream in, int depth) throws IOException {
        if (depth > 10_000) throw new IllegalArgumentException("message structure nests too deep");
        int tag = in.readUnsignedByte();
        String type = readString(in);
        String subtype = readString(in);
        var params = readParameters(in);
        long headerStart = readVarint(in);
        long bodyStart = headerStart + readVarint(in);
        long end = bodyStart + readVarint(in);
        return switch (tag) {
            case SINGLE -> {
                var fields = readFields(in);
                long lines = readVarint(in) - 1;
                yield new BodyPart.Single(type, subtype, params, fields, lines, readExtension(in), headerStart,
                        bodyStart, end);
            }
            case MESSAGE -> {
                var fields = readFields(in);
                long lines = readVarint(in);
                var envelope = readEnvelope(in);
                var inner = readPart(in, depth + 1);
                yield new BodyPart.Message(type, subtype, params, fields, envelope, inner, lines, readExtension(in),
                        headerStart, bodyStart, end);
            }
            case MULTIPART -> {
                int n = count(in);
                var parts = new ArrayList<BodyPart>(n);
                for (int i = 0; i < n; i++) parts.add(readPart(in, depth + 1));
                yield new BodyPart.Multipart(type, subtype, params, parts, readExtension(in), headerStart,
                        bodyStart, end);
            }
            default -> throw new IllegalArgumentException("unknown body part tag " + tag + " in message structure");
        };
    }

    private static void fields(DataOutputStream out, BodyPart.Fields f) throws IOException {
        string(out, f.id());
        string(out, f.description());
        string(out, f.encoding());
        varint(out, f.size());
        string(out, f.md5());
    }

    private static BodyPart.Fields readFields(DataInputStream in) throws IOException {
        return new BodyPart.Fields(readString(in), readString(in), readString(in), readVarint(in), readString(in));
    }

    private static void extension(DataOutputStream out, BodyPart.Extension e) throws IOException {
        out.writeByte(e.disposition() == null ? 0 : 1);
        if (e.disposition() != null) {
            string(out, e.disposition().type());
            parameters(out, e.disposition().parameters());
        }
        varint(out, e.language().size());
        for (var l : e.language()) string(out, l);
        string(out, e.location());
    }

    private static BodyPart.Extension readExtension(DataInputStream in) throws IOException {
        Disposition d = in.readUnsignedByte() == 0 ? null : new Disposition(readString(in), readParameters(in));
        int n = count(in);
        var languages = new ArrayList<String>(n);
        for (int i = 0; i < n; i++) languages.add(readString(in));
        return new BodyPart.Extension(d, languages, readString(in));
    }

    private static void parameters(DataOutputStream out, List<Parameter> params) throws IOException {
        varint(out, params.size());
        for (var p : params) {
            string(out, p.name());
            string(out, p.value());
        }
    }

    private static List<Parameter> readParameters(DataInputStream in) throws IOException {
        int n = count(in);
        var params = new ArrayList<Parameter>(n);
        for (int i = 0; i < n; i++) params.add(new Parameter(readString(in), readString(in)));
        return params;
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            varint(out, 0);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(out, b.length + 1L);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        long n = readVarint(in);
        if (n == 0) return null;
        if (n - 1 > in.available()) throw new EOFException();
        byte[] b = new byte[(int) (n - 1)];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int count(DataInputStream in) throws IOException {
        long n = readVarint(in);
        if (n > in.available()) throw new EOFException();  // every element takes at least one byte
        return (int) n;
    }

    private static void varint(DataOutputStream out, long v) throws IOException {
        if (v < 0) throw new IllegalArgumentException("negative value in message structure: " + v);
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarint(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new IllegalArgumentException("malformed number in message structure");
    }
}
