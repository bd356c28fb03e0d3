package dev.tern.store.sql;

import dev.tern.mime.MessageStructure;
import dev.tern.mime.MimeLimits;
import dev.tern.mime.SampleMessages;
import dev.tern.store.AppendResult;
import dev.tern.store.BlobStore;
import dev.tern.store.DirectoryStore;
import dev.tern.store.Flags;
import dev.tern.store.MailboxId;
import dev.tern.store.NewMessage;
import dev.tern.store.UidRange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable appends of 4 KiB messages into one mailbox of the embedded store, from one thread and from eight, with
 * group commit ({@code commit=group}, the default store) and with one commit, so one WAL fsync, per message
 * ({@code commit=single}). {@code body=new}: as delivery does, a distinct body written, fsynced and renamed into
 * the blob store, then the message row committed (synchronous=FULL); {@code body=stored}: the row only, for a
 * body stored in the setup, so that the commit path is all that is timed. The store lives in a temporary
 * directory under {@code java.io.tmpdir} for the trial; the disk under it is measured as much as the code.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreAppendBenchmark {
    private static final int SIZE = 4096;

    @Param({"group", "single"})
    public String commit;

    @Param({"new", "stored"})
    public String body;

    private Path directory;
    private EmbeddedStorage storage;
    private MailboxId inbox;
    private byte[] structure;
    private BlobStore.StoredBlob storedBody;
    private final AtomicLong next = new AtomicLong();

    /** Each thread's copy of the message, into which the next id is written so that every body is distinct. */
    @State(Scope.Thread)
    public static class Message {
        byte[] bytes;
        int idAt;

        @Setup
        public void prepare() {
            bytes = SampleMessages.plain(SIZE, 4);
            idAt = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) + 4;
        }

        byte[] next(long id) {
            var hex = HexFormat.of().toHexDigits(id);
            for (int i = 0; i < hex.length(); i++) bytes[idAt + i] = (byte) hex.charAt(i);
            return bytes;
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("tern-jmh-append-");
        var defaults = EmbeddedStorage.Options.defaults();
        storage = EmbeddedStorage.open(directory, commit.equals("group") ? defaults
                : new EmbeddedStorage.Options(false, 1, defaults.busyTimeout()));
        try {
            storage.directory().addDomain("example.org");
            var account = storage.directory().createAccount(new DirectoryStore.NewAccount("bench@example.org",
                    new DirectoryStore.Credentials("h", "s"), 0, List.of()));
            inbox = storage.mail().mailbox(account.id(), "INBOX").orElseThrow().id();
            var sample = SampleMessages.plain(SIZE, 4);
            structure = MessageStructure.parse(new ByteArrayInputStream(sample), MimeLimits.DEFAULTS).encode();
            storedBody = storage.blobs().put(new ByteArrayInputStream(sample));
            check();
        } catch (IOException | RuntimeException e) {
            remove(); // JMH does not tear down a trial whose setup failed
            throw e;
        }
    }

    /** One append, read back: the message is in the mailbox with its size, structure and body. */
    private void check() throws IOException {
        var message = new Message();
        message.prepare();
        var expected = body.equals("new") ? message.next(Long.MAX_VALUE).clone() : SampleMessages.plain(SIZE, 4);
        var result = append(message, Long.MAX_VALUE);
        var records = storage.mail().messages(inbox, UidRange.of(result.uid()));
        byte[] read;
        try (var in = storage.blobs().open(records.getFirst().blob())) {
            read = in.readAllBytes();
        }
        if (records.size() != 1 || records.getFirst().size() != SIZE || !Arrays.equals(read, expected)
                || !Arrays.equals(storage.mail().structures(inbox, UidRange.of(result.uid())).get(result.uid()),
                structure)) {
            throw new IllegalStateException("the appended message did not read back: " + records);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        var stats = storage.stats();
        System.out.printf("%n%d appends in %d commits (%.1f per commit)%n", stats.operations(), stats.commits(),
                (double) stats.operations() / Math.max(1, stats.commits()));
        remove();
    }

    private void remove() throws IOException {
        storage.close();
        try (var files = Files.walk(directory)) {
            for (var p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Benchmark
    @Threads(1)
    public AppendResult oneThread(Message message) throws IOException {
        return append(message, next.getAndIncrement());
    }

    @Benchmark
    @Threads(8)
    public AppendResult eightThreads(Message message) throws IOException {
        return append(message, next.getAndIncrement());
    }

    private AppendResult append(Message message, long id) throws IOException {
        var blob = body.equals("new") ? storage.blobs().put(new ByteArrayInputStream(message.next(id))) : storedBody;
        return storage.mail().append(inbox, new NewMessage(blob.id(), blob.size(), Instant.now(), Flags.NONE,
                structure));
    }

    private static int indexOf(byte[] bytes, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= bytes.length; i++) {
            for (int j = 0; j < what.length; j++) if (bytes[i + j] != what[j]) continue outer;
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
