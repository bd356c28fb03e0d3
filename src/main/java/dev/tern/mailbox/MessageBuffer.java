package dev.tern.mailbox;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A message as it arrives: held in memory up to a bound, and past it in a {@link Spool} file with everything
 * written before. A small message so costs no file at all, and a large one no more memory than the bound.
 * {@link #close} discards the content (and the file); a message that is kept has been stored by then.
 */
public final class MessageBuffer implements AutoCloseable {
    private static final int FILE_BUFFER = 64 * 1024;

    private final Path spool;
    private final String purpose;
    private final int memoryLimit;
    private byte[] bytes;
    private int count;
    private Path file;
    private OutputStream fileOut;
    private long size;
    private final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            if (file == null && count < memoryLimit) {
                if (count == bytes.length) grow(count + 1);
                bytes[count++] = (byte) b;
            } else {
                spill().write(b);
            }
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (file == null && len <= memoryLimit - count) {
                if (count + len > bytes.length) grow(count + len);
                System.arraycopy(b, off, bytes, count, len);
                count += len;
            } else {
                spill().write(b, off, len);
            }
            size += len;
        }

        @Override
        public void flush() throws IOException {
            if (fileOut != null) fileOut.flush();
        }

        /** Closing the stream ends the writing, not the message: that is {@link MessageBuffer#close()}. */
        @Override
        public void close() throws IOException { flush(); }
    };

    /**
     * @param spool       where the file goes if the message outgrows {@code memoryLimit}
     * @param purpose     the file's name prefix (e.g. "smtp"), see {@link Spool#createFile}
     * @param memoryLimit most bytes held in memory; 0 writes every message to a file
     */
    public MessageBuffer(Path spool, String purpose, int memoryLimit) {
        if (memoryLimit < 0) throw new IllegalArgumentException("memoryLimit must not be negative: " + memoryLimit);
        this.spool = spool;
        this.purpose = purpose;
        this.memoryLimit = memoryLimit;
        this.bytes = new byte[Math.min(memoryLimit, 8 * 1024)];
    }

    /** Where the message is written. */
    public OutputStream out() { return out; }

    /** Bytes written so far. */
    public long size() { return size; }

    /** Whether the whole message is in memory (no file was needed). */
    public boolean inMemory() { return file == null; }

    /** A copy of the message held in memory. @throws IllegalStateException if it is in a file */
    public byte[] bytes() {
        if (file != null) throw new IllegalStateException("the message is in the spool file " + file);
        return Arrays.copyOf(bytes, count);
    }

    /** Reads the message written so far from its start. */
    public InputStream open() throws IOException {
        if (file == null) return new ByteArrayInputStream(bytes, 0, count);
        fileOut.flush();
        return Files.newInputStream(file);
    }

    /** The message as a file, written out now if it was in memory; it stays this buffer's to delete. */
    public Path file() throws IOException {
        spill().flush();
        return file;
    }

    /**
     * Hands the file over to the caller (e.g. to be adopted by the blob store), writing it out first if the
     * message was in memory; this buffer no longer deletes it.
     */
    public Path detachFile() throws IOException {
        var taken = file();
        fileOut.close();
        fileOut = null;
        file = null;
        bytes = new byte[0];
        count = 0;
        size = 0;
        return taken;
    }

    private void grow(int needed) {
        bytes = Arrays.copyOf(bytes, Math.min(memoryLimit, Math.max(needed, bytes.length * 2)));
    }

    private OutputStream spill() throws IOException {
        if (fileOut == null) {
            file = Spool.createFile(spool, purpose);
            fileOut = new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER);
            fileOut.write(bytes, 0, count);
            bytes = new byte[0];
            count = 0;
        }
        return fileOut;
    }

    /** Discards the message: the memory, and the spool file if there is one. */
    @Override
    public void close() throws IOException {
        try {
            if (fileOut != null) fileOut.close();
        } finally {
            fileOut = null;
            bytes = new byte[0];
            count = 0;
            if (file != null) Files.deleteIfExists(file);
            file = null;
        }
    }
}
