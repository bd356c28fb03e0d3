package dev.tern.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.queue.OutboundEnvelope.Notify;
import dev.tern.queue.OutboundEnvelope.Ret;
import dev.tern.smtp.SmtpCommand.Body;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

    private static SmtpCommand parse(String line) throws SmtpError { return CommandParser.parse(line); }

    private static Reply refusal(String line) {
        try {
            CommandParser.parse(line);
        } catch (SmtpError e) {
            return e.reply();
        }
        throw new AssertionError("parsed: " + line);
    }

    @Test
    void verbsAreCaseInsensitive() throws SmtpError {
        assertThat(parse("ehlo client.example")).isEqualTo(new SmtpCommand.Ehlo("client.example"));
        assertThat(parse("HeLo client.example")).isEqualTo(new SmtpCommand.Helo("client.example"));
        assertThat(parse("quit")).isEqualTo(new SmtpCommand.Quit());
        assertThat(parse("StartTLS")).isEqualTo(new SmtpCommand.StartTls());
        assertThat(parse("NOOP anything")).isEqualTo(new SmtpCommand.Noop());
    }

    @Test
    void mailFromWithEveryParameter() throws SmtpError {
        var mail = (SmtpCommand.Mail) parse("MAIL FROM:<a.b@example.com> SIZE=1000 BODY=8BITMIME SMTPUTF8 "
                + "RET=HDRS ENVID=QQ+2B1 AUTH=a+2Bb@example.com");
        assertThat(mail.sender()).contains(new MailboxAddress("a.b", "example.com", false));
        var p = mail.parameters();
        assertThat(p.size()).hasValue(1000);
        assertThat(p.body()).isEqualTo(Body.EIGHT_BIT_MIME);
        assertThat(p.smtpUtf8()).isTrue();
        assertThat(p.ret()).contains(Ret.HDRS);
        assertThat(p.envelopeId()).contains("QQ+1");
        assertThat(p.auth()).contains("a+b@example.com");
    }

    @Test
    void nullSenderAndLenientSpaceAfterColon() throws SmtpError {
        assertThat(((SmtpCommand.Mail) parse("MAIL FROM:<>")).sender()).isEmpty();
        assertThat(((SmtpCommand.Mail) parse("mail from: <x@y.example> BODY=BINARYMIME")).parameters().body())
                .isEqualTo(Body.BINARY_MIME);
    }

    @Test
    void rcptWithDsnParameters() throws SmtpError {
        var rcpt = (SmtpCommand.Rcpt) parse("RCPT TO:<bob@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Bob+2Bx@example.com");
        assertThat(rcpt.recipient().address()).isEqualTo("bob@example.com");
        assertThat(rcpt.parameters().notifyOn()).isEqualTo(Set.of(Notify.SUCCESS, Notify.FAILURE));
        assertThat(rcpt.parameters().originalRecipient()).contains("rfc822;Bob+x@example.com");
    }

    @Test
    void bareUppercasePostmasterIsARecipient() throws SmtpError {
        assertThat(((SmtpCommand.Rcpt) parse("RCPT TO:<postmaster>")).recipient().isPostmaster()).isTrue();
    }

    @Test
    void quotedLocalPartsAreUnquoted() throws SmtpError {
        var rcpt = (SmtpCommand.Rcpt) parse("RCPT TO:<\"john \\\"q\\\" doe\"@example.com>");
        assertThat(rcpt.recipient().localPart()).isEqualTo("john \"q\" doe");
        assertThat(rcpt.recipient().quoted()).isTrue();
        assertThat(rcpt.recipient().smtpForm()).isEqualTo("\"john \\\"q\\\" doe\"@example.com");
        var plain = (SmtpCommand.Rcpt) parse("RCPT TO:<\"plain\"@example.com>");
        assertThat(plain.recipient().smtpForm()).isEqualTo("plain@example.com");
    }

    @Test
    void addressLiteralsAreParsedAndChecked() throws SmtpError {
        assertThat(((SmtpCommand.Rcpt) parse("RCPT TO:<u@[192.0.2.1]>")).recipient().domain()).isEqualTo("[192.0.2.1]");
        assertThat(((SmtpCommand.Rcpt) parse("RCPT TO:<u@[IPv6:2001:db8::1]>")).recipient().isAddressLiteral()).isTrue();
        assertThat(refusal("RCPT TO:<u@[999.1.1.1]>").status()).isEqualTo("5.1.3");
        assertThat(refusal("RCPT TO:<u@[example.com]>").status()).isEqualTo("5.1.3");
    }

    @Test
    void sourceRoutesAreRefusedNotIgnored() {
        var reply = refusal("RCPT TO:<@relay.example:user@victim.example>");
        assertThat(reply.code()).isEqualTo(553);
        assertThat(reply.status()).isEqualTo("5.7.1");
        assertThat(refusal("MAIL FROM:<@a,@b:user@c.example>").code()).isEqualTo(553);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "RCPT TO:user@example.com", "RCPT TO:<user@example.com", "RCPT TO:<user@local.example@remote.example>",
            "RCPT TO:<user@example.com.>", "RCPT TO:<user@.example.com>", "RCPT TO:<user@exa..mple.com>",
            "RCPT TO:<.user@example.com>", "RCPT TO:<us..er@example.com>", "RCPT TO:<user@-example.com>",
            "RCPT TO:<user>", "RCPT TO:<\"\"@example.com>", "RCPT TO:<\"unterminated@example.com>",
            "RCPT TO:<user@example.com>x", "RCPT TO:<user name@example.com>", "RCPT TO:<user@exa_mple.com>"})
    void malformedPathsAreSyntaxErrors(String line) {
        var reply = refusal(line);
        assertThat(reply.code()).isEqualTo(501);
        assertThat(reply.status()).isEqualTo("5.1.3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL FROM:<a@b.example> SIZE=abc", "MAIL FROM:<a@b.example> BODY=9BIT",
            "MAIL FROM:<a@b.example> FOO=1", "MAIL FROM:<a@b.example> SIZE=1 SIZE=2", "MAIL FROM:<a@b.example> RET=ALL",
            "MAIL FROM:<a@b.example> ENVID=a+zz", "RCPT TO:<a@b.example> NOTIFY=NEVER,SUCCESS",
            "RCPT TO:<a@b.example> NOTIFY=SOMETIMES", "RCPT TO:<a@b.example> ORCPT=nosemicolon",
            "MAIL FROM:<a@b.example> SMTPUTF8=yes"})
    void badParametersAre555(String line) {
        assertThat(refusal(line).code()).isIn(555, 501);
        assertThat(refusal(line).status()).isEqualTo("5.5.4");
    }

    @Test
    void longLocalPartsAndDomainsAreRefused() {
        assertThat(refusal("RCPT TO:<" + "a".repeat(65) + "@example.com>").code()).isEqualTo(501);
        assertThat(refusal("RCPT TO:<a@" + "b.".repeat(130) + "example>").code()).isEqualTo(501);
    }

    @Test
    void utf8AddressesParseAndSayTheyAreNotAscii() throws SmtpError {
        var rcpt = (SmtpCommand.Rcpt) parse("RCPT TO:<jörg@bücher.example>");
        assertThat(rcpt.recipient().isAscii()).isFalse();
    }

    @Test
    void routingCharactersAreNoticed() throws SmtpError {
        assertThat(((SmtpCommand.Rcpt) parse("RCPT TO:<user%remote.example@local.example>")).recipient()
                .hasRoutingCharacters()).isTrue();
        assertThat(((SmtpCommand.Rcpt) parse("RCPT TO:<remote!user@local.example>")).recipient()
                .hasRoutingCharacters()).isTrue();
        assertThat(((SmtpCommand.Rcpt) parse("RCPT TO:<\"user@remote\"@local.example>")).recipient()
                .hasRoutingCharacters()).isTrue();
        assertThat(((SmtpCommand.Rcpt) parse("RCPT TO:<user@local.example>")).recipient()
                .hasRoutingCharacters()).isFalse();
    }

    @Test
    void bdatAndAuth() throws SmtpError {
        assertThat(parse("BDAT 100 LAST")).isEqualTo(new SmtpCommand.Bdat(100, true));
        assertThat(parse("bdat 0")).isEqualTo(new SmtpCommand.Bdat(0, false));
        assertThat(refusal("BDAT -1").code()).isEqualTo(501);
        assertThat(refusal("BDAT 10 NEXT").code()).isEqualTo(501);
        assertThat(parse("AUTH plain AGEAYg==")).isEqualTo(new SmtpCommand.Auth("PLAIN", Optional.of("AGEAYg==")));
        assertThat(parse("AUTH LOGIN")).isEqualTo(new SmtpCommand.Auth("LOGIN", Optional.empty()));
    }

    @Test
    void unknownAndMisusedCommands() {
        assertThat(refusal("FROB x")).isEqualTo(new Reply(500, "5.5.1",
                "Unknown command FROB; try EHLO, MAIL, RCPT, DATA, BDAT, RSET, NOOP, QUIT or HELP"));
        assertThat(refusal("").code()).isEqualTo(500);
        assertThat(refusal("DATA now").code()).isEqualTo(501);
        assertThat(refusal("EHLO").code()).isEqualTo(501);
        assertThat(refusal("MAIL TO:<a@b.example>").code()).isEqualTo(501);
    }

    @Test
    void xtextRoundTrips() throws SmtpError {
        assertThat(Xtext.decode(Xtext.encode("a+b=c d"))).isEqualTo("a+b=c d");
        assertThatThrownBy(() -> Xtext.decode("abc+4")).isInstanceOf(SmtpError.class);
        assertThatThrownBy(() -> Xtext.decode("a=b")).isInstanceOf(SmtpError.class);
    }

    @Test
    void multilineRepliesRepeatTheEnhancedCode() {
        var reply = new Reply(250, "2.0.0", java.util.List.of("one", "two"));
        assertThat(reply.render()).isEqualTo("250-2.0.0 one\r\n250 2.0.0 two\r\n");
        assertThat(new Reply(220, "", "hi").render()).isEqualTo("220 hi\r\n");
    }
}
