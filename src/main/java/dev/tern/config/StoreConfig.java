package dev.tern.config;

/**
 * The mail store, from {@code [store]}. With {@code groupCommit} one writer commits many concurrent writes per
 * durable transaction; without it every write pays its own fsync.
 */
public record StoreConfig(boolean groupCommit) {}
