package dev.tern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.ListenerProtocol;
import dev.tern.config.TlsMode;
import dev.tern.delivery.LocalDelivery;
import dev.tern.queue.OutboundEnvelope;
import dev.tern.queue.OutboundQueue;
import dev.tern.queue.QueueId;
import dev.tern.server.ProtocolHandlers;
import dev.tern.server.ServeStorage;
import dev.tern.server.ServerContext;
import dev.tern.server.TernExtension;
import dev.tern.server.TernServer;
import dev.tern.store.MailboxInfo;
import dev.tern.store.UidRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Submission against an outbound queue the test controls: what the queue is handed, and that a queue that cannot
 * make the message durable gets the client a 451 and leaves the local recipients without a copy.
 */
class SmtpQueueFailureTest {
    private TernServer server;

    private record Queued(OutboundEnvelope envelope, String message) {}

    /** A queue stand-in that sees each message's bytes, whether SMTP hands it over in memory or as a file. */
    @FunctionalInterface
    interface FakeQueue {
        QueueId take(OutboundEnvelope envelope, byte[] message) throws IOException;
    }

    private int start(FakeQueue fake) throws Exception {
        return start(new OutboundQueue() {
            @Override
            public QueueId enqueue(OutboundEnvelope envelope, Path message) throws IOException {
                return fake.take(envelope, Files.readAllBytes(message));
            }

            @Override
            public QueueId enqueue(OutboundEnvelope envelope, byte[] message) throws IOException {
                return fake.take(envelope, message);
            }
        });
    }

    private int start(OutboundQueue queue) throws Exception {
        var handlers = ProtocolHandlers.standard().with(ListenerProtocol.SUBMISSION, ctx -> handler(ctx, queue));
        server = TernExtension.start("", handlers, ServeStorage::open);
        var accounts = new dev.tern.auth.Accounts(server.storage().directory(),
                new dev.tern.auth.PasswordHash(new dev.tern.auth.PasswordHash.Cost(64, 1, 1, 2)));
        accounts.addDomain("example.com");
        accounts.addUser("alice@example.com", "alice-pw", 0);
        accounts.addUser("bob@example.com", "bob-pw", 0);
        return server.port(ListenerProtocol.SUBMISSION, TlsMode.STARTTLS).orElseThrow();
    }

    private static SmtpHandler handler(ServerContext ctx, OutboundQueue queue) {
        var config = ctx.config();
        var settings = new SmtpHandler.Settings(config.hostname(), 10_000, 1000, 10, 50, 3, 20,
                config.dataDirectory().resolve("spool"), 64 * 1024, config.timeouts().smtpIdle(),
                config.timeouts().smtpSession());
        var services = ctx.services();
        try {
            return new SmtpHandler(SmtpPolicy.SUBMISSION, settings, ctx.security(), services.authenticator(),
                    new LocalDelivery(services.mailboxes(), services.recipients(), ctx.storage().directory()), queue,
                    services.reports());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) TernExtension.stop(server);
    }

    private static String send(int port) throws IOException {
        try (var c = SmtpClient.connect(port)) {
            c.send("EHLO laptop.example");
            c.send("AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAGFsaWNlLXB3");
            c.send("MAIL FROM:<alice@example.com> SMTPUTF8");
            c.send("RCPT TO:<bob@example.com>");
            c.send("RCPT TO:<x@remote.example>");
            c.send("RCPT TO:<y@remote.example> NOTIFY=NEVER");
            c.send("DATA");
            return c.send("Subject: q\r\n\r\nbody\r\n.");
        }
    }

    private int bobsMessages() {
        var directory = server.storage().directory();
        var bob = directory.account("bob@example.com").orElseThrow();
        var inbox = server.storage().mail().mailbox(bob.id(), MailboxInfo.INBOX).orElseThrow();
        return server.storage().mail().messages(inbox.id(), UidRange.ALL).size();
    }

    @Test
    void theQueueGetsTheRemoteRecipientsAndTheMessageWithItsReceivedField() throws Exception {
        var queued = new ArrayList<Queued>();
        int port = start((envelope, message) -> {
            queued.add(new Queued(envelope, new String(message, java.nio.charset.StandardCharsets.UTF_8)));
            return new QueueId("Q1");
        });
        assertThat(send(port)).endsWith(" queued as Q1");
        assertThat(queued).singleElement().satisfies(q -> {
            assertThat(q.envelope().sender()).isEqualTo("alice@example.com");
            assertThat(q.envelope().smtpUtf8()).isTrue();
            assertThat(q.envelope().recipients()).extracting(OutboundEnvelope.Recipient::address)
                    .containsExactly("x@remote.example", "y@remote.example");
            assertThat(q.envelope().recipients().get(1).notifyOn()).containsExactly(OutboundEnvelope.Notify.NEVER);
            assertThat(q.message()).startsWith("Received: from laptop.example").endsWith("Subject: q\r\n\r\nbody\r\n");
        });
        assertThat(bobsMessages()).isEqualTo(1);
    }

    @Test
    void aQueueThatFailsGets451AndNothingIsDelivered() throws Exception {
        List<byte[]> seen = new ArrayList<>();
        int port = start((envelope, message) -> {
            seen.add(message);
            throw new IOException("disk full");
        });
        assertThat(send(port)).isEqualTo("451 4.3.0 Local error while storing the message; try again later");
        assertThat(bobsMessages()).isZero();
        assertThat(seen).as("the queue was asked once").hasSize(1);
    }
}
