package dev.tern.smtp;

import static dev.tern.smtp.Mailboxes.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.ListenerProtocol;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The recipient delimiter and the failed-login delay come from the configuration, not from constants. */
@TernTest(toml = """
        [delivery]
        recipient-delimiter = "-"
        [auth]
        failure-delay = "1s"
        failure-delay-max = "1s"
        """)
class SmtpConfiguredPolicyTest {

    @BeforeEach
    void accounts(TernTestServer tern) {
        Mailboxes.create(tern);
    }

    @Test
    void theConfiguredDelimiterSeparatesTheTagAndPlusNoLonger(TernTestServer tern) throws Exception {
        try (var c = SmtpClient.connect(tern.port(ListenerProtocol.SMTP))) {
            c.send("EHLO client.example");
            c.send("MAIL FROM:<s@remote.example>");
            assertThat(c.send("RCPT TO:<alice+news@example.com>")).startsWith("550 5.1.1");
            assertThat(c.send("RCPT TO:<alice-news@example.com>")).startsWith("250");
            c.send("DATA");
            assertThat(c.send("Subject: tagged\r\n\r\nhello\r\n.")).startsWith("250");
        }
        assertThat(Mailboxes.inbox(tern, ALICE)).singleElement().asString().contains("Subject: tagged");
    }

    @Test
    void aFailedLoginIsAnsweredAfterTheConfiguredDelay(TernTestServer tern) throws Exception {
        var wrong = Base64.getEncoder().encodeToString("\0alice@example.com\0wrong".getBytes(StandardCharsets.UTF_8));
        try (var c = SmtpClient.connect(tern.port(ListenerProtocol.SUBMISSION))) {
            c.send("EHLO client.example");
            long start = System.nanoTime();
            assertThat(c.send("AUTH PLAIN " + wrong)).startsWith("535 5.7.8");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
    }
}
