package dev.tern.store;

import java.time.Instant;

/** One message in one mailbox: what FETCH FLAGS, UID, INTERNALDATE, RFC822.SIZE and MODSEQ answer from. */
public record MessageRecord(
        MailboxId mailbox,
        Uid uid,
        ModSeq modSeq,
        Flags flags,
        Instant internalDate,
        long size,
        BlobId blob) {}
