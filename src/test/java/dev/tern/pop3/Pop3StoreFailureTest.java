package dev.tern.pop3;

import static dev.tern.pop3.Pop3Fixture.PASSWORD;
import static dev.tern.pop3.Pop3Fixture.USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.ProtocolHandlers;
import dev.tern.server.ServeStorage;
import dev.tern.server.TernExtension;
import dev.tern.server.TernServer;
import dev.tern.server.TernTestServer;
import dev.tern.store.BlobStore;
import dev.tern.store.DirectoryStore;
import dev.tern.store.MailStore;
import dev.tern.store.Storage;
import dev.tern.store.StoreException;
import dev.tern.store.StoreStats;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A store that fails is answered with [SYS/TEMP], and the maildrop is not left locked. */
class Pop3StoreFailureTest {
    private final AtomicBoolean failing = new AtomicBoolean();
    private TernServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) TernExtension.stop(server);
    }

    @Test
    void aFailingStoreIsSysTempAndReleasesTheMaildrop() throws Exception {
        server = TernExtension.start("", ProtocolHandlers.standard(), config -> new FailingReads(ServeStorage.open(config)));
        var tern = new TernTestServer(server);
        var f = new Pop3Fixture(tern);
        f.deliver(Pop3Fixture.message(1));
        failing.set(true);
        try (var c = Pop3Client.connect(f.port())) {
            c.send("USER " + USER);
            assertThat(c.send("PASS " + PASSWORD)).isEqualTo("-ERR [SYS/TEMP] the mail store failed; try again later");
            failing.set(false);
            c.send("USER " + USER);
            assertThat(c.send("PASS " + PASSWORD)).as("not locked by the failed login").startsWith("+OK maildrop has 1");
        }
    }

    /** The real store, except that listing messages fails while {@link #failing} is set. */
    private final class FailingReads implements Storage {
        private final Storage real;
        private final MailStore mail;

        FailingReads(Storage real) {
            this.real = real;
            this.mail = (MailStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MailStore.class},
                    (proxy, method, args) -> {
                        if (failing.get() && method.getName().equals("messages")) {
                            throw new StoreException("disk on fire");
                        }
                        try {
                            return method.invoke(real.mail(), args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override public MailStore mail() { return mail; }

        @Override public DirectoryStore directory() { return real.directory(); }

        @Override public BlobStore blobs() { return real.blobs(); }

        @Override public dev.tern.store.QueueStore queue() { return real.queue(); }

        @Override public StoreStats stats() { return real.stats(); }

        @Override public void close() { real.close(); }
    }
}
