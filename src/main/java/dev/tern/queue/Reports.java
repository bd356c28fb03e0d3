package dev.tern.queue;

import dev.tern.delivery.RecipientResolver;
import dev.tern.delivery.Resolution;
import dev.tern.mailbox.MailboxService;
import dev.tern.mailbox.Spool;
import dev.tern.store.Flags;
import dev.tern.store.MailboxId;
import dev.tern.store.QueueStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends delivery status notifications to the envelope sender through the normal paths: into the sender's
 * mailboxes when the sender is local (as {@link RecipientResolver} finds it), into the queue with the null sender
 * {@code <>} otherwise. A report is never sent about a message from {@code <>} (RFC 5321 §4.5.5), so reports
 * about reports cannot loop.
 */
public final class Reports implements Reporter {
    private static final Logger log = LoggerFactory.getLogger(Reports.class);

    private final DeliveryStatusNotification dsn;
    private final MailQueue queue;
    private final RecipientResolver recipients;
    private final MailboxService mailboxes;
    private final Path spool;
    private final Clock clock;

    public Reports(String hostname, MailQueue queue, RecipientResolver recipients, MailboxService mailboxes,
                   Path spool, Clock clock) throws IOException {
        this.dsn = new DeliveryStatusNotification(hostname);
        this.queue = queue;
        this.recipients = recipients;
        this.mailboxes = mailboxes;
        this.spool = Files.createDirectories(spool);
        this.clock = clock;
    }

    /** RFC 3461 §4.1: a success report only when NOTIFY asked for it. */
    static boolean successWanted(String sender, Set<OutboundEnvelope.Notify> notify) {
        return !sender.isEmpty() && notify.contains(OutboundEnvelope.Notify.SUCCESS);
    }

    /** RFC 3461 §4.1: a failure report unless NOTIFY was given without FAILURE (NEVER, or SUCCESS/DELAY only). */
    static boolean failureWanted(String sender, Set<OutboundEnvelope.Notify> notify) {
        return !sender.isEmpty() && (notify.isEmpty() || notify.contains(OutboundEnvelope.Notify.FAILURE));
    }

    @Override
    public void report(QueueStore.Entry entry, List<QueueStore.Recipient> about) throws IOException {
        if (entry.sender().isEmpty() || about.isEmpty()) return;
        var file = Spool.createFile(spool, "dsn");
        try {
            try (var out = Files.newOutputStream(file); var original = queue.blobs().open(entry.body())) {
                dsn.write(entry, about, original, clock.instant(), out);
            }
            send(entry.sender(), file);
            log.info("event=queue-report id={} to={} recipients={}", entry.id(), entry.sender(), about.size());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Sends the success report about local recipients whose NOTIFY asked for one (RFC 3461 §4.1), once their copies
     * are filed: {@code delivered} holds each such recipient as the client named it, with its ORCPT. Nothing is
     * sent for the null sender (RFC 5321 §4.5.5). {@code original} is the message as delivered, read for its header.
     */
    public void reportDelivered(DeliveryStatusNotification.Original message, List<OutboundEnvelope.Recipient> delivered,
                                InputStream original) throws IOException {
        if (message.sender().isEmpty() || delivered.isEmpty()) return;
        var now = clock.instant();
        var recipients = new ArrayList<QueueStore.Recipient>();
        for (var r : delivered) {
            recipients.add(new QueueStore.Recipient(recipients.size(), r.address(), MailQueue.notifyKeywords(r.notifyOn()),
                    r.originalRecipient(), QueueStore.Status.DELIVERED, 1, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), now, false));
        }
        var file = Spool.createFile(spool, "dsn");
        try {
            try (var out = Files.newOutputStream(file)) {
                dsn.writeDelivered(message, recipients, original, now, out);
            }
            send(message.sender(), file);
            log.info("event=delivery-report to={} recipients={}", message.sender(), recipients.size());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Reports the recipients still pending in {@code entry} as failed because an operator deleted the message
     * ({@code tern queue delete --bounce}); recipients whose NOTIFY excludes failures are left out.
     */
    public void reportDeleted(QueueStore.Entry entry) throws IOException {
        var now = clock.instant();
        var reply = Optional.of(new QueueStore.Reply(0, "5.0.0", "deleted from the queue by the postmaster", ""));
        var failed = entry.recipients().stream()
                .filter(r -> r.status().pending() && failureWanted(entry.sender(), MailQueue.notifySet(r.notifyOn())))
                .map(r -> new QueueStore.Recipient(r.index(), r.address(), r.notifyOn(), r.originalRecipient(),
                        QueueStore.Status.FAILED, r.attempts(), Optional.empty(), Optional.of(now), reply,
                        Optional.empty(), r.expiresAt(), true))
                .toList();
        report(entry, failed);
    }

    private void send(String to, Path file) throws IOException {
        var mailboxIds = new ArrayList<MailboxId>();
        var remote = new ArrayList<String>();
        switch (recipients.resolve(to)) {
            case Resolution.LocalAccount local -> inbox(local).ifPresent(mailboxIds::add);
            case Resolution.Expanded expanded -> {
                expanded.local().forEach(local -> inbox(local).ifPresent(mailboxIds::add));
                remote.addAll(expanded.remote());
            }
            case Resolution.NotLocal notLocal -> remote.add(notLocal.address());
            case Resolution.UnknownUser unknown -> log.warn("event=queue-report-dropped to={} reason=unknown-user", to);
            case Resolution.Unroutable unroutable ->
                    log.warn("event=queue-report-dropped to={} reason=\"{}\"", to, unroutable.reason());
        }
        if (!mailboxIds.isEmpty()) mailboxes.deliver(file, mailboxIds, Flags.NONE, clock.instant());
        if (!remote.isEmpty()) {
            var rcpts = remote.stream().map(address -> new OutboundEnvelope.Recipient(address,
                    Set.of(OutboundEnvelope.Notify.NEVER), Optional.empty())).toList();
            // RFC 6531 §3.2: an address beyond ASCII needs SMTPUTF8 from the next hop.
            boolean utf8 = remote.stream().anyMatch(a -> a.chars().anyMatch(c -> c > 127));
            queue.enqueue(new OutboundEnvelope("", Optional.empty(), Optional.empty(), rcpts, utf8, true), file);
        }
    }

    private Optional<MailboxId> inbox(Resolution.LocalAccount local) {
        return mailboxes.mailbox(local.account(), "INBOX").map(m -> m.id());
    }
}
