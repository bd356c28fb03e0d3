package dev.tern.imap;

import dev.tern.imap.proto.FetchAttribute;
import dev.tern.imap.proto.ImapException;
import dev.tern.imap.proto.ResponseWriter;
import dev.tern.mailbox.MailboxService;
import dev.tern.mime.BodyPart;
import dev.tern.mime.ByteRange;
import dev.tern.mime.ImapStructureWriter;
import dev.tern.mime.MessageStructure;
import dev.tern.store.Flags;
import dev.tern.store.MessageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

/** Writes one message's FETCH response (RFC 9051 §7.5.2) from its record, structure and stored body. */
final class FetchResponder {
    private static final DateTimeFormatter INTERNALDATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** Header sections are filtered in memory; a header beyond this is cut (mime limits keep real ones far below). */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private final MailboxService service;
    private final ResponseWriter out;

    FetchResponder(MailboxService service, ResponseWriter out) {
        this.service = service;
        this.out = out;
    }

    static String flagList(Flags flags) {
        var b = new StringBuilder("(");
        for (var f : flags.system()) {
            if (b.length() > 1) b.append(' ');
            b.append(f.imapName());
        }
        for (var k : flags.keywords()) {
            if (b.length() > 1) b.append(' ');
            b.append(k);
        }
        return b.append(')').toString();
    }

    /**
     * Checks before any output that every BINARY item of {@code attributes} can be decoded (RFC 3516 §4.3), so that
     * a refusal never leaves half a FETCH response on the wire.
     *
     * @throws ImapException.No with UNKNOWN-CTE naming the encoding otherwise
     */
    static void checkDecodable(MessageStructure s, List<FetchAttribute> attributes) {
        for (var a : attributes) {
            List<Integer> part = switch (a) {
                case FetchAttribute.Binary b -> b.part();
                case FetchAttribute.BinarySize b -> b.part();
                default -> null;
            };
            if (part == null || part.isEmpty()) continue;
            var p = s.part(part).orElseThrow(() -> new ImapException.No("NONEXISTENT", "no part " + dotted(part)));
            var encoding = encoding(p);
            if (!DECODABLE.contains(encoding)) {
                throw new ImapException.No("UNKNOWN-CTE", "cannot decode transfer encoding " + encoding + " of part "
                        + dotted(part));
            }
        }
    }

    private static final java.util.Set<String> DECODABLE = java.util.Set.of("7BIT", "8BIT", "BINARY", "BASE64",
            "QUOTED-PRINTABLE");

    private static String encoding(BodyPart p) {
        return switch (p) {
            case BodyPart.Single single -> single.fields().encoding().toUpperCase(Locale.ROOT);
            case BodyPart.Message message -> message.fields().encoding().toUpperCase(Locale.ROOT);
            case BodyPart.Multipart _ -> "7BIT";
        };
    }

    /**
     * @param withUid   add UID (UID FETCH, RFC 9051 §6.4.9) if not asked for
     * @param withFlags add FLAGS (\Seen was set by this fetch) if not asked for
     * @param withModSeq add MODSEQ (CONDSTORE, RFC 7162 §3.1.4.1) if not asked for
     */
    void write(int sequence, MessageRecord m, MessageStructure structure, List<FetchAttribute> attributes,
               boolean withUid, boolean withFlags, boolean withModSeq) throws IOException {
        out.raw("* " + sequence + " FETCH (");
        boolean first = true;
        if (withUid && !attributes.contains(new FetchAttribute.Uid())) {
            out.raw("UID " + m.uid());
            first = false;
        }
        if (withFlags && !attributes.contains(new FetchAttribute.Flags())) {
            out.raw((first ? "" : " ") + "FLAGS " + flagList(m.flags()));
            first = false;
        }
        if (withModSeq && !attributes.contains(new FetchAttribute.ModSeq())) {
            out.raw((first ? "" : " ") + "MODSEQ (" + m.modSeq() + ")");
            first = false;
        }
        for (var attribute : attributes) {
            if (!first) out.raw(" ");
            first = false;
            item(m, structure, attribute);
        }
        out.raw(")").crlf();
    }

    private void item(MessageRecord m, MessageStructure s, FetchAttribute attribute) throws IOException {
        switch (attribute) {
            case FetchAttribute.Flags _ -> out.raw("FLAGS " + flagList(m.flags()));
            case FetchAttribute.Uid _ -> out.raw("UID " + m.uid());
            case FetchAttribute.InternalDate _ -> out.raw("INTERNALDATE \"" + INTERNALDATE.format(m.internalDate()) + "\"");
            case FetchAttribute.Rfc822Size _ -> out.raw("RFC822.SIZE " + m.size());
            case FetchAttribute.ModSeq _ -> out.raw("MODSEQ (" + m.modSeq() + ")");
            case FetchAttribute.Envelope _ -> out.raw("ENVELOPE ").raw(ImapStructureWriter.envelopeBytes(s.envelope()));
            case FetchAttribute.Structure st -> out.raw(st.extended() ? "BODYSTRUCTURE " : "BODY ")
                    .raw(st.extended() ? ImapStructureWriter.bodyStructureBytes(s.body())
                            : ImapStructureWriter.bodyBytes(s.body()));
            case FetchAttribute.Rfc822 r -> {
                switch (r.kind()) {
                    case WHOLE -> range(m, "RFC822 ", new ByteRange(0, m.size()));
                    case HEADER -> range(m, "RFC822.HEADER ", s.body().header());
                    case TEXT -> range(m, "RFC822.TEXT ", s.body().body());
                }
            }
            case FetchAttribute.BodySection b -> bodySection(m, s, b);
            case FetchAttribute.Binary b -> binary(m, s, b);
            case FetchAttribute.BinarySize b -> out.raw("BINARY.SIZE[" + dotted(b.part()) + "] "
                    + decodedSize(m, s, b.part()));
        }
    }

    private void bodySection(MessageRecord m, MessageStructure s, FetchAttribute.BodySection b) throws IOException {
        var section = b.section();
        var name = "BODY[" + section.spec() + "]" + (b.partial() == null ? "" : "<" + b.partial().origin() + ">") + " ";
        var text = switch (section.text()) {
            case NONE -> MessageStructure.SectionText.NONE;
            case HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT -> MessageStructure.SectionText.HEADER;
            case TEXT -> MessageStructure.SectionText.TEXT;
            case MIME -> MessageStructure.SectionText.MIME;
        };
        var range = s.section(section.part(), text);
        if (range.isEmpty()) {
            out.raw(name).raw("\"\"");
            return;
        }
        if (section.text() == FetchAttribute.Text.HEADER_FIELDS || section.text() == FetchAttribute.Text.HEADER_FIELDS_NOT) {
            byte[] header;
            try (var in = service.open(m, range.get())) {
                header = in.readNBytes(MAX_HEADER_BYTES);
            }
            var filtered = HeaderFields.filter(header, section.fields(),
                    section.text() == FetchAttribute.Text.HEADER_FIELDS_NOT);
            if (b.partial() != null) filtered = slice(filtered, b.partial());
            out.raw(name).literal(filtered);
            return;
        }
        var r = range.get();
        if (b.partial() != null) r = r.partial(b.partial().origin(), b.partial().count());
        range(m, name, r);
    }

    private static byte[] slice(byte[] bytes, FetchAttribute.Partial p) {
        int from = (int) Math.min(bytes.length, p.origin());
        int to = (int) Math.min(bytes.length, from + p.count());
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    private void range(MessageRecord m, String name, ByteRange r) throws IOException {
        out.raw(name);
        try (var in = service.open(m, r)) {
            out.literal(in, r.length(), false);
        }
    }

    // --- BINARY (RFC 3516) ---------------------------------------------------------------------------------------

    private void binary(MessageRecord m, MessageStructure s, FetchAttribute.Binary b) throws IOException {
        var name = "BINARY[" + dotted(b.part()) + "]" + (b.partial() == null ? "" : "<" + b.partial().origin() + ">") + " ";
        var counter = new Counter();
        try (var in = decoded(m, s, b.part())) {
            in.transferTo(counter);
        }
        long origin = b.partial() == null ? 0 : Math.min(counter.count, b.partial().origin());
        long length = b.partial() == null ? counter.count : Math.min(counter.count - origin, b.partial().count());
        out.raw(name);
        try (var in = decoded(m, s, b.part())) {
            in.skipNBytes(origin);
            out.literal(in, length, counter.nul);
        }
    }

    private long decodedSize(MessageRecord m, MessageStructure s, List<Integer> part) throws IOException {
        var counter = new Counter();
        try (var in = decoded(m, s, part)) {
            in.transferTo(counter);
        }
        return counter.count;
    }

    /** The part's content with its transfer encoding undone. */
    private InputStream decoded(MessageRecord m, MessageStructure s, List<Integer> part) throws IOException {
        if (part.isEmpty()) return service.open(m);
        var p = s.part(part).orElseThrow(() -> new ImapException.No("NONEXISTENT", "no part " + dotted(part)));
        var raw = service.open(m, p.body());
        var encoding = encoding(p);
        return switch (encoding) {
            case "7BIT", "8BIT", "BINARY" -> raw;
            case "BASE64" -> new Base64InputStream(raw);
            case "QUOTED-PRINTABLE" -> new QuotedPrintableInputStream(raw);
            default -> {
                raw.close();
                throw new ImapException.No("UNKNOWN-CTE", "cannot decode transfer encoding " + encoding);
            }
        };
    }

    private static String dotted(List<Integer> part) {
        var b = new StringBuilder();
        for (int n : part) b.append(b.isEmpty() ? "" : ".").append(n);
        return b.toString();
    }

    /** Counts octets and notes a NUL, which needs a literal8 (RFC 3516 §4.3). */
    private static final class Counter extends OutputStream {
        long count;
        boolean nul;

        @Override
        public void write(int b) {
            count++;
            if (b == 0) nul = true;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            if (!nul) for (int i = off; i < off + len; i++) if (b[i] == 0) nul = true;
        }
    }

}
