package dev.tern.store.blob;

import dev.tern.store.BlobStore;
import dev.tern.store.BlobStoreContract;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@link BlobStoreContract} on files, and the file layout itself. */
class FileBlobStoreTest extends BlobStoreContract {

    @Override
    protected BlobStore openBlobStore() throws Exception {
        return FileBlobStore.open(scratch.resolve("blobs"));
    }

    @Test
    void bodiesLiveUnderTwoLevelsOfFanOut() throws Exception {
        var stored = blobs.put(new ByteArrayInputStream("layout".getBytes()));
        var hex = stored.id().sha256();
        var expected = scratch.resolve("blobs").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
        assertThat(expected).isRegularFile().hasContent("layout");
        assertThat(((FileBlobStore) blobs).path(stored.id())).isEqualTo(expected);
    }

    @Test
    void openingRemovesTemporaryFilesLeftByACrash() throws Exception {
        var tmp = scratch.resolve("blobs").resolve("tmp");
        var leftover = tmp.resolve("put-999999999-1.tmp"); // a process id far above any live one
        var unnamed = tmp.resolve("stray.tmp");
        Files.writeString(leftover, "half a body");
        Files.writeString(unnamed, "?");
        var reopened = FileBlobStore.open(scratch.resolve("blobs"));
        assertThat(leftover).doesNotExist();
        assertThat(unnamed).doesNotExist();
        var listed = new java.util.ArrayList<BlobStore.BlobInfo>();
        reopened.forEach(listed::add);
        assertThat(listed).isEmpty();
    }

    @Test
    void openingKeepsTemporaryFilesOfALiveProcess() throws Exception {
        // Another process (here: this one) may be in the middle of a put on the same directory.
        var inProgress = scratch.resolve("blobs").resolve("tmp").resolve("put-" + ProcessHandle.current().pid() + "-9.tmp");
        Files.writeString(inProgress, "being written");
        FileBlobStore.open(scratch.resolve("blobs"));
        assertThat(inProgress).exists();
    }

    @Test
    void adoptRenamesTheFileIntoPlaceWithoutACopy() throws Exception {
        var file = scratch.resolve("spooled");
        Files.writeString(file, "moved, not copied");
        var inode = Files.getAttribute(file, "unix:ino");
        var stored = blobs.adopt(file);
        var placed = ((FileBlobStore) blobs).path(stored.id());
        assertThat(placed).hasContent("moved, not copied");
        assertThat(Files.getAttribute(placed, "unix:ino")).isEqualTo(inode);
        assertThat(file).doesNotExist();
    }

    @Test
    void putLeavesNoTemporaryFiles() throws Exception {
        blobs.put(new ByteArrayInputStream("once".getBytes()));
        blobs.put(new ByteArrayInputStream("once".getBytes()));
        try (var files = Files.list(scratch.resolve("blobs").resolve("tmp"))) {
            assertThat(files).isEmpty();
        }
    }
}
