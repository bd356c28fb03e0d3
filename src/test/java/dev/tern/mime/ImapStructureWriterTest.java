package dev.tern.mime;

import static dev.tern.mime.Messages.crlf;
import static dev.tern.mime.Messages.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Expected strings are written out by hand from RFC 9051 §7.5.2 and checked against Dovecot's output style. */
class ImapStructureWriterTest {

    private static String envelope(String message) {
        return new String(ImapStructureWriter.envelopeBytes(parse(crlf(message)).envelope()), StandardCharsets.UTF_8);
    }

    private static String bodyStructure(String message) {
        return new String(ImapStructureWriter.bodyStructureBytes(parse(crlf(message)).body()), StandardCharsets.UTF_8);
    }

    private static String body(String message) {
        return new String(ImapStructureWriter.bodyBytes(parse(crlf(message)).body()), StandardCharsets.UTF_8);
    }

    @Test
    void simpleTextMessageAsInRfcExample() {
        assertThat(envelope(Messages.SIMPLE)).isEqualTo("(\"Mon, 7 Feb 1994 21:52:25 -0800 (PST)\" \"afternoon meeting\""
                + " ((\"Fred Foobar\" NIL \"foobar\" \"Blurdybloop.example\"))"
                + " ((\"Fred Foobar\" NIL \"foobar\" \"Blurdybloop.example\"))"
                + " ((\"Fred Foobar\" NIL \"foobar\" \"Blurdybloop.example\"))"
                + " ((NIL NIL \"mooch\" \"owatagu.siam.edu.example\")) NIL NIL NIL"
                + " \"<B27397-0100000@Blurdybloop.example>\")");
        assertThat(bodyStructure(Messages.SIMPLE))
                .isEqualTo("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7bit\" 55 1 NIL NIL NIL NIL)");
        assertThat(body(Messages.SIMPLE)).isEqualTo("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7bit\" 55 1)");
    }

    @Test
    void multipartAlternative() {
        assertThat(bodyStructure(Messages.ALTERNATIVE)).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 5 1 NIL NIL NIL NIL)"
                + "(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 11 1 NIL NIL NIL NIL)"
                + " \"alternative\" (\"boundary\" \"XX\") NIL NIL NIL)");
        assertThat(body(Messages.ALTERNATIVE)).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 5 1)"
                + "(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 11 1) \"alternative\")");
    }

    @Test
    void multipartMixedWithAttachmentHasExtensionData() {
        assertThat(bodyStructure(Messages.MIXED)).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 15 1 NIL NIL NIL NIL)"
                + "(\"application\" \"pdf\" (\"name\" \"r.pdf\") \"<x@y>\" \"The report\" \"base64\" 8"
                + " NIL (\"attachment\" (\"filename\" \"r.pdf\")) (\"en\" \"fr\") \"http://example.com/r.pdf\")"
                + " \"mixed\" (\"boundary\" \"b1\") NIL NIL NIL)");
    }

    @Test
    void nestedAlternativeAndForwardedMultipartMessage() {
        String inner = "(NIL \"original\" ((\"Carol\" NIL \"c\" \"example.org\")) ((\"Carol\" NIL \"c\" \"example.org\"))"
                + " ((\"Carol\" NIL \"c\" \"example.org\")) ((NIL NIL \"d\" \"example.org\")) NIL NIL NIL NIL)";
        assertThat(bodyStructure(Messages.NESTED)).isEqualTo(
                "(((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 9 1 NIL NIL NIL NIL)"
                + "(\"text\" \"html\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 16 1 NIL NIL NIL NIL)"
                + " \"alternative\" (\"boundary\" \"inner\") NIL NIL NIL)"
                + "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 277 " + inner
                + " ((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 18 2 NIL NIL NIL NIL)"
                + "(\"image\" \"png\" NIL NIL NIL \"base64\" 8 NIL NIL NIL NIL) \"mixed\" (\"boundary\" \"fwd\") NIL NIL NIL)"
                + " 16 NIL NIL NIL NIL) \"mixed\" (\"boundary\" \"outer\") NIL NIL NIL)");
        assertThat(body(Messages.NESTED)).isEqualTo(
                "(((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 9 1)"
                + "(\"text\" \"html\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 16 1) \"alternative\")"
                + "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 277 " + inner
                + " ((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 18 2)"
                + "(\"image\" \"png\" NIL NIL NIL \"base64\" 8) \"mixed\") 16) \"mixed\")");
    }

    private static final String ADDRESSES = """
            From: "Joe Q. Public" <john.q.public@example.com>
            To: Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>
            Cc: <boss@nil.test>, "Giant; \\"Big\\" Box" <sysservices@example.net>
            Bcc: A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;, Undisclosed recipients:;
            Subject: =?UTF-8?B?w6lyaWM=?= and more
            Date: Thu, 13 Feb 1969 23:32:54 -0330
            Message-ID: <5678.21-Nov-1997@example.com>
            In-Reply-To: <1234@local.machine.example>

            Hi.
            """;

    @Test
    void groupAddressesAndEncodedWordsStayAsInTheHeader() {
        String joe = "((\"Joe Q. Public\" NIL \"john.q.public\" \"example.com\"))";
        assertThat(envelope(ADDRESSES)).isEqualTo("(\"Thu, 13 Feb 1969 23:32:54 -0330\" \"=?UTF-8?B?w6lyaWM=?= and more\" "
                + joe + " " + joe + " " + joe
                + " ((\"Mary Smith\" NIL \"mary\" \"x.test\")(NIL NIL \"jdoe\" \"example.org\")(\"Who?\" NIL \"one\" \"y.test\"))"
                + " ((NIL NIL \"boss\" \"nil.test\")(\"Giant; \\\"Big\\\" Box\" NIL \"sysservices\" \"example.net\"))"
                + " ((NIL NIL \"A Group\" NIL)(\"Ed Jones\" NIL \"c\" \"a.test\")(NIL NIL \"joe\" \"where.test\")"
                + "(\"John\" NIL \"jdoe\" \"one.test\")(NIL NIL NIL NIL)(NIL NIL \"Undisclosed recipients\" NIL)(NIL NIL NIL NIL))"
                + " \"<1234@local.machine.example>\" \"<5678.21-Nov-1997@example.com>\")");
    }

    @Test
    void commentNamesEmptyGroupsRoutesAndEmptySenderAsDovecotShowsThem() {
        var message = """
                From: joe@example.com (Joe Doe)
                Sender:
                To: team: a@x.org, b@y.org;, empty: (nobody) ;
                Cc: <@relay.example:carol@z.org>

                hi
                """;
        String joe = "((\"Joe Doe\" NIL \"joe\" \"example.com\"))";
        assertThat(envelope(message)).isEqualTo("(NIL NIL " + joe + " " + joe + " " + joe
                + " ((NIL NIL \"team\" NIL)(NIL NIL \"a\" \"x.org\")(NIL NIL \"b\" \"y.org\")(NIL NIL NIL NIL)"
                + "(NIL NIL \"empty\" NIL)(NIL NIL NIL NIL))"
                + " ((NIL \"@relay.example\" \"carol\" \"z.org\")) NIL NIL NIL)");
    }

    @Test
    void eightBitAndLineBreaksAreSentAsLiterals() {
        var e = new Envelope(null, "café", java.util.List.of(new Address("a\r\nb", null, "x", "y")),
                java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of(),
                java.util.List.of(), null, null);
        assertThat(new String(ImapStructureWriter.envelopeBytes(e), StandardCharsets.UTF_8))
                .isEqualTo("(NIL {5}\r\ncafé (({4}\r\na\r\nb NIL \"x\" \"y\")) NIL NIL NIL NIL NIL NIL NIL)");
    }

    /** Conventions checked against Dovecot's own BODYSTRUCTURE test (lib-imap), which this parser matches. */
    @Test
    void foldedBoundaryContentMd5AndInvalidEncodingAsDovecotShowsThem() {
        var message = """
                From: x@example.com
                Content-Type: multipart/mixed; boundary="one
                 two"

                --one two
                Content-Type: text/plain
                Content-MD5: AAAA
                Content-Transfer-Encoding: ?bad

                abc
                --one two--
                """;
        assertThat(bodyStructure(message)).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 3 1 \"AAAA\" NIL NIL NIL)"
                + " \"mixed\" (\"boundary\" \"one two\") NIL NIL NIL)");
    }

    @Test
    void foldedSubjectIsUnfolded() {
        var message = "Subject: a long\n subject\n\tline\n\nbody\n";
        assertThat(envelope(message)).startsWith("(NIL \"a long subject\tline\" NIL");
    }
}
