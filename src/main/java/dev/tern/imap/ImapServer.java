package dev.tern.imap;

import dev.tern.auth.Authenticator;
import dev.tern.config.TernConfig;
import dev.tern.imap.proto.CommandReader;
import dev.tern.mailbox.MailboxService;
import dev.tern.mailbox.Spool;
import dev.tern.net.Connection;
import dev.tern.net.ProtocolHandler;
import dev.tern.net.SecurityPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The IMAP4rev2/IMAP4rev1 server of one listener: one {@link ImapSession} per connection. */
public final class ImapServer implements ProtocolHandler {

    /**
     * @param commandsBeforeAuthentication commands a client may send before it has logged in
     * @param authenticationFailures       failed logins before the connection is closed
     * @param idleTimeout                  a client silent this long is logged out (RFC 9051 §5.4)
     * @param sessionsPerAccount           open authenticated sessions per account; 0 = no limit
     */
    public record Settings(String hostname, CommandReader.Settings reader, int commandsBeforeAuthentication,
                           int authenticationFailures, Duration idleTimeout, int sessionsPerAccount) {}


    /**
     * What the IMAP listeners of one server share (make one per server): the open sessions per account, which
     * limits.imap-sessions-per-account bounds over every listener, and the SORT keys kept.
     */
    public static final class Shared {
        private final Map<Long, AtomicInteger> sessionsByAccount = new ConcurrentHashMap<>();
        private final SortKeyCache sortKeys;

        /** @param sortKeys most SORT keys kept (limits.imap-sort-cache); 0 keeps none */
        public Shared(long sortKeys) {
            this.sortKeys = new SortKeyCache(sortKeys);
        }
    }

    private final Settings settings;
    private final MailboxService mailboxes;
    private final Authenticator authenticator;
    private final SecurityPolicy security;
    private final Shared shared;

    public ImapServer(Settings settings, MailboxService mailboxes, Authenticator authenticator, SecurityPolicy security,
                      Shared shared) {
        this.settings = settings;
        this.mailboxes = mailboxes;
        this.authenticator = authenticator;
        this.security = security;
        this.shared = shared;
    }

    /** A server with the limits and timeouts of {@code config}. */
    public static ImapServer create(TernConfig config, MailboxService mailboxes, Authenticator authenticator,
                                    SecurityPolicy security, Shared shared) throws IOException {
        var limits = config.limits();
        Path spool = Files.createDirectories(config.dataDirectory().resolve("spool"));
        // Named for this process, so that the periodic sweep can tell a crashed server's leftovers (Spool).
        var reader = new CommandReader.Settings(limits.literalSize(), limits.messageSize(), limits.messageMemory(),
                () -> Spool.createFile(spool, "append"));
        return new ImapServer(new Settings(config.hostname(), reader, limits.commandsBeforeAuthentication(),
                limits.authenticationFailures(), config.timeouts().imapIdle(), limits.imapSessionsPerAccount()),
                mailboxes, authenticator, security, shared);
    }

    @Override
    public void serve(Connection connection) throws IOException {
        new ImapSession(this, connection).run();
    }

    @Override
    public String refusal() { return "* BYE [UNAVAILABLE] Too many connections, try again later"; }

    Settings settings() { return settings; }

    MailboxService mailboxes() { return mailboxes; }

    Authenticator authenticator() { return authenticator; }

    SecurityPolicy security() { return security; }

    SortKeyCache sortKeys() { return shared.sortKeys; }

    /** Counts a session in for its account; false (nothing counted) if the account has too many open. */
    boolean openSession(long account) {
        var count = shared.sessionsByAccount.computeIfAbsent(account, k -> new AtomicInteger());
        if (settings.sessionsPerAccount() > 0 && count.incrementAndGet() > settings.sessionsPerAccount()) {
            count.decrementAndGet();
            return false;
        }
        if (settings.sessionsPerAccount() <= 0) count.incrementAndGet();
        return true;
    }

    void closeSession(long account) {
        shared.sessionsByAccount.computeIfPresent(account, (k, c) -> c.decrementAndGet() <= 0 ? null : c);
    }
}
