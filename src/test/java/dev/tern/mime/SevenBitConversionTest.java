package dev.tern.mime;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SevenBitConversionTest {

    private static byte[] convert(byte[] message) throws Exception {
        var structure = MessageStructure.parse(new ByteArrayInputStream(message), MimeLimits.DEFAULTS);
        var conversion = SevenBitConversion.plan(structure, new ByteArrayInputStream(message));
        var out = new ByteArrayOutputStream();
        conversion.write(new ByteArrayInputStream(message), out);
        return out.toByteArray();
    }

    private static byte[] convert(String message) throws Exception {
        return convert(message.getBytes(StandardCharsets.UTF_8));
    }

    private static MimeMessage parse(byte[] message) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
    }

    private static void assertSevenBitWithShortLines(byte[] converted) {
        for (byte b : converted) assertThat(b).as("every octet 7-bit, no NUL").isBetween((byte) 1, (byte) 127);
        var text = new String(converted, StandardCharsets.US_ASCII);
        assertThat(text.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
    }

    @Test
    void anEightBitTextBodyBecomesQuotedPrintableAndDecodesToTheSameOctets() throws Exception {
        var body = "Grüße aus Köln = 100 %\r\nline with trailing space \r\n.dot first\r\n" + "ä".repeat(60) + "\r\n";
        var original = "From: a@example.org\r\nSubject: plain\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body;

        var converted = convert(original);

        assertSevenBitWithShortLines(converted);
        var text = new String(converted, StandardCharsets.US_ASCII);
        assertThat(text).startsWith("From: a@example.org\r\nSubject: plain\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        assertThat(text).contains("Gr=C3=BC=C3=9Fe aus K=C3=B6ln =3D 100 %\r\n", "line with trailing space=20\r\n");
        assertThat(text.lines().skip(5)).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(76));
        var decoded = MimeUtility.decode(new ByteArrayInputStream(converted, text.indexOf("\r\n\r\n") + 4,
                converted.length), "quoted-printable").readAllBytes();
        assertThat(new String(decoded, StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void multipartLeavesAreConvertedEachByTypeAndSevenBitPartsAreCopied() throws Exception {
        var binary = new byte[300];
        new Random(7).nextBytes(binary);
        var head = ("From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\npreamble\r\n--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n"
                + "\r\nplain ascii, left alone\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nnaïve café\r\n--b1\r\nContent-Type: application/octet-stream\r\n"
                + "\r\n").getBytes(StandardCharsets.UTF_8);
        var tail = "\r\n--b1--\r\nepilogue\r\n".getBytes(StandardCharsets.US_ASCII);
        var original = new ByteArrayOutputStream();
        original.write(head);
        original.write(binary);
        original.write(tail);

        var converted = convert(original.toByteArray());

        assertSevenBitWithShortLines(converted);
        var text = new String(converted, StandardCharsets.US_ASCII);
        assertThat(text).contains("Content-Type: multipart/mixed; boundary=\"b1\"\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                + "preamble\r\n--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nplain ascii, left alone\r\n--b1\r\n");
        assertThat(text).contains("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        assertThat(text).endsWith("\r\n--b1--\r\nepilogue\r\n");
        var parts = (Multipart) parse(converted).getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo("plain ascii, left alone");
        assertThat(parts.getBodyPart(1).getContent()).isEqualTo("naïve café");
        assertThat(parts.getBodyPart(1).getHeader("Content-Transfer-Encoding")).containsExactly("quoted-printable");
        assertThat(parts.getBodyPart(2).getInputStream().readAllBytes()).isEqualTo(binary);
    }

    @Test
    void anEncapsulatedMessageIsConvertedInside() throws Exception {
        var original = "From: a@example.org\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "From: b@example.org\r\nSubject: inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nÜbermorgen\r\n";

        var converted = convert(original);

        assertSevenBitWithShortLines(converted);
        var text = new String(converted, StandardCharsets.US_ASCII);
        assertThat(text).startsWith("From: a@example.org\r\nContent-Type: message/rfc822\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n\r\nFrom: b@example.org\r\nSubject: inner\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "=C3=9Cbermorgen\r\n");
        var inner = (MimeMessage) parse(converted).getContent();
        assertThat(inner.getContent()).isEqualTo("Übermorgen\r\n");
    }

    @Test
    void aSevenBitMessageLabelled8bitIsOnlyRelabelled() throws Exception {
        var original = "Subject: x\r\nContent-Transfer-Encoding: 8bit\r\n\r\nall ascii = fine\r\n";
        var structure = MessageStructure.parse(new ByteArrayInputStream(original.getBytes()), MimeLimits.DEFAULTS);
        assertThat(SevenBitConversion.plan(structure, new ByteArrayInputStream(original.getBytes())).changesBodies())
                .isFalse();
        assertThat(new String(convert(original), StandardCharsets.US_ASCII))
                .isEqualTo("Subject: x\r\nContent-Transfer-Encoding: 7bit\r\n\r\nall ascii = fine\r\n");
    }

    @Test
    void quotedPrintableRoundTripsRandomText() throws Exception {
        var random = new Random(42);
        for (int round = 0; round < 200; round++) {
            var body = new ByteArrayOutputStream();
            body.write(0xe9); // one 8-bit octet at least, so that the body is converted
            int lines = 1 + random.nextInt(8);
            for (int l = 0; l < lines; l++) {
                int length = random.nextInt(200);
                for (int i = 0; i < length; i++) {
                    int c = switch (random.nextInt(6)) {
                        case 0 -> ' ';
                        case 1 -> '\t';
                        case 2 -> '=';
                        case 3 -> 128 + random.nextInt(128);
                        case 4 -> '\r'; // a lone CR, encoded
                        default -> 33 + random.nextInt(94);
                    };
                    body.write(c);
                }
                if (body.size() > 0 && body.toByteArray()[body.size() - 1] == '\r') body.write('x');
                body.write(new byte[] {'\r', '\n'});
            }
            var header = "Content-Type: text/plain; charset=iso-8859-1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            var original = new ByteArrayOutputStream();
            original.write(header);
            original.write(body.toByteArray());

            var converted = convert(original.toByteArray());

            assertSevenBitWithShortLines(converted);
            int start = new String(converted, StandardCharsets.US_ASCII).indexOf("\r\n\r\n") + 4;
            var decoded = MimeUtility.decode(new ByteArrayInputStream(converted, start, converted.length - start),
                    "quoted-printable").readAllBytes();
            assertThat(decoded).as("round %d", round).isEqualTo(body.toByteArray());
        }
    }

    @Test
    void eightBitHeaderFieldsCannotBeConverted() throws Exception {
        var message = "Subject: Grüße\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
        var structure = MessageStructure.parse(new ByteArrayInputStream(message), MimeLimits.DEFAULTS);
        assertThatThrownBy(() -> SevenBitConversion.plan(structure, new ByteArrayInputStream(message)))
                .isInstanceOf(SevenBitConversion.NotConvertible.class).hasMessageContaining("header field");
    }

    @Test
    void aBodyThatClaimsBase64ButHasEightBitOctetsIsRefused() throws Exception {
        var message = "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\nnot base64: é\r\n"
                .getBytes(StandardCharsets.UTF_8);
        var structure = MessageStructure.parse(new ByteArrayInputStream(message), MimeLimits.DEFAULTS);
        assertThatThrownBy(() -> SevenBitConversion.plan(structure, new ByteArrayInputStream(message)))
                .isInstanceOf(SevenBitConversion.NotConvertible.class).hasMessageContaining("declares base64");
    }

    @Test
    void partsAreRecognisedAsTextOrNotByTheirType() throws Exception {
        var converted = convert("Content-Type: image/png\r\n\r\n\u00e9\u00e9\r\n");
        assertThat(new String(converted, StandardCharsets.US_ASCII))
                .startsWith("Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        assertThat(((Part) parse(converted)).getInputStream().readAllBytes())
                .isEqualTo("\u00e9\u00e9\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMultipartThatCouldNotBeParsedIntoIsNotEncoded() throws Exception {
        // Without a boundary the parser sees text/plain; encoding the body would leave a multipart labelled base64.
        var message = "Content-Type: multipart/mixed\r\n\r\nna\u00efve\r\n".getBytes(StandardCharsets.UTF_8);
        var structure = MessageStructure.parse(new ByteArrayInputStream(message), MimeLimits.DEFAULTS);
        var conversion = SevenBitConversion.plan(structure, new ByteArrayInputStream(message));
        assertThatThrownBy(() -> conversion.write(new ByteArrayInputStream(message), new ByteArrayOutputStream()))
                .isInstanceOf(SevenBitConversion.NotConvertible.class).hasMessageContaining("RFC 2045 §6.4");
    }
}
