package dev.tern.store.sql;

import dev.tern.store.BlobId;
import dev.tern.store.BlobStore;
import dev.tern.store.DirectoryStore;
import dev.tern.store.Flags;
import dev.tern.store.MailboxId;
import dev.tern.store.NewMessage;
import dev.tern.store.Storage;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The victim of the crash test: appends messages {@code first .. first+count-1} to one mailbox from 8 threads and
 * prints {@code ACK <mailboxId> <uid> <id>} (flushed) after each append has returned, i.e. once it is durable.
 * The test kills it with SIGKILL and checks that every acknowledged message survived. Bodies take every way into
 * the store: 4 KiB ones inside the database (with their message, as received mail does, or put or adopted first),
 * 8 KiB ones as files (put or adopted), the store keeping bodies of up to 4 KiB in the database.
 *
 * <p>Usage: {@code CrashAppender DATA_DIR FIRST_ID COUNT}
 */
public final class CrashAppender {
    static final String ACCOUNT = "crash@example.org";
    static final int BODY_SIZE = 4096;
    static final int THREADS = 8;
    private static Path spoolDirectory;

    private CrashAppender() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: CrashAppender DATA_DIR FIRST_ID COUNT");
            System.exit(2);
        }
        var data = Path.of(args[0]);
        spoolDirectory = data.resolve("spool");
        long first = Long.parseLong(args[1]);
        long count = Long.parseLong(args[2]);
        try (var storage = EmbeddedStorage.open(data, EmbeddedStorage.Options.defaults().withInlineBodySize(BODY_SIZE))) {
            var inbox = inbox(storage);
            var next = new AtomicLong(first);
            var threads = new ArrayList<Thread>();
            for (int t = 0; t < THREADS; t++) {
                threads.add(Thread.ofPlatform().name("appender-" + t).start(() -> {
                    for (long id; (id = next.getAndIncrement()) < first + count; ) append(storage, inbox, id);
                }));
            }
            for (var thread : threads) thread.join();
        }
    }

    private static void append(Storage storage, MailboxId inbox, long id) {
        try {
            var structure = ("structure " + id).getBytes(StandardCharsets.US_ASCII);
            NewMessage message;
            if (id % 4 == 0) {
                var body = body(id);
                var sha = BlobId.ofDigest(MessageDigest.getInstance("SHA-256").digest(body));
                message = new NewMessage(sha, body.length, Instant.now(), Flags.NONE, structure, body);
            } else {
                var stored = id % 2 == 0 ? storage.blobs().put(new ByteArrayInputStream(body(id))) : adopt(storage, id);
                message = new NewMessage(stored.id(), stored.size(), Instant.now(), Flags.NONE, structure);
            }
            var result = storage.mail().append(inbox, message);
            synchronized (System.out) {
                System.out.println("ACK " + result.mailbox() + " " + result.uid() + " " + id);
                System.out.flush();
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Half the bodies come the way a received message does: written to a spool file that the store takes over. */
    private static BlobStore.StoredBlob adopt(Storage storage, long id) throws java.io.IOException {
        var spool = Files.createDirectories(spoolDirectory);
        var file = Files.createTempFile(spool, "incoming-", ".eml");
        Files.write(file, body(id));
        return storage.blobs().adopt(file);
    }

    /** Starts this class in a child JVM (the same java, classpath and native access as this one). */
    static Process start(Path data, long first, long count, Path stderr) throws java.io.IOException {
        var java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), CrashAppender.class.getName(), data.toString(),
                Long.toString(first), Long.toString(count))
                .redirectError(stderr.toFile())
                .start();
    }

    /** The INBOX of the test account, created on the first run. */
    static MailboxId inbox(Storage storage) {
        var directory = storage.directory();
        var account = directory.account(ACCOUNT).orElseGet(() -> {
            directory.addDomain("example.org");
            return directory.createAccount(new DirectoryStore.NewAccount(ACCOUNT,
                    new DirectoryStore.Credentials("h", "s"), 0, List.of()));
        });
        return storage.mail().mailbox(account.id(), "INBOX").orElseThrow().id();
    }

    /** The body of message {@code id}: 4 KiB, or 8 KiB for every fourth id from 3 (stored as files). */
    static byte[] body(long id) {
        return body(id, id % 4 == 3 ? 2 * BODY_SIZE : BODY_SIZE);
    }

    /** A body of {@code size} bytes: a header naming the id, then text that only the id determines. */
    static byte[] body(long id, int size) {
        var out = new StringBuilder(size);
        out.append("Message-ID: <").append(id).append("@crash.example>\r\nSubject: crash test ").append(id)
                .append("\r\n\r\n");
        var random = new SplittableRandom(id);
        while (out.length() < size) {
            for (int i = 0; i < 70 && out.length() < size - 2; i++) out.append((char) ('a' + random.nextInt(26)));
            out.append("\r\n");
        }
        out.setLength(size);
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
