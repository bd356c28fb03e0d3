package dev.tern.store;

/** Where an appended message landed: what APPENDUID (RFC 4315) reports. */
public record AppendResult(MailboxId mailbox, UidValidity uidValidity, Uid uid, ModSeq modSeq) {}
