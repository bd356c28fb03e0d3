package dev.tern.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test messages, written with LF and stored (as Tern stores them) with CRLF. */
final class Messages {
    private Messages() {}

    static byte[] crlf(String lfText) {
        return lfText.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static MessageStructure parse(byte[] raw) {
        return parse(raw, MimeLimits.DEFAULTS);
    }

    static MessageStructure parse(byte[] raw, MimeLimits limits) {
        try {
            return MessageStructure.parse(new ByteArrayInputStream(raw), limits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(byte[] raw, ByteRange range) {
        return new String(raw, (int) range.start(), (int) range.length(), StandardCharsets.UTF_8);
    }

    static final String SIMPLE = """
            Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)
            From: Fred Foobar <foobar@Blurdybloop.example>
            Subject: afternoon meeting
            To: mooch@owatagu.siam.edu.example
            Message-Id: <B27397-0100000@Blurdybloop.example>
            MIME-Version: 1.0
            Content-Type: TEXT/PLAIN; CHARSET=US-ASCII

            Hello Joe, do you think we can meet at 3:30 tomorrow?
            """;

    static final String ALTERNATIVE = """
            From: a@example.com
            To: b@example.com
            Subject: alt
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="XX"

            --XX
            Content-Type: text/plain; charset=utf-8

            plain
            --XX
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            <p>html</p>
            --XX--
            """;

    static final String MIXED = """
            From: a@example.com
            Subject: report
            Content-Type: multipart/mixed; boundary=b1

            preamble
            --b1
            Content-Type: text/plain

            See attached.

            --b1
            Content-Type: application/pdf; name="r.pdf"
            Content-Disposition: attachment; filename="r.pdf"
            Content-Transfer-Encoding: base64
            Content-ID: <x@y>
            Content-Description: The report
            Content-Language: en, fr
            Content-Location: http://example.com/r.pdf

            JVBERi0=
            --b1--
            epilogue
            """;

    static final String NESTED = """
            From: a@example.com
            Subject: fwd
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/plain; charset=us-ascii

            see below
            --inner
            Content-Type: text/html; charset=us-ascii

            <b>see below</b>
            --inner--

            --outer
            Content-Type: message/rfc822

            From: Carol <c@example.org>
            To: d@example.org
            Subject: original
            Content-Type: multipart/mixed; boundary="fwd"

            --fwd
            Content-Type: text/plain; charset=us-ascii

            the original
            text
            --fwd
            Content-Type: image/png
            Content-Transfer-Encoding: base64

            iVBORw0K
            --fwd--

            --outer--
            """;
}
