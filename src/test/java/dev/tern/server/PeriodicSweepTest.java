package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.store.sql.EmbeddedStorage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeriodicSweepTest {
    @TempDir Path data;

    @Test
    void removesOldOrphanBodiesAndSparesYoungOnes() throws Exception {
        // Bodies as files, so that the test can age one; bodies in the database are swept alike (BodySweepTest).
        try (var storage = EmbeddedStorage.open(data, EmbeddedStorage.Options.defaults().withInlineBodySize(0))) {
            var old = storage.blobs().put(new ByteArrayInputStream("orphan from a crash\r\n".getBytes()));
            var young = storage.blobs().put(new ByteArrayInputStream("written a moment ago\r\n".getBytes()));
            try (var files = Files.walk(data.resolve("blobs"))) {
                var oldFile = files.filter(p -> p.getFileName().toString().equals(old.id().sha256())).findFirst()
                        .orElseThrow();
                Files.setLastModifiedTime(oldFile, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            }
            try (var sweep = PeriodicSweep.start(storage, data.resolve("spool"), Duration.ofMillis(20))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (storage.blobs().exists(old.id()) && System.nanoTime() < deadline) Thread.sleep(10);
            }
            assertThat(storage.blobs().exists(old.id())).as("old orphan removed").isFalse();
            assertThat(storage.blobs().exists(young.id())).as("young body kept").isTrue();
        }
    }

    @Test
    void spoolFilesLeftByACrashAreRemovedAtStart() throws Exception {
        var spool = Files.createDirectories(data.resolve("spool"));
        var leftover = Files.writeString(spool.resolve("smtp-999999999-1.eml"), "a message cut off by a crash");
        try (var storage = EmbeddedStorage.open(data, EmbeddedStorage.Options.defaults());
             var sweep = PeriodicSweep.start(storage, spool, Duration.ofHours(1))) {
            assertThat(leftover).doesNotExist();
        }
    }
}
