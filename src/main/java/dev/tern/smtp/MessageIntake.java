package dev.tern.smtp;

import dev.tern.delivery.ReceivedHeader;
import dev.tern.delivery.Resolution;
import dev.tern.mailbox.MessageBuffer;
import dev.tern.mailbox.MessageTooLarge;
import dev.tern.net.Connection;
import dev.tern.queue.DeliveryStatusNotification;
import dev.tern.queue.OutboundEnvelope;
import dev.tern.queue.QueueId;
import dev.tern.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a transaction's message in (DATA or BDAT chunks) behind its Received field, and hands it on: remote
 * recipients to the outbound queue, local ones to the one delivery transaction. The reply is 250 only once both
 * are durable; a failure of either is a failure of the whole message (one reply covers every recipient).
 */
final class MessageIntake {
    private static final Logger log = LoggerFactory.getLogger(MessageIntake.class);

    private final Connection connection;
    private final SmtpHandler.Settings settings;
    private final SmtpHandler.Services services;

    MessageIntake(Connection connection, SmtpHandler.Settings settings, SmtpHandler.Services services) {
        this.connection = connection;
        this.settings = settings;
        this.services = services;
    }

    /** Reads DATA's text after the 354 and answers it; {@code deadline} (System.nanoTime) ends the connection. */
    Reply readData(Transaction tx, ReceivedHeader received, long deadline) throws IOException {
        var out = start(tx, received);
        var result = MessageReader.readData(connection.in(), out, settings.maxMessageSize(), settings.maxLineLength(),
                deadline);
        return switch (result.outcome()) {
            case COMPLETE -> accept(tx);
            case TOO_LARGE -> tooLarge();
            case LINE_TOO_LONG -> new Reply(500, "5.5.2", "Message refused: a line is longer than "
                    + settings.maxLineLength() + " octets with CRLF (RFC 5321 §4.5.3.1.6)");
            case BARE_LINE_END -> new Reply(554, "5.6.0", "Message refused: it holds a bare CR or LF; "
                    + "SMTP lines end with CRLF (RFC 5321 §2.3.8)");
        };
    }

    /** Reads one BDAT chunk and answers it: 250 for a chunk, the message's answer after LAST. */
    Reply readChunk(Transaction tx, SmtpCommand.Bdat bdat, ReceivedHeader received) throws IOException {
        if (!tx.chunking) {
            start(tx, received);
            tx.chunking = true;
        }
        long written = MessageReader.readChunk(connection.in(), tx.message.out(), bdat.size(),
                settings.maxMessageSize() - tx.octets);
        if (written < 0) return tooLarge();
        tx.octets += written;
        if (!bdat.last()) return new Reply(250, "2.0.0", bdat.size() + " octets received");
        return accept(tx);
    }

    /**
     * Sends the success DSN that recipients delivered here asked for with NOTIFY=SUCCESS (RFC 3461 §4.1, RFC 3464
     * Action: delivered); none for the null sender. The message is filed already: a report that cannot be sent is
     * logged, and the client still hears 250.
     */
    private void reportDelivered(Transaction tx, Instant arrival) {
        var wanted = new ArrayList<OutboundEnvelope.Recipient>();
        for (var r : tx.recipients) {
            if (!r.local().isEmpty() && r.parameters().notifyOn().contains(OutboundEnvelope.Notify.SUCCESS)) {
                wanted.add(new OutboundEnvelope.Recipient(r.address().smtpForm(), r.parameters().notifyOn(),
                        r.parameters().originalRecipient()));
            }
        }
        if (wanted.isEmpty() || tx.sender.isEmpty()) return;
        try (var original = tx.message.open()) {
            var message = new DeliveryStatusNotification.Original(tx.reversePath(), tx.parameters.envelopeId(), arrival,
                    tx.eightBit() || tx.parameters.smtpUtf8());
            services.reports().reportDelivered(message, wanted, original);
        } catch (IOException | RuntimeException e) {
            log.warn("conn={} event=delivery-report-failed id={} error=\"{}\"", connection.id(), tx.id, e.toString());
        }
    }

    private Reply tooLarge() {
        return new Reply(552, "5.3.4", "Message refused: larger than the limit of " + settings.maxMessageSize() + " octets");
    }

    /**
     * Starts the message with its Received field: in memory up to {@code limits.message-memory}, past that in a
     * spool file, so that a small message never touches the disk before the store writes it once.
     */
    private OutputStream start(Transaction tx, ReceivedHeader received) throws IOException {
        tx.message = new MessageBuffer(settings.spool(), "smtp", settings.messageMemory());
        tx.message.out().write(received.render().getBytes(StandardCharsets.UTF_8));
        return tx.message.out();
    }

    /** Queues the remote copies and delivers the local ones; 250 once all are durable. */
    private Reply accept(Transaction tx) {
        var local = new ArrayList<Resolution.LocalAccount>();
        var remote = new LinkedHashMap<String, OutboundEnvelope.Recipient>();
        for (var r : tx.recipients) {
            local.addAll(r.local());
            for (var address : r.remote()) {
                // A recipient reached through an alias keeps the address the sender used as ORCPT (RFC 3461 §4.2).
                var original = r.parameters().originalRecipient()
                        .or(() -> address.equals(r.address().smtpForm()) ? Optional.empty()
                                : Optional.of("rfc822;" + r.address().smtpForm()));
                remote.putIfAbsent(address, new OutboundEnvelope.Recipient(address, r.parameters().notifyOn(), original));
            }
        }
        long started = System.nanoTime();
        try {
            Optional<QueueId> queued = Optional.empty();
            if (!remote.isEmpty()) {
                var envelope = new OutboundEnvelope(tx.reversePath(), tx.parameters.envelopeId(), tx.parameters.ret(),
                        new ArrayList<>(remote.values()), tx.parameters.smtpUtf8(), tx.eightBit());
                queued = Optional.of(tx.message.inMemory()
                        ? services.outbound().enqueue(envelope, tx.message.bytes())
                        : services.outbound().enqueue(envelope, tx.message.file()));
            }
            var arrival = Instant.now();
            if (!local.isEmpty()) {
                try (var message = tx.message.open()) {
                    services.delivery().deliver(message, tx.reversePath(), local, arrival);
                }
                reportDelivered(tx, arrival);
            }
            log.info("conn={} event=accepted id={} from=<{}> local={} remote={} bytes={} ms={}{}", connection.id(), tx.id,
                    tx.reversePath(), local.size(), remote.size(), tx.message.size(),
                    (System.nanoTime() - started) / 1_000_000, queued.map(q -> " queue-id=" + q).orElse(""));
            return new Reply(250, "2.0.0", "OK id=" + tx.id + queued.map(q -> " queued as " + q).orElse(""));
        } catch (StoreException.OverQuota e) {
            return new Reply(452, "4.2.2", "Mailbox full: " + e.getMessage());
        } catch (MessageTooLarge e) {
            return tooLarge();
        } catch (IOException | StoreException e) {
            log.error("conn={} event=delivery-failed id={} error=\"{}\"", connection.id(), tx.id, e.getMessage(), e);
            return new Reply(451, "4.3.0", "Local error while storing the message; try again later");
        }
    }
}
