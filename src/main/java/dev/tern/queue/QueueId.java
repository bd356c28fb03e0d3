package dev.tern.queue;

/** A queued message's identifier, as operators see it in {@code tern queue list} and in trace headers. */
public record QueueId(String value) {
    public QueueId {
        if (value == null || value.isBlank()) throw new IllegalArgumentException("empty queue id");
    }

    @Override public String toString() { return value; }
}
