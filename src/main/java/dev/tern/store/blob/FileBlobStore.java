package dev.tern.store.blob;

import dev.tern.store.BlobId;
import dev.tern.store.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Bodies as files under a root directory, {@code <root>/ab/cd/<sha256>}: two levels of 256 directories keep each
 * directory small even with millions of bodies. A body is written to {@code <root>/tmp/} (the same file system, so
 * that the final rename is atomic), hashed while it streams, fsynced, renamed into place, and its directory
 * fsynced: when {@link #put} returns, the body survives a crash. {@link #adopt} renames a file the caller wrote
 * (fsynced the same way) into place instead of copying it.
 *
 * <p>Several processes may use one root at once (the server and the CLI): temporary files carry the writer's
 * process id, so that opening the store removes only those of processes that are gone.
 */
public final class FileBlobStore implements BlobStore {
    private static final Pattern HEX2 = Pattern.compile("[0-9a-f]{2}");
    private static final int BUFFER = 64 * 1024;
    private static final String TEMP_PREFIX = "put-" + ProcessHandle.current().pid() + "-";
    private static final Pattern TEMP_NAME = Pattern.compile("put-(\\d{1,18})-.*");

    private final Path root;
    private final Path tmp;
    /** Fan-out directories (by their 2 and 4 leading hex digits) known to exist durably. */
    private final AtomicLongArray durableTops = new AtomicLongArray(256 / 64);
    private final AtomicLongArray durableLeaves = new AtomicLongArray(65536 / 64);

    private FileBlobStore(Path root) {
        this.root = root;
        this.tmp = root.resolve("tmp");
    }

    /**
     * Opens (creating if needed) the store at {@code root} and removes temporary files a crash left behind: a
     * body is only ever visible under its final name once complete.
     */
    public static FileBlobStore open(Path root) throws IOException {
        var store = new FileBlobStore(root.toAbsolutePath());
        Files.createDirectories(store.tmp);
        fsyncDirectory(store.root.getParent());
        fsyncDirectory(store.root);
        store.removeLeftovers();
        return store;
    }

    /**
     * Deletes temporary files whose writing process is gone, and any older than a day (a process id may have been
     * reused); a live process's files are puts in progress.
     */
    private void removeLeftovers() throws IOException {
        var dayAgo = Instant.now().minus(Duration.ofDays(1));
        try (var files = Files.newDirectoryStream(tmp)) {
            for (var file : files) {
                var name = TEMP_NAME.matcher(file.getFileName().toString());
                boolean writerAlive = name.matches()
                        && ProcessHandle.of(Long.parseLong(name.group(1))).map(ProcessHandle::isAlive).orElse(false);
                try {
                    if (!writerAlive || Files.getLastModifiedTime(file).toInstant().isBefore(dayAgo)) {
                        Files.deleteIfExists(file);
                    }
                } catch (NoSuchFileException finishedMeanwhile) {
                    // its put completed and renamed it
                }
            }
        }
    }

    public Path root() { return root; }

    @Override
    public StoredBlob put(InputStream in) throws IOException {
        var temp = Files.createTempFile(tmp, TEMP_PREFIX, ".tmp");
        try {
            var digest = BlobId.digest();
            long size = 0;
            try (var out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                var buffer = new byte[BUFFER];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    var bb = ByteBuffer.wrap(buffer, 0, n);
                    while (bb.hasRemaining()) out.write(bb);
                    size += n;
                }
                out.force(true);
            }
            var id = BlobId.ofDigest(digest.digest());
            place(temp, id);
            return new StoredBlob(id, size);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public StoredBlob put(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return put(in);
        }
    }

    /**
     * Takes {@code file} over: hashes and fsyncs it where it is, then renames it into place, saving the copy that
     * {@link #put(Path)} makes. A file on another file system (no atomic rename) is copied instead. The file is
     * gone when this returns or throws.
     */
    @Override
    public StoredBlob adopt(Path file) throws IOException {
        try {
            var digest = BlobId.digest();
            long size = 0;
            try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
                var buffer = ByteBuffer.allocate(BUFFER);
                for (int n; (n = channel.read(buffer.clear())) >= 0; ) {
                    digest.update(buffer.array(), 0, n);
                    size += n;
                }
                channel.force(true);
            }
            var id = BlobId.ofDigest(digest.digest());
            try {
                place(file, id);
            } catch (AtomicMoveNotSupportedException otherFileSystem) {
                return put(file);
            }
            return new StoredBlob(id, size);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Renames a complete, fsynced temporary file to the body's path, unless that body is there already. */
    private void place(Path temp, BlobId id) throws IOException {
        var target = path(id);
        var dir = target.getParent();
        ensureDirectories(id);
        if (Files.exists(target)) {
            // The same body again: keep the copy we have, but make it young so that the sweep spares it until
            // the metadata that now refers to it has committed, and fsync its directory in case the writer that
            // renamed it there has not done so yet.
            try {
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
                fsyncDirectory(dir);
                return;
            } catch (NoSuchFileException sweptMeanwhile) {
                // fall through and put it back
            }
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            if (!Files.exists(target)) throw e;
        }
        fsyncDirectory(dir);
    }

    /**
     * Makes sure the body's fan-out directories exist and that their own entries are durable, once per directory
     * and process: a directory made by another thread, or before a crash, gets its parent fsynced here too,
     * because its entry may not be on disk yet.
     */
    private void ensureDirectories(BlobId id) throws IOException {
        var hex = id.sha256();
        int leaf = Integer.parseInt(hex, 0, 4, 16);
        if (isSet(durableLeaves, leaf)) return;
        int top = Integer.parseInt(hex, 0, 2, 16);
        var topDir = root.resolve(hex.substring(0, 2));
        if (!isSet(durableTops, top)) {
            createDurably(topDir);
            set(durableTops, top);
        }
        createDurably(topDir.resolve(hex.substring(2, 4)));
        set(durableLeaves, leaf);
    }

    private static void createDurably(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException madeBefore) {
            // still fsync the parent below: whoever made it may not have yet
        }
        fsyncDirectory(dir.getParent());
    }

    private static boolean isSet(AtomicLongArray bits, int i) {
        return (bits.get(i >>> 6) & (1L << (i & 63))) != 0;
    }

    private static void set(AtomicLongArray bits, int i) {
        long mask = 1L << (i & 63);
        bits.getAndUpdate(i >>> 6, v -> v | mask);
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (var channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public InputStream open(BlobId id) throws IOException {
        return Files.newInputStream(path(id));
    }

    @Override
    public InputStream open(BlobId id, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("bad range " + offset + "+" + length);
        var channel = FileChannel.open(path(id), StandardOpenOption.READ);
        try {
            channel.position(offset);
            return new BoundedInputStream(Channels.newInputStream(channel), length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public boolean exists(BlobId id) {
        return Files.exists(path(id));
    }

    @Override
    public void delete(BlobId id) throws IOException {
        Files.deleteIfExists(path(id));
    }

    @Override
    public void forEach(Consumer<BlobInfo> action) throws IOException {
        try (var level1 = fanOut(root)) {
            for (var d1 : level1) {
                try (var level2 = fanOut(d1)) {
                    for (var d2 : level2) forEachIn(d2, action);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void forEachIn(Path dir, Consumer<BlobInfo> action) throws IOException {
        try (var files = Files.newDirectoryStream(dir)) {
            for (var file : files) {
                BlobId id;
                try {
                    id = new BlobId(file.getFileName().toString());
                } catch (IllegalArgumentException notABody) {
                    continue;
                }
                try {
                    action.accept(new BlobInfo(id, Files.getLastModifiedTime(file).toInstant()));
                } catch (NoSuchFileException deletedMeanwhile) {
                    // a concurrent delete; the body is gone, so there is nothing to report
                }
            }
        }
    }

    private static DirectoryStream<Path> fanOut(Path dir) throws IOException {
        return Files.newDirectoryStream(dir,
                p -> HEX2.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p));
    }

    /** Where a body lives: two levels of fan-out by the first four hex digits. */
    public Path path(BlobId id) {
        var hex = id.sha256();
        return root.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    /** Reads at most {@code remaining} bytes of the underlying stream, for ranged reads (partial FETCH). */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) return -1;
            int b = in.read();
            if (b >= 0) remaining--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) return len == 0 ? 0 : -1;
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException { in.close(); }
    }
}
