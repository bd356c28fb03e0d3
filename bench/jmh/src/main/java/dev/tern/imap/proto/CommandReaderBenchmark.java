package dev.tern.imap.proto;

import dev.tern.mime.SampleMessages;
import dev.tern.net.LineReader;
import dev.tern.net.ReplayStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading and parsing one IMAP command from the connection's line reader, as the session loop does: a client's
 * header-list UID FETCH, a SEARCH with nested OR and NOT, and an APPEND with a 4 KiB synchronising literal (the
 * continuation goes to a discarding stream). The reader is fed the same command over and over, so it is reused
 * like a connection's and each invocation reads exactly one command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CommandReaderBenchmark {
    static final String FETCH = "a1 UID FETCH 1:500,502,510:* (UID FLAGS INTERNALDATE RFC822.SIZE "
            + "BODY.PEEK[HEADER.FIELDS (From To Cc Subject Date Message-ID References In-Reply-To Content-Type)] "
            + "BODY.PEEK[1.2.MIME] BODY.PEEK[2]<0.2048>)\r\n";
    static final String SEARCH = "a2 UID SEARCH CHARSET UTF-8 OR OR FROM \"alice@example.org\" TO bob "
            + "NOT (OR SEEN FLAGGED) SINCE 1-Nov-2026 NOT DELETED SUBJECT \"quarterly report\"\r\n";
    static final int APPEND_SIZE = 4096;

    @Param({"uid-fetch", "search", "append-4k"})
    public String command;

    private CommandReader reader;
    private LineReader in;
    private final OutputStream continuations = OutputStream.nullOutputStream();

    @Setup
    public void prepare() throws IOException {
        // The server's settings: limits.literal-size 64K, limits.message-size 50M, messages up to 256K in memory.
        reader = new CommandReader(new CommandReader.Settings(64 * 1024, 50L << 20, 256 * 1024, Path.of("/nonexistent")));
        var bytes = switch (command) {
            case "uid-fetch" -> FETCH.getBytes(StandardCharsets.US_ASCII);
            case "search" -> SEARCH.getBytes(StandardCharsets.US_ASCII);
            case "append-4k" -> append();
            default -> throw new IllegalArgumentException("no sample command " + command);
        };
        in = new LineReader(new ReplayStream(bytes), 64 * 1024);
        check(read());
    }

    @Benchmark
    public CommandReader.Result read() throws IOException {
        return reader.read(in, continuations);
    }

    private static byte[] append() {
        var message = SampleMessages.plain(APPEND_SIZE, 2);
        var line = ("a3 APPEND Sent (\\Seen $Forwarded) \"26-Nov-2026 10:12:40 +0100\" {" + APPEND_SIZE + "}\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        var all = Arrays.copyOf(line, line.length + APPEND_SIZE + 2);
        System.arraycopy(message, 0, all, line.length, APPEND_SIZE);
        all[all.length - 2] = '\r';
        all[all.length - 1] = '\n';
        return all;
    }

    private void check(CommandReader.Result result) throws IOException {
        if (!(result instanceof CommandReader.Result.Parsed(var tag, var parsed))) {
            throw new IllegalStateException(command + " did not parse: " + result);
        }
        boolean expected = switch (parsed) {
            case Command.Fetch f -> tag.equals("a1") && f.uid()
                    && f.set().equals(SequenceSet.parse("1:500,502,510:*"))
                    && f.attributes().equals(List.of(new FetchAttribute.Uid(), new FetchAttribute.Flags(),
                            new FetchAttribute.InternalDate(), new FetchAttribute.Rfc822Size(),
                            new FetchAttribute.BodySection(true, new FetchAttribute.Section(List.of(),
                                    FetchAttribute.Text.HEADER_FIELDS, List.of("From", "To", "Cc", "Subject", "Date",
                                    "Message-ID", "References", "In-Reply-To", "Content-Type")), null),
                            new FetchAttribute.BodySection(true, new FetchAttribute.Section(List.of(1, 2),
                                    FetchAttribute.Text.MIME, List.of()), null),
                            new FetchAttribute.BodySection(true, new FetchAttribute.Section(List.of(2),
                                    FetchAttribute.Text.NONE, List.of()), new FetchAttribute.Partial(0, 2048))));
            case Command.Search s -> tag.equals("a2") && s.uid() && s.charset().equals(Optional.of("UTF-8"))
                    && s.key().equals(new SearchKey.And(List.of(
                            new SearchKey.Or(new SearchKey.Or(new SearchKey.Header("from", "alice@example.org"),
                                    new SearchKey.Header("to", "bob")),
                                    new SearchKey.Not(new SearchKey.And(List.of(new SearchKey.Or(
                                            new SearchKey.Flag("\\Seen", true),
                                            new SearchKey.Flag("\\Flagged", true)))))),
                            new SearchKey.Date(SearchKey.DateField.INTERNAL, SearchKey.Relation.SINCE,
                                    LocalDate.of(2026, 11, 1)),
                            new SearchKey.Not(new SearchKey.Flag("\\Deleted", true)),
                            new SearchKey.Header("subject", "quarterly report"))));
            case Command.Append a -> tag.equals("a3") && a.mailbox().equals("Sent") && a.messages().size() == 1
                    && a.messages().getFirst().flags().equals(List.of("\\Seen", "$Forwarded"))
                    && a.messages().getFirst().date().isPresent()
                    && a.messages().getFirst().message().size() == APPEND_SIZE
                    && Arrays.equals(a.messages().getFirst().message().open().readAllBytes(),
                            SampleMessages.plain(APPEND_SIZE, 2));
            default -> false;
        };
        if (!expected) throw new IllegalStateException(command + " parsed into the wrong command: " + parsed);
    }
}
