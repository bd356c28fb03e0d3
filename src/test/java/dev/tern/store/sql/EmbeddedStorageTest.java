package dev.tern.store.sql;

import dev.tern.store.AppendResult;
import dev.tern.store.BlobId;
import dev.tern.store.DirectoryStore;
import dev.tern.store.Flags;
import dev.tern.store.MailboxChange;
import dev.tern.store.MessageRecord;
import dev.tern.store.NewMessage;
import dev.tern.store.SpecialUse;
import dev.tern.store.Storage;
import dev.tern.store.StoreException;
import dev.tern.store.UidRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the embedded store does beyond the contract: files, persistence, migrations, group commit. */
class EmbeddedStorageTest {
    @TempDir
    Path data;

    @Test
    void layoutIsOneDatabaseAndABodyDirectory() {
        try (var storage = EmbeddedStores.open(data)) {
            assertThat(storage.schemaVersion()).isEqualTo(Migrations.latest());
        }
        assertThat(data.resolve("tern.db")).isRegularFile();
        assertThat(data.resolve("blobs")).isDirectory();
    }

    @Test
    void everythingSurvivesAReopen() throws Exception {
        AppendResult first;
        DirectoryStore.Account account;
        NewMessage message;
        try (var storage = EmbeddedStores.open(data)) {
            account = newAccount(storage);
            var inbox = storage.mail().mailbox(account.id(), "INBOX").orElseThrow();
            message = message(storage, "persistent");
            first = storage.mail().append(inbox.id(), message);
            storage.mail().createMailbox(account.id(), "Kept", Set.of(SpecialUse.ARCHIVE));
        }
        try (var storage = EmbeddedStores.open(data)) {
            var inbox = storage.mail().mailbox(account.id(), "INBOX").orElseThrow();
            assertThat(storage.mail().messages(inbox.id(), UidRange.ALL)).containsExactly(new MessageRecord(inbox.id(),
                    first.uid(), first.modSeq(), Flags.NONE, message.internalDate(), message.size(), message.blob()));
            assertThat(storage.mail().mailbox(account.id(), "Kept").orElseThrow().specialUse())
                    .containsExactly(SpecialUse.ARCHIVE);
            var second = storage.mail().append(inbox.id(), message(storage, "after reopen"));
            assertThat(second.uid().value()).isEqualTo(first.uid().value() + 1);
            assertThat(second.modSeq()).isGreaterThan(first.modSeq());
            assertThat(storage.directory().account(account.id()).orElseThrow().usedBytes()).isPositive();
            try (var in = storage.blobs().open(message.blob())) {
                assertThat(in.readAllBytes()).hasSize((int) message.size());
            }
        }
    }

    @Test
    void aDatabaseFromANewerVersionIsRefused() throws Exception {
        EmbeddedStores.open(data).close();
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tern.db"));
             var s = db.createStatement()) {
            s.executeUpdate("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 0)");
        }
        assertThatThrownBy(() -> EmbeddedStores.open(data))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("newer than this Tern");
    }

    @Test
    void migrationsAreRecordedOnceAndNotReapplied() throws Exception {
        EmbeddedStores.open(data).close();
        EmbeddedStores.open(data).close();
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tern.db"));
             var rs = db.createStatement().executeQuery(
                     "SELECT version, description FROM schema_version ORDER BY version")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("schema");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.getString(2)).isEqualTo("queue");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(4);
            assertThat(rs.getString(2)).isEqualTo("bodies");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void migrationScriptsSplitIntoStatements() {
        assertThat(Migrations.statements("-- note; not a statement\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n  ON a (x);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i\n  ON a (x)");
    }

    @Test
    void twoOpenersOfOneDirectoryBothWrite() throws Exception {
        // The server and the CLI: two stores on one directory, writing at the same time.
        try (var server = EmbeddedStores.open(data); var cli = EmbeddedStores.open(data)) {
            var account = newAccount(server);
            var inbox = server.mail().mailbox(account.id(), "INBOX").orElseThrow();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                var futures = new ArrayList<Future<?>>();
                for (int i = 0; i < 4; i++) {
                    int n = i;
                    futures.add(pool.submit(() -> {
                        for (int k = 0; k < 25; k++) server.mail().append(inbox.id(), message(server, n + "/" + k));
                    }));
                    futures.add(pool.submit(() -> {
                        for (int k = 0; k < 10; k++) cli.directory().addDomain("d" + n + "-" + k + ".example");
                    }));
                }
                for (var f : futures) f.get();
            }
            assertThat(cli.mail().status(inbox.id()).messages()).isEqualTo(100);
            assertThat(server.directory().domains()).hasSize(41);
        }
    }

    @Test
    void groupCommitCarriesManyOperationsPerCommit() throws Exception {
        int writers = 64;
        try (var storage = EmbeddedStores.open(data)) {
            var account = newAccount(storage);
            var inbox = storage.mail().mailbox(account.id(), "INBOX").orElseThrow();
            var messages = new ArrayList<NewMessage>();
            for (int i = 0; i < writers + 1; i++) messages.add(message(storage, "batched " + i));
            // The first append's listener holds the writer until every other append is queued behind it, so
            // the backlog is known without depending on timing.
            var held = new AtomicBoolean();
            var holding = new CountDownLatch(1);
            var timedOut = new AtomicBoolean();
            storage.mail().addChangeListener(change -> {
                if (change instanceof MailboxChange.MessageAdded && held.compareAndSet(false, true)) {
                    holding.countDown();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (storage.queuedWrites() < writers) {
                        if (System.nanoTime() > deadline) {
                            timedOut.set(true);
                            return;
                        }
                        Thread.onSpinWait();
                    }
                }
            });
            var before = storage.stats();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                var firstDone = pool.submit(() -> storage.mail().append(inbox.id(), messages.getFirst()));
                assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
                var futures = new ArrayList<Future<?>>();
                for (int i = 1; i <= writers; i++) {
                    var m = messages.get(i);
                    futures.add(pool.submit(() -> storage.mail().append(inbox.id(), m)));
                }
                firstDone.get();
                for (var f : futures) f.get();
            }
            assertThat(timedOut).isFalse();
            var after = storage.stats();
            long operations = after.operations() - before.operations();
            long commits = after.commits() - before.commits();
            assertThat(operations).isEqualTo(writers + 1);
            assertThat(after.messagesStored() - before.messagesStored()).isEqualTo(writers + 1);
            // One commit for the first, then the 64 queued ones in batches of at most maxBatch (256): two.
            assertThat(commits).isEqualTo(2);
            assertThat(after.commitNanos()).isGreaterThan(before.commitNanos());
        }
    }

    @Test
    void manyVirtualThreadsReadWhileOthersWrite() throws Exception {
        try (var storage = EmbeddedStores.open(data)) {
            var account = newAccount(storage);
            var inbox = storage.mail().mailbox(account.id(), "INBOX").orElseThrow();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                var futures = new ArrayList<Future<?>>();
                for (int w = 0; w < 8; w++) {
                    int n = w;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 20; i++) storage.mail().append(inbox.id(), message(storage, n + ":" + i));
                    }));
                }
                for (int r = 0; r < 200; r++) {
                    futures.add(pool.submit(() -> {
                        long seen = 0;
                        for (int i = 0; i < 20; i++) {
                            var status = storage.mail().status(inbox.id());
                            // Each read is a committed snapshot: counters never go back, and agree with uidNext.
                            assertThat(status.messages()).isGreaterThanOrEqualTo(seen)
                                    .isEqualTo(status.mailbox().uidNext() - 1);
                            seen = status.messages();
                            storage.mail().messages(inbox.id(), UidRange.ALL);
                        }
                        return null;
                    }));
                }
                for (var f : futures) f.get();
            }
            assertThat(storage.mail().status(inbox.id()).messages()).isEqualTo(160);
        }
    }

    @Test
    void withoutGroupCommitEveryOperationIsItsOwnCommit() throws Exception {
        var options = new EmbeddedStorage.Options(false, 256, Duration.ofSeconds(5));
        try (var storage = EmbeddedStorage.open(data, options)) {
            var account = newAccount(storage);
            var inbox = storage.mail().mailbox(account.id(), "INBOX").orElseThrow();
            var before = storage.stats();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                var futures = new ArrayList<Future<?>>();
                for (int i = 0; i < 20; i++) {
                    int n = i;
                    futures.add(pool.submit(() -> storage.mail().append(inbox.id(), message(storage, "solo " + n))));
                }
                for (var f : futures) f.get();
            }
            var after = storage.stats();
            assertThat(after.commits() - before.commits()).isEqualTo(20);
            assertThat(after.operations() - before.operations()).isEqualTo(20);
        }
    }

    @Test
    void aWriteLockHeldTooLongByAnotherProcessFailsClearly() throws Exception {
        var options = new EmbeddedStorage.Options(true, 16, Duration.ofMillis(200));
        try (var storage = EmbeddedStorage.open(data, options);
             var other = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tern.db"));
             var s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            assertThatThrownBy(() -> storage.directory().addDomain("blocked.example"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("locked by another process");
            s.execute("ROLLBACK");
            storage.directory().addDomain("free.example");
            assertThat(storage.directory().domains()).containsExactly("free.example");
        }
    }

    @Test
    void writesAfterCloseFailClearly() {
        var storage = EmbeddedStores.open(data);
        storage.close();
        assertThatThrownBy(() -> storage.directory().addDomain("late.example"))
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }

    @Test
    void aListenerMayWriteBackAndOthersStillSeeChangesInCommitOrder() {
        try (var storage = EmbeddedStores.open(data)) {
            var account = newAccount(storage);
            var inbox = storage.mail().mailbox(account.id(), "INBOX").orElseThrow();
            var wroteBack = new AtomicBoolean();
            // The first listener appends once more when it sees the first message; the second records.
            storage.mail().addChangeListener(change -> {
                if (change instanceof MailboxChange.MessageAdded && wroteBack.compareAndSet(false, true)) {
                    storage.mail().append(inbox.id(), message(storage, "written by a listener"));
                }
            });
            var recorded = new java.util.concurrent.CopyOnWriteArrayList<Long>();
            storage.mail().addChangeListener(change -> {
                if (change instanceof MailboxChange.MessageAdded added) recorded.add(added.uid().value());
            });
            storage.mail().append(inbox.id(), message(storage, "trigger"));
            assertThat(recorded).containsExactly(1L, 2L);
            assertThat(storage.mail().status(inbox.id()).messages()).isEqualTo(2);
        }
    }

    static DirectoryStore.Account newAccount(Storage storage) {
        storage.directory().addDomain("example.org");
        return storage.directory().createAccount(new DirectoryStore.NewAccount("alice@example.org",
                new DirectoryStore.Credentials("h", "s"), 0, List.of()));
    }

    /** A small message whose body goes into the store with it, in the append's own transaction. */
    static NewMessage message(Storage storage, String text) {
        try {
            var body = ("Subject: " + text + "\r\n\r\n").getBytes();
            var id = BlobId.ofDigest(java.security.MessageDigest.getInstance("SHA-256").digest(body));
            return new NewMessage(id, body.length, Instant.now().truncatedTo(ChronoUnit.MILLIS), Flags.NONE, null, body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
