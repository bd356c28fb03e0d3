package dev.tern.queue;

import dev.tern.dns.MailExchangers;
import dev.tern.outbound.ClientTimeouts;
import dev.tern.outbound.ClientTls;
import dev.tern.outbound.SmtpTransport;
import dev.tern.store.Storage;
import dev.tern.store.sql.EmbeddedStorage;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process the queue's crash test kills: it queues messages {@code 0 .. COUNT-1} (each with an {@code X-Id}
 * header) from 4 threads while its scheduler delivers them, printing {@code ACK <id>} after each enqueue has
 * returned. Messages whose id is a multiple of 7 go to a recipient the receiver always defers.
 *
 * <p>Usage: {@code QueueCrashVictim DATA_DIR DNS_PORT SMTP_PORT COUNT}
 */
public final class QueueCrashVictim {
    static final int THREADS = 4;

    private QueueCrashVictim() {}

    public static void main(String[] args) throws Exception {
        var data = Path.of(args[0]);
        int dnsPort = Integer.parseInt(args[1]);
        int smtpPort = Integer.parseInt(args[2]);
        long count = Long.parseLong(args[3]);
        var storage = EmbeddedStorage.open(data, EmbeddedStorage.Options.defaults());
        var outbound = outbound(storage, dnsPort, smtpPort);
        outbound.scheduler().start();
        var next = new AtomicLong();
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < THREADS; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (long id; (id = next.getAndIncrement()) < count; ) enqueue(outbound.queue(), data, id);
            }));
        }
        for (var thread : threads) thread.join();
        Thread.sleep(Long.MAX_VALUE); // deliver until killed
    }

    /** A queue and the scheduler that delivers it. */
    record Outbound(MailQueue queue, Scheduler scheduler) {}

    /** What both the victim and the test's restart run: a real SMTP transport, a short retry schedule. */
    static Outbound outbound(Storage storage, int dnsPort, int smtpPort) {
        var schedule = new RetrySchedule(List.of(Duration.ZERO, Duration.ofMillis(200)), 0, Duration.ofDays(1),
                Duration.ofDays(5));
        var queue = new MailQueue(storage.queue(), storage.blobs(), schedule, Clock.systemUTC());
        var transport = new SmtpTransport(new SmtpTransport.Settings("victim.test", smtpPort,
                ClientTls.opportunistic(), ClientTimeouts.all(Duration.ofSeconds(10)), Optional.empty()),
                MailExchangers.using(InetAddress.getLoopbackAddress(), dnsPort, Duration.ofSeconds(2)));
        var scheduler = new Scheduler(queue, transport, (entry, about) -> { }, new QueueSettings(schedule, 8, 8,
                Duration.ofMillis(100)), Clock.systemUTC(), new Random());
        return new Outbound(queue, scheduler);
    }

    static String body(long id) {
        return "Subject: message " + id + "\r\nX-Id: " + id + "\r\n\r\n" + ("body of " + id + "\r\n").repeat(50);
    }

    static String recipient(long id) {
        return id % 7 == 0 ? "slow@remote.example" : "bob@remote.example";
    }

    private static void enqueue(MailQueue queue, Path data, long id) {
        try {
            var file = Files.writeString(Files.createTempFile(data, "in-", ".eml"), body(id));
            queue.enqueue(new OutboundEnvelope("", Optional.empty(), Optional.empty(),
                    List.of(new OutboundEnvelope.Recipient(recipient(id), Set.of(), Optional.empty())), false, false),
                    file);
            Files.delete(file);
            synchronized (System.out) {
                System.out.println("ACK " + id);
                System.out.flush();
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Starts this class in a child JVM (the same java and classpath as this one). */
    static Process start(Path data, int dnsPort, int smtpPort, long count, Path stderr) throws java.io.IOException {
        var java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), QueueCrashVictim.class.getName(), data.toString(),
                Integer.toString(dnsPort), Integer.toString(smtpPort), Long.toString(count))
                .redirectError(stderr.toFile()).start();
    }
}
