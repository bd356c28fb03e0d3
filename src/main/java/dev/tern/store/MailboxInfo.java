package dev.tern.store;

import java.util.Set;

/**
 * A mailbox as the store knows it. {@code name} is the full hierarchical name in Unicode with
 * {@link #DELIMITER} between levels (e.g. {@code Archive/2026}); {@code INBOX} is always spelled so.
 * {@code uidNext} and {@code highestModSeq} are as of the moment this record was read.
 */
public record MailboxInfo(
        MailboxId id,
        AccountId account,
        String name,
        UidValidity uidValidity,
        long uidNext,
        ModSeq highestModSeq,
        Set<SpecialUse> specialUse) {

    /** The hierarchy delimiter of mailbox names. */
    public static final char DELIMITER = '/';
    public static final String INBOX = "INBOX";

    public MailboxInfo {
        specialUse = Set.copyOf(specialUse);
    }
}
