package dev.tern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.ListenerProtocol;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With plaintext authentication never allowed, AUTH appears and works only after STARTTLS. */
@TernTest(toml = "plaintext-auth = \"never\"")
class SmtpTlsRequiredTest {

    @BeforeEach
    void accounts(TernTestServer tern) {
        Mailboxes.create(tern);
    }

    @Test
    void authIsOfferedAndAcceptedOnlyOverTls(TernTestServer tern) throws Exception {
        var plain = Base64.getEncoder().encodeToString("\0alice@example.com\0alice-pw".getBytes(StandardCharsets.UTF_8));
        try (var c = SmtpClient.connect(tern.port(ListenerProtocol.SUBMISSION))) {
            assertThat(c.send("EHLO laptop.example")).contains("250-STARTTLS").doesNotContain("AUTH");
            assertThat(c.send("AUTH PLAIN " + plain)).startsWith("538 5.7.11");
            assertThat(c.send("STARTTLS")).startsWith("220 2.0.0");
            c.startTls();
            assertThat(c.send("AUTH PLAIN " + plain)).as("EHLO again first (RFC 3207 §4.2)").startsWith("503 5.5.1");
            assertThat(c.send("EHLO laptop.example")).contains("250-AUTH SCRAM-SHA-256 PLAIN LOGIN").doesNotContain("STARTTLS");
            assertThat(c.send("AUTH PLAIN " + plain)).startsWith("235 2.7.0");
        }
    }
}
