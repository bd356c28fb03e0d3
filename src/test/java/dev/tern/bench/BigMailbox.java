package dev.tern.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * bench/run's imap-big: one very large INBOX, filled without timing, then single commands timed over it.
 * <pre>
 *   fill     PORT USER PASS COUNT SIZE CONNECTIONS   APPEND COUNT messages with LITERAL+ (RFC 7888) over CONNECTIONS
 *   imap-big PORT USER PASS                          time SELECT, UID FETCH 1:* (FLAGS), SEARCH HEADER, SORT
 *   count    PORT USER PASS                          the number of messages in INBOX (SELECT's EXISTS)
 *   clear    PORT USER PASS                          expunge every message in INBOX
 *   maildir  DIR FIRST COUNT SIZE                    write messages FIRST.. as files into a Maildir's cur/ folder
 * </pre>
 * USER is a full login name (e.g. bench22@bench.test); the peer strips the domain as it does for every user.
 */
final class BigMailbox {
    private static final int WINDOW = 64;
    /** A command over 100,000 messages may take long on a loaded machine; still bounded. */
    private static final int COMMAND_TIMEOUT_MILLIS = 600_000;

    private BigMailbox() {}

    static void fill(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        var user = args[2];
        var pass = args[3];
        int count = Integer.parseInt(args[4]);
        int size = Integer.parseInt(args[5]);
        int connections = Integer.parseInt(args[6]);
        var start = System.nanoTime();
        LoadGenerator.parallel(connections, c -> {
            try (var imap = new LoadGenerator.Imap(port)) {
                imap.ok("LOGIN " + user + " " + pass);
                // Connection c appends messages c, c + connections, ...; in windows without waiting for continuations.
                int first = c;
                while (first <= count) {
                    int sent = 0;
                    for (int n = first; n <= count && sent < WINDOW; n += connections, sent++) {
                        var msg = LoadGenerator.message(1, n, size);
                        imap.wire.writeRaw(("F" + n + " APPEND INBOX {" + msg.length + "+}\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        imap.wire.writeRaw(msg);
                        imap.wire.writeRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    imap.wire.flush();
                    for (int i = 0, n = first; i < sent; i++, n += connections) imap.finish("F" + n, "APPEND");
                    first += sent * connections;
                }
                imap.ok("LOGOUT");
            }
        });
        System.out.printf("filled %d messages in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Writes the same messages as {@link #fill} straight into a Maildir (cur/, no flags), for a peer that reads
     * Maildir: much faster than its APPEND, and filling is not what imap-big measures. The peer indexes them after.
     */
    static void maildir(String[] args) throws Exception {
        var cur = Path.of(args[1]).resolve("cur");
        int first = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        int size = Integer.parseInt(args[4]);
        Files.createDirectories(cur);
        var start = System.nanoTime();
        for (int n = first; n < first + count; n++) {
            var msg = LoadGenerator.message(1, n, size);
            Files.write(cur.resolve("1700000000." + n + ".bench,S=" + msg.length + ":2,"), msg);
        }
        System.out.printf("wrote %d messages in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
    }

    static void measure(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        try (var imap = new LoadGenerator.Imap(new Wire(port, COMMAND_TIMEOUT_MILLIS))) {
            imap.ok("LOGIN " + args[2] + " " + args[3]);
            var capabilities = imap.untagged("CAPABILITY", "* CAPABILITY");
            var t0 = System.nanoTime();
            int exists = imap.select();
            var select = millis(t0);
            t0 = System.nanoTime();
            imap.ok("UID FETCH 1:* (FLAGS)");
            var fetch = millis(t0);
            // A subject in the middle of the mailbox: the server must read every message's header to answer.
            var subject = "bench message " + Math.max(1, exists / 2);
            t0 = System.nanoTime();
            var hits = imap.untagged("SEARCH HEADER Subject \"" + subject + "\"", "* SEARCH");
            var search = millis(t0);
            if (hits.trim().equals("* SEARCH")) throw new IOException("SEARCH for \"" + subject + "\" found nothing");
            // RFC 5256 SORT where the server offers it; -1 says it does not.
            var sort = -1.0;
            if ((" " + capabilities + " ").contains(" SORT ")) {
                t0 = System.nanoTime();
                imap.ok("SORT (SUBJECT) UTF-8 ALL");
                sort = millis(t0);
            }
            imap.ok("LOGOUT");
            System.out.printf("imap-big exists=%d select_ms=%.1f fetch_ms=%.1f search_ms=%.1f search_hits=%d sort_ms=%.1f%n",
                    exists, select, fetch, search, hits.trim().split(" ").length - 2, sort);
        }
    }

    static void count(String[] args) throws Exception {
        try (var imap = new LoadGenerator.Imap(new Wire(Integer.parseInt(args[1]), COMMAND_TIMEOUT_MILLIS))) {
            imap.ok("LOGIN " + args[2] + " " + args[3]);
            var exists = imap.select();
            imap.ok("LOGOUT");
            System.out.printf("count exists=%d%n", exists);
        }
    }

    static void clear(String[] args) throws Exception {
        try (var imap = new LoadGenerator.Imap(new Wire(Integer.parseInt(args[1]), COMMAND_TIMEOUT_MILLIS))) {
            imap.ok("LOGIN " + args[2] + " " + args[3]);
            var exists = imap.select();
            if (exists > 0) {
                imap.ok("STORE 1:* +FLAGS.SILENT (\\Deleted)");
                imap.ok("EXPUNGE");
            }
            imap.ok("LOGOUT");
            System.out.printf("clear expunged=%d%n", exists);
        }
    }

    private static double millis(long since) { return (System.nanoTime() - since) / 1e6; }
}
