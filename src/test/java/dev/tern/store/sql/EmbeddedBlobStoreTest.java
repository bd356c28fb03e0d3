package dev.tern.store.sql;

import dev.tern.store.BlobId;
import dev.tern.store.BlobStore;
import dev.tern.store.BlobStoreContract;
import dev.tern.store.Flags;
import dev.tern.store.NewMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link BlobStoreContract} on the embedded store's bodies (small ones in the database, larger ones as files),
 * and what the database adds: a body that comes with its message is written in the message's transaction.
 */
class EmbeddedBlobStoreTest extends BlobStoreContract {
    private static final int LIMIT = 1024;
    private EmbeddedStorage storage;

    @Override
    protected BlobStore openBlobStore() {
        storage = EmbeddedStorage.open(scratch.resolve("data"), EmbeddedStorage.Options.defaults().withInlineBodySize(LIMIT));
        return storage.blobs();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private long bodyFiles() throws Exception {
        try (var files = Files.walk(scratch.resolve("data").resolve("blobs"))) {
            return files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).count();
        }
    }

    @Test
    void smallBodiesLiveInTheDatabaseAndLargeOnesAsFiles() throws Exception {
        var small = blobs.put(new ByteArrayInputStream(new byte[LIMIT]));
        assertThat(bodyFiles()).isZero();
        var large = blobs.put(new ByteArrayInputStream(new byte[LIMIT + 1]));
        assertThat(bodyFiles()).isEqualTo(1);
        assertThat(blobs.exists(small.id())).isTrue();
        assertThat(blobs.exists(large.id())).isTrue();
        assertThat(blobs.inlineLimit()).isEqualTo(LIMIT);
    }

    @Test
    void aBodyThatComesWithItsMessageIsStoredInTheSameTransaction() throws Exception {
        var account = EmbeddedStorageTest.newAccount(storage);
        var inbox = storage.mail().mailbox(account.id(), "INBOX").orElseThrow();
        var body = "Subject: inline\r\n\r\nhello\r\n".getBytes();
        var id = BlobId.ofDigest(MessageDigest.getInstance("SHA-256").digest(body));
        assertThat(blobs.exists(id)).isFalse();
        var before = storage.stats();

        storage.mail().append(inbox.id(), new NewMessage(id, body.length, Instant.now(), Flags.NONE, null, body));

        assertThat(storage.stats().commits() - before.commits()).as("one commit for body and message").isEqualTo(1);
        try (var in = blobs.open(id)) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
        try (var in = blobs.open(id, 9, 6)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("inline");
        }
        assertThat(bodyFiles()).isZero();
    }

    @Test
    void aBodyInTheDatabaseThatAMessageRefersToSurvivesDelete() throws Exception {
        // The sweep decides from a listing taken a moment before; a message bringing the same body may have
        // committed since. The delete checks again in its own transaction.
        var account = EmbeddedStorageTest.newAccount(storage);
        var inbox = storage.mail().mailbox(account.id(), "INBOX").orElseThrow();
        var message = EmbeddedStorageTest.message(storage, "referenced");
        storage.mail().append(inbox.id(), message);
        var orphan = blobs.put(new ByteArrayInputStream("nobody's".getBytes()));

        blobs.delete(message.blob());
        blobs.delete(orphan.id());

        assertThat(blobs.exists(message.blob())).isTrue();
        assertThat(blobs.exists(orphan.id())).isFalse();
    }
}
