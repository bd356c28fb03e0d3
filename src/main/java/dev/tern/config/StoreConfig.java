package dev.tern.config;

/**
 * The mail store, from {@code [store]}. With {@code groupCommit} one writer commits many concurrent writes per
 * durable transaction; without it every write pays its own fsync. Bodies up to {@code inlineBodySize} bytes are
 * kept in the database with their message (0: none). Every {@code sweepInterval} the bodies that no message or
 * queue entry references any more are removed.
 */
public record StoreConfig(boolean groupCommit, int inlineBodySize, java.time.Duration sweepInterval) {}
