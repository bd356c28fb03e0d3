package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.ListenerProtocol;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.QuotaAwareStore;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.SubjectTerm;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Test;

/** Angus Mail's IMAP provider, an independent client, against the server: STARTTLS, folders, messages. */
@TernTest(toml = "plaintext-auth = \"never\"")
class JakartaMailClientTest {

    private static Store connect(TernTestServer server) throws Exception {
        return connect(server, ImapFixture.USER);
    }

    private static Store connect(TernTestServer server, String user) throws Exception {
        var props = new Properties();
        props.put("mail.imap.host", "127.0.0.1");
        props.put("mail.imap.port", String.valueOf(server.port(ListenerProtocol.IMAP)));
        props.put("mail.imap.starttls.enable", "true");
        props.put("mail.imap.starttls.required", "true");
        props.put("mail.imap.ssl.trust", "*");
        props.put("mail.imap.ssl.checkserveridentity", "false");
        props.put("mail.imap.timeout", "5000");
        props.put("mail.imap.connectiontimeout", "5000");
        var store = Session.getInstance(props).getStore("imap");
        store.connect(user, ImapFixture.PASSWORD);
        return store;
    }

    @Test
    void passwordsWaitForTlsAndPipelinedCommandsAfterStarttlsAreDropped(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        try (var plain = fixture.connect()) {
            var c = new ImapClient(plain);
            assertThat(c.readLine()).contains("STARTTLS", "LOGINDISABLED", "AUTH=SCRAM-SHA-256").doesNotContain("AUTH=PLAIN");
            assertThat(c.command("LOGIN " + ImapFixture.USER + " " + ImapFixture.PASSWORD).getLast())
                    .startsWith("t1 NO [PRIVACYREQUIRED]");
            // RFC 9051 §6.2.1: what follows STARTTLS in the same write was not protected and must not be run.
            c.send("s1 STARTTLS\r\ns2 LOGIN " + ImapFixture.USER + " " + ImapFixture.PASSWORD);
            assertThat(c.readLine()).isEqualTo("s1 OK Begin TLS negotiation now");
            try (var tls = TernTestServer.upgrade(plain)) {
                var secured = new ImapClient(tls);
                assertThat(secured.command("CAPABILITY")).first().asString().contains("AUTH=PLAIN")
                        .doesNotContain("STARTTLS", "LOGINDISABLED");
                assertThat(secured.command("SELECT INBOX").getLast()).as("s2 was not run").contains("BAD");
                assertThat(secured.command("LOGIN " + ImapFixture.USER + " " + ImapFixture.PASSWORD).getLast())
                        .contains("OK");
            }
        }
    }

    @Test
    void appendsReadsSearchesFlagsCopiesAndExpunges(TernTestServer server) throws Exception {
        new ImapFixture(server);
        var store = connect(server);
        try {
            var session = Session.getInstance(new Properties());
            var message = new MimeMessage(session);
            message.setFrom(new InternetAddress("carol@example.net", "Carol"));
            message.setRecipients(Message.RecipientType.TO, "alice@example.org");
            message.setSubject("Quarterly report \u00e9t\u00e9");
            var text = new MimeBodyPart();
            text.setText("numbers inside", "utf-8");
            var attachment = new MimeBodyPart();
            attachment.setContent(new byte[] {0, 1, 2, 3}, "application/octet-stream");
            attachment.setFileName("data.bin");
            message.setContent(new MimeMultipart(text, attachment));
            message.saveChanges();

            var inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            var uids = inbox.addMessages(new Message[] {message});
            assertThat(uids).hasSize(1);
            assertThat(inbox.getMessageCount()).isEqualTo(1);

            var read = inbox.getMessage(1);
            assertThat(read.getSubject()).isEqualTo("Quarterly report \u00e9t\u00e9");
            var parts = (Multipart) read.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(parts.getBodyPart(0).getContent()).isEqualTo("numbers inside");
            assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).containsExactly(0, 1, 2, 3);
            assertThat(inbox.search(new SubjectTerm("quarterly"))).hasSize(1);

            read.setFlag(Flags.Flag.FLAGGED, true);
            assertThat(inbox.getMessage(1).isSet(Flags.Flag.FLAGGED)).isTrue();

            var projects = store.getFolder("Projects");
            assertThat(projects.create(Folder.HOLDS_MESSAGES)).isTrue();
            inbox.copyMessages(new Message[] {read}, projects);
            read.setFlag(Flags.Flag.DELETED, true);
            inbox.expunge();
            assertThat(inbox.getMessageCount()).isZero();
            inbox.close(false);

            projects.open(Folder.READ_ONLY);
            assertThat(projects.getMessageCount()).isEqualTo(1);
            assertThat(projects.getMessage(1).isSet(Flags.Flag.FLAGGED)).isTrue();
            projects.close(false);

            assertThat(store.getDefaultFolder().list("*")).extracting(Folder::getFullName)
                    .contains("INBOX", "Projects", "Sent", "Trash");
        } finally {
            store.close();
        }
    }

    @Test
    void quotaIsReadThroughQuotaAwareStore(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        var accounts = new dev.tern.auth.Accounts(server.storage().directory(),
                new dev.tern.auth.PasswordHash(new dev.tern.auth.PasswordHash.Cost(64, 1, 1, 2)));
        var carol = accounts.addUser("carol@example.org", ImapFixture.PASSWORD, 2 * 1024 * 1024).id();
        var head = "Subject: big\r\n\r\n";
        var message = head + "z".repeat(4096 - head.length() - 2) + "\r\n"; // 4 KiB
        fixture.mailboxes.append(carol, "INBOX", new java.io.ByteArrayInputStream(message.getBytes()),
                dev.tern.store.Flags.NONE, java.time.Instant.now());
        var store = connect(server, "carol@example.org");
        try {
            var quotas = ((QuotaAwareStore) store).getQuota("INBOX");
            assertThat(quotas).hasSize(1);
            assertThat(quotas[0].quotaRoot).isEmpty();
            assertThat(quotas[0].resources).hasSize(1);
            assertThat(quotas[0].resources[0].name).isEqualTo("STORAGE");
            assertThat(quotas[0].resources[0].usage).isEqualTo(4);
            assertThat(quotas[0].resources[0].limit).isEqualTo(2048);
        } finally {
            store.close();
        }
    }
}
