package dev.tern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageBufferTest {
    @TempDir Path spool;

    private long spoolFiles() throws Exception {
        try (var files = Files.list(spool)) {
            return files.count();
        }
    }

    @Test
    void aMessageWithinTheBoundStaysInMemory() throws Exception {
        try (var buffer = new MessageBuffer(spool, "smtp", 16)) {
            buffer.out().write("Subject: x\r\n".getBytes());
            buffer.out().write('\r');
            buffer.out().write('\n');
            assertThat(buffer.inMemory()).isTrue();
            assertThat(buffer.size()).isEqualTo(14);
            assertThat(buffer.bytes()).asString().isEqualTo("Subject: x\r\n\r\n");
            try (var in = buffer.open()) {
                assertThat(in.readAllBytes()).asString().isEqualTo("Subject: x\r\n\r\n");
            }
            assertThat(spoolFiles()).isZero();
        }
    }

    @Test
    void aMessagePastTheBoundGoesToASpoolFileWithWhatCameBefore() throws Exception {
        try (var buffer = new MessageBuffer(spool, "smtp", 16)) {
            buffer.out().write("0123456789".getBytes());
            buffer.out().write("abcdefghij".getBytes());
            buffer.out().write('!');
            assertThat(buffer.inMemory()).isFalse();
            assertThat(buffer.size()).isEqualTo(21);
            try (var in = buffer.open()) {
                assertThat(in.readAllBytes()).asString().isEqualTo("0123456789abcdefghij!");
            }
            assertThat(buffer.file().getFileName().toString()).startsWith("smtp-" + ProcessHandle.current().pid() + "-");
            assertThatThrownBy(buffer::bytes).isInstanceOf(IllegalStateException.class);
        }
        assertThat(spoolFiles()).as("closing discards the spool file").isZero();
    }

    @Test
    void fileWritesOutAMessageHeldInMemoryAndDetachHandsItOver() throws Exception {
        Path taken;
        try (var buffer = new MessageBuffer(spool, "incoming", 1024)) {
            buffer.out().write("small".getBytes());
            assertThat(buffer.file()).hasContent("small");
            taken = buffer.detachFile();
        }
        assertThat(taken).exists().hasContent("small");
    }

    @Test
    void aBoundOfZeroSpoolsEverything() throws Exception {
        try (var buffer = new MessageBuffer(spool, "smtp", 0)) {
            buffer.out().write('x');
            assertThat(buffer.inMemory()).isFalse();
            assertThat(spoolFiles()).isEqualTo(1);
        }
    }
}
