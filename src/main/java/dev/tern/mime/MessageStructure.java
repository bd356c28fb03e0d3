package dev.tern.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A stored message's ENVELOPE, its BODYSTRUCTURE tree with part offsets, and its size in octets (RFC822.SIZE).
 * Parse it once when the message is stored; FETCH of any section is then a read of a byte range.
 */
public record MessageStructure(Envelope envelope, BodyPart body, long size) {

    /**
     * Parses a message as stored (CRLF line ends), reading {@code in} to its end with bounded memory. Bad MIME
     * never throws: the result is the best structure the bytes allow.
     *
     * @throws IOException only if reading {@code in} fails
     */
    public static MessageStructure parse(InputStream in, MimeLimits limits) throws IOException {
        return StructureParser.parse(in, limits);
    }

    /** The compact binary form kept in the store's structure cache; see {@link StructureCodec}. */
    public byte[] encode() { return StructureCodec.encode(this); }

    /**
     * Reads what {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException if the bytes are not a structure of a known version; re-parse the message
     */
    public static MessageStructure decode(byte[] encoded) { return StructureCodec.decode(encoded); }

    /**
     * Reads only the envelope of what {@link #encode()} wrote, leaving the body parts undecoded.
     *
     * @throws IllegalArgumentException if the bytes are not a structure of a known version; re-parse the message
     */
    public static Envelope decodeEnvelope(byte[] encoded) { return StructureCodec.decodeEnvelope(encoded); }

    /** The section-text of a FETCH BODY[...] (RFC 9051 §6.4.5); HEADER.FIELDS is served from the HEADER range. */
    public enum SectionText { NONE, HEADER, TEXT, MIME }

    /**
     * The byte range of a section, e.g. {@code [1, 2]} and {@link SectionText#MIME} for {@code BODY[1.2.MIME]};
     * empty if the message has no such part or the section-text does not apply to it (HEADER and TEXT need the
     * whole message or a message/rfc822 part, MIME needs a part number).
     */
    public Optional<ByteRange> section(List<Integer> part, SectionText text) {
        if (part.isEmpty()) {
            return switch (text) {
                case NONE -> Optional.of(new ByteRange(0, size));
                case HEADER -> Optional.of(body.header());
                case TEXT -> Optional.of(body.body());
                case MIME -> Optional.empty();
            };
        }
        return part(part).flatMap(p -> switch (text) {
            case NONE -> Optional.of(p.body());
            case MIME -> Optional.of(p.header());
            case HEADER -> p instanceof BodyPart.Message m ? Optional.of(m.message().header()) : Optional.empty();
            case TEXT -> p instanceof BodyPart.Message m ? Optional.of(m.message().body()) : Optional.empty();
        });
    }

    /**
     * The part a section number names (RFC 9051 §6.4.5): parts of a multipart are numbered from 1; a message that
     * is not multipart has just part 1, its body; the parts of a message/rfc822 part are those of its body.
     */
    public Optional<BodyPart> part(List<Integer> path) {
        BodyPart current = null;
        for (int n : path) {
            BodyPart container;
            if (current == null) container = body;
            else if (current instanceof BodyPart.Message m) container = m.message();
            else if (current instanceof BodyPart.Multipart) container = current;
            else return Optional.empty();
            if (container instanceof BodyPart.Multipart mp) {
                if (n < 1 || n > mp.parts().size()) return Optional.empty();
                current = mp.parts().get(n - 1);
            } else if (n == 1) {
                current = container;
            } else {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(current);
    }
}
