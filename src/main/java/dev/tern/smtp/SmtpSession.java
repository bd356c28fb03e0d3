package dev.tern.smtp;

import dev.tern.delivery.ReceivedHeader;
import dev.tern.delivery.Resolution;
import dev.tern.net.Connection;
import dev.tern.net.LineTooLongException;
import dev.tern.smtp.SmtpAuthentication.Login;
import dev.tern.smtp.SmtpCommand.Body;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP connection's dialogue (RFC 5321 §4.1), blocking on the connection's own thread: greeting, then one
 * command at a time until QUIT, a closing error or the end of the connection. Replies to pipelined commands are
 * sent together, once the client's input is used up (RFC 2920 §3.1). A handler throws {@link SmtpError}; this
 * loop answers it.
 */
final class SmtpSession {
    private static final Logger log = LoggerFactory.getLogger(SmtpSession.class);

    private final Connection connection;
    private final SmtpPolicy policy;
    private final SmtpHandler.Settings settings;
    private final SmtpHandler.Services services;
    private final MessageIntake intake;
    private String clientName;
    private boolean extended;
    private Login login;
    private Transaction transaction;
    private int commandsWithoutMail;
    private int errors;
    private int authFailures;
    private final long deadline;

    SmtpSession(Connection connection, SmtpPolicy policy, SmtpHandler.Settings settings, SmtpHandler.Services services) {
        this.connection = connection;
        this.policy = policy;
        this.settings = settings;
        this.services = services;
        this.intake = new MessageIntake(connection, settings, services);
        this.deadline = System.nanoTime() + settings.maxSessionTime().toNanos();
    }

    void run() throws IOException {
        try {
            send(new Reply(220, "", settings.hostname() + " ESMTP Tern"));
            while (step()) {
                // one command per step
            }
        } finally {
            connection.out().flush();
            endTransaction();
        }
    }

    /** Reads and answers one command; false when the session is over. */
    private boolean step() throws IOException {
        if (connection.isDraining()) {
            send(new Reply(421, "4.3.2", settings.hostname() + " Shutting down, try again later"));
            return false;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining < 1_000_000) { // under a millisecond: a socket timeout of 0 would mean no timeout at all
            send(new Reply(421, "4.4.2", settings.hostname() + " Connection time limit reached, closing connection"));
            return false;
        }
        // No read may outlast the session's time, however the client spaces its bytes.
        boolean sessionBound = Duration.ofNanos(remaining).compareTo(settings.idleTimeout()) < 0;
        connection.setIdleTimeout(sessionBound ? Duration.ofNanos(remaining) : settings.idleTimeout());
        String line;
        try {
            line = connection.in().readLine();
        } catch (LineTooLongException e) {
            return answer(new SmtpError(500, "5.5.2", "Line too long: commands may have at most "
                    + e.limit() + " octets with CRLF (RFC 5321 §4.5.3.1.4)"));
        } catch (SocketTimeoutException e) {
            send(new Reply(421, "4.4.2", settings.hostname()
                    + (sessionBound ? " Connection time limit reached" : " Idle too long") + ", closing connection"));
            return false;
        }
        if (line == null) return false;
        try {
            var command = CommandParser.parse(line);
            countCommand(command);
            return execute(command);
        } catch (SmtpError e) {
            return answer(e);
        }
    }

    /** Sends the error's reply; false if the session must end (a 421, or too many errors). */
    private boolean answer(SmtpError e) throws IOException {
        send(e.reply());
        if (e instanceof SmtpError.Closing) return false;
        if (e.reply().status().startsWith("5.5.") && ++errors >= settings.maxErrors()) {
            send(new Reply(421, "4.7.0", settings.hostname() + " Too many errors, closing connection"));
            return false;
        }
        return true;
    }

    /**
     * Bounds the commands that bring no mail: before authentication on submission everything counts, elsewhere
     * what is not part of a transaction; an accepted MAIL or AUTH starts the count again.
     */
    private void countCommand(SmtpCommand command) throws SmtpError {
        boolean counts = policy.requiresAuth() && login == null || !(command instanceof SmtpCommand.Mail
                || command instanceof SmtpCommand.Rcpt || command instanceof SmtpCommand.Data
                || command instanceof SmtpCommand.Bdat || command instanceof SmtpCommand.Quit);
        if (counts && ++commandsWithoutMail > settings.maxCommandsBeforeMail()) {
            throw new SmtpError.Closing("4.7.0", "Too many commands without mail, closing connection");
        }
    }

    private boolean execute(SmtpCommand command) throws IOException, SmtpError {
        switch (command) {
            case SmtpCommand.Ehlo(var name) -> hello(name, true);
            case SmtpCommand.Helo(var name) -> hello(name, false);
            case SmtpCommand.Mail mail -> mail(mail);
            case SmtpCommand.Rcpt rcpt -> rcpt(rcpt);
            case SmtpCommand.Data() -> data();
            case SmtpCommand.Bdat bdat -> bdat(bdat);
            case SmtpCommand.Rset() -> {
                endTransaction();
                send(new Reply(250, "2.0.0", "Reset OK"));
            }
            case SmtpCommand.Noop() -> send(new Reply(250, "2.0.0", "OK"));
            case SmtpCommand.Quit() -> {
                send(new Reply(221, "2.0.0", settings.hostname() + " closing connection"));
                return false;
            }
            // RFC 5321 §3.5.3: 252 when a server will not verify but will try to deliver.
            case SmtpCommand.Vrfy v -> send(new Reply(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery"));
            case SmtpCommand.Help h -> send(new Reply(214, "2.0.0",
                    "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH; see RFC 5321"));
            case SmtpCommand.StartTls() -> startTls();
            case SmtpCommand.Auth auth -> auth(auth);
        }
        return true;
    }

    private void hello(String name, boolean ehlo) throws IOException {
        endTransaction();
        clientName = name;
        extended = ehlo;
        var greeting = settings.hostname() + " greets " + CommandParser.printable(name);
        if (!ehlo) {
            send(new Reply(250, "", greeting));
            return;
        }
        var lines = new ArrayList<>(List.of(greeting, "PIPELINING", "SIZE " + settings.maxMessageSize(), "8BITMIME",
                "SMTPUTF8", "ENHANCEDSTATUSCODES", "CHUNKING", "BINARYMIME", "DSN"));
        if (connection.canStartTls()) lines.add("STARTTLS");
        if (policy.offersAuth() && services.security().isSecured(connection)) lines.add("AUTH " + SmtpAuthentication.MECHANISMS);
        lines.add("HELP");
        send(new Reply(250, "", lines));
    }

    private void mail(SmtpCommand.Mail mail) throws IOException, SmtpError {
        if (clientName == null) throw SmtpError.badSequence("Send EHLO or HELO first");
        if (transaction != null) throw SmtpError.badSequence("A transaction is open already; send RSET to start again");
        if (policy.requiresAuth() && login == null) throw new SmtpError(530, "5.7.0", "Authentication required: use AUTH first");
        var p = mail.parameters();
        if (mail.sender().isPresent() && !mail.sender().get().isAscii() && !p.smtpUtf8()) {
            throw new SmtpError(553, "5.6.7", "A non-ASCII address needs the SMTPUTF8 parameter (RFC 6531 §3.4)");
        }
        if (p.size().orElse(0) > settings.maxMessageSize()) {
            throw new SmtpError(552, "5.3.4", "The message is larger than the limit of " + settings.maxMessageSize() + " octets");
        }
        if (policy == SmtpPolicy.SUBMISSION) checkSender(mail.sender());
        transaction = new Transaction(mail.sender(), p);
        commandsWithoutMail = 0;
        send(new Reply(250, "2.1.0", "Sender <" + transaction.reversePath() + "> OK"));
    }

    /** RFC 6409 §6.1: a submission server may insist that the sender is the user's own address. */
    private void checkSender(Optional<MailboxAddress> sender) throws SmtpError {
        if (sender.isEmpty()) {
            throw new SmtpError(553, "5.7.1", "The null sender <> is for bounces; send from an address of " + login.address());
        }
        var address = sender.get();
        if (address.isPostmaster() || address.isAddressLiteral() || address.hasRoutingCharacters()
                || !services.delivery().owns(login.account(), address.address())) {
            throw new SmtpError(553, "5.7.1", "<" + address.smtpForm() + "> is not an address of " + login.address()
                    + "; send from your own address or an alias of yours");
        }
    }

    private void rcpt(SmtpCommand.Rcpt rcpt) throws IOException, SmtpError {
        if (transaction == null) throw SmtpError.badSequence("Send MAIL first");
        if (transaction.chunking) throw SmtpError.badSequence("RCPT after BDAT; the recipients come before the message");
        if (transaction.recipients.size() >= settings.maxRecipients()) {
            throw new SmtpError(452, "4.5.3", "Too many recipients: at most " + settings.maxRecipients()
                    + " per message; send the rest in another transaction");
        }
        var address = rcpt.recipient().isPostmaster()
                ? new MailboxAddress("postmaster", settings.hostname(), false) : rcpt.recipient();
        if (!address.isAscii() && !transaction.parameters.smtpUtf8()) {
            throw new SmtpError(553, "5.6.7", "A non-ASCII address needs the SMTPUTF8 parameter of MAIL (RFC 6531 §3.4)");
        }
        if (address.hasRoutingCharacters()) {
            throw new SmtpError(550, "5.7.1", "<" + address.smtpForm() + "> has %, ! or @ in its local part; "
                    + "this server does not route by such addresses");
        }
        var recipient = route(address, rcpt.parameters());
        transaction.recipients.add(recipient);
        send(new Reply(250, "2.1.5", "Recipient <" + address.smtpForm() + "> OK"));
    }

    /** Where a recipient's mail goes, or the refusal: RFC 5321 §3.6.2, never a relay for the MX. */
    private Transaction.Recipient route(MailboxAddress address, SmtpCommand.RcptParameters parameters) throws SmtpError {
        var resolution = address.isAddressLiteral()
                ? new Resolution.NotLocal(address.address()) : services.delivery().resolve(address.address());
        var size = transaction.parameters.size().orElse(0);
        return switch (resolution) {
            case Resolution.LocalAccount account -> {
                checkRoom(account, address, size);
                yield new Transaction.Recipient(address, parameters, List.of(account), List.of());
            }
            case Resolution.Expanded expanded -> {
                for (var account : expanded.local()) checkRoom(account, address, size);
                yield new Transaction.Recipient(address, parameters, expanded.local(), expanded.remote());
            }
            case Resolution.UnknownUser u -> throw new SmtpError(550, "5.1.1", "<" + address.smtpForm() + ">: no such user here");
            case Resolution.Unroutable u -> throw new SmtpError(550, u.reason().contains("loop") ? "5.4.6" : "5.1.1",
                    "<" + address.smtpForm() + "> cannot be delivered: the address is misconfigured here");
            case Resolution.NotLocal n -> {
                if (policy == SmtpPolicy.MX) {
                    throw new SmtpError(550, "5.7.1", "Relaying denied: <" + address.smtpForm() + "> is not a local address");
                }
                yield new Transaction.Recipient(address, parameters, List.of(), List.of(address.smtpForm()));
            }
        };
    }

    private void checkRoom(Resolution.LocalAccount account, MailboxAddress address, long size) throws SmtpError {
        if (!services.delivery().hasRoomFor(account.account(), size)) {
            throw new SmtpError(452, "4.2.2", "<" + address.smtpForm() + ">: mailbox full");
        }
    }

    private void data() throws IOException, SmtpError {
        requireRecipients();
        if (transaction.chunking) throw SmtpError.badSequence("DATA after BDAT; finish the message with BDAT LAST");
        if (transaction.parameters.body() == Body.BINARY_MIME) {
            throw SmtpError.badSequence("BODY=BINARYMIME needs BDAT, not DATA (RFC 3030 §3)");
        }
        send(new Reply(354, "", "End data with <CR><LF>.<CR><LF>"));
        connection.out().flush();
        Reply reply;
        try {
            reply = intake.readData(transaction, received(), deadline);
        } finally {
            endTransaction(); // the spool file is gone before the client hears the answer
        }
        send(reply);
    }

    private void bdat(SmtpCommand.Bdat bdat) throws IOException, SmtpError {
        if (transaction == null || transaction.recipients.isEmpty()) {
            MessageReader.readChunk(connection.in(), null, bdat.size(), 0);
            requireRecipients();
        }
        Reply reply = null;
        try {
            reply = intake.readChunk(transaction, bdat, received());
        } finally {
            if (reply == null || bdat.last() || !reply.isPositive()) endTransaction();
        }
        send(reply);
    }

    private void requireRecipients() throws SmtpError {
        if (transaction == null) throw SmtpError.badSequence("Send MAIL and RCPT first");
        if (transaction.recipients.isEmpty()) throw new SmtpError(554, "5.5.1", "No valid recipients");
    }

    private ReceivedHeader received() {
        var tls = connection.tlsSession().map(s -> "using " + s.getProtocol() + " with cipher " + s.getCipherSuite());
        var recipients = transaction.recipients;
        return new ReceivedHeader(clientName, connection.remoteAddress(), settings.hostname(),
                ReceivedHeader.protocol(extended, connection.isTls(), login != null, transaction.parameters.smtpUtf8()),
                tls, transaction.id,
                recipients.size() == 1 ? Optional.of(recipients.getFirst().address().smtpForm()) : Optional.empty(),
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
    }

    private void startTls() throws IOException, SmtpError {
        if (connection.isTls()) throw SmtpError.badSequence("TLS is active already");
        if (!connection.canStartTls()) throw new SmtpError(454, "4.7.0", "TLS not available");
        send(new Reply(220, "2.0.0", "Ready to start TLS"));
        connection.startTls();
        // RFC 3207 §4.2: forget everything learnt before TLS; the client starts again with EHLO.
        endTransaction();
        clientName = null;
        extended = false;
        login = null;
    }

    private void auth(SmtpCommand.Auth auth) throws IOException, SmtpError {
        if (!policy.offersAuth()) throw new SmtpError(503, "5.5.1", "AUTH is offered on the submission ports, not here");
        if (clientName == null || !extended) throw SmtpError.badSequence("Send EHLO first");
        if (login != null) throw SmtpError.badSequence("Already authenticated");
        if (transaction != null) throw SmtpError.badSequence("AUTH is not allowed during a mail transaction");
        if (!services.security().isSecured(connection)) {
            throw new SmtpError(538, "5.7.11", "Encryption required for authentication: use STARTTLS first");
        }
        var result = new SmtpAuthentication(connection, services.authenticator()).run(auth);
        if (result.isPresent()) {
            login = result.get();
            commandsWithoutMail = 0;
            log.info("conn={} event=auth user={} mechanism={}", connection.id(), login.address(), auth.mechanism());
            send(new Reply(235, "2.7.0", "Authentication successful"));
            return;
        }
        if (++authFailures >= settings.maxAuthFailures()) {
            throw new SmtpError.Closing("4.7.0", "Too many failed authentications, closing connection");
        }
        throw new SmtpError(535, "5.7.8", "Authentication credentials invalid");
    }

    private void endTransaction() throws IOException {
        if (transaction != null) transaction.close();
        transaction = null;
    }

    /** Writes a reply; flushes once nothing more from the client waits to be read (RFC 2920 §3.1). */
    private void send(Reply reply) throws IOException {
        connection.out().write(reply.render().getBytes(StandardCharsets.UTF_8));
        if (connection.in().buffered() == 0 || reply.code() == 421 || reply.code() == 221) connection.out().flush();
    }
}
