package dev.tern.smtp;

import static dev.tern.smtp.Mailboxes.ALICE;
import static dev.tern.smtp.Mailboxes.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.ListenerProtocol;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Success DSNs (RFC 3461 §4.1 NOTIFY=SUCCESS) for mail delivered into local mailboxes. */
@TernTest(toml = "hostname = \"mx.example.com\"")
class SmtpDeliveryReportTest {

    @BeforeEach
    void accounts(TernTestServer tern) {
        Mailboxes.create(tern);
    }

    private static void send(TernTestServer tern, String mailFrom, String rcptTo) throws Exception {
        try (var c = SmtpClient.connect(tern.port(ListenerProtocol.SMTP))) {
            c.send("EHLO client.example");
            assertThat(c.send("MAIL FROM:" + mailFrom)).startsWith("250 ");
            assertThat(c.send("RCPT TO:" + rcptTo)).startsWith("250 ");
            assertThat(c.send("DATA")).startsWith("354 ");
            assertThat(c.send("Subject: report me\r\n\r\nthe secret body\r\n.")).startsWith("250 2.0.0");
        }
    }

    @Test
    void notifySuccessSendsADeliveredReportToTheSender(TernTestServer tern) throws Exception {
        send(tern, "<bob@example.com> ENVID=env-42", "<alice@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;alice@example.com");
        assertThat(Mailboxes.inbox(tern, ALICE)).singleElement().asString().contains("the secret body");
        var report = Mailboxes.inbox(tern, BOB);
        assertThat(report).singleElement().asString()
                .startsWith("From: Mail Delivery System")
                .contains("From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r\n", "To: <bob@example.com>\r\n",
                        "Subject: Successful Mail Delivery Report\r\n", "report-type=delivery-status",
                        "Original-Envelope-Id: env-42\r\n", "Reporting-MTA: dns; mx.example.com\r\n",
                        "Original-Recipient: rfc822;alice@example.com\r\n", "Final-Recipient: rfc822; alice@example.com\r\n",
                        "Action: delivered\r\n", "Status: 2.0.0\r\n", "Content-Type: text/rfc822-headers\r\n",
                        "Subject: report me\r\n")
                .doesNotContain("the secret body");
    }

    @Test
    void noReportWithoutNotifySuccess(TernTestServer tern) throws Exception {
        send(tern, "<bob@example.com>", "<alice@example.com> NOTIFY=FAILURE");
        send(tern, "<bob@example.com>", "<alice@example.com>");
        assertThat(Mailboxes.inbox(tern, ALICE)).hasSize(2);
        assertThat(Mailboxes.inbox(tern, BOB)).isEmpty();
    }

    @Test
    void theNullSenderNeverGetsAReport(TernTestServer tern) throws Exception {
        send(tern, "<>", "<alice@example.com> NOTIFY=SUCCESS");
        assertThat(Mailboxes.inbox(tern, ALICE)).hasSize(1);
        assertThat(Mailboxes.inbox(tern, BOB)).isEmpty();
    }
}
