package dev.tern.store;

/**
 * A snapshot of store counters for the metrics endpoint: committed write transactions, the operations they
 * carried (several per transaction under group commit), messages stored, and total time spent committing.
 */
public record StoreStats(long commits, long operations, long messagesStored, long commitNanos) {}
