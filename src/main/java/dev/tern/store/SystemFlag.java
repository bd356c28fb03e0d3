package dev.tern.store;

/** The system flags a store keeps (RFC 9051 §2.3.2). {@code \Recent} is not kept: IMAP4rev2 dropped it. */
public enum SystemFlag {
    SEEN("\\Seen"), ANSWERED("\\Answered"), FLAGGED("\\Flagged"), DELETED("\\Deleted"), DRAFT("\\Draft");

    private final String imapName;

    SystemFlag(String imapName) { this.imapName = imapName; }

    /** The flag as IMAP writes it, e.g. {@code \Seen}. */
    public String imapName() { return imapName; }

    /** Bit of this flag in {@link Flags#systemBits()}; stable, since stores persist it. */
    public int bit() { return 1 << ordinal(); }

    /** The flag named {@code name} case-insensitively (with its backslash), or null. */
    public static SystemFlag byImapName(String name) {
        for (var f : values()) if (f.imapName.equalsIgnoreCase(name)) return f;
        return null;
    }
}
