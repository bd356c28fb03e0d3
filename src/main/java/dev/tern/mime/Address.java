package dev.tern.mime;

/**
 * One element of an ENVELOPE address list (RFC 9051 §7.5.2): personal name, at-domain-list (source route),
 * mailbox name and host name, each null for NIL. Group syntax (RFC 5322 §3.4) is kept as IMAP writes it: a
 * group start has a null host and the group's name as mailbox, a group end is all nulls. Names stay as they
 * are in the header, encoded words undecoded.
 */
public record Address(String name, String adl, String mailbox, String host) {
    public static final Address GROUP_END = new Address(null, null, null, null);

    public static Address groupStart(String groupName) { return new Address(null, null, groupName, null); }

    public boolean isGroupStart() { return host == null && mailbox != null; }

    public boolean isGroupEnd() { return host == null && mailbox == null; }
}
