package dev.tern.mailbox;

/**
 * A message is larger than the configured maximum; nothing was stored. IMAP answers APPEND with
 * {@code NO [TOOBIG]} (RFC 9051 §7.1), SMTP with 552 5.3.4.
 */
public final class MessageTooLarge extends RuntimeException {
    private final long limit;

    public MessageTooLarge(long limit) {
        super("the message is larger than the limit of " + limit + " octets (limits.max-message-size)");
        this.limit = limit;
    }

    public long limit() { return limit; }
}
