package dev.tern.queue;

import dev.tern.store.QueueStore;

/**
 * Tells the sender what became of some recipients of a queued message: delivered, failed, or (still deferred)
 * delayed. The real one writes RFC 3464 delivery status notifications ({@link Reports}).
 */
@FunctionalInterface
public interface Reporter {

    /** Reports on {@code recipients} of {@code entry}; each recipient's status says which report it gets. */
    void report(QueueStore.Entry entry, java.util.List<QueueStore.Recipient> recipients) throws Exception;
}
