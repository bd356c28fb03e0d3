package dev.tern.queue;

import dev.tern.store.QueueStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes a delivery status notification (RFC 3464): a {@code multipart/report; report-type=delivery-status}
 * (RFC 6522) with a human-readable part, a {@code message/delivery-status} part with one per-recipient block each,
 * and the original message ({@code message/rfc822}) or only its header ({@code text/rfc822-headers}) as RET asks.
 * The report comes from {@code MAILER-DAEMON@hostname} and goes to the original envelope sender.
 */
public final class DeliveryStatusNotification {
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    /** The first part of the returned message kept when RET=FULL is not asked for or the message is large. */
    static final long FULL_RETURN_LIMIT = 1024 * 1024;

    private final String hostname;

    public DeliveryStatusNotification(String hostname) {
        this.hostname = hostname;
    }

    /**
     * The RFC 3464 §2.3.3 Action of a recipient in its current state. A remote recipient's message is never
     * delivered here but handed on, to a host that does not report (else no report is sent): "relayed".
     */
    static String action(QueueStore.Recipient r) {
        return switch (r.status()) {
            case DELIVERED -> "relayed";
            case FAILED -> "failed";
            case SCHEDULED, DEFERRED -> "delayed";
        };
    }

    /**
     * Writes the report about {@code recipients} of {@code entry} to {@code out}; {@code original} is the queued
     * message, read once.
     */
    public void write(QueueStore.Entry entry, List<QueueStore.Recipient> recipients, InputStream original,
                      Instant now, OutputStream out) throws IOException {
        var message = new Original(entry.sender(), entry.envelopeId(), entry.created(),
                entry.smtpUtf8() || entry.eightBit());
        boolean full = entry.ret().map("FULL"::equals).orElse(false) && entry.size() <= FULL_RETURN_LIMIT;
        write(message, recipients, DeliveryStatusNotification::action, full, original, now, out);
    }

    /**
     * What a report says about the message it is about: its envelope sender, ENVID (RFC 3461 §4.4), when it
     * arrived, and whether it has 8-bit content.
     */
    public record Original(String sender, Optional<String> envelopeId, Instant arrival, boolean eightBit) {}

    /**
     * Writes the success report about {@code recipients} whose copies were filed into mailboxes here, as their
     * NOTIFY=SUCCESS asked (RFC 3461 §4.1): Action {@code delivered} (RFC 3464 §2.3.3), Status 2.0.0. Only the
     * header of the message is returned: RET=FULL asks for the content of failure reports (RFC 3461 §4.3).
     */
    public void writeDelivered(Original message, List<QueueStore.Recipient> recipients, InputStream original,
                               Instant now, OutputStream out) throws IOException {
        write(message, recipients, r -> "delivered", false, original, now, out);
    }

    private void write(Original message, List<QueueStore.Recipient> recipients,
                       Function<QueueStore.Recipient, String> action, boolean full, InputStream original, Instant now,
                       OutputStream out) throws IOException {
        var boundary = "=_tern_" + UUID.randomUUID();
        var worst = recipients.stream().map(action)
                .reduce("delivered", (a, b) -> a.equals("failed") || b.equals("failed") ? "failed"
                        : a.equals("delayed") || b.equals("delayed") ? "delayed"
                        : a.equals("relayed") || b.equals("relayed") ? "relayed" : "delivered");
        var text = new StringBuilder();
        text.append("From: Mail Delivery System <MAILER-DAEMON@").append(hostname).append(">\r\n")
                .append("To: <").append(message.sender()).append(">\r\n")
                .append("Subject: ").append(subject(worst)).append("\r\n")
                .append("Date: ").append(DATE.format(now)).append("\r\n")
                .append("Message-ID: <").append(UUID.randomUUID()).append("@").append(hostname).append(">\r\n")
                .append("Auto-Submitted: auto-replied\r\n") // RFC 3834 §5: no automatic reply to this
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"")
                .append(boundary).append("\"\r\n\r\n")
                .append("This is a MIME-encapsulated message.\r\n\r\n");
        text.append("--").append(boundary).append("\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
                .append(humanPart(recipients, action, worst)).append("\r\n");
        text.append("--").append(boundary).append("\r\n")
                .append("Content-Type: message/delivery-status\r\n\r\n")
                .append(statusPart(message, recipients, action));
        text.append("--").append(boundary).append("\r\n")
                .append("Content-Type: ").append(full ? "message/rfc822" : "text/rfc822-headers").append("\r\n")
                .append(message.eightBit() ? "Content-Transfer-Encoding: 8bit\r\n" : "")
                .append("\r\n");
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        if (full) original.transferTo(out);
        else copyHeader(original, out);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String subject(String worst) {
        return switch (worst) {
            case "failed" -> "Undelivered Mail Returned to Sender";
            case "delayed" -> "Delayed Mail (still being retried)";
            default -> "Successful Mail Delivery Report";
        };
    }

    private String humanPart(List<QueueStore.Recipient> recipients, Function<QueueStore.Recipient, String> action,
                             String worst) {
        var text = new StringBuilder("This is the mail system at host ").append(hostname).append(".\r\n\r\n");
        text.append(switch (worst) {
            case "failed" -> "Your message could not be delivered to one or more recipients.\r\n"
                    + "It is attached below.\r\n";
            case "delayed" -> "Your message could not be delivered yet; the mail system keeps trying.\r\n"
                    + "You do not need to send it again.\r\n";
            case "relayed" -> "Your message was handed to the mail systems of the recipients below, which do not\r\n"
                    + "send delivery reports; this is the last report you get about it.\r\n";
            default -> "Your message was delivered to the mailboxes of the recipients below.\r\n";
        }).append("\r\n");
        for (var r : recipients) {
            text.append("<").append(r.address()).append(">: ").append(action.apply(r));
            r.lastReply().ifPresent(reply -> text.append(reply.remoteHost().isEmpty()
                    ? " (" + diagnostic(reply) + ")"
                    : " (host " + reply.remoteHost() + (reply.code() == 0 ? ": " : " said: ") + diagnostic(reply) + ")"));
            text.append("\r\n");
        }
        return text.toString();
    }

    /** RFC 3464 §2.2 per-message fields, then §2.3 per-recipient fields, each block ending in a blank line. */
    private String statusPart(Original message, List<QueueStore.Recipient> recipients,
                              Function<QueueStore.Recipient, String> action) {
        var text = new StringBuilder();
        message.envelopeId().ifPresent(id -> text.append("Original-Envelope-Id: ").append(id).append("\r\n"));
        text.append("Reporting-MTA: dns; ").append(hostname).append("\r\n")
                .append("Arrival-Date: ").append(DATE.format(message.arrival())).append("\r\n\r\n");
        for (var r : recipients) {
            r.originalRecipient().ifPresent(o -> text.append("Original-Recipient: ").append(o).append("\r\n"));
            text.append("Final-Recipient: rfc822; ").append(r.address()).append("\r\n")
                    .append("Action: ").append(action.apply(r)).append("\r\n")
                    .append("Status: ").append(status(r)).append("\r\n");
            r.lastReply().filter(reply -> !reply.remoteHost().isEmpty())
                    .ifPresent(reply -> text.append("Remote-MTA: dns; ").append(reply.remoteHost()).append("\r\n"));
            r.lastReply().filter(reply -> reply.code() != 0)
                    .ifPresent(reply -> text.append("Diagnostic-Code: smtp; ").append(diagnostic(reply))
                            .append("\r\n"));
            r.lastAttempt().ifPresent(at -> text.append("Last-Attempt-Date: ").append(DATE.format(at))
                    .append("\r\n"));
            if (r.status() == QueueStore.Status.DEFERRED || r.status() == QueueStore.Status.SCHEDULED) {
                text.append("Will-Retry-Until: ").append(DATE.format(r.expiresAt())).append("\r\n");
            }
            text.append("\r\n");
        }
        return text.toString();
    }

    /** The RFC 3463 status: the remote host's enhanced code when it gave one, else derived from the reply. */
    static String status(QueueStore.Recipient r) {
        var reply = r.lastReply();
        if (reply.isPresent() && !reply.get().enhancedCode().isEmpty()) {
            var code = reply.get().enhancedCode();
            // The class must agree with the action (a deferral that expired is a failure: 4.x.y becomes 5.x.y).
            var cls = switch (r.status()) {
                case DELIVERED -> "2";
                case FAILED -> "5";
                case SCHEDULED, DEFERRED -> "4";
            };
            return cls + code.substring(1);
        }
        return switch (r.status()) {
            case DELIVERED -> "2.0.0";
            case FAILED -> reply.isPresent() && reply.get().code() == 0 ? "5.4.7" : "5.0.0";
            case SCHEDULED, DEFERRED -> "4.0.0";
        };
    }

    private static String diagnostic(QueueStore.Reply reply) {
        if (reply.code() == 0) return reply.text();
        return reply.code() + (reply.enhancedCode().isEmpty() ? "" : " " + reply.enhancedCode()) + " "
                + reply.text().replace("\r", " ").replace("\n", " ");
    }

    /** Copies the original's header section (up to its first empty line), bounded so a huge header stays bounded. */
    private static void copyHeader(InputStream original, OutputStream out) throws IOException {
        var header = new ByteArrayOutputStream();
        int previous = -1;
        int lineLength = 0;
        for (int c; (c = original.read()) != -1 && header.size() < FULL_RETURN_LIMIT; ) {
            header.write(c);
            if (c == '\n') {
                if (lineLength == 0 || (lineLength == 1 && previous == '\r')) break;
                lineLength = 0;
            } else {
                lineLength++;
            }
            previous = c;
        }
        out.write(header.toByteArray());
    }

    /** The domain of an address, lower-case; used to decide local or remote delivery of a report. */
    static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }
}
