package dev.tern.pop3;

import static dev.tern.pop3.Pop3Fixture.PASSWORD;
import static dev.tern.pop3.Pop3Fixture.USER;
import static dev.tern.pop3.Pop3Fixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.ListenerProtocol;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POP3 and IMAP on one account at once: an IMAP session is no obstacle and sees what POP3 did. */
@TernTest
class Pop3AndImapTest {

    @Test
    void aSelectedImapSessionSeesPop3DeletionsAsExpungeAndRetrievalsAsSeen(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        f.deliver(message(1));
        f.deliver(message(2));
        try (var imapSocket = TernTestServer.connect(tern.port(ListenerProtocol.IMAP))) {
            var in = new BufferedReader(new InputStreamReader(imapSocket.getInputStream(), StandardCharsets.UTF_8));
            var out = imapSocket.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");
            assertThat(imap(in, out, "a LOGIN " + USER + " \"" + PASSWORD + "\"")).last().asString().startsWith("a OK");
            assertThat(imap(in, out, "b SELECT INBOX")).contains("* 2 EXISTS");
            try (var pop = f.loggedIn()) {
                pop.send("RETR 2");
                pop.rawBody();
                pop.send("DELE 1");
                assertThat(pop.send("QUIT")).startsWith("+OK");
            }
            var noop = imap(in, out, "c NOOP");
            assertThat(noop).contains("* 1 EXPUNGE");
            assertThat(imap(in, out, "d FETCH 1 FLAGS")).anySatisfy(l -> assertThat(l).contains("\\Seen"));
        }
    }

    private static List<String> imap(BufferedReader in, OutputStream out, String command) throws Exception {
        out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        var tag = command.substring(0, command.indexOf(' '));
        var lines = new ArrayList<String>();
        String line;
        do {
            line = in.readLine();
            lines.add(line);
        } while (line != null && !line.startsWith(tag + " "));
        return lines;
    }
}
