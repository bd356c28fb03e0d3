package dev.tern.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * bench/run's idle: CONNECTIONS implicit-TLS IMAP connections (RFC 8314), each logged in as one of USERS users
 * (bench FIRST_USER, FIRST_USER+1, ...), INBOX selected and in IDLE (RFC 2177), then held open without traffic
 * until STOP_FILE appears or MAX_SECONDS have passed. Prints {@code idle ready=N failed=F seconds=S} as soon as
 * every connection is idling (or failed), so that the caller can measure the server meanwhile.
 * <pre>
 *   idle PORT FIRST_USER USERS PASS CONNECTIONS MAX_SECONDS STOP_FILE
 * </pre>
 * The peers' certificates are self-signed: this client trusts any certificate, which is acceptable only because it
 * talks to 127.0.0.1 and measures memory, not security.
 */
final class IdleLoad {
    private static final int TIMEOUT_MILLIS = 120_000;
    private static final int OPENING_AT_ONCE = 32;

    private IdleLoad() {}

    static void hold(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        int firstUser = Integer.parseInt(args[2]);
        int users = Integer.parseInt(args[3]);
        var pass = args[4];
        int connections = Integer.parseInt(args[5]);
        var deadline = System.nanoTime() + Long.parseLong(args[6]) * 1_000_000_000L;
        var stop = Path.of(args[7]);
        var factory = trustingContext().getSocketFactory();
        List<Wire> open = Collections.synchronizedList(new ArrayList<>(connections));
        var failed = new AtomicInteger();
        var firstFailure = new AtomicReference<String>();
        var opening = new Semaphore(OPENING_AT_ONCE);
        var start = System.nanoTime();
        LoadGenerator.parallel(connections, i -> {
            opening.acquire();
            Wire wire = null;
            try {
                var plain = Wire.connect(port, TIMEOUT_MILLIS);
                var tls = (SSLSocket) factory.createSocket(plain, "localhost", port, true);
                tls.startHandshake();
                wire = new Wire(tls, TIMEOUT_MILLIS, 1024);
                var imap = new LoadGenerator.Imap(wire);
                imap.ok("LOGIN bench" + (firstUser + (i - 1) % users) + "@bench.test " + pass);
                imap.select();
                wire.send("I IDLE");
                var line = wire.line();
                if (!line.startsWith("+")) throw new IOException("IDLE: " + line);
                open.add(wire);
            } catch (IOException e) {
                if (wire != null) wire.close();
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, e.toString());
            } finally {
                opening.release();
            }
        });
        var ready = open.size();
        System.out.printf("idle ready=%d failed=%d seconds=%.1f%s%n", ready, failed.get(),
                (System.nanoTime() - start) / 1e9, firstFailure.get() == null ? "" : " first_failure=" + firstFailure.get());
        System.out.flush();
        while (System.nanoTime() < deadline && !Files.exists(stop)) Thread.sleep(200);
        for (var wire : open) {
            try { wire.close(); } catch (IOException e) { /* closing anyway */ }
        }
    }

    private static SSLContext trustingContext() throws Exception {
        var trustAll = new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        var context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }
}
