package dev.tern.queue;

import dev.tern.store.BlobId;
import dev.tern.store.BlobStore;
import dev.tern.store.QueueStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The durable outbound queue: {@link #enqueue} writes the body to the blob store (fsynced, content-addressed) and
 * then the entry with one row per recipient in one committed transaction, and only then returns. Whoever delivers
 * (the {@code Scheduler}) is told at once through {@link #onEnqueue}.
 */
public final class MailQueue implements OutboundQueue {
    private final QueueStore store;
    private final BlobStore blobs;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public MailQueue(QueueStore store, BlobStore blobs, RetrySchedule schedule, Clock clock) {
        this.store = store;
        this.blobs = blobs;
        this.schedule = schedule;
        this.clock = clock;
    }

    public QueueStore store() { return store; }

    public BlobStore blobs() { return blobs; }

    public RetrySchedule schedule() { return schedule; }

    public Clock clock() { return clock; }

    /** Calls {@code listener} after every enqueue, on the enqueuing thread; it must return quickly. */
    public void onEnqueue(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public QueueId enqueue(OutboundEnvelope envelope, Path message) throws IOException {
        return enqueue(envelope, blobs.put(message), null);
    }

    /**
     * Queues a message held in memory: one the store keeps inline is written in the entry's own transaction, so
     * that one commit makes body and entry durable; a larger one goes to the blob store first.
     */
    @Override
    public QueueId enqueue(OutboundEnvelope envelope, byte[] message) throws IOException {
        if (message.length > blobs.inlineLimit()) {
            return enqueue(envelope, blobs.put(new java.io.ByteArrayInputStream(message)), null);
        }
        var id = BlobId.of(message);
        return enqueue(envelope, new BlobStore.StoredBlob(id, message.length), message);
    }

    private QueueId enqueue(OutboundEnvelope envelope, BlobStore.StoredBlob body, byte[] inline) throws IOException {
        var now = clock.instant();
        var recipients = new ArrayList<QueueStore.NewRecipient>();
        for (var r : envelope.recipients()) {
            var notifyAt = delayNoticeWanted(envelope.sender(), r.notifyOn())
                    ? Optional.of(now.plus(schedule.delayNotice())) : Optional.<java.time.Instant>empty();
            recipients.add(new QueueStore.NewRecipient(r.address(), notifyKeywords(r.notifyOn()),
                    r.originalRecipient(), now.plus(schedule.intervals().getFirst()), notifyAt,
                    now.plus(schedule.giveUp())));
        }
        var entry = new QueueStore.NewEntry(body.id(), body.size(), envelope.sender(), envelope.envelopeId(),
                envelope.ret().map(Enum::name), envelope.smtpUtf8(), envelope.eightBit(), now, recipients, inline);
        QueueStore.EntryId id;
        try {
            id = store.enqueue(entry);
        } catch (RuntimeException e) {
            throw new IOException("the queue entry could not be stored: " + e.getMessage(), e);
        }
        for (var listener : listeners) listener.run();
        return queueId(id);
    }

    /** RFC 3461 §4.1: without NOTIFY the server may send delay notices; NEVER or a list without DELAY forbids them. */
    static boolean delayNoticeWanted(String sender, Set<OutboundEnvelope.Notify> notify) {
        return !sender.isEmpty() && (notify.isEmpty() || notify.contains(OutboundEnvelope.Notify.DELAY));
    }

    static String notifyKeywords(Set<OutboundEnvelope.Notify> notify) {
        return notify.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    static Set<OutboundEnvelope.Notify> notifySet(String keywords) {
        var set = EnumSet.noneOf(OutboundEnvelope.Notify.class);
        if (!keywords.isEmpty()) for (var k : keywords.split(",")) set.add(OutboundEnvelope.Notify.valueOf(k));
        return set;
    }

    public static QueueId queueId(QueueStore.EntryId id) {
        return new QueueId(id.toString());
    }

    /**
     * The entry an operator names.
     *
     * @throws IllegalArgumentException if {@code id} is not a queue id
     */
    public static QueueStore.EntryId entryId(QueueId id) {
        try {
            return new QueueStore.EntryId(Long.parseLong(id.value()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a queue id: '" + id + "'; `tern queue list` shows the ids");
        }
    }
}
