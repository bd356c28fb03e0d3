package dev.tern.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link BlobStore} backend must do: content addresses, ranged reads, listing, deletion. */
public abstract class BlobStoreContract {
    protected BlobStore blobs;

    @TempDir
    protected Path scratch;

    /** A fresh, empty blob store. */
    protected abstract BlobStore openBlobStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        blobs = openBlobStore();
    }

    @Test
    void putReturnsTheSha256AndSize() throws Exception {
        var body = "Subject: hi\r\n\r\nhello\r\n".getBytes();
        var stored = blobs.put(new ByteArrayInputStream(body));
        var expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        assertThat(stored.id().sha256()).isEqualTo(expected);
        assertThat(stored.size()).isEqualTo(body.length);
        assertThat(blobs.exists(stored.id())).isTrue();
        try (var in = blobs.open(stored.id())) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
    }

    @Test
    void headerSectionsEndAtTheFirstEmptyLineAndLeaveAbsentBodiesOut() throws Exception {
        var small = blobs.put(new ByteArrayInputStream(
                "Subject: a\r\n folded\r\nTo: b\r\n\r\nbody\r\n\r\nmore\r\n".getBytes()));
        var large = blobs.put(new ByteArrayInputStream(("Subject: large\r\n\r\n" + "x".repeat(5000)).getBytes()));
        var noEmptyLine = blobs.put(new ByteArrayInputStream("Subject: only a header\r\n".getBytes()));
        var longHeader = blobs.put(new ByteArrayInputStream(
                ("X-Long: " + "y".repeat(3000) + "\r\n\r\nbody").getBytes()));
        var emptyHeader = blobs.put(new ByteArrayInputStream("\r\nbody only\r\n".getBytes()));
        var absent = new BlobId("0".repeat(64));

        var sections = blobs.headerSections(java.util.List.of(small.id(), large.id(), noEmptyLine.id(), longHeader.id(),
                emptyHeader.id(), absent, small.id()), 256);

        assertThat(sections).doesNotContainKey(absent).hasSize(5);
        assertThat(new String(sections.get(small.id()))).isEqualTo("Subject: a\r\n folded\r\nTo: b\r\n\r\n");
        assertThat(new String(sections.get(large.id()))).isEqualTo("Subject: large\r\n\r\n");
        assertThat(new String(sections.get(noEmptyLine.id()))).isEqualTo("Subject: only a header\r\n");
        assertThat(sections.get(longHeader.id())).as("cut at maxBytes").hasSize(256);
        assertThat(new String(sections.get(longHeader.id()))).startsWith("X-Long: yyy");
        assertThat(new String(sections.get(emptyHeader.id()))).as("no CRLF CRLF: up to maxBytes; a header parser"
                + " sees the leading empty line").isEqualTo("\r\nbody only\r\n");
    }

    @Test
    void equalBodiesAreStoredOnce() throws Exception {
        var first = blobs.put(new ByteArrayInputStream("same".getBytes()));
        var second = blobs.put(new ByteArrayInputStream("same".getBytes()));
        assertThat(second).isEqualTo(first);
        var listed = new ArrayList<BlobId>();
        blobs.forEach(info -> listed.add(info.id()));
        assertThat(listed).containsExactly(first.id());
    }

    @Test
    void largeBodiesStreamThrough() throws Exception {
        var body = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(body);
        var stored = blobs.put(new ByteArrayInputStream(body));
        assertThat(stored.size()).isEqualTo(body.length);
        try (var in = blobs.open(stored.id())) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
    }

    @Test
    void rangedOpenReadsThePartAndStopsAtTheEnd() throws Exception {
        var stored = blobs.put(new ByteArrayInputStream("0123456789".getBytes()));
        try (var in = blobs.open(stored.id(), 3, 4)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("3456");
        }
        try (var in = blobs.open(stored.id(), 8, 100)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("89");
        }
        try (var in = blobs.open(stored.id(), 20, 5)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void putPathStoresTheFileContent() throws Exception {
        var file = scratch.resolve("literal");
        Files.writeString(file, "streamed literal");
        var stored = blobs.put(file);
        try (var in = blobs.open(stored.id())) {
            assertThat(new String(in.readAllBytes())).isEqualTo("streamed literal");
        }
        assertThat(file).exists();
    }

    @Test
    void adoptStoresTheFileContentAndTakesTheFile() throws Exception {
        var file = scratch.resolve("spooled");
        Files.writeString(file, "spooled message");
        var stored = blobs.adopt(file);
        assertThat(stored.size()).isEqualTo("spooled message".length());
        assertThat(stored.id()).isEqualTo(blobs.put(new ByteArrayInputStream("spooled message".getBytes())).id());
        try (var in = blobs.open(stored.id())) {
            assertThat(new String(in.readAllBytes())).isEqualTo("spooled message");
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void adoptOfABodyAlreadyStoredKeepsItAndTakesTheFile() throws Exception {
        var first = blobs.put(new ByteArrayInputStream("twice".getBytes()));
        var file = scratch.resolve("again");
        Files.writeString(file, "twice");
        assertThat(blobs.adopt(file)).isEqualTo(first);
        assertThat(file).doesNotExist();
        try (var in = blobs.open(first.id())) {
            assertThat(new String(in.readAllBytes())).isEqualTo("twice");
        }
    }

    @Test
    void deleteRemovesAndIgnoresAbsentBodies() throws Exception {
        var stored = blobs.put(new ByteArrayInputStream("bye".getBytes()));
        blobs.delete(stored.id());
        assertThat(blobs.exists(stored.id())).isFalse();
        blobs.delete(stored.id());
        assertThatThrownBy(() -> blobs.open(stored.id())).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void forEachListsEveryBodyWithWhenItWasWritten() throws Exception {
        var before = Instant.now().minus(Duration.ofMinutes(1));
        var ids = new ArrayList<BlobId>();
        for (int i = 0; i < 20; i++) ids.add(blobs.put(new ByteArrayInputStream(("body " + i).getBytes())).id());
        var listed = new ArrayList<BlobStore.BlobInfo>();
        blobs.forEach(listed::add);
        assertThat(listed).extracting(BlobStore.BlobInfo::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(listed).allMatch(info -> info.written().isAfter(before)
                && info.written().isBefore(Instant.now().plusSeconds(60)));
    }
}
