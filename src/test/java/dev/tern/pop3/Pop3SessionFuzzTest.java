package dev.tern.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.tern.server.ConnectionLog;
import dev.tern.server.TernExtension;
import dev.tern.server.TernTestServer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes a whole POP3 session over loopback in the AUTHORIZATION and TRANSACTION states: the first input byte
 * picks the state, the rest is sent as the client's bytes, then QUIT. No exception escapes the session, every
 * line the server writes ends in CRLF, and the last is a status line ({@code +OK} or {@code -ERR}): the answer
 * to QUIT, or the error it closed on. In the suite this runs the seed inputs only; {@code JAZZER_FUZZ=1 mvn test
 * -Dtest=Pop3SessionFuzzTest} fuzzes.
 */
class Pop3SessionFuzzTest {
    private static TernTestServer server;
    private static Pop3Fixture fixture;
    private static ConnectionLog log;

    @BeforeAll
    static void start() throws Exception {
        server = TernExtension.startShared("[limits]\ncommands-before-authentication = 100000\nauthentication-failures = 1000\n"
                + "[auth]\nfailure-delay = \"0s\"\nfailure-delay-max = \"0s\"");
        fixture = new Pop3Fixture(server);
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
        boolean transaction = (input[0] & 1) == 1;
        var commands = Arrays.copyOfRange(input, 1, input.length);
        // DELE then QUIT empties the maildrop; the TRANSACTION state is fuzzed with messages in it.
        while (fixture.inbox().size() < 2) fixture.deliver(Pop3Fixture.message(fixture.inbox().size() + 1));
        byte[] transcript;
        try (var client = Pop3Client.connect(fixture.port())) {
            // Above the login failure throttle's longest delay (15 s), which fuzzed failed logins soon reach.
            client.socket().setSoTimeout(30_000);
            assertThat(client.greeting).startsWith("+OK");
            if (transaction) client.login(Pop3Fixture.USER, Pop3Fixture.PASSWORD);
            var out = client.socket().getOutputStream();
            out.write(commands);
            out.write("\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            client.socket().shutdownOutput();
            transcript = client.socket().getInputStream().readAllBytes();
        }
        var closes = log.awaitCloses(1);
        var text = new String(transcript, StandardCharsets.ISO_8859_1);
        var context = (transaction ? "in TRANSACTION" : "in AUTHORIZATION") + ", the server answered "
                + printable(commands) + " with " + printable(text) + " and closed: " + closes;
        assertThat(closes).as(context).noneMatch(l -> l.startsWith("error") || l.contains("reason=failed"));
        // RFC 2595 §4: after +OK to STLS the bytes are TLS, here a handshake failing on the client's plain text.
        int tls = text.indexOf("+OK Begin TLS negotiation\r\n");
        if (tls >= 0) text = text.substring(0, tls + "+OK Begin TLS negotiation\r\n".length());
        if (text.isEmpty()) return;
        assertThat(text).as(context).endsWith("\r\n");
        var lines = text.substring(0, text.length() - 2).split("\r\n", -1);
        for (var line : lines) assertThat(line).as(context).doesNotContain("\n", "\r");
        assertThat(lines[lines.length - 1]).as(context).matches("(\\+OK|-ERR)( .*)?");
    }

    private static String printable(byte[] bytes) { return printable(new String(bytes, StandardCharsets.ISO_8859_1)); }

    private static String printable(String s) { return s.replace("\r", "\\r").replace("\n", "\\n"); }
}
