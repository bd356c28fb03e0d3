package dev.tern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.ListenerProtocol;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import org.junit.jupiter.api.Test;

/** A connection ends at timeouts.smtp-session, even for a client that is never idle long. */
@TernTest(toml = "hostname = \"mx.example.com\"\n[timeouts]\nsmtp-session = \"1s\"")
class SmtpSessionTimeTest {

    @Test
    void theConnectionIsClosedWhenItsTimeIsUp(TernTestServer tern) throws Exception {
        try (var c = SmtpClient.connect(tern.port(ListenerProtocol.SMTP))) {
            assertThat(c.send("EHLO client.example")).startsWith("250");
            // The client says nothing more; well before the 5 minute idle timeout the session's time runs out.
            long start = System.nanoTime();
            assertThat(c.reply()).isEqualTo("421 4.4.2 mx.example.com Connection time limit reached, closing connection");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4000);
            assertThat(c.isClosedByServer()).isTrue();
        }
    }
}
