package dev.tern.smtp;

import dev.tern.delivery.Resolution;
import dev.tern.mailbox.MessageBuffer;
import dev.tern.smtp.SmtpCommand.MailParameters;
import dev.tern.smtp.SmtpCommand.RcptParameters;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One mail transaction (RFC 5321 §3.3), from MAIL to the end of the message or RSET: the sender, the accepted
 * recipients with what they resolved to, and the message as it arrives.
 */
final class Transaction implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "0123456789BCDFGHJKLMNPQRSTVWXYZ".toCharArray();

    /**
     * An accepted recipient: the address as given, its DSN parameters, and the local accounts and remote
     * addresses it leads to.
     */
    record Recipient(MailboxAddress address, RcptParameters parameters, List<Resolution.LocalAccount> local,
                     List<String> remote) {}

    final String id = newId();
    final Optional<MailboxAddress> sender;
    final MailParameters parameters;
    final List<Recipient> recipients = new ArrayList<>();
    /** The message as it arrives (DATA, or BDAT chunks); null before it starts. */
    MessageBuffer message;
    long octets;
    boolean chunking;

    Transaction(Optional<MailboxAddress> sender, MailParameters parameters) {
        this.sender = sender;
        this.parameters = parameters;
    }

    /** The reverse-path as written in Return-Path and handed to the queue: {@code ""} for {@code <>}. */
    String reversePath() { return sender.map(MailboxAddress::smtpForm).orElse(""); }

    boolean eightBit() { return parameters.body() != SmtpCommand.Body.SEVEN_BIT; }

    @Override
    public void close() throws IOException {
        try {
            if (message != null) message.close();
        } finally {
            message = null;
        }
    }

    /** Twelve characters from one draw of the random source (a draw per character costs more than the rest). */
    private static String newId() {
        long bits = RANDOM.nextLong();
        var id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[(int) Long.remainderUnsigned(bits, ID_CHARS.length)];
            bits = Long.divideUnsigned(bits, ID_CHARS.length);
        }
        return new String(id);
    }
}
