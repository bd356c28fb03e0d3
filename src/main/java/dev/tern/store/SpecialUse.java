package dev.tern.store;

/** Special-use attributes of a mailbox (RFC 6154 §2). */
public enum SpecialUse {
    ALL("\\All"), ARCHIVE("\\Archive"), DRAFTS("\\Drafts"), FLAGGED("\\Flagged"), JUNK("\\Junk"),
    SENT("\\Sent"), TRASH("\\Trash");

    private final String attribute;

    SpecialUse(String attribute) { this.attribute = attribute; }

    /** The attribute as IMAP LIST writes it, e.g. {@code \Sent}. */
    public String attribute() { return attribute; }

    public static SpecialUse byAttribute(String attribute) {
        for (var s : values()) if (s.attribute.equalsIgnoreCase(attribute)) return s;
        return null;
    }
}
