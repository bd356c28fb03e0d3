package dev.tern.server;

import dev.tern.config.ListenerProtocol;
import dev.tern.config.TlsMode;
import dev.tern.delivery.LocalDelivery;
import dev.tern.imap.ImapServer;
import dev.tern.net.ProtocolHandler;
import dev.tern.pop3.MaildropLocks;
import dev.tern.pop3.Pop3Server;
import dev.tern.pop3.Pop3Settings;
import dev.tern.smtp.SmtpHandler;
import dev.tern.smtp.SmtpPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Which handler serves each listener protocol. A protocol package plugs itself in with one {@link #with} line in
 * {@link #standard()}; a protocol without its own handler answers "service not available" and closes.
 */
public final class ProtocolHandlers {
    private final Map<ListenerProtocol, Function<ServerContext, ProtocolHandler>> factories;

    private ProtocolHandlers(Map<ListenerProtocol, Function<ServerContext, ProtocolHandler>> factories) {
        this.factories = factories;
    }

    /**
     * The handlers Tern runs with. Call it once per server: state shared by a protocol's listeners (the POP3
     * maildrop locks, the IMAP sessions per account and SORT keys) is made here.
     */
    public static ProtocolHandlers standard() {
        var maildropLocks = new MaildropLocks();
        var imapShared = new java.util.concurrent.atomic.AtomicReference<ImapServer.Shared>();
        return unavailable()
                .with(ListenerProtocol.SMTP, ctx -> smtp(ctx, SmtpPolicy.MX))
                .with(ListenerProtocol.SUBMISSION, ctx -> smtp(ctx, SmtpPolicy.SUBMISSION))
                .with(ListenerProtocol.IMAP, ctx -> imap(ctx, imapShared.updateAndGet(shared -> shared != null ? shared
                        : new ImapServer.Shared(ctx.config().limits().imapSortCache()))))
                .with(ListenerProtocol.POP3, ctx -> pop3(ctx, maildropLocks));
    }

    private static ProtocolHandler smtp(ServerContext ctx, SmtpPolicy policy) {
        var config = ctx.config();
        var limits = config.limits();
        var services = ctx.services();
        var settings = new SmtpHandler.Settings(config.hostname(), limits.messageSize(), limits.smtpLineLength(),
                limits.recipientsPerMessage(), limits.commandsBeforeAuthentication(), limits.authenticationFailures(),
                limits.smtpErrors(), config.dataDirectory().resolve("spool"), limits.messageMemory(),
                config.timeouts().smtpIdle(),
                config.timeouts().smtpSession());
        var delivery = new LocalDelivery(services.mailboxes(), services.recipients(), ctx.storage().directory());
        try {
            return new SmtpHandler(policy, settings, ctx.security(), services.authenticator(), delivery, services.queue(),
                    services.reports());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the SMTP spool directory: " + e.getMessage(), e);
        }
    }

    /** {@code shared}: made with the first IMAP listener (the configuration is the same for all). */
    private static ProtocolHandler imap(ServerContext ctx, ImapServer.Shared shared) {
        try {
            return ImapServer.create(ctx.config(), ctx.services().mailboxes(), ctx.services().authenticator(),
                    ctx.security(), shared);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the IMAP spool directory: " + e.getMessage(), e);
        }
    }

    private static Pop3Server pop3(ServerContext ctx, MaildropLocks locks) {
        var config = ctx.config();
        var settings = new Pop3Settings(ctx.listener().tls() == TlsMode.STARTTLS,
                config.limits().authenticationFailures(), config.limits().commandsBeforeAuthentication(),
                config.pop3().keepDeletedInTrash(), config.pop3().loginDelay());
        return new Pop3Server(settings, ctx.services().mailboxes(), ctx.services().authenticator(), ctx.security(),
                locks, Clock.systemUTC());
    }

    /** Every protocol answers "service not available". */
    public static ProtocolHandlers unavailable() {
        var map = new EnumMap<ListenerProtocol, Function<ServerContext, ProtocolHandler>>(ListenerProtocol.class);
        for (var p : ListenerProtocol.values()) map.put(p, ctx -> new ServiceUnavailable(p, ctx.config().hostname()));
        return new ProtocolHandlers(map);
    }

    /** These handlers with {@code protocol} served by what {@code factory} makes (one handler per listener). */
    public ProtocolHandlers with(ListenerProtocol protocol, Function<ServerContext, ProtocolHandler> factory) {
        var map = new EnumMap<>(factories);
        map.put(protocol, factory);
        return new ProtocolHandlers(map);
    }

    ProtocolHandler create(ServerContext context) {
        return factories.get(context.listener().protocol()).apply(context);
    }
}
