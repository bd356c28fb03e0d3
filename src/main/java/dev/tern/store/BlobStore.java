package dev.tern.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Message bodies, content-addressed by SHA-256 and written once however many messages refer to them. A body
 * is durable when {@link #put} returns: for files, written to a temporary file, fsynced, renamed into place and
 * its directory fsynced; for a store that keeps small bodies in its database, committed. A small body may also
 * reach the store with its message instead ({@link #inlineLimit()}), durable when that message has committed.
 */
public interface BlobStore {

    /**
     * Stores the bytes of {@code in} (read to its end, never held in memory whole) and returns their address. If
     * a body with the same address exists, the new copy is discarded.
     */
    StoredBlob put(InputStream in) throws IOException;

    /** Like {@link #put(InputStream)} for a file that the caller has written, e.g. a streamed APPEND literal. */
    StoredBlob put(Path file) throws IOException;

    /**
     * Like {@link #put(Path)}, but takes the file over: a store may move it into place instead of copying it. The
     * file is gone when this returns or throws; the caller must not use it afterwards.
     */
    default StoredBlob adopt(Path file) throws IOException {
        try {
            return put(file);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /** What {@link #put} stored: its address and length in bytes. */
    record StoredBlob(BlobId id, long size) {}

    /** Reads a body from its start. @throws java.nio.file.NoSuchFileException if absent */
    InputStream open(BlobId id) throws IOException;

    /** Reads {@code length} bytes of a body from {@code offset} (fewer at its end), for partial FETCH. */
    InputStream open(BlobId id, long offset, long length) throws IOException;

    boolean exists(BlobId id) throws IOException;

    /**
     * The header sections of several bodies (RFC 5322 §2.1: up to and including the first empty line, bodies being
     * stored with CRLF line ends), at most {@code maxBytes} of each; a body without an empty line gives its first
     * {@code maxBytes}. What IMAP SEARCH's header keys read, without the bodies. Absent bodies are left out of the
     * result. A store that keeps bodies in a database reads many of them with one query.
     */
    default Map<BlobId, byte[]> headerSections(Collection<BlobId> ids, int maxBytes) throws IOException {
        var out = new HashMap<BlobId, byte[]>();
        for (var id : ids) {
            if (out.containsKey(id)) continue;
            try (var in = open(id)) {
                out.put(id, headerSection(in, maxBytes));
            } catch (NoSuchFileException absent) {
                // left out, as the contract says
            }
        }
        return out;
    }

    /** Reads {@code in} up to and including its first CRLF CRLF, or {@code maxBytes} if sooner. */
    static byte[] headerSection(InputStream in, int maxBytes) throws IOException {
        var buf = new byte[Math.min(maxBytes, 2048)];
        int n = 0;
        int scanned = 0;
        while (n < maxBytes) {
            if (n == buf.length) buf = Arrays.copyOf(buf, Math.min(maxBytes, buf.length * 2));
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) break;
            n += r;
            for (int i = Math.max(0, scanned - 3); i + 3 < n; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                    return Arrays.copyOf(buf, i + 4);
                }
            }
            scanned = n;
        }
        return Arrays.copyOf(buf, n);
    }

    /** Removes a body; absent bodies are ignored. */
    void delete(BlobId id) throws IOException;

    /** Calls {@code action} with every stored body and when it was written. */
    void forEach(Consumer<BlobInfo> action) throws IOException;

    record BlobInfo(BlobId id, Instant written) {}

    /**
     * The largest body (in bytes) the store keeps with the metadata, written in the transaction of its message: a
     * caller holding such a body in memory passes it in {@link NewMessage#body()} instead of calling {@link #put},
     * and saves the body's own durable write. Such a body is found by {@link #open} like any other once its
     * message has committed. 0: every body goes through {@link #put}.
     */
    default int inlineLimit() { return 0; }
}
