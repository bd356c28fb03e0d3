package dev.tern.store.sql;

import dev.tern.store.AccountId;
import dev.tern.store.BlobId;
import dev.tern.store.Flags;
import dev.tern.store.MailboxId;
import dev.tern.store.MailboxInfo;
import dev.tern.store.MessageRecord;
import dev.tern.store.ModSeq;
import dev.tern.store.SpecialUse;
import dev.tern.store.Uid;
import dev.tern.store.UidValidity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** How store values map to columns, in one place: the SELECT lists and the readers of their rows. */
final class Rows {
    private Rows() {}

    static final String MAILBOX_COLUMNS =
            "id, account_id, name, uid_validity, uid_next, highest_modseq, special_use";

    static final String MESSAGE_COLUMNS = "uid, modseq, flags, keywords, internal_date, size, blob_id";

    /** Reads {@link #MAILBOX_COLUMNS} from the current row. */
    static MailboxInfo mailbox(ResultSet rs) throws SQLException {
        return new MailboxInfo(new MailboxId(rs.getLong(1)), new AccountId(rs.getLong(2)), rs.getString(3),
                new UidValidity(rs.getLong(4)), rs.getLong(5), new ModSeq(rs.getLong(6)), specialUse(rs.getInt(7)));
    }

    /** Reads {@link #MESSAGE_COLUMNS} from the current row. */
    static MessageRecord message(MailboxId mailbox, ResultSet rs) throws SQLException {
        return new MessageRecord(mailbox, new Uid(rs.getLong(1)), new ModSeq(rs.getLong(2)),
                Flags.fromBits(rs.getInt(3), keywords(rs.getString(4))), Instant.ofEpochMilli(rs.getLong(5)),
                rs.getLong(6), new BlobId(rs.getString(7)));
    }

    static int specialUseBits(Set<SpecialUse> uses) {
        int bits = 0;
        for (var use : uses) bits |= 1 << use.ordinal();
        return bits;
    }

    static Set<SpecialUse> specialUse(int bits) {
        var set = EnumSet.noneOf(SpecialUse.class);
        for (var use : SpecialUse.values()) if ((bits & (1 << use.ordinal())) != 0) set.add(use);
        return set;
    }

    /** Keywords as one column: IMAP keywords are atoms (RFC 9051 §9 flag-keyword), so a space separates them. */
    static String keywordColumn(Flags flags) {
        if (flags.keywords().isEmpty()) return null;
        for (var k : flags.keywords()) {
            if (k.isEmpty() || k.indexOf(' ') >= 0) throw new IllegalArgumentException("not a keyword atom: '" + k + "'");
        }
        return String.join(" ", flags.keywords());
    }

    static List<String> keywords(String column) {
        return column == null || column.isEmpty() ? List.of() : List.of(column.split(" "));
    }
}
