package dev.tern.queue;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The durable outbound queue as the SMTP server sees it: a message for remote recipients is handed over here and
 * is Tern's responsibility from the moment {@link #enqueue} returns.
 */
public interface OutboundQueue {

    /**
     * Queues {@code message} (the complete message as it will be sent, trace headers included, CRLF line ends) for
     * the recipients of {@code envelope}. Returns only after the body and the queue entry are durable; the caller
     * may delete {@code message} afterwards.
     *
     * @throws IOException if the message could not be made durable; nothing is queued then
     */
    QueueId enqueue(OutboundEnvelope envelope, Path message) throws IOException;

    /** Like {@link #enqueue(OutboundEnvelope, Path)} for a message held in memory. */
    QueueId enqueue(OutboundEnvelope envelope, byte[] message) throws IOException;
}
