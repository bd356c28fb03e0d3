package dev.tern.imap.proto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The message of an APPEND: small ones in memory, larger ones in a temporary file that {@link #close()} removes.
 * {@code binary} is true for a {@code ~{n}} literal (RFC 3516 §4.4), which may hold NUL octets.
 */
public sealed interface MessageLiteral extends AutoCloseable {
    long size();

    boolean binary();

    InputStream open() throws IOException;

    @Override
    void close() throws IOException;

    record InMemory(byte[] bytes, boolean binary) implements MessageLiteral {
        public long size() { return bytes.length; }

        public InputStream open() { return new ByteArrayInputStream(bytes); }

        public void close() { }
    }

    record Spooled(Path file, long size, boolean binary) implements MessageLiteral {
        public InputStream open() throws IOException { return Files.newInputStream(file); }

        public void close() throws IOException { Files.deleteIfExists(file); }
    }
}
