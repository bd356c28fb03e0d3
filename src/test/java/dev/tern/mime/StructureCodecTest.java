package dev.tern.mime;

import static dev.tern.mime.Messages.crlf;
import static dev.tern.mime.Messages.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

class StructureCodecTest {

    @Example
    void fixturesRoundTrip() {
        for (var m : List.of(Messages.SIMPLE, Messages.ALTERNATIVE, Messages.MIXED, Messages.NESTED)) {
            var s = parse(crlf(m));
            var encoded = s.encode();
            assertThat(encoded[0]).isEqualTo((byte) StructureCodec.VERSION);
            assertThat(MessageStructure.decode(encoded)).isEqualTo(s);
        }
    }

    @Example
    void envelopeAloneDecodesWithoutTheBodyParts() {
        for (var m : List.of(Messages.SIMPLE, Messages.NESTED)) {
            var s = parse(crlf(m));
            assertThat(MessageStructure.decodeEnvelope(s.encode())).isEqualTo(s.envelope());
        }
        var encoded = parse(crlf(Messages.NESTED)).encode();
        encoded[0] = 99;
        assertThatThrownBy(() -> MessageStructure.decodeEnvelope(encoded)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 99");
    }

    @Example
    void unknownVersionAndTruncationAreRejectedWithAHint() {
        var encoded = parse(crlf(Messages.NESTED)).encode();
        var other = encoded.clone();
        other[0] = 99;
        assertThatThrownBy(() -> MessageStructure.decode(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 99").hasMessageContaining("parse the message again");
        for (int cut = 1; cut < encoded.length; cut += 7) {
            var truncated = java.util.Arrays.copyOf(encoded, cut);
            assertThatThrownBy(() -> MessageStructure.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** A generated message: its text and, for each leaf in order, the body it must read back. */
    record Generated(String text, List<String> leafBodies) {}

    @Property(tries = 300)
    void generatedMessagesRoundTripAndLeavesReadBack(@ForAll("messages") Generated g) {
        byte[] raw = crlf(g.text());
        var s = parse(raw);
        assertThat(s.size()).isEqualTo(raw.length);
        assertThat(MessageStructure.decode(s.encode())).isEqualTo(s);
        var leaves = new ArrayList<String>();
        collectLeaves(s.body(), raw, leaves);
        assertThat(leaves).isEqualTo(g.leafBodies());
    }

    @Property(tries = 300)
    void anyBytesParseWithoutErrorAndRoundTrip(@ForAll byte[] junk) {
        var s = parse(junk);
        assertThat(s.size()).isEqualTo(junk.length);
        assertThat(MessageStructure.decode(s.encode())).isEqualTo(s);
        assertThat(ImapStructureWriter.bodyStructureBytes(s.body())).isNotEmpty();
    }

    @Property(tries = 300)
    void damagedEncodingsAreRejectedWithIllegalArgument(@ForAll byte[] junk) {
        var bytes = junk.clone();
        if (bytes.length > 0) bytes[0] = (byte) StructureCodec.VERSION;
        try {
            MessageStructure.decode(bytes);
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageContaining("message structure");
        }
    }

    private static void collectLeaves(BodyPart p, byte[] raw, List<String> out) {
        switch (p) {
            case BodyPart.Single s -> out.add(Messages.text(raw, s.body()));
            case BodyPart.Message m -> collectLeaves(m.message(), raw, out);
            case BodyPart.Multipart mp -> mp.parts().forEach(c -> collectLeaves(c, raw, out));
        }
    }

    @Provide
    Arbitrary<Generated> messages() {
        return node(3).flatMap(body -> headerLines().map(h -> new Generated(h + body.text(), body.leafBodies())));
    }

    private Arbitrary<String> headerLines() {
        var subject = Arbitraries.strings().withChars("abc =?\"é\t").ofMaxLength(30);
        var name = Arbitraries.strings().withChars("abc.\" ").ofMaxLength(10);
        return Combinators.combine(subject, name).as((s, n) ->
                "Subject: " + s + "\nFrom: " + n + " <a@b.example>, Group: c@d.example;\n");
    }

    /** A part: its header lines (ending with the blank line) plus body, and the leaf bodies inside it. */
    private Arbitrary<Generated> node(int depth) {
        var leaf = Arbitraries.strings().withChars("xyz -\t\u00e9").ofMaxLength(20).list().ofMaxSize(4)
                .map(lines -> {
                    String body = String.join("\n", lines);
                    return new Generated("Content-Type: text/plain\n\n" + body, List.of(body.replace("\n", "\r\n")));
                });
        if (depth == 0) return leaf;
        var multipart = node(depth - 1).list().ofMinSize(1).ofMaxSize(3).map(children -> {
            String boundary = "b" + depth;
            var sb = new StringBuilder("Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\n\npreamble\n");
            var bodies = new ArrayList<String>();
            for (var c : children) {
                sb.append("--").append(boundary).append('\n').append(c.text()).append('\n');
                bodies.addAll(c.leafBodies());
            }
            sb.append("--").append(boundary).append("--\nepilogue");
            return new Generated(sb.toString(), bodies);
        });
        var message = node(depth - 1).map(inner -> new Generated(
                "Content-Type: message/rfc822\n\nSubject: inner\n" + inner.text(), inner.leafBodies()));
        return Arbitraries.oneOf(leaf, multipart, message);
    }
}
