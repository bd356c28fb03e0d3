package dev.tern.store.sql;

import dev.tern.store.BlobId;
import dev.tern.store.BlobStore;
import dev.tern.store.blob.FileBlobStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The bodies of the embedded store: those of up to {@link #inlineLimit()} bytes in the database's {@code bodies}
 * table, larger ones as files ({@link FileBlobStore}). A small body normally comes with its message
 * ({@code NewMessage.body}) and is written by {@link #keep} in the message's own transaction, so that one group
 * commit (one WAL fsync) makes many bodies and their messages durable at once, where a file costs an fsync of its
 * own and one of its directory. A small body {@link #put} alone is a write transaction of its own, durable when
 * put returns, as a file is.
 */
final class EmbeddedBlobStore implements BlobStore {
    /** A body in the database that a message or a queue entry refers to is never deleted (see {@link #delete}). */
    private static final String DELETE_UNREFERENCED = "DELETE FROM bodies WHERE blob_id = ?"
            + SqlMailStore.BLOB_REFERENCES.stream()
                    .map(q -> " AND NOT EXISTS (SELECT 1 FROM (" + q + ") r WHERE r.blob_id = ?)")
                    .reduce("", String::concat);

    /** Bodies whose header sections one query reads. */
    private static final int HEADER_BATCH = 256;
    /** RFC 5322 §2.1: the header section ends with the first empty line; stored bodies have CRLF line ends. */
    private static final String HEADER_SECTIONS = "SELECT blob_id, substr(data, 1,"
            + " CASE WHEN instr(data, X'0D0A0D0A') > 0 THEN min(instr(data, X'0D0A0D0A') + 3, ?) ELSE ? END) FROM bodies WHERE blob_id IN ("
            + String.join(", ", Collections.nCopies(HEADER_BATCH, "?")) + ")";

    private final FileBlobStore files;
    private final GroupCommit writer;
    private final ReadConnections readers;
    private final int inlineLimit;

    EmbeddedBlobStore(FileBlobStore files, GroupCommit writer, ReadConnections readers, int inlineLimit) {
        if (inlineLimit < 0) throw new IllegalArgumentException("inlineLimit must not be negative: " + inlineLimit);
        this.files = files;
        this.writer = writer;
        this.readers = readers;
        this.inlineLimit = inlineLimit;
    }

    /** Writes a small body in the transaction {@code tx} of the message that brings it; a known body is kept. */
    static void keep(Transaction tx, BlobId id, byte[] body) throws SQLException {
        var i = tx.prepare("INSERT INTO bodies (blob_id, data, written_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (blob_id) DO NOTHING");
        i.setString(1, id.sha256());
        i.setBytes(2, body);
        i.setLong(3, System.currentTimeMillis());
        i.executeUpdate();
    }

    @Override
    public int inlineLimit() { return inlineLimit; }

    @Override
    public StoredBlob put(InputStream in) throws IOException {
        if (inlineLimit == 0) return files.put(in);
        var head = in.readNBytes(inlineLimit + 1);
        if (head.length <= inlineLimit) return putInline(head);
        return files.put(new SequenceInputStream(new ByteArrayInputStream(head), in));
    }

    @Override
    public StoredBlob put(Path file) throws IOException {
        if (Files.size(file) > inlineLimit) return files.put(file);
        return putInline(Files.readAllBytes(file));
    }

    @Override
    public StoredBlob adopt(Path file) throws IOException {
        if (Files.size(file) > inlineLimit) return files.adopt(file);
        try {
            return putInline(Files.readAllBytes(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private StoredBlob putInline(byte[] body) {
        var id = BlobId.of(body);
        writer.write(tx -> {
            keep(tx, id, body);
            return null;
        });
        return new StoredBlob(id, body.length);
    }

    /** The body if the database has it, else null. */
    private byte[] inline(BlobId id) {
        return readers.read(db -> {
            var q = db.prepare("SELECT data FROM bodies WHERE blob_id = ?");
            q.setString(1, id.sha256());
            try (var rs = q.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        });
    }

    @Override
    public InputStream open(BlobId id) throws IOException {
        var body = inline(id);
        return body != null ? new ByteArrayInputStream(body) : files.open(id);
    }

    @Override
    public InputStream open(BlobId id, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("bad range " + offset + "+" + length);
        var body = inline(id);
        if (body == null) return files.open(id, offset, length);
        int from = (int) Math.min(offset, body.length);
        return new ByteArrayInputStream(body, from, (int) Math.min(length, body.length - from));
    }

    /**
     * The header sections of the bodies in the database, {@link #HEADER_BATCH} per query, cut to the first CRLF CRLF
     * by SQLite itself so that only header bytes come over; the others from their files.
     */
    @Override
    public Map<BlobId, byte[]> headerSections(Collection<BlobId> ids, int maxBytes) throws IOException {
        var wanted = new ArrayList<>(new LinkedHashSet<>(ids));
        var out = new HashMap<BlobId, byte[]>();
        for (int from = 0; from < wanted.size(); from += HEADER_BATCH) {
            var batch = wanted.subList(from, Math.min(wanted.size(), from + HEADER_BATCH));
            out.putAll(readers.read(db -> {
                var q = db.prepare(HEADER_SECTIONS);
                q.setInt(1, maxBytes);
                q.setInt(2, maxBytes);
                // Always HEADER_BATCH parameters, so that one prepared statement serves: a short batch repeats an id.
                for (int k = 0; k < HEADER_BATCH; k++) q.setString(3 + k, batch.get(k < batch.size() ? k : 0).sha256());
                var byHex = new HashMap<String, BlobId>();
                for (var id : batch) byHex.put(id.sha256(), id);
                var found = new HashMap<BlobId, byte[]>();
                try (var rs = q.executeQuery()) {
                    while (rs.next()) {
                        var section = rs.getBytes(2);
                        found.put(byHex.get(rs.getString(1)), section == null ? new byte[0] : section);
                    }
                }
                return found;
            }));
        }
        var rest = wanted.stream().filter(id -> !out.containsKey(id)).toList();
        if (!rest.isEmpty()) out.putAll(files.headerSections(rest, maxBytes));
        return out;
    }

    @Override
    public boolean exists(BlobId id) throws IOException {
        boolean inline = readers.read(db -> {
            var q = db.prepare("SELECT 1 FROM bodies WHERE blob_id = ?");
            q.setString(1, id.sha256());
            try (var rs = q.executeQuery()) {
                return rs.next();
            }
        });
        return inline || files.exists(id);
    }

    /**
     * Removes a body. One in the database goes only while nothing refers to it, checked in the deleting
     * transaction: the sweep decides on a body it listed a moment ago, and a message bringing the same body may have
     * committed since.
     */
    @Override
    public void delete(BlobId id) throws IOException {
        writer.write(tx -> {
            var d = tx.prepare(DELETE_UNREFERENCED);
            for (int k = 1; k <= 1 + SqlMailStore.BLOB_REFERENCES.size(); k++) d.setString(k, id.sha256());
            d.executeUpdate();
            return null;
        });
        files.delete(id);
    }

    @Override
    public void forEach(Consumer<BlobInfo> action) throws IOException {
        files.forEach(action);
        var inline = readers.read(db -> {
            var out = new ArrayList<BlobInfo>();
            try (var rs = db.prepare("SELECT blob_id, written_at FROM bodies").executeQuery()) {
                while (rs.next()) out.add(new BlobInfo(new BlobId(rs.getString(1)), Instant.ofEpochMilli(rs.getLong(2))));
            }
            return out;
        });
        inline.forEach(action);
    }
}
