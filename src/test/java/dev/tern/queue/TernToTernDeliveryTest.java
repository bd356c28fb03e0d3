package dev.tern.queue;

import dev.tern.auth.Accounts;
import dev.tern.config.ListenerProtocol;
import dev.tern.dns.TestDnsServer;
import dev.tern.server.ProtocolHandlers;
import dev.tern.server.ServeStorage;
import dev.tern.server.Services;
import dev.tern.server.TernExtension;
import dev.tern.server.TernServer;
import dev.tern.server.TernTestServer;
import dev.tern.store.UidRange;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two independent Terns: a user of the first submits mail for the domain of the second; the first finds the
 * second through MX records served by a DNS server on loopback and delivers over SMTP (STARTTLS, opportunistic);
 * the second files it into the recipient's INBOX, read back through its MailboxService and compared byte for byte
 * with what was submitted, apart from the trace fields the two added on top.
 */
class TernToTernDeliveryTest {
    private static final int MESSAGES = 20;

    TestDnsServer dns;
    TernServer receiving;
    TernServer sending;

    @BeforeEach
    void start() throws Exception {
        dns = new TestDnsServer();
        receiving = TernExtension.start("hostname = \"mx.remote.example\"", ProtocolHandlers.standard(),
                ServeStorage::open);
        int mxPort = new TernTestServer(receiving).port(ListenerProtocol.SMTP);
        var theirs = new Accounts(receiving.storage().directory(), Services.passwordHash(receiving.config()));
        theirs.addDomain("remote.example");
        theirs.addUser("bob@remote.example", "bob-pw", 0);
        dns.mx("remote.example", 10, "mx.remote.example").a("mx.remote.example", "127.0.0.1");

        sending = TernExtension.start("""
                hostname = "tern.example.org"
                [outbound]
                port = %d
                dns-server = "127.0.0.1"
                dns-port = %d
                connect-timeout = "2s"
                [queue]
                poll-interval = "50ms"
                """.formatted(mxPort, dns.port()), ProtocolHandlers.standard(), ServeStorage::open);
        var ours = new Accounts(sending.storage().directory(), Services.passwordHash(sending.config()));
        ours.addDomain("example.org");
        ours.addUser("alice@example.org", "alice-pw", 0);
    }

    @AfterEach
    void stop() throws Exception {
        if (sending != null) TernExtension.stop(sending);
        if (receiving != null) TernExtension.stop(receiving);
        dns.close();
    }

    private static String message(int n) {
        return "From: Alice <alice@example.org>\r\nTo: Bob <bob@remote.example>\r\nSubject: report " + n + "\r\n"
                + "Date: Thu, 26 Nov 2026 09:00:00 +0000\r\nMessage-ID: <report-" + n + "@example.org>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "Grüße aus dem Büro, Nummer " + n + ".\r\n"
                + "..a line that starts with a dot, stuffed on the wire\r\n" + "x".repeat(990) + "\r\n";
    }

    @Test
    void mailSubmittedToOneTernLandsInTheOtherTernsInboxByteForByte() throws Exception {
        submit(new TernTestServer(sending).port(ListenerProtocol.SUBMISSION));

        var account = receiving.storage().directory().account("bob@remote.example").orElseThrow();
        var mailboxes = receiving.services().mailboxes();
        var inbox = mailboxes.mailbox(account.id(), "INBOX").orElseThrow();
        await("all delivered to bob and the sending queue empty", () ->
                mailboxes.messages(inbox.id(), UidRange.ALL).size() == MESSAGES
                        && sending.storage().queue().entries().isEmpty());

        var seen = new ArrayList<String>();
        for (var record : mailboxes.messages(inbox.id(), UidRange.ALL)) {
            String stored;
            try (var in = mailboxes.open(record)) {
                stored = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int n = Integer.parseInt(stored.replaceAll("(?s).*Subject: report (\\d+).*", "$1"));
            var original = message(n).replace("\r\n..a line", "\r\n.a line"); // as submitted, unstuffed
            assertThat(stored).endsWith(original);
            var trace = stored.substring(0, stored.length() - original.length());
            assertThat(trace).startsWith("Return-Path: <alice@example.org>\r\n");
            var fields = trace.lines().filter(l -> !l.startsWith("\t")).toList();
            assertThat(fields).hasSize(3);
            assertThat(fields.get(1)).startsWith("Received: from tern.example.org ([127.0.0.1])");
            assertThat(fields.get(2)).startsWith("Received: from submitter.example ([127.0.0.1])");
            // The second Tern's field: it took the message over TLS (STARTTLS), unauthenticated.
            assertThat(trace).contains("by mx.remote.example (Tern) with ESMTPS id ")
                    .contains("by tern.example.org (Tern) with ESMTPA id ");
            seen.add("report " + n);
        }
        assertThat(seen).hasSize(MESSAGES).doesNotHaveDuplicates();
        // One lookup of MX and of the exchanger's A and AAAA served all twenty messages (outbound.dns-cache-entries).
        assertThat(dns.queries()).isEqualTo(3);
    }

    /** Submits the messages over one submission session with AUTH PLAIN (allowed on loopback without TLS). */
    private static void submit(int port) throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            var out = socket.getOutputStream();
            expect(in, "220");
            send(out, "EHLO submitter.example");
            expect(in, "250");
            var credentials = Base64.getEncoder().encodeToString("\0alice@example.org\0alice-pw".getBytes(
                    StandardCharsets.UTF_8));
            send(out, "AUTH PLAIN " + credentials);
            expect(in, "235");
            for (int n = 0; n < MESSAGES; n++) {
                send(out, "MAIL FROM:<alice@example.org> BODY=8BITMIME");
                expect(in, "250");
                send(out, "RCPT TO:<bob@remote.example>");
                expect(in, "250");
                send(out, "DATA");
                expect(in, "354");
                out.write(message(n).getBytes(StandardCharsets.UTF_8));
                send(out, ".");
                expect(in, "250");
            }
            send(out, "QUIT");
        }
    }

    private static void send(OutputStream out, String line) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one reply (all its lines) and checks its code. */
    private static void expect(BufferedReader in, String code) throws Exception {
        var lines = new ArrayList<String>();
        String line;
        do {
            line = in.readLine();
            assertThat(line).as("reply after %s", lines).isNotNull();
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        assertThat(line).as("reply %s", List.copyOf(lines)).startsWith(code);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(20);
        }
    }
}
