package dev.tern.server;

import dev.tern.store.BlobStore;
import dev.tern.store.DirectoryStore;
import dev.tern.store.MailStore;
import dev.tern.store.QueueStore;
import dev.tern.store.Storage;
import dev.tern.store.StoreException;
import dev.tern.store.StoreStats;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * A storage double for runtime tests that need a store which fails or reports being closed: its directory answers
 * {@code domains()} with an empty list until {@link #failing} is set; its mail store takes change listeners;
 * every other operation is refused.
 */
public final class RecordingStorage implements Storage {
    public volatile boolean closed;
    public volatile boolean failing;

    /** Only takes change listeners (the server's services register one at start); the rest is refused. */
    @Override
    public MailStore mail() {
        return (MailStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MailStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("addChangeListener")) return null;
                    throw new UnsupportedOperationException(method.getName() + " is not part of this double");
                });
    }

    @Override
    public DirectoryStore directory() {
        return (DirectoryStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DirectoryStore.class},
                (proxy, method, args) -> {
                    if (closed || failing) throw new StoreException("store is " + (closed ? "closed" : "failing"));
                    if (method.getName().equals("domains")) return List.of();
                    throw new UnsupportedOperationException(method.getName() + " is not part of this double");
                });
    }

    @Override
    public BlobStore blobs() { return refuse(BlobStore.class); }

    @Override
    public QueueStore queue() { return refuse(QueueStore.class); }

    @Override
    public StoreStats stats() { return new StoreStats(3, 5, 2, 4_000_000); }

    @Override
    public void close() { closed = true; }

    private <T> T refuse(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName() + " is not part of this double");
                }));
    }
}
