package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.imap.proto.Command;
import dev.tern.mime.Address;
import dev.tern.mime.Envelope;
import dev.tern.store.Flags;
import dev.tern.store.MailboxId;
import dev.tern.store.MessageRecord;
import dev.tern.store.ModSeq;
import dev.tern.store.Uid;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What SORT compares (RFC 5256 §2.2, §3; RFC 5957), taken from an envelope. */
class SortKeysTest {
    private static final Instant ARRIVAL = Instant.parse("2026-03-05T09:00:00Z");

    @Test
    void sentDateIsComparedInUtcAndFallsBackToInternalDate() {
        assertThat(SortKeys.sentDate("Wed, 4 Mar 2026 23:30:00 -0500 (EST)", ARRIVAL))
                .isEqualTo(Instant.parse("2026-03-05T04:30:00Z"));
        assertThat(SortKeys.sentDate("4 Mar 2026 10:00 +0100", ARRIVAL)).isEqualTo(Instant.parse("2026-03-04T09:00:00Z"));
        assertThat(SortKeys.sentDate("last Tuesday", ARRIVAL)).isEqualTo(ARRIVAL);
        assertThat(SortKeys.sentDate(null, ARRIVAL)).isEqualTo(ARRIVAL);
    }

    @Test
    void addressKeysUseTheFirstMailboxSkippingGroupSyntax() {
        var from = List.of(Address.groupStart("undisclosed"), new Address("=?UTF-8?Q?J=C3=B6rg?=", null, "joerg", "example.net"),
                Address.GROUP_END, new Address(null, null, "zed", "example.net"));
        var to = List.of(new Address(null, null, "Bob", "Example.org"));
        var envelope = new Envelope(null, null, from, from, from, to, List.of(), List.of(), null, null);
        var keys = SortKeys.of(match(), envelope, EnumSet.allOf(Command.SortKey.class));
        assertThat(keys.from()).isEqualTo("JOERG");
        assertThat(keys.displayFrom()).isEqualTo("JöRG");
        assertThat(keys.to()).isEqualTo("BOB");
        assertThat(keys.displayTo()).isEqualTo("BOB@EXAMPLE.ORG");
        assertThat(keys.cc()).isEmpty();
        assertThat(keys.subject()).isEmpty();
        assertThat(keys.sent()).isEqualTo(ARRIVAL);
    }

    @Test
    void foldingTouchesAsciiLettersOnlyAndOrderIsByCodePoint() {
        assertThat(SortKeys.fold("abc_é")).isEqualTo("ABC_é");
        assertThat(SortKeys.compareOctets("B", "a")).isNegative();
        assertThat(SortKeys.compareOctets(SortKeys.fold("B"), SortKeys.fold("a"))).isPositive();
        assertThat(SortKeys.compareOctets("AB", "A")).isPositive();
        assertThat(SortKeys.compareOctets("\uFFFD", "\uD83D\uDE00")).as("U+FFFD sorts before U+1F600").isNegative();
    }

    private static SearchCommand.Match match() {
        return new SearchCommand.Match(new MessageRecord(new MailboxId(1), new Uid(7), new ModSeq(1), Flags.NONE, ARRIVAL,
                100, null), 3);
    }
}
