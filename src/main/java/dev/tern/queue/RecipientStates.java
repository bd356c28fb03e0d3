package dev.tern.queue;

import dev.tern.outbound.Outcome;
import dev.tern.store.QueueStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What an attempt makes of a recipient's stored state: before it (one more attempt, the next one already planned
 * should this one never end) and after it, by its outcome and the retry schedule (RFC 5321 §4.5.4.1), with the
 * reports NOTIFY asks for (RFC 3461 §4.1).
 */
final class RecipientStates {
    private final RetrySchedule schedule;
    private final RandomGenerator random;

    RecipientStates(RetrySchedule schedule, RandomGenerator random) {
        this.schedule = schedule;
        this.random = random;
    }

    /** Before connecting: one more attempt, and the time of the next one should this one never end. */
    List<QueueStore.RecipientUpdate> attempting(Collection<List<QueueStore.Recipient>> groups, Instant now) {
        var updates = new ArrayList<QueueStore.RecipientUpdate>();
        for (var group : groups) {
            for (var r : group) {
                int attempts = r.attempts() + 1;
                updates.add(r.change(QueueStore.Status.DEFERRED, attempts, Optional.of(retryTime(r, attempts, now)),
                        Optional.of(now), r.lastReply(), r.notifyAt(), r.reportDue()));
            }
        }
        return updates;
    }

    private Instant retryTime(QueueStore.Recipient r, int attempts, Instant now) {
        var next = now.plus(schedule.after(attempts, random));
        return next.isAfter(r.expiresAt()) ? r.expiresAt() : next;
    }

    /** True if after {@code updates} no recipient of the entry is pending or has a report due. */
    static boolean finished(QueueStore.Entry entry, List<QueueStore.RecipientUpdate> updates) {
        var updated = new HashSet<Integer>();
        for (var u : updates) {
            if (u.status().pending() || u.reportDue()) return false;
            updated.add(u.index());
        }
        return entry.recipients().stream().filter(r -> !updated.contains(r.index()))
                .noneMatch(r -> r.status().pending() || r.reportDue());
    }

    /** The state of a recipient after an attempt that ended in {@code outcome}; r is its state before the attempt. */
    QueueStore.RecipientUpdate settle(QueueStore.Entry entry, QueueStore.Recipient r, Outcome outcome, Instant now) {
        int attempts = r.attempts() + 1;
        var reply = Optional.of(new QueueStore.Reply(outcome.reply().code(), outcome.reply().enhancedCode(),
                outcome.reply().text(), outcome.reply().remoteHost()));
        var notify = MailQueue.notifySet(r.notifyOn());
        var kind = outcome.kind();
        if (kind == Outcome.Kind.DEFERRED && !now.isBefore(r.expiresAt())) kind = Outcome.Kind.FAILED;
        return switch (kind) {
            // RFC 3461 §4.1: a next hop that took NOTIFY reports success itself; one without DSN gets a "relayed".
            case DELIVERED -> r.change(QueueStore.Status.DELIVERED, attempts, Optional.empty(), Optional.of(now),
                    reply, Optional.empty(), Reports.successWanted(entry.sender(), notify) && !outcome.dsnPassedOn());
            case FAILED -> r.change(QueueStore.Status.FAILED, attempts, Optional.empty(), Optional.of(now), reply,
                    Optional.empty(), Reports.failureWanted(entry.sender(), notify));
            case DEFERRED -> r.change(QueueStore.Status.DEFERRED, attempts, Optional.of(retryTime(r, attempts, now)),
                    Optional.of(now), reply, r.notifyAt(), r.notifyAt().map(at -> !now.isBefore(at)).orElse(false));
        };
    }
}
