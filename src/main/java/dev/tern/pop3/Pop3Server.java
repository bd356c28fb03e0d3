package dev.tern.pop3;

import dev.tern.auth.Authenticator;
import dev.tern.mailbox.MailboxService;
import dev.tern.net.Connection;
import dev.tern.net.ProtocolHandler;
import dev.tern.net.SecurityPolicy;
import java.io.IOException;
import java.time.Clock;

/**
 * The POP3 handler of one listener. Every POP3 listener of a server shares one {@link MaildropLocks}, so that
 * the one-session-per-maildrop rule holds across the STLS and the implicit-TLS port.
 */
public final class Pop3Server implements ProtocolHandler {
    private final Pop3Settings settings;
    private final MailboxService mailboxes;
    private final Authenticator authenticator;
    private final SecurityPolicy security;
    private final MaildropLocks locks;
    private final DeletedMail deletedMail;

    public Pop3Server(Pop3Settings settings, MailboxService mailboxes, Authenticator authenticator,
                      SecurityPolicy security, MaildropLocks locks, Clock clock) {
        this.settings = settings;
        this.mailboxes = mailboxes;
        this.authenticator = authenticator;
        this.security = security;
        this.locks = locks;
        this.deletedMail = DeletedMail.of(mailboxes, settings.keepDeletedInTrash(), clock);
    }

    @Override
    public void serve(Connection connection) throws IOException {
        new Pop3Session(this, connection).run();
    }

    @Override
    public String refusal() {
        // RFC 3206 §4: a temporary condition; the client should try again later.
        return "-ERR [SYS/TEMP] Too many connections, try again later";
    }

    Pop3Settings settings() { return settings; }

    MailboxService mailboxes() { return mailboxes; }

    Authenticator authenticator() { return authenticator; }

    SecurityPolicy security() { return security; }

    MaildropLocks locks() { return locks; }

    DeletedMail deletedMail() { return deletedMail; }
}
