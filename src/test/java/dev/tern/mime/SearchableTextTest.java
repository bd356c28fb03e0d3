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
}
