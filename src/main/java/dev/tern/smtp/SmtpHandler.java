package dev.tern.smtp;

import dev.tern.auth.Authenticator;
import dev.tern.delivery.LocalDelivery;
import dev.tern.net.Connection;
import dev.tern.net.ProtocolHandler;
import dev.tern.net.SecurityPolicy;
import dev.tern.queue.OutboundQueue;
import dev.tern.queue.Reports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The SMTP server of one listener: MX or submission, as its {@link SmtpPolicy} says. Each connection runs one
 * {@link SmtpSession} on its own virtual thread.
 */
public final class SmtpHandler implements ProtocolHandler {

    /**
     * The bounds and names a session works with.
     *
     * @param hostname              the name in the greeting and in Received fields
     * @param maxMessageSize        SIZE (RFC 1870), enforced at MAIL and while reading
     * @param maxLineLength         longest command or text line, CRLF included
     * @param maxRecipients         RCPT per transaction (452 4.5.3 beyond)
     * @param maxCommandsBeforeMail commands allowed before authentication (submission) or between transactions
     * @param maxAuthFailures       failed AUTH per connection before it is closed
     * @param maxErrors             syntax and sequence errors (5.5.x replies) per connection before it is closed
     * @param spool                 where messages larger than {@code messageMemory} are written while they arrive
     * @param messageMemory         largest message held in memory while it arrives
     * @param idleTimeout           how long a read may wait
     * @param maxSessionTime        how long a connection may last in all
     */
    public record Settings(String hostname, long maxMessageSize, int maxLineLength, int maxRecipients,
                           int maxCommandsBeforeMail, int maxAuthFailures, int maxErrors, Path spool,
                           int messageMemory, Duration idleTimeout, Duration maxSessionTime) {}

    /**
     * The services a session uses: who may log in, where local mail goes, where remote mail goes, and who tells
     * the sender of a local delivery it asked to hear about (NOTIFY=SUCCESS).
     */
    record Services(SecurityPolicy security, Authenticator authenticator, LocalDelivery delivery, OutboundQueue outbound,
                    Reports reports) {}

    private final SmtpPolicy policy;
    private final Settings settings;
    private final Services services;

    public SmtpHandler(SmtpPolicy policy, Settings settings, SecurityPolicy security, Authenticator authenticator,
                       LocalDelivery delivery, OutboundQueue outbound, Reports reports) throws IOException {
        this.policy = policy;
        this.settings = settings;
        this.services = new Services(security, authenticator, delivery, outbound, reports);
        Files.createDirectories(settings.spool());
    }

    @Override
    public void serve(Connection connection) throws IOException {
        new SmtpSession(connection, policy, settings, services).run();
    }

    @Override
    public String refusal() {
        return "421 4.7.0 " + settings.hostname() + " Too many connections, try again later";
    }
}
