package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.imap.proto.Command;
import dev.tern.store.MailboxId;
import org.junit.jupiter.api.Test;

class SortKeyCacheTest {
    private static final MailboxId A = new MailboxId(1);
    private static final MailboxId B = new MailboxId(2);

    @Test
    void keysMergeByUidAndAKeptKeyStays() {
        var cache = new SortKeyCache(100);
        var column = cache.column(A, Command.SortKey.SUBJECT);
        column.putAll(new long[] {2, 4, 6}, new Object[] {"b", "d", "f"}, 3);
        column.putAll(new long[] {1, 4, 7, 99}, new Object[] {"a", "other", "g", "unused"}, 3);

        assertThat(column.get(1)).isEqualTo("a");
        assertThat(column.get(4)).as("kept, not replaced").isEqualTo("d");
        assertThat(column.get(7)).isEqualTo("g");
        assertThat(column.get(99)).as("past count").isNull();
        assertThat(column.get(3)).isNull();
        assertThat(cache.size()).isEqualTo(5);
        assertThat(cache.column(A, Command.SortKey.SUBJECT)).isSameAs(column);
        assertThat(cache.column(A, Command.SortKey.DATE)).isNotSameAs(column);
    }

    @Test
    void theLeastRecentlyUsedColumnsGoFirstWhenTheBoundIsPassed() {
        var cache = new SortKeyCache(5);
        var a = cache.column(A, Command.SortKey.SUBJECT);
        a.putAll(new long[] {1, 2, 3}, new Object[] {"x", "y", "z"}, 3);
        var b = cache.column(B, Command.SortKey.SUBJECT);
        b.putAll(new long[] {1, 2}, new Object[] {"p", "q"}, 2);
        cache.column(A, Command.SortKey.SUBJECT); // A used again: B is now the eldest

        var c = cache.column(B, Command.SortKey.FROM);
        c.putAll(new long[] {1, 2}, new Object[] {"m", "n"}, 2);

        assertThat(b.get(1)).as("evicted").isNull();
        assertThat(a.get(1)).isEqualTo("x");
        assertThat(c.get(2)).isEqualTo("n");
        assertThat(cache.size()).isEqualTo(5);
        b.putAll(new long[] {5}, new Object[] {"late"}, 1);
        assertThat(b.get(5)).as("an evicted column takes nothing more").isNull();
        assertThat(cache.column(B, Command.SortKey.SUBJECT)).isNotSameAs(b);
    }

    @Test
    void aColumnLargerThanTheBoundIsNotKeptAndZeroKeepsNothing() {
        var cache = new SortKeyCache(2);
        var big = cache.column(A, Command.SortKey.SUBJECT);
        big.putAll(new long[] {1, 2, 3}, new Object[] {"a", "b", "c"}, 3);
        assertThat(big.get(1)).isNull();
        assertThat(cache.size()).isZero();

        var none = new SortKeyCache(0);
        var column = none.column(A, Command.SortKey.SUBJECT);
        column.putAll(new long[] {1}, new Object[] {"a"}, 1);
        assertThat(column.get(1)).isNull();
        assertThat(none.size()).isZero();
    }
}
