package dev.tern.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * One message to hand to the next hop: the reverse-path ({@code ""} for {@code <>}), the DSN parameters of RFC 3461
 * (ENVID, RET, and per recipient NOTIFY and ORCPT, kept as their keywords), what the body needs from the peer
 * (8BITMIME, SMTPUTF8), its size for SIZE (RFC 1870), and the body itself (CRLF line ends, dot-stuffing not done).
 */
public record OutboundMessage(String sender, Optional<String> envelopeId, Optional<String> ret, boolean eightBit,
                              boolean smtpUtf8, long size, List<Recipient> recipients, Body body) {

    public OutboundMessage {
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) throw new IllegalArgumentException("an outbound message needs a recipient");
    }

    /** A forward-path with NOTIFY (comma list, empty for none given) and ORCPT ({@code type;address}) of RFC 3461. */
    public record Recipient(String address, String notifyOn, Optional<String> originalRecipient) {}

    /** Opens the body from its start; called once per attempt (and again after a failed attempt). */
    @FunctionalInterface
    public interface Body {
        InputStream open() throws IOException;
    }
}
