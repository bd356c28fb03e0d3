package dev.tern.imap.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The syntax of CONDSTORE and QRESYNC (RFC 7162 §7) and MULTIAPPEND (RFC 3502 §6), read by the parser alone. */
class ExtensionSyntaxTest extends ParserTest {

    @Test
    void selectTakesCondstoreAndQresyncParameters() throws IOException {
        assertThat(parse("a1 SELECT INBOX (CONDSTORE)\r\n")).isEqualTo(new Command.Select("INBOX", false, true));
        var full = (Command.Select) parse("a1 EXAMINE INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541 "
                + "(1:3,5 41,43,45)))\r\n");
        assertThat(full.readOnly()).isTrue();
        assertThat(full.qresync()).contains(new Command.QResync(67890007, 20050715194045000L,
                Optional.of(SequenceSet.parse("41,43:211,214:541")),
                Optional.of(new Command.SeqMatch(SequenceSet.parse("1:3,5"), SequenceSet.parse("41,43,45")))));
        var bare = (Command.Select) parse("a1 SELECT INBOX (QRESYNC (1 2))\r\n");
        assertThat(bare.qresync()).contains(new Command.QResync(1, 2, Optional.empty(), Optional.empty()));
        var matchOnly = (Command.Select) parse("a1 SELECT INBOX (QRESYNC (1 2 (1 7)))\r\n");
        assertThat(matchOnly.qresync().orElseThrow().knownUids()).isEmpty();
        assertThat(matchOnly.qresync().orElseThrow().seqMatch()).isPresent();
    }

    @Test
    void badQresyncParametersAreBad() throws IOException {
        for (var line : List.of("a1 SELECT INBOX (QRESYNC (0 2))\r\n", "a1 SELECT INBOX (QRESYNC (1 0))\r\n",
                "a1 SELECT INBOX (QRESYNC (1))\r\n", "a1 SELECT INBOX (QRESYNC (1 2 3:4 5))\r\n",
                "a1 SELECT INBOX (QRESYNC (1 2 (1:2)))\r\n", "a1 SELECT INBOX (CONDSTORE\r\n")) {
            assertThat(failure(line)).as(line).isInstanceOf(ImapException.Bad.class);
        }
    }

    @Test
    void fetchModifiersComeInAnyOrder() throws IOException {
        var fetch = (Command.Fetch) parse("a1 UID FETCH 1:* (FLAGS) (VANISHED CHANGEDSINCE 12345)\r\n");
        assertThat(fetch.changedSince()).isEqualTo(12345);
        assertThat(fetch.vanished()).isTrue();
        var plain = (Command.Fetch) parse("a1 FETCH 1 FLAGS (CHANGEDSINCE 7)\r\n");
        assertThat(plain.vanished()).isFalse();
        assertThat(plain.changedSince()).isEqualTo(7);
        assertThat(failure("a1 FETCH 1 FLAGS (CHANGEDSINCE 7 VANISHED)\r\n").text()).contains("UID FETCH");
        assertThat(failure("a1 UID FETCH 1 FLAGS (VANISHED)\r\n").text()).contains("CHANGEDSINCE");
    }

    @Test
    void searchModSeqTakesAnOptionalEntry() throws IOException {
        var search = (Command.Search) parse("a1 SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338\r\n");
        assertThat(search.key()).isEqualTo(new SearchKey.ModSeq(620162338));
        assertThat(search.key().mentionsModSeq()).isTrue();
        var nested = (Command.Search) parse("a1 SEARCH OR SEEN NOT MODSEQ 5\r\n");
        assertThat(nested.key().mentionsModSeq()).isTrue();
        assertThat(failure("a1 SEARCH MODSEQ \"/flags/\\\\draft\" mine 5\r\n")).isInstanceOf(ImapException.Bad.class);
        assertThat(failure("a1 SEARCH MODSEQ \"/annotation/x\" all 5\r\n")).isInstanceOf(ImapException.Bad.class);
    }

    @Test
    void multiappendReadsEveryMessageAndSpoolsOnceMemoryIsUsed() throws Exception {
        var append = (Command.Append) parse("a1 APPEND Drafts (\\Seen) {10+}\r\n0123456789 \"05-Mar-2026 10:00:00 +0100\""
                + " {10+}\r\nabcdefghij (\\Draft) {3}\r\nxyz\r\n");
        assertThat(append.messages()).hasSize(3);
        assertThat(append.messages()).extracting(Command.AppendMessage::flags)
                .containsExactly(List.of("\\Seen"), List.of(), List.of("\\Draft"));
        assertThat(append.messages().get(1).date()).isPresent();
        // The threshold (16 octets) is shared: the first message fits, the second no longer does.
        assertThat(append.messages()).extracting(m -> m.message().getClass().getSimpleName())
                .containsExactly("InMemory", "Spooled", "InMemory");
        assertThat(new String(append.messages().get(1).message().open().readAllBytes(), StandardCharsets.US_ASCII))
                .isEqualTo("abcdefghij");
        assertThat(sent.toString(StandardCharsets.US_ASCII)).isEqualTo("+ Ready for literal data\r\n");
        append.close();
        try (var files = Files.list(spool)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aMultiappendThatFailsLeavesNoSpoolFiles() throws IOException {
        assertThat(failure("a1 APPEND Drafts {20+}\r\n01234567890123456789 {5000}\r\n").code()).isEqualTo("TOOBIG");
        assertThat(failure("a1 APPEND Drafts {20+}\r\n01234567890123456789 junk\r\n"))
                .isInstanceOf(ImapException.Bad.class);
        try (var files = Files.list(spool)) {
            assertThat(files).isEmpty();
        }
    }
}
