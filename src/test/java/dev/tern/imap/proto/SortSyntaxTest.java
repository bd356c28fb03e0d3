package dev.tern.imap.proto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.net.LineReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The syntax of SORT and THREAD (RFC 5256 §5) and ESORT (RFC 5267 §3), read by the parser alone. */
class SortSyntaxTest {
    @TempDir
    Path spool;

    private CommandReader.Result read(String input) throws IOException {
        var reader = new CommandReader(new CommandReader.Settings(100, 1000, 16, spool));
        var in = new LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), 200);
        return reader.read(in, new ByteArrayOutputStream());
    }

    private Command parse(String input) throws IOException {
        var result = read(input);
        assertThat(result).isInstanceOf(CommandReader.Result.Parsed.class);
        return ((CommandReader.Result.Parsed) result).command();
    }

    private ImapException failure(String input) throws IOException {
        var result = read(input);
        assertThat(result).isInstanceOf(CommandReader.Result.Failed.class);
        return ((CommandReader.Result.Failed) result).error();
    }

    @Test
    void sortReadsCriteriaCharsetAndSearchKeys() throws IOException {
        var sort = (Command.Sort) parse("a1 UID SORT (REVERSE arrival subject) utf-8 UNSEEN FROM bob\r\n");
        assertThat(sort.uid()).isTrue();
        assertThat(sort.esort()).isFalse();
        assertThat(sort.criteria()).containsExactly(new Command.SortCriterion(Command.SortKey.ARRIVAL, true),
                new Command.SortCriterion(Command.SortKey.SUBJECT, false));
        assertThat(sort.charset()).isEqualTo("UTF-8");
        assertThat(sort.key()).isEqualTo(new SearchKey.And(List.of(new SearchKey.Flag("\\Seen", false),
                new SearchKey.Header("from", "bob"))));
    }

    @Test
    void esortReturnOptionsComeBeforeTheCriteria() throws IOException {
        var sort = (Command.Sort) parse("a1 SORT RETURN (min COUNT) (DISPLAYFROM) US-ASCII ALL\r\n");
        assertThat(sort.esort()).isTrue();
        assertThat(sort.returns()).isEqualTo(Set.of("MIN", "COUNT"));
        assertThat(sort.criteria()).containsExactly(new Command.SortCriterion(Command.SortKey.DISPLAYFROM, false));
    }

    @Test
    void threadReadsAlgorithmCharsetAndKeys() throws IOException {
        assertThat(parse("a1 THREAD references UTF-8 1:5\r\n")).isEqualTo(new Command.Thread(false, "REFERENCES",
                "UTF-8", new SearchKey.Sequence(SequenceSet.parse("1:5"))));
    }

    @Test
    void malformedSortsAreRefused() throws IOException {
        assertThat(failure("a1 SORT (SIZE) ALL\r\n")).isInstanceOf(ImapException.No.class);
        assertThat(failure("a1 SORT (REVERSE) UTF-8 ALL\r\n")).isInstanceOf(ImapException.Bad.class);
        assertThat(failure("a1 SORT () UTF-8 ALL\r\n")).isInstanceOf(ImapException.Bad.class);
        assertThat(failure("a1 SORT SIZE UTF-8 ALL\r\n")).isInstanceOf(ImapException.Bad.class);
        assertThat(failure("a1 SORT (SIZE) UTF-8\r\n")).isInstanceOf(ImapException.Bad.class);
        assertThat(failure("a1 SORT (SIZE) ISO-2022-JP ALL\r\n").getMessage()).contains("ISO-2022-JP");
    }

    @Test
    void randomSortAndThreadLinesAreAnsweredNeverThrown() throws IOException {
        var random = new Random(5256);
        String[] words = {"SORT", "THREAD", "UID", "RETURN", "(", ")", " ", "REVERSE", "DATE", "SUBJECT", "UTF-8",
                "ALL", "OR", "1:*", "REFERENCES", "{2+}\r\nab", "\"", "MIN"};
        for (int i = 0; i < 2000; i++) {
            var line = new StringBuilder("a1 ");
            for (int k = random.nextInt(12); k >= 0; k--) line.append(words[random.nextInt(words.length)]);
            var result = read(line + "\r\n");
            assertThat(result).as(line.toString())
                    .isInstanceOfAny(CommandReader.Result.Parsed.class, CommandReader.Result.Failed.class);
        }
    }
}
