package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.tern.server.ConnectionLog;
import dev.tern.server.TernExtension;
import dev.tern.server.TernTestServer;
import dev.tern.store.Flags;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes a whole IMAP session over loopback in each state, as mox's imapserver fuzz test does: the first input
 * byte picks the state (not authenticated, authenticated, selected), the rest is sent as the client's bytes,
 * then LOGOUT. No exception escapes the session, and every response the server writes is untagged, a
 * continuation request or a tagged OK/NO/BAD. In the suite this runs the seed inputs only; {@code JAZZER_FUZZ=1
 * mvn test -Dtest=ImapSessionFuzzTest} fuzzes.
 */
class ImapSessionFuzzTest {
    private static final Pattern RESPONSE = Pattern.compile("(\\* |\\+ |\\+$|[^ +*\\r\\n]+ (OK|NO|BAD)( .*)?$).*", Pattern.DOTALL);
    /** A literal announced in an untagged data response; status texts (which may quote the client) carry none. */
    private static final Pattern LITERAL = Pattern.compile("(?!\\* (OK|NO|BAD|BYE|PREAUTH)\\b)\\* .*~?\\{(\\d{1,9})}$", Pattern.DOTALL);

    private static TernTestServer server;
    private static ImapFixture fixture;
    private static ConnectionLog log;

    @BeforeAll
    static void start() throws Exception {
        server = TernExtension.startShared("[limits]\ncommands-before-authentication = 100000\nauthentication-failures = 1000\n"
                + "[auth]\nfailure-delay = \"0s\"\nfailure-delay-max = \"0s\"");
        fixture = new ImapFixture(server);
        fixture.append("INBOX", "Subject: a\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n",
                Flags.NONE, Instant.parse("2026-03-05T09:00:00Z"));
        log = ConnectionLog.attach();
    }

    @AfterAll
    static void stop() throws Exception {
        log.close();
        TernExtension.stop(server.server());
    }

    @FuzzTest(maxDuration = "30s")
    void sessionAnswersAnyBytesInEachState(@NotNull byte[] input) throws Exception {
        if (input.length == 0) return;
        int state = Math.floorMod(input[0], 3);
        var commands = Arrays.copyOfRange(input, 1, input.length);
        byte[] transcript;
        try (var client = new ImapClient(fixture.connect())) {
            // Above the login failure throttle's longest delay (15 s), which fuzzed failed logins soon reach.
            client.socket().setSoTimeout(30_000);
            assertThat(client.readLine()).startsWith("* OK");
            if (state >= 1) assertThat(client.command("LOGIN " + ImapFixture.USER + " " + ImapFixture.PASSWORD).getLast()).contains("OK");
            if (state >= 2) assertThat(client.command("SELECT INBOX").getLast()).contains("OK");
            var out = client.socket().getOutputStream();
            out.write(commands);
            out.write("\r\nzz LOGOUT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            client.socket().shutdownOutput();
            transcript = client.socket().getInputStream().readAllBytes();
        }
        var closes = log.awaitCloses(1);
        assertThat(closes).as("how the server ended the session").noneMatch(l -> l.startsWith("error") || l.contains("reason=failed"));
        var context = "in state " + state + ", the server answered " + printable(commands) + " with " + printable(transcript)
                + " and closed: " + closes;
        for (var response : responses(new ByteArrayInputStream(transcript), context)) {
            assertThat(response).as(context).matches(RESPONSE);
        }
    }

    /** The server's responses up to the end of the connection, each with the literals it carries. */
    private static List<String> responses(InputStream in, String context) throws IOException {
        var responses = new ArrayList<String>();
        var current = new ByteArrayOutputStream();
        while (true) {
            var line = line(in, context);
            if (line == null) break;
            current.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
            var literal = LITERAL.matcher(current.toString(StandardCharsets.ISO_8859_1));
            if (literal.matches()) {
                current.writeBytes(in.readNBytes(Integer.parseInt(literal.group(2))));
                continue;
            }
            responses.add(current.toString(StandardCharsets.ISO_8859_1));
            current.reset();
            // RFC 9051 §6.2.1: what follows is TLS, here a handshake over the client's plain bytes.
            if (line.matches("\\S+ OK Begin TLS.*")) return responses;
        }
        assertThat(current.size()).as("response cut short, %s", context).isZero();
        return responses;
    }

    private static String line(InputStream in, String context) throws IOException {
        var b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') b.write(c);
        if (c < 0 && b.size() == 0) return null;
        assertThat(c).as("response line without CRLF, %s", context).isEqualTo('\n');
        var s = b.toString(StandardCharsets.ISO_8859_1);
        assertThat(s).as("response line without CRLF, %s", context).endsWith("\r");
        return s.substring(0, s.length() - 1);
    }

    private static String printable(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
    }
}
