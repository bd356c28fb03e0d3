package dev.tern.store;

import java.time.Instant;

/**
 * A message to add to a mailbox. {@code structure} is the parsed structure cache (ENVELOPE, BODYSTRUCTURE, part
 * offsets) as the {@code mime} package encodes it; the store keeps it opaque, once per body.
 *
 * <p>The body is either durable in the {@link BlobStore} already ({@code body} null), or, when it is no larger
 * than {@link BlobStore#inlineLimit()}, carried here as {@code body}: the store then writes it in the same
 * transaction as the message, so that one commit makes both durable. {@code blob} is its SHA-256 either way.
 */
public record NewMessage(BlobId blob, long size, Instant internalDate, Flags flags, byte[] structure, byte[] body) {
    public NewMessage {
        if (size < 0) throw new IllegalArgumentException("size must not be negative");
        if (body != null && body.length != size) {
            throw new IllegalArgumentException("size " + size + " does not match the body's " + body.length + " bytes");
        }
    }

    /** A message whose body is in the {@link BlobStore} already. */
    public NewMessage(BlobId blob, long size, Instant internalDate, Flags flags, byte[] structure) {
        this(blob, size, internalDate, flags, structure, null);
    }
}
