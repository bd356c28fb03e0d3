package dev.tern.mime;

import static dev.tern.mime.Messages.crlf;
import static dev.tern.mime.Messages.parse;
import static dev.tern.mime.Messages.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.mime.MessageStructure.SectionText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageStructureTest {

    private static String section(byte[] raw, MessageStructure s, List<Integer> part, SectionText text) {
        return text(raw, s.section(part, text).orElseThrow());
    }

    @Test
    void sectionsOfSimpleMessage() {
        byte[] raw = crlf(Messages.SIMPLE);
        var s = parse(raw);
        assertThat(s.size()).isEqualTo(raw.length);
        assertThat(section(raw, s, List.of(), SectionText.NONE)).isEqualTo(new String(raw, StandardCharsets.UTF_8));
        assertThat(section(raw, s, List.of(), SectionText.HEADER)).startsWith("Date: ").endsWith("US-ASCII\r\n\r\n");
        assertThat(section(raw, s, List.of(), SectionText.TEXT))
                .isEqualTo("Hello Joe, do you think we can meet at 3:30 tomorrow?\r\n");
        assertThat(section(raw, s, List.of(1), SectionText.NONE)).isEqualTo(section(raw, s, List.of(), SectionText.TEXT));
        assertThat(s.section(List.of(2), SectionText.NONE)).isEmpty();
        assertThat(s.section(List.of(1, 1), SectionText.NONE)).isEmpty();
        assertThat(s.section(List.of(), SectionText.MIME)).isEmpty();
    }

    @Test
    void sectionsOfMultipartExcludeTheCrlfBeforeTheDelimiter() {
        byte[] raw = crlf(Messages.MIXED);
        var s = parse(raw);
        assertThat(section(raw, s, List.of(1), SectionText.NONE)).isEqualTo("See attached.\r\n");
        assertThat(section(raw, s, List.of(1), SectionText.MIME)).isEqualTo("Content-Type: text/plain\r\n\r\n");
        assertThat(section(raw, s, List.of(2), SectionText.NONE)).isEqualTo("JVBERi0=");
        assertThat(section(raw, s, List.of(2), SectionText.MIME))
                .startsWith("Content-Type: application/pdf").endsWith("r.pdf\r\n\r\n");
        assertThat(section(raw, s, List.of(), SectionText.TEXT)).startsWith("preamble\r\n--b1\r\n")
                .endsWith("--b1--\r\nepilogue\r\n");
        assertThat(s.section(List.of(1), SectionText.HEADER)).as("HEADER needs a message/rfc822 part").isEmpty();
        assertThat(s.section(List.of(3), SectionText.NONE)).isEmpty();
    }

    @Test
    void sectionsInsideAnEncapsulatedMessage() {
        byte[] raw = crlf(Messages.NESTED);
        var s = parse(raw);
        assertThat(section(raw, s, List.of(1, 2), SectionText.NONE)).isEqualTo("<b>see below</b>");
        assertThat(section(raw, s, List.of(1, 1), SectionText.MIME))
                .isEqualTo("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
        assertThat(section(raw, s, List.of(2), SectionText.HEADER)).startsWith("From: Carol")
                .endsWith("boundary=\"fwd\"\r\n\r\n");
        assertThat(section(raw, s, List.of(2), SectionText.TEXT)).startsWith("--fwd\r\n").endsWith("--fwd--\r\n");
        assertThat(section(raw, s, List.of(2), SectionText.NONE)).startsWith("From: Carol").endsWith("--fwd--\r\n");
        assertThat(section(raw, s, List.of(2, 1), SectionText.NONE)).isEqualTo("the original\r\ntext");
        assertThat(section(raw, s, List.of(2, 2), SectionText.NONE)).isEqualTo("iVBORw0K");
        assertThat(section(raw, s, List.of(2, 2), SectionText.MIME)).startsWith("Content-Type: image/png\r\n");
        assertThat(s.section(List.of(2, 3), SectionText.NONE)).isEmpty();
    }

    @Test
    void singlePartEncapsulatedMessageHasPartOne() {
        byte[] raw = crlf("""
                Content-Type: message/rfc822

                Subject: inner

                inner body
                """);
        var s = parse(raw);
        assertThat(s.body()).isInstanceOf(BodyPart.Message.class);
        assertThat(((BodyPart.Message) s.body()).envelope().subject()).isEqualTo("inner");
        assertThat(section(raw, s, List.of(1), SectionText.HEADER)).isEqualTo("Subject: inner\r\n\r\n");
        assertThat(section(raw, s, List.of(1, 1), SectionText.NONE)).isEqualTo("inner body\r\n");
    }

    @Test
    void partialRangeIsClippedToTheSection() {
        var r = new ByteRange(100, 110);
        assertThat(r.partial(2, 5)).isEqualTo(new ByteRange(102, 107));
        assertThat(r.partial(8, 50)).isEqualTo(new ByteRange(108, 110));
        assertThat(r.partial(20, 5)).isEqualTo(new ByteRange(110, 110));
    }

    @Test
    void messageWithoutHeaderOrMimeIsTextPlain() {
        var s = parse(crlf("\nonly a body\n"));
        assertThat(s.body()).isInstanceOfSatisfying(BodyPart.Single.class, p -> {
            assertThat(p.type()).isEqualTo("text");
            assertThat(p.subtype()).isEqualTo("plain");
            assertThat(p.fields().size()).isEqualTo(13);
            assertThat(p.lines()).isEqualTo(1);
        });
        assertThat(s.envelope()).isEqualTo(Envelope.EMPTY);
    }

    @Test
    void emptyInputGivesAnEmptyTextPart() {
        var s = parse(new byte[0]);
        assertThat(s.size()).isZero();
        assertThat(s.body()).isInstanceOfSatisfying(BodyPart.Single.class, p -> {
            assertThat(p.fields().size()).isZero();
            assertThat(p.lines()).isZero();
        });
    }

    @Test
    void lastLineWithoutLineEndCountsAsALine() {
        var s = parse("Subject: x\r\n\r\none\r\ntwo".getBytes(StandardCharsets.US_ASCII));
        assertThat(((BodyPart.Single) s.body()).lines()).isEqualTo(2);
        assertThat(((BodyPart.Single) s.body()).fields().size()).isEqualTo(8);
    }

    @Test
    void missingCloseDelimiterEndsAtEndOfMessage() {
        byte[] raw = crlf("""
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                one
                --b
                Content-Type: text/plain

                two
                """);
        var s = parse(raw);
        var mp = (BodyPart.Multipart) s.body();
        assertThat(mp.parts()).hasSize(2);
        assertThat(text(raw, mp.parts().get(1).body())).isEqualTo("two\r\n");
        assertThat(mp.end()).isEqualTo(raw.length);
    }

    @Test
    void innerPartWithoutCloseDelimiterEndsAtTheOuterDelimiter() {
        byte[] raw = crlf("""
                Content-Type: multipart/mixed; boundary=outer

                --outer
                Content-Type: multipart/alternative; boundary=inner

                --inner
                Content-Type: text/plain

                a
                --outer
                Content-Type: text/plain

                b
                --outer--
                """);
        var s = parse(raw);
        var mp = (BodyPart.Multipart) s.body();
        assertThat(mp.parts()).hasSize(2);
        assertThat(mp.parts().get(0)).isInstanceOf(BodyPart.Multipart.class);
        assertThat(text(raw, s.section(List.of(1, 1), SectionText.NONE).orElseThrow())).isEqualTo("a");
        assertThat(text(raw, s.section(List.of(2), SectionText.NONE).orElseThrow())).isEqualTo("b");
    }

    @Test
    void multipartWhoseBoundaryNeverAppearsIsTextPlain() {
        byte[] raw = crlf("Content-Type: multipart/mixed; boundary=nowhere\n\njust text\nmore\n");
        var s = parse(raw);
        assertThat(s.body()).isInstanceOfSatisfying(BodyPart.Single.class, p -> {
            assertThat(p.type() + "/" + p.subtype()).isEqualTo("text/plain");
            assertThat(p.lines()).isEqualTo(2);
        });
    }

    @Test
    void boundaryWithTransportPaddingAndLongerLookalikes() {
        byte[] raw = crlf("""
                Content-Type: multipart/mixed; boundary=ab

                --ab \t
                Content-Type: text/plain

                --abc is not a delimiter
                --ab--
                """);
        var mp = (BodyPart.Multipart) parse(raw).body();
        assertThat(mp.parts()).hasSize(1);
        assertThat(text(raw, mp.parts().getFirst().body())).isEqualTo("--abc is not a delimiter");
    }

    @Test
    void bareLineFeedsAndEightBitJunkDoNotBreakParsing() {
        byte[] raw = ("Subject: caf\u00e9 \u00ff\nFrom: <<<@@>>\nBroken header line\n"
                + "Content-Type: multipart/mixed; boundary=\"q\"\n\n--q\n\n\u0000\u0001junk\n--q--\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        var s = parse(raw);
        assertThat(s.size()).isEqualTo(raw.length);
        assertThat(s.envelope().subject()).isEqualTo("caf\u00e9 \u00ff");
        var mp = (BodyPart.Multipart) s.body();
        assertThat(text(raw, mp.parts().getFirst().body())).isEqualTo("\u0000\u0001junk");
        assertThat(ImapStructureWriter.bodyStructureBytes(s.body())).isNotEmpty();
    }

    @Test
    void eightBitBoundariesMatchAsSent() {
        for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1)) {
            byte[] raw = "Content-Type: multipart/mixed; boundary=\"gr\u00fc\u00df\"\r\n\r\n--gr\u00fc\u00df\r\n\r\nx\r\n--gr\u00fc\u00df--\r\n"
                    .getBytes(charset);
            var mp = (BodyPart.Multipart) parse(raw).body();
            assertThat(text(raw, mp.parts().getFirst().body())).as(charset.name()).isEqualTo("x");
        }
    }

    @Test
    void nestingBeyondTheLimitIsAnOpaqueLeaf() {
        var sb = new StringBuilder();
        int depth = 10;
        for (int i = 0; i < depth; i++) {
            sb.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i).append('\n');
        }
        sb.append("Content-Type: text/plain\n\ndeep\n");
        for (int i = depth - 1; i >= 0; i--) sb.append("--b").append(i).append("--\n");
        byte[] raw = crlf(sb.toString());
        var s = parse(raw, new MimeLimits(3, 100, 1024, 100));
        BodyPart p = s.body();
        int levels = 0;
        while (p instanceof BodyPart.Multipart mp) {
            p = mp.parts().getFirst();
            levels++;
        }
        assertThat(levels).isEqualTo(3);
        assertThat(p.type() + "/" + p.subtype()).isEqualTo("application/octet-stream");
        assertThat(s.size()).isEqualTo(raw.length);
    }

    @Test
    void partsBeyondTheLimitAreLeftOut() {
        var sb = new StringBuilder("Content-Type: multipart/mixed; boundary=b\n\n");
        for (int i = 0; i < 50; i++) sb.append("--b\n\npart ").append(i).append('\n');
        sb.append("--b--\n");
        var s = parse(crlf(sb.toString()), new MimeLimits(5, 10, 1024, 100));
        assertThat(((BodyPart.Multipart) s.body()).parts()).hasSize(9);
    }

    @Test
    void veryLongLinesAreCountedNotKept() throws java.io.IOException {
        long bodyLength = 8L * 1024 * 1024;
        var header = "Subject: long\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        // A stream that makes its bytes as it is read: the parser must not need them all at once.
        var in = new java.io.InputStream() {
            long pos;

            @Override
            public int read() {
                if (pos < header.length) return header[(int) pos++];
                return pos++ < header.length + bodyLength ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = 0;
                while (n < len) {
                    int c = read();
                    if (c < 0) break;
                    b[off + n++] = (byte) c;
                }
                return n == 0 ? -1 : n;
            }
        };
        var s = MessageStructure.parse(in, MimeLimits.DEFAULTS);
        assertThat(s.size()).isEqualTo(header.length + bodyLength);
        assertThat(s.body().body().length()).isEqualTo(bodyLength);
        assertThat(((BodyPart.Single) s.body()).lines()).isEqualTo(1);
    }

    @Test
    void longHeaderIsCutAtTheLimitButOffsetsStayExact() {
        String longSubject = "x".repeat(5000);
        byte[] raw = crlf("Subject: " + longSubject + "\n\nbody\n");
        var s = parse(raw, new MimeLimits(5, 10, 1024, 100));
        assertThat(s.envelope().subject()).hasSize(1024 - "Subject: ".length());
        assertThat(text(raw, s.body().body())).isEqualTo("body\r\n");
    }

    @Test
    void anEncapsulatedHeaderCutShortByADelimiterStaysInsideItsPart() {
        // Found by MessageStructureFuzzTest: the line end before "--b--" belongs to the delimiter, not to the
        // inner header, so BODY[1.HEADER] must not be longer than BODY[1].
        for (var between : List.of("", "\r\n")) {
            byte[] raw = ("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                    + "Content-Type: message/rfc822\r\n\r\nSubject: x\r\n" + between + "--b--\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            var s = parse(raw);
            var part = s.section(List.of(1), SectionText.NONE).orElseThrow();
            var header = s.section(List.of(1), SectionText.HEADER).orElseThrow();
            var text = s.section(List.of(1), SectionText.TEXT).orElseThrow();
            assertThat(header.start()).isEqualTo(part.start());
            assertThat(header.end()).as("header within the part").isLessThanOrEqualTo(part.end());
            assertThat(text.start()).isEqualTo(header.end());
            assertThat(text.end()).isEqualTo(part.end());
            assertThat(text(raw, part)).isEqualTo(between.isEmpty() ? "Subject: x" : "Subject: x\r\n");
        }
    }
}
