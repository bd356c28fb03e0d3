package dev.tern.smtp;

import static dev.tern.smtp.Mailboxes.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.config.ListenerProtocol;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Angus Mail (Jakarta Mail), a client nobody here wrote, sends through submission with STARTTLS and implicit TLS. */
@TernTest(toml = "plaintext-auth = \"never\"")
class JakartaMailSubmissionTest {

    @BeforeEach
    void accounts(TernTestServer tern) {
        Mailboxes.create(tern);
    }

    private static Properties properties(String protocol, int port, boolean startTls) {
        var p = new Properties();
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", "127.0.0.1");
        p.put("mail." + protocol + ".port", Integer.toString(port));
        p.put("mail." + protocol + ".auth", "true");
        p.put("mail." + protocol + ".starttls.enable", Boolean.toString(startTls));
        p.put("mail." + protocol + ".starttls.required", Boolean.toString(startTls));
        p.put("mail." + protocol + ".ssl.trust", "*");
        p.put("mail." + protocol + ".ssl.checkserveridentity", "false");
        p.put("mail." + protocol + ".timeout", "5000");
        p.put("mail." + protocol + ".connectiontimeout", "5000");
        return p;
    }

    private static void send(Properties properties, String protocol, String from, String subject, String password)
            throws MessagingException {
        var session = Session.getInstance(properties);
        var message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(BOB));
        message.setSubject(subject);
        message.setText("Grüße aus Jakarta Mail\n.\nwith a lone dot line\n", "UTF-8");
        try (var transport = session.getTransport(protocol)) {
            transport.connect("alice@example.com", password);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    @Test
    void sendsWithStartTlsAndAuth(TernTestServer tern) throws Exception {
        send(properties("smtp", tern.port(ListenerProtocol.SUBMISSION), true), "smtp", "alice@example.com",
                "via STARTTLS", "alice-pw");
        var inbox = Mailboxes.inbox(tern, BOB);
        assertThat(inbox).singleElement().asString()
                .contains("Subject: via STARTTLS")
                .contains(" with ESMTPSA id ")
                .startsWith("Return-Path: <alice@example.com>\r\n");
        var parsed = new MimeMessage(Session.getInstance(new Properties()),
                new java.io.ByteArrayInputStream(inbox.getFirst().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(parsed.getContent().toString()).isEqualTo("Grüße aus Jakarta Mail\r\n.\r\nwith a lone dot line\r\n");
    }

    @Test
    void sendsOverImplicitTls(TernTestServer tern) throws Exception {
        send(properties("smtps", tern.implicitTlsPort(ListenerProtocol.SUBMISSION), false), "smtps",
                "alice@example.com", "via implicit TLS", "alice-pw");
        assertThat(Mailboxes.inbox(tern, BOB)).singleElement().asString().contains("Subject: via implicit TLS");
    }

    @Test
    void aForeignSenderOrAWrongPasswordIsRefused(TernTestServer tern) {
        var properties = properties("smtp", tern.port(ListenerProtocol.SUBMISSION), true);
        assertThatThrownBy(() -> send(properties, "smtp", "bob@example.com", "spoofed", "alice-pw"))
                .isInstanceOf(MessagingException.class).hasStackTraceContaining("553 5.7.1");
        assertThatThrownBy(() -> send(properties, "smtp", "alice@example.com", "x", "wrong"))
                .isInstanceOf(jakarta.mail.AuthenticationFailedException.class);
    }
}
