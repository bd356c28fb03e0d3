package dev.tern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.ListenerProtocol;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Random dialogues (seeded, so a failure repeats) of valid, broken and out-of-order commands against MX and
 * submission: every answer is a well-formed reply with an enhanced status code where RFC 2034 asks for one, and
 * the server closes only after saying 221 or 421. (AUTH exchanges are left out: each failed or cancelled one
 * makes the failure throttle wait longer, as it should.)
 */
@TernTest
class SmtpRandomDialogueTest {
    private static final Pattern LINE = Pattern.compile("(\\d{3})([ -])(.*)");
    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3} .*");
    private static final List<String> WORDS = List.of(
            "EHLO client.example", "HELO client.example", "EHLO", "MAIL FROM:<s@remote.example>", "MAIL FROM:<>",
            "MAIL FROM:<alice@example.com> SIZE=100", "MAIL FROM:<s@remote.example> BODY=BINARYMIME",
            "MAIL FROM:<s@remote.example> FOO=bar", "MAIL FROM:s@remote.example", "RCPT TO:<alice@example.com>",
            "RCPT TO:<bob@example.com> NOTIFY=SUCCESS", "RCPT TO:<nobody@example.com>", "RCPT TO:<x@remote.example>",
            "RCPT TO:<@a:b@c>", "RCPT TO:<a%b@example.com>", "RCPT TO:<Postmaster>", "DATA", "BDAT 5", "BDAT 0 LAST",
            "RSET", "NOOP", "VRFY alice", "HELP", "AUTH XYZ", "STARTTLS", "FROB",
            "", "MAIL", "RCPT", "DATA x", "\u00ff\u00fe", "RCPT TO:<jörg@example.com>", "BDAT 1x");

    @BeforeEach
    void accounts(TernTestServer tern) {
        Mailboxes.create(tern);
    }

    @Test
    void everyReplyIsWellFormedWhateverTheClientSends(TernTestServer tern) throws Exception {
        var random = new Random(20261126);
        for (var protocol : List.of(ListenerProtocol.SMTP, ListenerProtocol.SUBMISSION)) {
            var client = SmtpClient.connect(tern.port(protocol));
            for (int i = 0; i < 400; i++) {
                var command = WORDS.get(random.nextInt(WORDS.size()));
                String reply;
                if (command.startsWith("BDAT 5")) {
                    client.write(command + "\r\nhello");
                    reply = client.reply();
                } else {
                    try {
                        reply = client.send(command);
                    } catch (java.io.IOException e) {
                        throw new AssertionError("no reply to '" + command + "' (step " + i + " on " + protocol + ")", e);
                    }
                }
                check(command, reply);
                if (reply.startsWith("354")) {
                    reply = client.send("Subject: r" + i + "\r\n\r\nbody " + i + "\r\n.");
                    check("end of data", reply);
                } else if (reply.startsWith("220 2.0.0")) { // STARTTLS accepted
                    client.startTls();
                }
                if (reply.startsWith("421") || reply.startsWith("221")) {
                    assertThat(client.isClosedByServer()).as("closed after %s", reply).isTrue();
                    client.close();
                    client = SmtpClient.connect(tern.port(protocol));
                }
            }
            client.close();
        }
    }

    private static void check(String command, String reply) {
        var lines = reply.split("\n");
        for (int i = 0; i < lines.length; i++) {
            var m = LINE.matcher(lines[i]);
            assertThat(m.matches()).as("reply line to %s: %s", command, lines[i]).isTrue();
            assertThat(m.group(2)).as("continuation marks of %s", reply).isEqualTo(i == lines.length - 1 ? " " : "-");
            int code = Integer.parseInt(m.group(1));
            boolean exempt = code == 354 || code == 334 || command.startsWith("EHLO") && code == 250
                    || command.startsWith("HELO") && code == 250;
            if (!exempt) assertThat(m.group(3)).as("enhanced code in the reply to %s", command).matches(ENHANCED);
        }
    }
}
