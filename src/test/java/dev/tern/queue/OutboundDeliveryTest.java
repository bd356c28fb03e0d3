package dev.tern.queue;

import dev.tern.auth.Accounts;
import dev.tern.dns.TestDnsServer;
import dev.tern.outbound.ScriptedReceiver;
import dev.tern.server.ProtocolHandlers;
import dev.tern.server.ServeStorage;
import dev.tern.server.Services;
import dev.tern.server.TernExtension;
import dev.tern.server.TernServer;
import dev.tern.store.UidRange;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Tern delivering to a scripted receiver on 127.0.0.2 found through an authoritative DNS server on loopback;
 * reports (RFC 3464) land in the local sender's INBOX and are read back field by field.
 */
class OutboundDeliveryTest {
    private static final String ORIGINAL = "From: alice@example.org\r\nTo: bob@remote.example\r\n"
            + "Subject: quarterly figures\r\nMessage-ID: <orig-1@example.org>\r\n\r\nThe figures.\r\n";

    TestDnsServer dns;
    ScriptedReceiver receiver;
    TernServer tern;
    Services services;

    @BeforeEach
    void start() throws Exception {
        dns = new TestDnsServer();
        receiver = new ScriptedReceiver("127.0.0.2", 0);
        dns.mx("remote.example", 10, "mx.remote.example").a("mx.remote.example", "127.0.0.2");
        tern = TernExtension.start("""
                hostname = "tern.test"
                [outbound]
                port = %d
                dns-server = "127.0.0.1"
                dns-port = %d
                connect-timeout = "2s"
                [queue]
                retry-intervals = "0s 100ms"
                retry-jitter-percent = 0
                poll-interval = "50ms"
                """.formatted(receiver.port(), dns.port()), ProtocolHandlers.standard(), ServeStorage::open);
        services = tern.services();
        var accounts = new Accounts(tern.storage().directory(), Services.passwordHash(tern.config()));
        accounts.addDomain("example.org");
        accounts.addUser("alice@example.org", "pw", 0);
    }

    @AfterEach
    void stop() throws Exception {
        TernExtension.stop(tern);
        receiver.close();
        dns.close();
    }

    private QueueId send(String sender, Set<OutboundEnvelope.Notify> notify, String... recipients) throws Exception {
        var file = Files.writeString(Files.createTempFile("outbound-", ".eml"), ORIGINAL);
        try {
            var rcpts = java.util.Arrays.stream(recipients).map(a -> new OutboundEnvelope.Recipient(a, notify,
                    Optional.of("rfc822;" + a))).toList();
            return services.queue().enqueue(new OutboundEnvelope(sender, Optional.of("ENV-42"),
                    Optional.of(OutboundEnvelope.Ret.HDRS), rcpts, false, false), file);
        } finally {
            Files.delete(file);
        }
    }

    private List<MimeMessage> inbox(String address) throws Exception {
        var account = tern.storage().directory().account(address).orElseThrow();
        var inbox = tern.storage().mail().mailbox(account.id(), "INBOX").orElseThrow();
        var out = new ArrayList<MimeMessage>();
        for (var m : tern.storage().mail().messages(inbox.id(), UidRange.ALL)) {
            try (var in = tern.storage().blobs().open(m.blob())) {
                out.add(new MimeMessage(Session.getInstance(new Properties()), in));
            }
        }
        return out;
    }

    private boolean queueEmpty() {
        return tern.storage().queue().entries().isEmpty();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    /** The per-message block and the per-recipient blocks of a message/delivery-status part. */
    private static List<InternetHeaders> statusBlocks(BodyPart part) throws Exception {
        var text = new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var blocks = new ArrayList<InternetHeaders>();
        for (var block : text.split("\r\n\r\n")) {
            if (block.isBlank()) continue;
            blocks.add(new InternetHeaders(new ByteArrayInputStream((block + "\r\n\r\n").getBytes(StandardCharsets.UTF_8))));
        }
        return blocks;
    }

    @Test
    void aHostThatRefusesForAWhileGetsTheMessageOnceItAccepts() throws Exception {
        var refusals = new AtomicInteger();
        receiver.rcptReply = line -> refusals.incrementAndGet() <= 3 ? "451 4.3.0 try again later" : "250 2.1.5 ok";

        send("alice@example.org", Set.of(), "bob@remote.example");

        await("delivered and the entry gone", () -> receiver.received.size() == 1 && queueEmpty());
        assertThat(refusals).hasValue(4);
        assertThat(receiver.received.getFirst().text()).isEqualTo(ORIGINAL);
        assertThat(inbox("alice@example.org")).as("no report: NOTIFY did not ask for success").isEmpty();
    }

    @Test
    void aPermanentRefusalBouncesToTheLocalSenderWithAnRfc3464Report() throws Exception {
        receiver.rcptReply = line -> line.contains("bob@") ? "550 5.1.1 <bob@remote.example>: no such user"
                : "250 2.1.5 ok";

        send("alice@example.org", Set.of(), "bob@remote.example", "carol@remote.example");

        await("the report in alice's INBOX", () -> {
            try {
                return inbox("alice@example.org").size() == 1 && queueEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(receiver.received).hasSize(1);
        var dsn = inbox("alice@example.org").getFirst();
        assertThat(dsn.getHeader("From", null)).isEqualTo("Mail Delivery System <MAILER-DAEMON@tern.test>");
        assertThat(dsn.getHeader("To", null)).isEqualTo("<alice@example.org>");
        assertThat(dsn.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(dsn.getContentType()).startsWith("multipart/report").contains("report-type=delivery-status");

        var parts = (MimeMultipart) dsn.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(new String(parts.getBodyPart(0).getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("<bob@remote.example>: failed").contains("550 5.1.1");
        assertThat(parts.getBodyPart(1).getContentType()).isEqualTo("message/delivery-status");
        var blocks = statusBlocks(parts.getBodyPart(1));
        assertThat(blocks).hasSize(2);
        var perMessage = blocks.get(0);
        assertThat(perMessage.getHeader("Reporting-MTA", null)).isEqualTo("dns; tern.test");
        assertThat(perMessage.getHeader("Original-Envelope-Id", null)).isEqualTo("ENV-42");
        assertThat(perMessage.getHeader("Arrival-Date", null)).isNotBlank();
        var bob = blocks.get(1);
        assertThat(bob.getHeader("Original-Recipient", null)).isEqualTo("rfc822;bob@remote.example");
        assertThat(bob.getHeader("Final-Recipient", null)).isEqualTo("rfc822; bob@remote.example");
        assertThat(bob.getHeader("Action", null)).isEqualTo("failed");
        assertThat(bob.getHeader("Status", null)).isEqualTo("5.1.1");
        assertThat(bob.getHeader("Remote-MTA", null)).isEqualTo("dns; mx.remote.example");
        assertThat(bob.getHeader("Diagnostic-Code", null))
                .isEqualTo("smtp; 550 5.1.1 <bob@remote.example>: no such user");
        assertThat(bob.getHeader("Last-Attempt-Date", null)).isNotBlank();
        assertThat(parts.getBodyPart(2).getContentType()).isEqualTo("text/rfc822-headers");
        var returned = new String(parts.getBodyPart(2).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(returned).contains("Subject: quarterly figures").doesNotContain("The figures.");
    }

    @Test
    void notifySuccessIsPassedOnToAHostWithDsnAndAnsweredWithRelayedByUsOtherwise() throws Exception {
        send("alice@example.org", Set.of(OutboundEnvelope.Notify.SUCCESS), "bob@remote.example");
        await("delivered", () -> receiver.received.size() == 1 && queueEmpty());
        assertThat(receiver.received.getFirst().rcptTo().getFirst()).contains("NOTIFY=SUCCESS");
        assertThat(inbox("alice@example.org")).as("the next hop reports success, not us").isEmpty();

        try (var plain = new ScriptedReceiver("127.0.0.3", receiver.port())) {
            plain.extensions = Set.of("PIPELINING", "8BITMIME");
            dns.mx("plain.example", 10, "mx.plain.example").a("mx.plain.example", "127.0.0.3");
            send("alice@example.org", Set.of(OutboundEnvelope.Notify.SUCCESS), "dave@plain.example");

            await("the report", () -> {
                try {
                    return inbox("alice@example.org").size() == 1;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(plain.received.getFirst().rcptTo()).containsExactly("RCPT TO:<dave@plain.example>");
        }
        var blocks = statusBlocks(((MimeMultipart) inbox("alice@example.org").getFirst().getContent()).getBodyPart(1));
        assertThat(blocks.get(1).getHeader("Action", null)).isEqualTo("relayed");
        assertThat(blocks.get(1).getHeader("Status", null)).isEqualTo("2.0.0");
        assertThat(blocks.get(1).getHeader("Remote-MTA", null)).isEqualTo("dns; mx.plain.example");
    }

    @Test
    void aRemoteSendersBounceIsQueuedFromTheNullSenderAndNeverBouncesItself() throws Exception {
        dns.mx("other.example", 10, "mx.remote.example");
        var bounces = new AtomicInteger();
        receiver.rcptReply = line -> {
            if (line.contains("carol@other.example")) bounces.incrementAndGet();
            return "550 5.1.1 nobody here";
        };

        send("carol@other.example", Set.of(), "bob@remote.example");

        await("the bounce offered to carol's host and the queue empty", () -> bounces.get() == 1 && queueEmpty());
        assertThat(receiver.commands).anyMatch(c -> c.startsWith("MAIL FROM:<> ") && c.contains("BODY=8BITMIME"));
        Thread.sleep(300); // a bounce about the bounce would be on its way by now
        assertThat(bounces).hasValue(1);
        assertThat(receiver.received).isEmpty();
    }

    private int cli(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.add("--data");
        all.add(tern.config().dataDirectory().toString());
        var cli = dev.tern.cli.Main.commandLine();
        cli.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        return cli.execute(all.toArray(String[]::new));
    }

    @Test
    void theRunningSchedulerNoticesHoldAndRetryFromTheCommandLine() throws Exception {
        var attempts = new AtomicInteger();
        var accept = new java.util.concurrent.atomic.AtomicBoolean();
        receiver.rcptReply = line -> {
            attempts.incrementAndGet();
            return accept.get() ? "250 2.1.5 ok" : "451 4.3.0 try again later";
        };
        var id = send("alice@example.org", Set.of(), "bob@remote.example");
        await("a few refused attempts", () -> attempts.get() >= 2);

        assertThat(cli("queue", "hold", id.value())).isZero();
        Thread.sleep(200); // an attempt under way when the hold was written may still end
        int held = attempts.get();
        Thread.sleep(500); // five retry intervals: a scheduler ignoring the hold would try again
        assertThat(attempts).as("no attempt while held").hasValue(held);

        accept.set(true);
        assertThat(cli("queue", "retry", id.value())).isZero();
        await("delivered after the retry", () -> receiver.received.size() == 1 && queueEmpty());
    }

    private String metrics() throws Exception {
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                    + tern.adminPort().orElseThrow() + "/metrics")).build();
            var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }

    private static long sample(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(name.length() + 1)))
                .orElseThrow(() -> new AssertionError("no sample " + name + " in\n" + metrics));
    }

    @Test
    void theAdminEndpointCountsDeliveriesDeferralsBouncesAndWaitingMessages() throws Exception {
        var bobRefusals = new AtomicInteger();
        receiver.rcptReply = line -> {
            if (line.contains("carol@")) return "550 5.1.1 no such user";
            if (line.contains("dave@")) return "451 4.3.0 not now";
            return bobRefusals.incrementAndGet() == 1 ? "451 4.3.0 try again" : "250 2.1.5 ok";
        };
        assertThat(metrics()).contains("tern_queue_messages{status=\"scheduled\"} 0\n",
                "tern_queue_deliveries_total 0\n");

        send("alice@example.org", Set.of(), "bob@remote.example");
        send("alice@example.org", Set.of(), "carol@remote.example");
        var dave = send("alice@example.org", Set.of(), "dave@remote.example");
        await("bob delivered, carol bounced", () -> receiver.received.size() == 1
                && tern.storage().queue().entries().size() == 1);
        assertThat(tern.storage().queue().hold(MailQueue.entryId(dave), true)).isTrue();

        var text = metrics();
        assertThat(text).contains("# TYPE tern_queue_messages gauge\n", "# TYPE tern_queue_attempt_seconds histogram\n",
                "tern_queue_messages{status=\"held\"} 1\n", "tern_queue_messages{status=\"deferred\"} 0\n",
                "tern_queue_messages{status=\"scheduled\"} 0\n", "tern_queue_deliveries_total 1\n",
                "tern_queue_bounces_total 1\n", "tern_queue_reports_total 1\n");
        long deferrals = sample(text, "tern_queue_deferrals_total");
        assertThat(deferrals).as("bob once, dave at least once").isGreaterThanOrEqualTo(2);
        long attempts = sample(text, "tern_queue_attempt_seconds_count");
        assertThat(attempts).isEqualTo(deferrals + 2);
        var buckets = text.lines().filter(l -> l.startsWith("tern_queue_attempt_seconds_bucket{"))
                .map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).toList();
        assertThat(buckets).isSorted().last().isEqualTo(attempts);
        assertThat(text).contains("tern_queue_attempt_seconds_bucket{le=\"+Inf\"} " + attempts + "\n");
        assertThat(sample(text, "tern_queue_attempt_seconds_sum")).isLessThan(attempts * 10L);

        assertThat(tern.storage().queue().hold(MailQueue.entryId(dave), false)).isTrue();
        await("dave attempted again, counted as deferred", () -> {
            try {
                return metrics().contains("tern_queue_messages{status=\"deferred\"} 1\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
