package dev.tern.smtp;

import dev.tern.queue.OutboundEnvelope.Notify;
import dev.tern.queue.OutboundEnvelope.Ret;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** A command line of RFC 5321 §4.1.1 and its extensions, parsed by {@link CommandParser}. */
public sealed interface SmtpCommand {

    record Ehlo(String clientName) implements SmtpCommand {}

    record Helo(String clientName) implements SmtpCommand {}

    /** MAIL FROM; an empty {@code sender} is the null reverse-path {@code <>}. */
    record Mail(Optional<MailboxAddress> sender, MailParameters parameters) implements SmtpCommand {}

    record Rcpt(MailboxAddress recipient, RcptParameters parameters) implements SmtpCommand {}

    record Data() implements SmtpCommand {}

    /** BDAT of RFC 3030 §2: a chunk of exactly {@code size} octets follows the command line. */
    record Bdat(long size, boolean last) implements SmtpCommand {}

    record Rset() implements SmtpCommand {}

    record Noop() implements SmtpCommand {}

    record Quit() implements SmtpCommand {}

    record Vrfy(String argument) implements SmtpCommand {}

    record Help(String topic) implements SmtpCommand {}

    record StartTls() implements SmtpCommand {}

    /** AUTH of RFC 4954 §4; {@code initialResponse} still base64 ("=" for an empty one). */
    record Auth(String mechanism, Optional<String> initialResponse) implements SmtpCommand {}

    /** BODY of RFC 6152 and RFC 3030 §3. */
    enum Body { SEVEN_BIT, EIGHT_BIT_MIME, BINARY_MIME }

    /**
     * The MAIL parameters Tern knows: SIZE (RFC 1870), BODY, SMTPUTF8 (RFC 6531), RET and ENVID (RFC 3461, ENVID
     * xtext-decoded), AUTH (RFC 4954 §5, xtext-decoded; "<>" when the client does not vouch for a sender).
     */
    record MailParameters(OptionalLong size, Body body, boolean smtpUtf8, Optional<Ret> ret,
                          Optional<String> envelopeId, Optional<String> auth) {
        public static final MailParameters NONE = new MailParameters(OptionalLong.empty(), Body.SEVEN_BIT, false,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The RCPT parameters of RFC 3461: NOTIFY and ORCPT ({@code addr-type;address}, the address xtext-decoded). */
    record RcptParameters(Set<Notify> notifyOn, Optional<String> originalRecipient) {
        public static final RcptParameters NONE = new RcptParameters(Set.of(), Optional.empty());

        public RcptParameters {
            notifyOn = Set.copyOf(notifyOn);
        }
    }
}
