package dev.tern.queue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SMTP envelope of a queued message with its DSN parameters (RFC 3461): the reverse-path ({@code ""} for the
 * null sender {@code <>}, which never gets a bounce), ENVID and RET of MAIL FROM, and per recipient NOTIFY and
 * ORCPT of RCPT TO. {@code smtpUtf8} and {@code eightBit} say what the body needs from the next hop.
 */
public record OutboundEnvelope(
        String sender,
        Optional<String> envelopeId,
        Optional<Ret> ret,
        List<Recipient> recipients,
        boolean smtpUtf8,
        boolean eightBit) {

    public OutboundEnvelope {
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) throw new IllegalArgumentException("a queued message needs a recipient");
    }

    /** RET of RFC 3461 §4.3: return the full message or only its headers in a failure DSN. */
    public enum Ret { FULL, HDRS }

    /** NOTIFY of RFC 3461 §4.1; an empty set means the default (FAILURE and DELAY at the server's discretion). */
    public enum Notify { NEVER, SUCCESS, FAILURE, DELAY }

    /** One recipient: its address, NOTIFY, and ORCPT ({@code addr-type;xtext-decoded address}) if given. */
    public record Recipient(String address, Set<Notify> notifyOn, Optional<String> originalRecipient) {
        public Recipient {
            notifyOn = Set.copyOf(notifyOn);
        }
    }
}
