package dev.tern.outbound;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One mail transaction on an open session (RFC 5321 §3.3): MAIL with the parameters the peer supports, RCPT per
 * recipient, then DATA (or BDAT when CHUNKING is offered, RFC 3030). With PIPELINING (RFC 2920) MAIL, every RCPT
 * and DATA go out in one write and their replies are read after. The session is left ready for another transaction.
 */
final class Transaction {
    private final ClientSession session;
    private final boolean reused;
    private OutboundMessage message;

    /** {@code reused}: the session was kept from an earlier transaction, so the peer may have closed it meanwhile. */
    Transaction(ClientSession session, OutboundMessage message, boolean reused) {
        this.session = session;
        this.message = message;
        this.reused = reused;
    }

    /**
     * A kept connection that the peer had closed (or was closing, with 421) before it answered MAIL: nothing of this
     * transaction was accepted, so it may run again at once on a new connection.
     */
    static final class StaleConnection extends IOException {
        StaleConnection(String why, Throwable cause) {
            super(why, cause);
        }
    }

    /**
     * The reply to MAIL, the first thing read in a transaction. On a reused connection a failure to send or read
     * it, or a 421, means the connection had gone stale while kept (RFC 5321 §4.5.3.2.7: servers close idle ones).
     */
    private SmtpReply mailReply() throws IOException {
        SmtpReply mail;
        try {
            session.flush();
            mail = session.read(session.timeouts().mail());
        } catch (IOException e) {
            if (reused) throw new StaleConnection(e.getMessage(), e);
            throw e;
        }
        if (reused && mail.code() == 421) throw new StaleConnection(mail.diagnostic(), null);
        return mail;
    }

    /**
     * Runs the transaction: an outcome per recipient.
     *
     * @throws SmtpTransport.HostRefused if the host cannot take this message at all (MAIL refused, or a capability
     *                                   the message needs is missing), so that the next host is tried
     * @throws IOException               if the connection failed before the final reply
     */
    List<Outcome> run() throws IOException, SmtpTransport.HostRefused {
        checkSmtpUtf8();
        if (message.eightBit() && !session.offers("8BITMIME")) {
            try (var downgrade = downgrade()) {
                message = downgrade.message();
                return send();
            }
        }
        return send();
    }

    /**
     * RFC 6152 §3: 8-bit data goes only to a host that offers 8BITMIME; for one that does not, the message is
     * converted to 7 bits (quoted-printable or base64 bodies), or if it cannot be, the host is skipped.
     */
    private SevenBitDowngrade downgrade() throws IOException, SmtpTransport.HostRefused {
        try {
            return SevenBitDowngrade.of(message);
        } catch (dev.tern.mime.SevenBitConversion.NotConvertible e) {
            var host = session.host();
            throw new SmtpTransport.HostRefused(new SmtpReply(554, "5.6.3", host + " does not offer 8BITMIME and"
                    + " the message cannot be converted to 7 bits: " + e.getMessage(), host));
        }
    }

    private List<Outcome> send() throws IOException, SmtpTransport.HostRefused {
        checkSize();
        boolean chunking = session.offers("CHUNKING");
        session.send(mailFrom());
        return session.offers("PIPELINING") ? pipelined(chunking) : stepwise(chunking);
    }

    /** RFC 2920 §3.1: MAIL, RCPTs and DATA in one group; replies in the same order. */
    private List<Outcome> pipelined(boolean chunking) throws IOException, SmtpTransport.HostRefused {
        var timeouts = session.timeouts();
        for (var r : message.recipients()) session.send(rcptTo(r));
        if (!chunking) session.send("DATA");
        var mail = mailReply();
        var replies = new ArrayList<SmtpReply>();
        for (int i = 0; i < message.recipients().size(); i++) replies.add(session.read(timeouts.rcpt()));
        SmtpReply data = chunking ? null : session.read(timeouts.dataInit());
        if (mail.code() != 250) {
            if (data != null && data.code() == 354) abortData();
            throw refused(mail);
        }
        return finish(replies, data, chunking);
    }

    /** Without PIPELINING: MAIL was sent (not yet answered); one command, one reply. */
    private List<Outcome> stepwise(boolean chunking) throws IOException, SmtpTransport.HostRefused {
        var timeouts = session.timeouts();
        var mail = mailReply();
        if (mail.code() != 250) throw refused(mail);
        var replies = new ArrayList<SmtpReply>();
        for (var r : message.recipients()) replies.add(session.command(rcptTo(r), timeouts.rcpt()));
        SmtpReply data = null;
        if (!chunking && replies.stream().anyMatch(SmtpReply::positive)) {
            data = session.command("DATA", timeouts.dataInit());
        }
        return finish(replies, data, chunking);
    }

    /** After the RCPT replies: send the body to the accepted recipients and read the final reply. */
    private List<Outcome> finish(List<SmtpReply> rcptReplies, SmtpReply data, boolean chunking) throws IOException {
        var outcomes = new Outcome[rcptReplies.size()];
        var accepted = new ArrayList<Integer>();
        for (int i = 0; i < rcptReplies.size(); i++) {
            var reply = rcptReplies.get(i);
            if (reply.positive()) accepted.add(i);
            else outcomes[i] = Outcome.of(reply);
        }
        if (accepted.isEmpty()) {
            if (data != null && data.code() == 354) abortData();
            reset();
            return Arrays.asList(outcomes);
        }
        SmtpReply last;
        if (chunking) {
            try (var body = message.body().open()) {
                session.bdat(body, message.size());
            }
            last = session.read(session.timeouts().dataEnd());
        } else if (data == null || data.code() != 354) {
            last = data == null ? new SmtpReply(451, "4.5.0", "no reply to DATA", session.host()) : data;
            if (last.positive()) last = new SmtpReply(451, "4.5.0", "DATA answered " + data.code() + ", not 354",
                    session.host());
            reset();
        } else {
            try (var body = message.body().open()) {
                session.data(body);
            }
            last = session.read(session.timeouts().dataEnd());
        }
        boolean passedOn = session.offers("DSN");
        for (int i : accepted) {
            var outcome = Outcome.of(last);
            outcomes[i] = new Outcome(outcome.kind(), last, passedOn && outcome.kind() == Outcome.Kind.DELIVERED);
        }
        return Arrays.asList(outcomes);
    }

    /** MAIL was refused: the transaction is over on this host; RSET so the connection could be used again. */
    private SmtpTransport.HostRefused refused(SmtpReply mail) throws IOException {
        reset();
        return new SmtpTransport.HostRefused(mail);
    }

    /** DATA was accepted although nothing should be sent: end it empty is impossible, so drop the connection. */
    private void abortData() throws IOException {
        session.close();
        throw new IOException(session.host() + " accepted DATA without a recipient; connection dropped");
    }

    private void reset() throws IOException {
        session.command("RSET", session.timeouts().mail());
    }

    private void checkSmtpUtf8() throws SmtpTransport.HostRefused {
        var host = session.host();
        if (message.smtpUtf8() && !session.offers("SMTPUTF8")) {
            // RFC 6531 §3.2: internationalised addresses or headers only to a host that offers SMTPUTF8.
            throw new SmtpTransport.HostRefused(new SmtpReply(553, "5.6.7", host + " does not offer SMTPUTF8 and"
                    + " the message needs it (non-ASCII addresses or header fields)", host));
        }
    }

    private void checkSize() throws SmtpTransport.HostRefused {
        var host = session.host();
        var limit = session.parameter("SIZE");
        if (!limit.isEmpty() && limit.chars().allMatch(Character::isDigit)) {
            long max = Long.parseLong(limit);
            if (max > 0 && message.size() > max) {
                throw new SmtpTransport.HostRefused(new SmtpReply(552, "5.3.4", "the message (" + message.size()
                        + " bytes) is larger than " + host + " takes (SIZE " + max + ")", host));
            }
        }
    }

    private String mailFrom() {
        var line = new StringBuilder("MAIL FROM:<").append(message.sender()).append('>');
        if (session.offers("SIZE")) line.append(" SIZE=").append(message.size());
        if (message.eightBit()) line.append(" BODY=8BITMIME");
        if (message.smtpUtf8()) line.append(" SMTPUTF8");
        if (session.offers("DSN")) {
            message.ret().ifPresent(ret -> line.append(" RET=").append(ret));
            message.envelopeId().ifPresent(id -> line.append(" ENVID=").append(xtext(id)));
        }
        return line.toString();
    }

    private String rcptTo(OutboundMessage.Recipient r) {
        var line = new StringBuilder("RCPT TO:<").append(r.address()).append('>');
        if (session.offers("DSN")) {
            if (!r.notifyOn().isEmpty()) line.append(" NOTIFY=").append(r.notifyOn());
            r.originalRecipient().ifPresent(o -> {
                int semicolon = o.indexOf(';');
                if (semicolon > 0) {
                    line.append(" ORCPT=").append(o, 0, semicolon).append(';').append(xtext(o.substring(semicolon + 1)));
                }
            });
        }
        return line.toString();
    }

    /** RFC 3461 §4: xtext, "+" and two hex digits for "+", "=", controls, space and bytes beyond ASCII. */
    static String xtext(String value) {
        var out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 33 && c <= 126 && c != '+' && c != '=') out.append((char) c);
            else out.append('+').append(String.format("%02X", c));
        }
        return out.toString();
    }
}
