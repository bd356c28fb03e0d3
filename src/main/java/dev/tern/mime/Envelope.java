package dev.tern.mime;

import java.util.List;

/**
 * A message's ENVELOPE (RFC 9051 §7.5.2). Strings are the unfolded header values as sent, null when the header
 * is absent. Sender and reply-to already default to from, as the RFC says the server must fill them.
 */
public record Envelope(
        String date,
        String subject,
        List<Address> from,
        List<Address> sender,
        List<Address> replyTo,
        List<Address> to,
        List<Address> cc,
        List<Address> bcc,
        String inReplyTo,
        String messageId) {

    public static final Envelope EMPTY = new Envelope(null, null, List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), null, null);

    public Envelope {
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }
}
