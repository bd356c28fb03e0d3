package dev.tern.queue;

import dev.tern.outbound.OutboundMessage;
import dev.tern.outbound.Outcome;
import dev.tern.outbound.SmtpReply;
import dev.tern.outbound.Transport;
import dev.tern.store.QueueStore;
import dev.tern.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery of an entry's recipients of one domain, whose attempt the {@link Scheduler} has recorded: the SMTP
 * transaction through the {@link Transport}, and the write that records what it came to (or deletes the entry
 * when nothing is left to do for it).
 */
final class DeliveryAttempts {
    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);

    private final MailQueue queue;
    private final QueueStore store;
    private final Transport transport;
    private final RecipientStates states;
    private final QueueMetrics metrics;
    private final Clock clock;

    DeliveryAttempts(MailQueue queue, Transport transport, RecipientStates states, QueueMetrics metrics, Clock clock) {
        this.queue = queue;
        this.store = queue.store();
        this.transport = transport;
        this.states = states;
        this.metrics = metrics;
        this.clock = clock;
    }

    Transport transport() { return transport; }

    /**
     * What {@link #make} did: whether it deleted the entry, and the reply that showed the domain unreachable, if
     * one did.
     */
    record Result(boolean deleted, Optional<SmtpReply> unreachable) {}

    /**
     * Delivers and records the outcome. {@code only}: no other delivery of the entry is under way, so this one may
     * delete it when it leaves nothing to do.
     */
    Result make(QueueStore.Entry entry, String domain, List<QueueStore.Recipient> recipients, boolean only) {
        long began = System.nanoTime();
        var outcomes = deliver(entry, domain, recipients);
        var took = Duration.ofNanos(System.nanoTime() - began);
        boolean deleted = settle(entry, recipients, outcomes, Optional.of(took), only);
        boolean down = outcomes.stream().allMatch(DeliveryAttempts::unreachable);
        return new Result(deleted, down ? Optional.of(outcomes.getFirst().reply()) : Optional.empty());
    }

    /**
     * Defers the recipients without a transaction, because an earlier delivery of the same batch found the domain
     * unreachable ({@code cause}); true if the entry was deleted (it can be, when it expired).
     */
    boolean suspend(QueueStore.Entry entry, List<QueueStore.Recipient> recipients, SmtpReply cause, boolean only) {
        var outcome = new Outcome(Outcome.Kind.DEFERRED, new SmtpReply(cause.code(), cause.enhancedCode(),
                "not tried: delivery to the domain suspended after " + cause.diagnostic(), cause.remoteHost()));
        return settle(entry, recipients, recipients.stream().map(r -> outcome).toList(), Optional.empty(), only);
    }

    /** Writes the recipients back as they were before their attempt was recorded: due again, no attempt counted. */
    void putBack(QueueStore.Entry entry, List<QueueStore.Recipient> recipients) {
        store.update(entry.id(), recipients.stream().map(r -> r.change(r.status(), r.attempts(), r.nextAttempt(),
                r.lastAttempt(), r.lastReply(), r.notifyAt(), r.reportDue())).toList());
    }

    /** The outcome of one transaction, for every recipient; a local failure defers them all. */
    private List<Outcome> deliver(QueueStore.Entry entry, String domain, List<QueueStore.Recipient> recipients) {
        var message = new OutboundMessage(entry.sender(), entry.envelopeId(), entry.ret(), entry.eightBit(),
                entry.smtpUtf8(), entry.size(), recipients.stream().map(r -> new OutboundMessage.Recipient(
                        r.address(), r.notifyOn(), r.originalRecipient())).toList(),
                () -> queue.blobs().open(entry.body()));
        try {
            var outcomes = transport.deliver(domain, message);
            if (outcomes.size() != recipients.size()) {
                throw new IllegalStateException("the transport answered " + outcomes.size() + " outcomes for "
                        + recipients.size() + " recipients");
            }
            return outcomes;
        } catch (RuntimeException e) {
            log.warn("event=queue-transport-failed id={} domain={}", entry.id(), domain, e);
            // 4.3.0, a mail system error (RFC 3463): not a sign that the domain is unreachable (see unreachable()).
            var failure = new Outcome(Outcome.Kind.DEFERRED, new SmtpReply(0, "4.3.0", "local error: " + e, ""));
            return recipients.stream().map(r -> failure).toList();
        }
    }

    /**
     * True if an outcome says the domain could not be reached at all: 421 (the host is closing the channel, RFC
     * 5321 §4.2.2), or no reply for a network or routing reason (X.4.x, RFC 3463: no connection to any host, no DNS
     * answer). A 4xx about one message or recipient is not, nor is a local error.
     */
    private static boolean unreachable(Outcome outcome) {
        var reply = outcome.reply();
        return outcome.kind() == Outcome.Kind.DEFERRED
                && (reply.code() == 421 || reply.code() == 0 && reply.enhancedCode().startsWith("4.4."));
    }

    /**
     * Records what a delivery came to; {@code took} is empty for outcomes reached without a transaction of their
     * own. Returns true if the entry is gone: deleted here, since nothing is left to do, or by someone else.
     */
    private boolean settle(QueueStore.Entry entry, List<QueueStore.Recipient> recipients, List<Outcome> outcomes,
                           Optional<Duration> took, boolean only) {
        var now = clock.instant();
        var updates = new ArrayList<QueueStore.RecipientUpdate>();
        for (int i = 0; i < recipients.size(); i++) {
            var r = recipients.get(i);
            var outcome = outcomes.get(i);
            updates.add(states.settle(entry, r, outcome, now));
            log.info("event=queue-attempt id={} rcpt={} outcome={} reply=\"{}\" host={}", entry.id(), r.address(),
                    outcome.kind(), outcome.reply().diagnostic(), outcome.reply().remoteHost());
        }
        var statuses = updates.stream().map(QueueStore.RecipientUpdate::status).toList();
        if (took.isPresent()) metrics.attempted(took.get(), statuses); else metrics.counted(statuses);
        try {
            // Nothing left to do for the entry: one write deletes it, instead of one recording the outcome and
            // another deleting it.
            if (only && RecipientStates.finished(entry, updates)) {
                store.delete(entry.id());
                log.info("event=queue-done id={}", entry.id());
                return true;
            }
            store.update(entry.id(), updates);
            return false;
        } catch (StoreException.NotFound deleted) {
            log.info("event=queue-entry-gone id={} (deleted during the attempt)", entry.id());
            return true;
        }
    }
}
