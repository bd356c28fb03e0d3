package dev.tern.mime;

import static dev.tern.mime.Messages.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SearchableTextTest {

    private static SearchableText extract(byte[] raw, int maxChars) throws IOException {
        return SearchableText.extract(new ByteArrayInputStream(raw), MimeLimits.DEFAULTS, maxChars);
    }

    @Test
    void headersAreDecodedAndTextPartsUndoTransferEncodingAndCharset() throws IOException {
        byte[] raw = crlf("""
                Subject: =?UTF-8?B?w6lyaWM=?= and =?ISO-8859-1?Q?caf=E9?=
                From: =?UTF-8?Q?J=C3=B6rg?= <j@example.com>
                Received: one
                Received: two
                Content-Type: multipart/alternative; boundary=b

                --b
                Content-Type: text/plain; charset=iso-8859-1
                Content-Transfer-Encoding: quoted-printable

                Gr=FC=DFe aus K=F6ln
                --b
                Content-Type: text/html; charset=utf-8
                Content-Transfer-Encoding: base64

                PHA+aMOpbGxvPC9wPg==
                --b
                Content-Type: image/png
                Content-Transfer-Encoding: base64

                c2VjcmV0IGltYWdl
                --b--
                """);
        var t = extract(raw, 10_000);
        assertThat(t.header("SUBJECT")).containsExactly("éric and café");
        assertThat(t.header("from")).containsExactly("Jörg <j@example.com>");
        assertThat(t.header("received")).containsExactly("one", "two");
        assertThat(t.header("x-absent")).isEmpty();
        assertThat(t.body()).contains("Grüße aus Köln").contains("<p>héllo</p>").doesNotContain("secret");
        assertThat(t.textContains("KÖLN")).isTrue();
        assertThat(t.textContains("jörg")).isTrue();
        assertThat(t.textContains("secret image")).isFalse();
    }

    @Test
    void bodyTextIsBounded() throws IOException {
        byte[] raw = crlf("Subject: big\n\n" + "word ".repeat(10_000) + "\n");
        assertThat(extract(raw, 100).body()).hasSize(100);
    }

    @Test
    void headersOfEncapsulatedMessagesAreNotTopLevelHeaders() throws IOException {
        byte[] raw = crlf("""
                Subject: outer
                Content-Type: message/rfc822

                Subject: inner

                inner text
                """);
        var t = extract(raw, 1000);
        assertThat(t.header("subject")).containsExactly("outer");
        assertThat(t.body()).contains("inner text");
    }

    @Test
    void brokenInputKeepsWhatWasRead() throws IOException {
        byte[] raw = ("Subject: ok\nX-Other: x\n" + "X-Long: " + "y".repeat(200_000) + "\n\nbody\n").getBytes(StandardCharsets.ISO_8859_1);
        var t = extract(raw, 1000);
        assertThat(t.header("subject")).containsExactly("ok");
    }

    @Test
    void headerSectionAloneGivesTheSameFieldsAsTheWholeMessage() throws IOException {
        byte[] raw = crlf("""
                Subject: =?UTF-8?B?w6lyaWM=?=
                 =?ISO-8859-1?Q?caf=E9?= folded
                From: =?UTF-8?Q?J=C3=B6rg?= <j@example.com>
                Received: one
                Received: two,
                	folded with a tab
                X-Empty:
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain
                Subject: not top level

                body
                --b--
                """);
        var whole = extract(raw, 10_000);
        var text = new String(raw, StandardCharsets.US_ASCII);
        var section = text.substring(0, text.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.US_ASCII);
        var header = SearchableText.extractHeader(section, MimeLimits.DEFAULTS);

        assertThat(header.headers()).isEqualTo(whole.headers());
        assertThat(header.header("subject")).as("RFC 2047 §6.2: white space between adjacent encoded words goes")
                .containsExactly("ériccafé folded");
        assertThat(header.header("received")).containsExactly("one", "two,\tfolded with a tab");
        assertThat(header.header("x-empty")).containsExactly("");
        assertThat(header.body()).isEmpty();
    }

    @Test
    void headerSectionCutShortKeepsTheFieldsBeforeTheCut() {
        var section = crlf("Subject: first\nTo: a@example.com\nX-Cut: par");
        var header = SearchableText.extractHeader(section, MimeLimits.DEFAULTS);
        assertThat(header.header("subject")).containsExactly("first");
        assertThat(header.header("to")).containsExactly("a@example.com");
        assertThat(header.header("x-cut")).containsExactly("par");
    }
}
