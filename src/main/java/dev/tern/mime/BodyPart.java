package dev.tern.mime;

import java.util.List;

/**
 * One node of the BODYSTRUCTURE tree (RFC 9051 §7.5.2) with where it lies in the stored message. Offsets:
 * {@code headerStart} is the first octet of the part's MIME header, {@code bodyStart} the first octet after the
 * blank line that ends it, {@code end} the octet after its body (the CRLF before a boundary belongs to the
 * boundary, RFC 2046 §5.1.1).
 */
public sealed interface BodyPart {

    String type();

    String subtype();

    List<Parameter> parameters();

    /** body-ext: disposition, language and location. */
    Extension extension();

    long headerStart();

    long bodyStart();

    long end();

    /** The body of this part: what FETCH BODY[section] returns. */
    default ByteRange body() { return new ByteRange(bodyStart(), end()); }

    /** The MIME header of this part, blank line included: what FETCH BODY[section.MIME] returns. */
    default ByteRange header() { return new ByteRange(headerStart(), bodyStart()); }

    /** The extension fields common to every part. {@code disposition} may be null. */
    record Extension(Disposition disposition, List<String> language, String location) {
        public static final Extension NONE = new Extension(null, List.of(), null);

        public Extension {
            language = List.copyOf(language);
        }
    }

    /**
     * The fields of a non-multipart part: body-fld-id, body-fld-desc, body-fld-enc, body-fld-octets (the size
     * of the body in its transfer encoding) and body-fld-md5, the Content-MD5 header (RFC 1864) as sent, not
     * checked; null when absent.
     */
    record Fields(String id, String description, String encoding, long size, String md5) {}

    /** A part that is neither multipart nor an encapsulated message; {@code lines} is -1 unless type is text. */
    record Single(String type, String subtype, List<Parameter> parameters, Fields fields, long lines,
                  Extension extension, long headerStart, long bodyStart, long end) implements BodyPart {
        public Single {
            parameters = List.copyOf(parameters);
        }

        public boolean isText() { return type.equalsIgnoreCase("text"); }
    }

    /** A message/rfc822 (or message/global) part: its own envelope and body, and its size in lines. */
    record Message(String type, String subtype, List<Parameter> parameters, Fields fields, Envelope envelope,
                   BodyPart message, long lines, Extension extension, long headerStart, long bodyStart, long end)
            implements BodyPart {
        public Message {
            parameters = List.copyOf(parameters);
        }
    }

    /** A multipart: its parts in order (at least one); {@code type} is always "multipart". */
    record Multipart(String type, String subtype, List<Parameter> parameters, List<BodyPart> parts,
                     Extension extension, long headerStart, long bodyStart, long end) implements BodyPart {
        public Multipart {
            parameters = List.copyOf(parameters);
            parts = List.copyOf(parts);
            if (parts.isEmpty()) throw new IllegalArgumentException("a multipart has at least one part");
        }
    }
}
