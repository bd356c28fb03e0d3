package dev.tern.store;

import java.time.Instant;

/**
 * A message to add to a mailbox whose body is already durable in the {@link BlobStore}. {@code structure} is the
 * parsed structure cache (ENVELOPE, BODYSTRUCTURE, part offsets) as the {@code mime} package encodes it; the
 * store keeps it opaque, once per body.
 */
public record NewMessage(BlobId blob, long size, Instant internalDate, Flags flags, byte[] structure) {
    public NewMessage {
        if (size < 0) throw new IllegalArgumentException("size must not be negative");
    }
}
