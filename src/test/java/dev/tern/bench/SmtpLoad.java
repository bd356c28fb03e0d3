package dev.tern.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SMTP submission load for bench/run's smtp-relay: SESSIONS connections share COUNT messages of SIZE bytes from
 * FROM to TO, one transaction per message with MAIL, RCPT and DATA pipelined (RFC 2920), over connections kept
 * open. With USER and PASS the client authenticates with AUTH PLAIN (RFC 4954) first, as a submission client
 * must; without them it relies on the server trusting loopback. Bounded by COUNT and by MAX_SECONDS.
 * <pre>
 *   smtp-send PORT SESSIONS COUNT SIZE FROM TO RUN MAX_SECONDS [USER PASS]
 * </pre>
 * RUN goes into every Message-ID ({@code <RUN.n@bench.test>}), so that a receiver can count distinct messages.
 */
final class SmtpLoad {
    private static final int TIMEOUT_MILLIS = 60_000;

    private SmtpLoad() {}

    static void send(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        int sessions = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        int size = Integer.parseInt(args[4]);
        var from = args[5];
        var to = args[6];
        var run = args[7];
        var deadline = System.nanoTime() + Long.parseLong(args[8]) * 1_000_000_000L;
        var user = args.length > 10 ? args[9] : null;
        var pass = args.length > 10 ? args[10] : null;
        var next = new AtomicInteger();
        var sent = new AtomicLong();
        var start = System.nanoTime();
        LoadGenerator.parallel(sessions, s -> {
            try (var smtp = new Wire(port, TIMEOUT_MILLIS)) {
                reply(smtp, 220, "greeting");
                smtp.send("EHLO client.bench.test");
                reply(smtp, 250, "EHLO");
                if (user != null) {
                    var token = Base64.getEncoder().encodeToString(
                            ("\0" + user + "\0" + pass).getBytes(StandardCharsets.UTF_8));
                    smtp.send("AUTH PLAIN " + token);
                    reply(smtp, 235, "AUTH PLAIN");
                }
                for (int n = next.getAndIncrement(); n < count && System.nanoTime() < deadline;
                        n = next.getAndIncrement()) {
                    smtp.write("MAIL FROM:<" + from + ">");
                    smtp.write("RCPT TO:<" + to + ">");
                    smtp.write("DATA");
                    smtp.flush();
                    reply(smtp, 250, "MAIL");
                    reply(smtp, 250, "RCPT");
                    reply(smtp, 354, "DATA");
                    // The generated text has no line starting with a dot, so no dot-stuffing is needed.
                    smtp.writeRaw(message(run, n, to, size));
                    smtp.send(".");
                    reply(smtp, 250, "end of data");
                    sent.incrementAndGet();
                }
                smtp.send("QUIT");
                reply(smtp, 221, "QUIT");
            }
        });
        var seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("smtp-send messages=%d seconds=%.2f rate=%.1f%n", sent.get(), seconds, sent.get() / seconds);
    }

    static byte[] message(String run, int n, String to, int size) {
        var head = "From: load@bench.test\r\nTo: " + to + "\r\nSubject: bench message " + n
                + "\r\nMessage-ID: <" + run + "." + n + "@bench.test>\r\n"
                + "Date: Thu, 26 Nov 2026 08:00:00 +0000\r\n\r\n";
        var sb = new StringBuilder(size).append(head);
        while (sb.length() < size) {
            var line = "line " + n + " of the benchmark body, plain text to fill four kibibytes of message.";
            sb.append(line, 0, Math.max(0, Math.min(line.length(), size - 2 - sb.length()))).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one reply, multi-line or not (RFC 5321 §4.2.1), and fails unless its code is {@code expected}. */
    private static void reply(Wire smtp, int expected, String what) throws IOException {
        for (var line = smtp.line(); ; line = smtp.line()) {
            if (line.length() < 4 || !line.startsWith(Integer.toString(expected))) {
                throw new IOException(what + ": expected " + expected + ", server said: " + line);
            }
            if (line.charAt(3) == ' ') return;
        }
    }
}
