package dev.tern.imap.proto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.net.LineReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CommandReaderTest extends ParserTest {

    @Test
    void synchronisingLiteralIsAnsweredWithContinuationAndReadInline() throws IOException {
        var login = (Command.Login) parse("a1 LOGIN {5}\r\nalice {6}\r\nsecret\r\n");
        assertThat(login).isEqualTo(new Command.Login("alice", "secret"));
        assertThat(sent.toString(StandardCharsets.US_ASCII)).isEqualTo(
                "+ Ready for literal data\r\n+ Ready for literal data\r\n");
    }

    @Test
    void nonSynchronisingLiteralIsReadWithoutContinuation() throws IOException {
        assertThat(parse("a1 LOGIN {5+}\r\nalice \"pa\\\"ss\"\r\n")).isEqualTo(new Command.Login("alice", "pa\"ss"));
        assertThat(sent.size()).isZero();
    }

    @Test
    void literalOverTheLimitIsRefusedBeforeTheContinuation() throws IOException {
        var error = failure("a1 LOGIN {500}\r\n");
        assertThat(error).isInstanceOf(ImapException.No.class);
        assertThat(error.code()).isEqualTo("TOOBIG");
        assertThat(sent.size()).as("no continuation for a refused literal").isZero();
    }

    @Test
    void nonSynchronisingLiteralOverTheLimitEndsTheConnection() throws IOException {
        assertThat(failure("a1 LOGIN {500+}\r\n")).isInstanceOf(ImapException.Bye.class);
    }

    @Test
    void syntaxErrorSkipsAnnouncedNonSynchronisingLiteral() throws IOException {
        var reader = new CommandReader(new CommandReader.Settings(100, 1000, 16, spool));
        var in = new LineReader(new ByteArrayInputStream(
                "a1 FROB x {3+}\r\nabc\r\na2 NOOP\r\n".getBytes(StandardCharsets.US_ASCII)), 200);
        assertThat(reader.read(in, sent)).isInstanceOf(CommandReader.Result.Failed.class);
        assertThat(reader.read(in, sent)).isEqualTo(new CommandReader.Result.Parsed("a2", new Command.Noop()));
    }

    @Test
    void appendMessageAboveTheThresholdIsSpooledToAFile() throws Exception {
        var body = "Subject: hi\r\n\r\n" + "x".repeat(100) + "\r\n";
        var append = (Command.Append) parse("a1 APPEND Drafts (\\Seen $Work) \" 5-Mar-2026 10:00:00 +0100\" {"
                + body.length() + "}\r\n" + body + "\r\n");
        assertThat(append.mailbox()).isEqualTo("Drafts");
        var first = append.messages().getFirst();
        assertThat(first.flags()).containsExactly("\\Seen", "$Work");
        assertThat(first.date()).hasValueSatisfying(d -> assertThat(d.toString()).isEqualTo("2026-03-05T09:00:00Z"));
        try (var message = first.message()) {
            assertThat(message).isInstanceOf(MessageLiteral.Spooled.class);
            assertThat(new String(message.open().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(body);
        }
        try (var files = Files.list(spool)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void appendOverTheMessageLimitIsRefusedWithToobig() throws IOException {
        var error = failure("a1 APPEND INBOX {5000}\r\n");
        assertThat(error.code()).isEqualTo("TOOBIG");
        assertThat(sent.size()).isZero();
    }

    @Test
    void binaryLiteralIsAcceptedForAppend() throws Exception {
        var append = (Command.Append) parse("a1 APPEND INBOX ~{3+}\r\na\0b\r\n");
        var message = append.messages().getFirst().message();
        assertThat(message.binary()).isTrue();
        assertThat(message.open().readAllBytes()).containsExactly('a', 0, 'b');
    }

    @Test
    void searchParsesNestedOrNotAndLiterals() throws IOException {
        var search = (Command.Search) parse(
                "a1 UID SEARCH RETURN (MIN COUNT) CHARSET UTF-8 OR (FROM alice NOT SEEN) SUBJECT {3+}\r\nh\u00e9 1:5 SINCE 1-Feb-2026\r\n");
        assertThat(search.uid()).isTrue();
        assertThat(search.returns()).containsExactly("MIN", "COUNT");
        assertThat(search.key()).isEqualTo(new SearchKey.And(List.of(
                new SearchKey.Or(new SearchKey.And(List.of(new SearchKey.Header("from", "alice"),
                        new SearchKey.Not(new SearchKey.Flag("\\Seen", true)))),
                        new SearchKey.Header("subject", "h\u00e9")),
                new SearchKey.Sequence(SequenceSet.of(1, 5)),
                new SearchKey.Date(SearchKey.DateField.INTERNAL, SearchKey.Relation.SINCE, LocalDate.of(2026, 2, 1)))));
    }

    @Test
    void unknownCharsetIsBadcharset() throws IOException {
        assertThat(failure("a1 SEARCH CHARSET KOI8-R ALL\r\n").code()).startsWith("BADCHARSET");
    }

    @Test
    void fetchParsesSectionsPartialsAndMacros() throws IOException {
        var fetch = (Command.Fetch) parse(
                "a1 FETCH 2:* (FAST BODY.PEEK[1.2.HEADER.FIELDS (From \"To\")]<0.100> BINARY[2] BODY[] UID)\r\n");
        assertThat(fetch.set()).isEqualTo(SequenceSet.of(2, SequenceSet.STAR));
        assertThat(fetch.attributes()).contains(new FetchAttribute.Flags(), new FetchAttribute.Uid(),
                new FetchAttribute.BodySection(true, new FetchAttribute.Section(List.of(1, 2),
                        FetchAttribute.Text.HEADER_FIELDS, List.of("From", "To")), new FetchAttribute.Partial(0, 100)),
                new FetchAttribute.Binary(false, List.of(2), null),
                new FetchAttribute.BodySection(false, new FetchAttribute.Section(List.of(), FetchAttribute.Text.NONE,
                        List.of()), null));
    }

    @Test
    void storeParsesOperationAndSilent() throws IOException {
        assertThat(parse("a1 UID STORE 1,3 -FLAGS.SILENT (\\Deleted $x)\r\n")).isEqualTo(new Command.Store(true,
                SequenceSet.parse("1,3"), Command.FlagOperation.REMOVE, true, List.of("\\Deleted", "$x"), -1));
    }

    @Test
    void listParsesExtendedSyntax() throws IOException {
        var list = (Command.ListMailboxes) parse(
                "a1 LIST (SUBSCRIBED) \"\" (INBOX \"Ar%\") RETURN (CHILDREN STATUS (MESSAGES UNSEEN))\r\n");
        assertThat(list.selection()).containsExactly("SUBSCRIBED");
        assertThat(list.patterns()).containsExactly("INBOX", "Ar%");
        assertThat(list.returns()).containsExactly("CHILDREN", "STATUS");
        assertThat(list.statusItems()).containsExactly("MESSAGES", "UNSEEN");
    }

    @Test
    void mailboxNamesAreDecodedFromModifiedUtf7() throws IOException {
        assertThat(parse("a1 SELECT &AMk-t&AOk-\r\n")).isEqualTo(new Command.Select("\u00c9t\u00e9", false, false));
        assertThat(parse("a1 SELECT inbox\r\n")).isEqualTo(new Command.Select("INBOX", false, false));
        assertThat(failure("a1 SELECT &Jjo\r\n")).isInstanceOf(ImapException.Bad.class);
    }

    @Test
    void modifiedUtf7RoundTrips() {
        for (var name : List.of("Entw\u00fcrfe", "A&B", "\u65e5\u672c\u8a9e/\u53d7\u4fe1", "~peter/mail/\u53f0\u5317")) {
            assertThat(ModifiedUtf7.decode(ModifiedUtf7.encode(name))).isEqualTo(name);
        }
        assertThat(ModifiedUtf7.encode("~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e"))
                .isEqualTo("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
    }

    @Test
    void badInputIsBadNeverACrash() throws IOException {
        for (var line : List.of("\r\n", "a1\r\n", "a1 \r\n", "+ NOOP\r\n", "a1 FETCH\r\n", "a1 FETCH 0 FLAGS\r\n",
                "a1 FETCH 1 BODY[9.MIME\r\n", "a1 SEARCH OR ALL\r\n", "a1 STORE 1 FLAGS (\r\n", "a1 LOGIN \"a\r\n",
                "a1 UID FROB 1\r\n", "a1 SELECT\r\n", "a1 NOOP extra\r\n", "a1 SEARCH " + "(".repeat(80) + "\r\n")) {
            assertThat(failure(line)).as(line).isInstanceOf(ImapException.Bad.class);
        }
    }

    @Test
    void randomBytesNeverThrow() throws IOException {
        var random = new Random(5);
        var alphabet = "a1 FETCH SEARCH UID ()[]<>{}~+*:,.\"\\ 0123456789 BODY HEADER OR NOT \r\n".getBytes(
                StandardCharsets.US_ASCII);
        for (int i = 0; i < 2000; i++) {
            var bytes = new byte[random.nextInt(80)];
            for (int k = 0; k < bytes.length; k++) bytes[k] = alphabet[random.nextInt(alphabet.length)];
            var reader = new CommandReader(new CommandReader.Settings(100, 1000, 16, spool));
            var in = new LineReader(new ByteArrayInputStream(bytes), 200);
            try {
                for (int n = 0; n < 10 && !(reader.read(in, sent) instanceof CommandReader.Result.End); n++) { }
            } catch (java.io.EOFException expected) {
                // the input ended inside a literal
            }
        }
    }
}
