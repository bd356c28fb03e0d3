package dev.tern.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The load generator behind bench/run, the same for Tern and for the peer: plain sockets, one virtual thread per
 * client, every loop bounded by a count and a deadline, 127.0.0.1 only.
 * <pre>
 *   seed     PORT USERS PASS COUNT SIZE      IMAP APPEND of COUNT messages of SIZE bytes into each user's INBOX
 *   pop3     PORT USERS PASS MAX_SECONDS     one POP3 client per user: RETR and DELE every message, QUIT
 *   imap-mix PORT USERS PASS CLIENTS SECONDS LOGIN LIST SELECT FETCH STORE APPEND EXPUNGE SEARCH NOOP LOGOUT, over
 *            and over
 *   smtp-send PORT SESSIONS COUNT SIZE FROM TO RUN MAX_SECONDS [USER PASS]     see {@link SmtpLoad}
 *   fill, imap-big, count, clear PORT USER PASS ...; maildir DIR ...          see {@link BigMailbox}
 *   idle PORT FIRST_USER USERS PASS CONNECTIONS MAX_SECONDS STOP_FILE           see {@link IdleLoad}
 * </pre>
 * Users are bench1..benchUSERS@bench.test. Prints one line of results on stdout.
 */
public final class LoadGenerator {
    private static final int TIMEOUT_MILLIS = 30_000;
    private static final int MIX_MESSAGE_SIZE = 4096;
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS");

    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) usage();
        switch (args[0]) {
            case "seed" -> seed(port(args), Integer.parseInt(args[2]), args[3], Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            case "pop3" -> pop3(port(args), Integer.parseInt(args[2]), args[3], Integer.parseInt(args[4]));
            case "imap-mix" -> imapMix(port(args), Integer.parseInt(args[2]), args[3], Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            case "smtp-send" -> SmtpLoad.send(args);
            case "fill" -> BigMailbox.fill(args);
            case "imap-big" -> BigMailbox.measure(args);
            case "count" -> BigMailbox.count(args);
            case "clear" -> BigMailbox.clear(args);
            case "maildir" -> BigMailbox.maildir(args);
            case "idle" -> IdleLoad.hold(args);
            default -> usage();
        }
    }

    private static int port(String[] args) { return Integer.parseInt(args[1]); }

    private static void usage() {
        System.err.println("usage: LoadGenerator seed|pop3|imap-mix|smtp-send|fill|imap-big|count|idle PORT USERS PASS ... (see the class comment)");
        System.exit(2);
    }

    static String user(int i) { return "bench" + i + "@bench.test"; }

    /** Runs {@code body} for 1..n on virtual threads and waits for all; the first failure is rethrown. */
    static void parallel(int n, ClientBody body) throws Exception {
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 1; i <= n; i++) {
                int id = i;
                futures.add(exec.submit(() -> { body.run(id); return null; }));
            }
            for (var f : futures) f.get();
        }
    }

    @FunctionalInterface
    interface ClientBody { void run(int id) throws Exception; }

    static byte[] message(int user, int n, int size) {
        var head = "From: load@bench.test\r\nTo: " + user(user) + "\r\nSubject: bench message " + n
                + "\r\nMessage-ID: <" + user + "." + n + "." + System.nanoTime() + "@bench.test>\r\n"
                + "Date: Thu, 26 Nov 2026 08:00:00 +0000\r\n\r\n";
        var sb = new StringBuilder(size).append(head);
        while (sb.length() < size - 2) {
            var line = "line " + n + " of the benchmark body, plain text to fill four kibibytes of message.";
            sb.append(line, 0, Math.min(line.length(), size - 2 - sb.length())).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void seed(int port, int users, String pass, int count, int size) throws Exception {
        var start = System.nanoTime();
        parallel(users, u -> {
            try (var imap = new Imap(port)) {
                imap.ok("LOGIN " + user(u) + " " + pass);
                // RFC 7888 LITERAL+: the messages go out in windows of 32 without waiting for continuations.
                for (int first = 1; first <= count; first += 32) {
                    int last = Math.min(count, first + 31);
                    for (int n = first; n <= last; n++) {
                        var msg = message(u, n, size);
                        imap.wire.sendRaw(("A" + n + " APPEND INBOX {" + msg.length + "+}\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        imap.wire.sendRaw(msg);
                        imap.wire.sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    for (int n = first; n <= last; n++) imap.finish("A" + n, "APPEND");
                }
                imap.ok("LOGOUT");
            }
        });
        System.out.printf("seeded %d messages in %.1f s%n", users * count, (System.nanoTime() - start) / 1e9);
    }

    private static void pop3(int port, int users, String pass, int maxSeconds) throws Exception {
        var deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        var messages = new AtomicLong();
        var start = System.nanoTime();
        parallel(users, u -> {
            try (var pop = new Wire(port, TIMEOUT_MILLIS)) {
                expectOk(pop.line());
                pop.send("USER " + user(u));
                expectOk(pop.line());
                pop.send("PASS " + pass);
                expectOk(pop.line());
                pop.send("STAT");
                var stat = expectOk(pop.line()).split(" ");
                int count = Integer.parseInt(stat[1]);
                for (int n = 1; n <= count && System.nanoTime() < deadline; n++) {
                    pop.send("RETR " + n);
                    expectOk(pop.line());
                    while (!pop.line().equals(".")) { /* the message, dot-stuffed; counted, not kept */ }
                    pop.send("DELE " + n);
                    expectOk(pop.line());
                    messages.incrementAndGet();
                }
                pop.send("QUIT");
                expectOk(pop.line());
            }
        });
        var seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("pop3 messages=%d seconds=%.2f rate=%.1f%n", messages.get(), seconds, messages.get() / seconds);
    }

    private static String expectOk(String reply) throws IOException {
        if (!reply.startsWith("+OK")) throw new IOException("POP3 server said: " + reply);
        return reply;
    }

    private static void imapMix(int port, int users, String pass, int clients, int seconds) throws Exception {
        var deadline = System.nanoTime() + seconds * 1_000_000_000L;
        var counts = new int[clients + 1];
        var perClient = new long[clients + 1][];
        var start = System.nanoTime();
        parallel(clients, c -> {
            var samples = new long[1 << 20]; // bounded: at most about a million operations per client
            int n = 0;
            var u = (c - 1) % users + 1;
            while (System.nanoTime() < deadline && n < samples.length - 16) {
                var t0 = System.nanoTime();
                try (var imap = new Imap(port)) {
                    samples[n++] = System.nanoTime() - t0;  // connect and greeting
                    n = timed(samples, n, () -> imap.ok("LOGIN " + user(u) + " " + pass));
                    n = timed(samples, n, () -> imap.ok("LIST \"\" \"*\""));
                    var exists = new int[1];
                    n = timed(samples, n, () -> exists[0] = imap.select());
                    n = timed(samples, n, () -> imap.ok("FETCH 1:* (FLAGS)"));
                    if (exists[0] > 0) {
                        var last = Math.min(3, exists[0]);
                        n = timed(samples, n, () -> imap.ok("FETCH 1:" + last + " (BODY.PEEK[])"));
                        n = timed(samples, n, () -> imap.ok("STORE " + last + " +FLAGS (\\Seen)"));
                    }
                    // A new message in, then one out: the mailbox keeps its size from cycle to cycle. One client
                    // per user, so the appended message is the one after those SELECT counted.
                    var appended = message(u, 1_000_000 + n, MIX_MESSAGE_SIZE);
                    n = timed(samples, n, () -> imap.append(appended));
                    n = timed(samples, n, () -> imap.ok("STORE " + (exists[0] + 1) + " +FLAGS.SILENT (\\Deleted)"));
                    n = timed(samples, n, () -> imap.ok("EXPUNGE"));
                    n = timed(samples, n, () -> imap.ok("SEARCH UNSEEN"));
                    n = timed(samples, n, () -> imap.ok("NOOP"));
                    n = timed(samples, n, () -> imap.ok("LOGOUT"));
                }
            }
            counts[c] = n;
            perClient[c] = samples;
        });
        var elapsed = (System.nanoTime() - start) / 1e9;
        long total = 0;
        for (int c = 1; c <= clients; c++) total += counts[c];
        var all = new long[(int) total];
        int at = 0;
        for (int c = 1; c <= clients; c++) {
            System.arraycopy(perClient[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        System.out.printf("imap-mix ops=%d seconds=%.2f rate=%.1f p50_ms=%.3f p99_ms=%.3f%n", total, elapsed,
                total / elapsed, percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6);
    }

    @FunctionalInterface
    interface Step { void run() throws IOException; }

    private static int timed(long[] samples, int n, Step step) throws IOException {
        var t0 = System.nanoTime();
        step.run();
        samples[n] = System.nanoTime() - t0;
        return n + 1;
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Tagged IMAP commands; untagged replies are read and discarded, literals skipped by their count. */
    static final class Imap implements AutoCloseable {
        final Wire wire;
        private int tag;

        Imap(int port) throws IOException {
            this(new Wire(port, TIMEOUT_MILLIS));
        }

        Imap(Wire wire) throws IOException {
            this.wire = wire;
            var greeting = wire.line();
            if (!greeting.startsWith("* OK")) throw new IOException("IMAP greeting: " + greeting);
        }

        /** APPEND INBOX with a non-synchronising literal (RFC 7888 LITERAL+, which both servers offer). */
        void append(byte[] message) throws IOException {
            var t = "T" + (++tag);
            wire.writeRaw((t + " APPEND INBOX {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            wire.writeRaw(message);
            wire.sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
            finish(t, "APPEND");
        }

        void ok(String command) throws IOException {
            var t = "T" + (++tag);
            wire.send(t + " " + command);
            finish(t, command);
        }

        /** SELECT INBOX; returns the number of messages. */
        int select() throws IOException {
            var t = "T" + (++tag);
            wire.send(t + " SELECT INBOX");
            int exists = 0;
            for (var line = readLine(); ; line = readLine()) {
                var m = EXISTS.matcher(line);
                if (m.find()) exists = Integer.parseInt(m.group(1));
                if (line.startsWith(t + " ")) {
                    if (!line.startsWith(t + " OK")) throw new IOException("SELECT: " + line);
                    return exists;
                }
            }
        }

        /** Runs {@code command}; returns the first untagged line that starts with {@code prefix}, or "". */
        String untagged(String command, String prefix) throws IOException {
            var t = "T" + (++tag);
            wire.send(t + " " + command);
            var found = "";
            for (var line = readLine(); ; line = readLine()) {
                if (found.isEmpty() && line.startsWith(prefix)) found = line;
                if (line.startsWith(t + " ")) {
                    if (!line.startsWith(t + " OK")) throw new IOException(command + ": " + line);
                    return found;
                }
            }
        }

        void finish(String t, String command) throws IOException {
            for (var line = readLine(); ; line = readLine()) {
                if (line.startsWith(t + " ")) {
                    if (!line.startsWith(t + " OK")) throw new IOException(command + ": " + line);
                    return;
                }
            }
        }

        /** One response line; a line ending in a literal {n} has its n bytes and the rest of the line consumed. */
        private String readLine() throws IOException {
            var line = wire.line();
            for (var m = LITERAL.matcher(line); m.find(); m = LITERAL.matcher(line)) {
                wire.skip(Long.parseLong(m.group(1)));
                line = wire.line();
            }
            return line;
        }

        @Override
        public void close() throws IOException { wire.close(); }
    }
}
