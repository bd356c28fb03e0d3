package dev.tern.smtp;

/**
 * A Mailbox of RFC 5321 §4.1.2 as it came in a path: the local part unquoted (the quoting was only syntax), and
 * the domain as written, or an address literal in brackets. {@code postmaster} marks the bare
 * {@code <Postmaster>} of RCPT (RFC 5321 §4.5.1), which has no domain.
 */
public record MailboxAddress(String localPart, String domain, boolean quoted) {

    /** The bare {@code <Postmaster>} recipient. */
    public static final MailboxAddress POSTMASTER = new MailboxAddress("Postmaster", "", false);

    public boolean isPostmaster() { return domain.isEmpty(); }

    public boolean isAddressLiteral() { return domain.startsWith("["); }

    /** Whether every character is ASCII; otherwise the transaction needs SMTPUTF8 (RFC 6531 §3.2). */
    public boolean isAscii() {
        return localPart.chars().allMatch(c -> c < 0x80) && domain.chars().allMatch(c -> c < 0x80);
    }

    /**
     * Whether the local part holds a character that some hosts still read as routing: '%' (the "percent hack"),
     * '!' (UUCP bang paths) or '@' (inside quotes). Such an address never reaches a mailbox of ours by design,
     * and passing it on would let it route through us (RFC 2505 §2.2).
     */
    public boolean hasRoutingCharacters() {
        return localPart.indexOf('%') >= 0 || localPart.indexOf('!') >= 0 || localPart.indexOf('@') >= 0;
    }

    /** {@code local@domain} with the local part unquoted: the form recipient resolution takes. */
    public String address() { return isPostmaster() ? localPart : localPart + "@" + domain; }

    /** The mailbox as it must be written in a path again: a local part that is not a dot-string is quoted. */
    public String smtpForm() {
        if (isPostmaster()) return localPart;
        if (!quoted || CommandParser.isDotString(localPart)) return localPart + "@" + domain;
        var q = new StringBuilder("\"");
        for (int i = 0; i < localPart.length(); i++) {
            char c = localPart.charAt(i);
            if (c == '"' || c == '\\') q.append('\\');
            q.append(c);
        }
        return q.append("\"@").append(domain).toString();
    }

    @Override
    public String toString() { return smtpForm(); }
}
