package dev.tern.imap.proto;

import dev.tern.net.LineReader;
import dev.tern.net.LineTooLongException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one command at a time from a connection: the command line, and each literal the parser meets, pulled
 * inline. A synchronising literal ({@code {n}}) is checked against its bound before the {@code +} continuation is
 * sent, so a client never sends what will be refused; a non-synchronising one ({@code {n+}}, RFC 7888) over its
 * bound cannot be refused without reading it, so the connection is closed. APPEND messages above
 * {@link Settings#memoryThreshold()} go to a temporary file. Never throws for bad input: the result says BAD,
 * NO or BYE.
 */
public final class CommandReader {

    /** Makes the (empty) file an APPEND message too large for memory is written to. */
    @FunctionalInterface
    public interface SpoolFiles {
        Path create() throws IOException;
    }

    /**
     * @param maxLiteral      largest literal other than an APPEND message (limits.literal-size)
     * @param maxMessage      largest APPEND message (limits.message-size)
     * @param memoryThreshold APPEND messages larger than this are spooled (limits.message-memory)
     * @param spool           makes the files for spooled APPEND messages
     */
    public record Settings(long maxLiteral, long maxMessage, int memoryThreshold, SpoolFiles spool) {
        /** Spooled APPEND messages as temporary files in the directory {@code spool}. */
        public Settings(long maxLiteral, long maxMessage, int memoryThreshold, Path spool) {
            this(maxLiteral, maxMessage, memoryThreshold, () -> Files.createTempFile(spool, "append-", ".eml"));
        }
    }

    /** What reading a command gave. */
    public sealed interface Result {
        /** A command to run. */
        record Parsed(String tag, Command command) implements Result {}

        /** A command to refuse: {@code tag} is {@code *} when none could be read. */
        record Failed(String tag, ImapException error) implements Result {}

        /** The client closed the connection. */
        record End() implements Result {}
    }

    private static final byte[] CONTINUE = "+ Ready for literal data\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Settings settings;
    private volatile boolean utf8;

    public CommandReader(Settings settings) { this.settings = settings; }

    /** After ENABLE UTF8=ACCEPT or IMAP4rev2: mailbox names are UTF-8, not modified UTF-7 (RFC 6855 §3). */
    public void utf8(boolean enabled) { this.utf8 = enabled; }

    public boolean utf8() { return utf8; }

    /**
     * Reads and parses the next command. I/O failures (the connection broke) are thrown; everything the client
     * got wrong is a {@link Result.Failed}.
     */
    public Result read(LineReader in, OutputStream out) throws IOException {
        byte[] line;
        try {
            line = in.readLineBytes(in.maxLineLength());
        } catch (LineTooLongException e) {
            // The reader discarded the line; a literal it announced may follow and would be read as commands.
            return new Result.Failed("*", new ImapException.Bye("TOOBIG",
                    "command line longer than " + e.limit() + " octets (limits.imap-line-length)"));
        }
        if (line == null) return new Result.End();
        var cursor = new Cursor(line, in, out);
        String tag = "*";
        try {
            tag = cursor.tag();
            cursor.space();
            var command = new CommandParser(cursor, utf8).command();
            try {
                cursor.end();
            } catch (ImapException e) {
                if (command instanceof Command.Append a) a.close();
                throw e;
            }
            return new Result.Parsed(tag, command);
        } catch (ImapException e) {
            return new Result.Failed(tag, e instanceof ImapException.Bad ? skipAnnouncedLiterals(cursor, e) : e);
        } catch (LineTooLongException e) {
            return new Result.Failed(tag, new ImapException.Bye("TOOBIG",
                    "command line longer than " + e.limit() + " octets (limits.imap-line-length)"));
        }
    }

    /**
     * After a syntax error, non-synchronising literals announced at the end of the line are coming anyway: read
     * and drop them with the lines that follow, so that their bytes are not taken for commands.
     */
    private ImapException skipAnnouncedLiterals(Cursor cursor, ImapException error) throws IOException {
        var line = cursor.line;
        for (int guard = 0; guard < 1000; guard++) {
            var marker = LiteralMarker.at(line);
            if (marker == null || !marker.nonSync()) return error;
            if (marker.size() > Math.max(settings.maxLiteral(), settings.maxMessage())) {
                return new ImapException.Bye("TOOBIG", "literal of " + marker.size() + " octets is over the limit");
            }
            cursor.in.transferTo(OutputStream.nullOutputStream(), marker.size());
            line = cursor.in.readLineBytes(cursor.in.maxLineLength());
            if (line == null) return error;
        }
        return error;
    }

    /** {@code {n}}, {@code {n+}}, {@code ~{n}} at the end of a line. */
    record LiteralMarker(long size, boolean nonSync, boolean binary, int start) {
        static LiteralMarker at(byte[] line) {
            int n = line.length;
            if (n < 3 || line[n - 1] != '}') return null;
            int end = n - 1;
            boolean nonSync = line[end - 1] == '+';
            int digitsEnd = nonSync ? end - 1 : end;
            int open = digitsEnd - 1;
            while (open >= 0 && line[open] >= '0' && line[open] <= '9') open--;
            if (open < 0 || line[open] != '{' || open == digitsEnd - 1 || digitsEnd - open - 1 > 18) return null;
            long size = Long.parseLong(new String(line, open + 1, digitsEnd - open - 1, StandardCharsets.US_ASCII));
            boolean binary = open > 0 && line[open - 1] == '~';
            return new LiteralMarker(size, nonSync, binary, binary ? open - 1 : open);
        }
    }

    /** The current line and position, and the connection to pull literals and further lines from. */
    final class Cursor {
        byte[] line;
        int pos;
        final LineReader in;
        final OutputStream out;

        Cursor(byte[] line, LineReader in, OutputStream out) {
            this.line = line;
            this.in = in;
            this.out = out;
        }

        boolean atEnd() { return pos >= line.length; }

        int peek() { return atEnd() ? -1 : line[pos] & 0xFF; }

        int next() {
            if (atEnd()) throw new ImapException.Bad("command ends early");
            return line[pos++] & 0xFF;
        }

        boolean take(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!take(c)) throw new ImapException.Bad("expected '" + c + "' at column " + (pos + 1) + found());
        }

        void space() { expect(' '); }

        void end() {
            if (!atEnd()) throw new ImapException.Bad("unexpected text at column " + (pos + 1) + found());
        }

        String found() {
            if (atEnd()) return ", found the end of the line";
            int to = Math.min(line.length, pos + 20);
            return ", found \"" + new String(line, pos, to - pos, StandardCharsets.UTF_8) + "\"";
        }

        /** tag = 1*&lt;any ASTRING-CHAR except "+"&gt; */
        String tag() {
            int start = pos;
            while (!atEnd() && Syntax.isAstringChar(line[pos] & 0xFF) && line[pos] != '+') pos++;
            if (pos == start) throw new ImapException.Bad("a command starts with a tag, e.g. \"a1 NOOP\"");
            return new String(line, start, pos - start, StandardCharsets.US_ASCII);
        }

        /** Whether a literal marker starts here and ends the line. */
        boolean atLiteral() {
            var marker = LiteralMarker.at(line);
            return marker != null && marker.start() == pos;
        }

        /** Reads the literal that starts here (bounded by limits.literal-size) and moves to the line after it. */
        byte[] literal() throws IOException {
            var marker = LiteralMarker.at(line);
            if (marker == null || marker.start() != pos) throw new ImapException.Bad("bad literal" + found());
            if (marker.size() > settings.maxLiteral()) refuse(marker, settings.maxLiteral(), "limits.literal-size");
            if (!marker.nonSync()) continueLiteral();
            var bytes = in.readBytes((int) marker.size());
            nextLine();
            return bytes;
        }

        /** APPEND messages above this are spooled; several in one command share it (RFC 3502 MULTIAPPEND). */
        long memoryThreshold() { return settings.memoryThreshold(); }

        /**
         * The APPEND message literal, bounded by limits.message-size, kept in memory if it fits in
         * {@code memoryLeft}, else spooled to a file.
         */
        MessageLiteral message(long memoryLeft) throws IOException {
            var marker = LiteralMarker.at(line);
            if (marker == null || marker.start() != pos) throw new ImapException.Bad("APPEND expects a literal" + found());
            if (marker.size() > settings.maxMessage()) refuse(marker, settings.maxMessage(), "limits.message-size");
            if (!marker.nonSync()) continueLiteral();
            MessageLiteral message;
            if (marker.size() <= Math.min(memoryLeft, settings.memoryThreshold())) {
                message = new MessageLiteral.InMemory(in.readBytes((int) marker.size()), marker.binary());
            } else {
                var file = settings.spool().create();
                try (var o = new BufferedOutputStream(Files.newOutputStream(file), 65536)) {
                    in.transferTo(o, marker.size());
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(file);
                    throw e;
                }
                message = new MessageLiteral.Spooled(file, marker.size(), marker.binary());
            }
            try {
                nextLine();
            } catch (IOException | RuntimeException e) {
                message.close();
                throw e;
            }
            return message;
        }

        private void refuse(LiteralMarker marker, long limit, String key) {
            var text = "literal of " + marker.size() + " octets is larger than " + limit + " (" + key + ")";
            // RFC 7888 §4: a non-synchronising literal arrives regardless; the connection cannot continue.
            if (marker.nonSync()) throw new ImapException.Bye("TOOBIG", text);
            throw new ImapException.No("TOOBIG", text);
        }

        private void continueLiteral() throws IOException {
            out.write(CONTINUE);
            out.flush();
        }

        private void nextLine() throws IOException {
            var next = in.readLineBytes(in.maxLineLength());
            if (next == null) throw new java.io.EOFException("connection closed inside a command");
            line = next;
            pos = 0;
        }
    }
}
