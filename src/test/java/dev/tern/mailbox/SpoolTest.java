package dev.tern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir Path spool;

    /** A process id that no process has: above the kernel's pid_max (at most 2^22). */
    private static final long GONE = 999_999_999L;

    @Test
    void sweepRemovesTheFilesOfAGoneProcessAndOldFilesButNotThoseInUse() throws Exception {
        var crashed = Files.writeString(spool.resolve("smtp-" + GONE + "-123.eml"), "half a message");
        var mine = Spool.createFile(spool, "smtp");
        var youngUnnamed = Files.writeString(spool.resolve("append-4242.eml"), "arriving now");
        var oldUnnamed = Files.writeString(spool.resolve("append-17.eml"), "from last week");
        Files.setLastModifiedTime(oldUnnamed, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        assertThat(Spool.sweep(spool)).isEqualTo(2);

        assertThat(crashed).doesNotExist();
        assertThat(oldUnnamed).doesNotExist();
        assertThat(mine).exists();
        assertThat(youngUnnamed).exists();
        assertThat(mine.getFileName().toString()).startsWith("smtp-" + ProcessHandle.current().pid() + "-");
    }

    @Test
    void aMissingSpoolIsNothingToSweep() throws Exception {
        assertThat(Spool.sweep(spool.resolve("absent"))).isZero();
    }
}
