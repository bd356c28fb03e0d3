package dev.tern.imap;

import dev.tern.auth.Authenticator;
import dev.tern.auth.SaslBase64;
import dev.tern.auth.SaslException;
import dev.tern.auth.SaslPlain;
import dev.tern.auth.ScramServer;
import dev.tern.imap.proto.Command;
import dev.tern.imap.proto.ImapException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** STARTTLS, LOGIN and AUTHENTICATE (RFC 9051 §6.2), through the shared {@link Authenticator}. */
final class AuthenticationCommands {
    private final ImapSession session;

    AuthenticationCommands(ImapSession session) { this.session = session; }

    void execute(String tag, Command command) throws IOException {
        if (session.state != ImapSession.State.NOT_AUTHENTICATED) {
            throw new ImapException.Bad("already authenticated");
        }
        switch (command) {
            case Command.StartTls _ -> startTls(tag);
            case Command.Login l -> login(tag, l);
            case Command.Authenticate a -> authenticate(tag, a);
            default -> throw new IllegalArgumentException("not an authentication command: " + command);
        }
    }

    private void startTls(String tag) throws IOException {
        if (!session.connection.canStartTls()) throw new ImapException.Bad("STARTTLS is not offered here");
        session.out.status(tag, "OK", null, "Begin TLS negotiation now");
        session.out.flush();
        // Connection.startTls() drops whatever the client pipelined after STARTTLS (RFC 9051 §6.2.1).
        session.connection.startTls();
        session.tlsStarted();
    }

    private void login(String tag, Command.Login login) throws IOException {
        if (!session.secured()) {
            throw new ImapException.No("PRIVACYREQUIRED", "LOGIN needs TLS first: use STARTTLS or the implicit TLS port");
        }
        finish(tag, session.server.authenticator().authenticate(login.user(), login.password(), client()));
    }

    private void authenticate(String tag, Command.Authenticate command) throws IOException {
        var result = switch (command.mechanism()) {
            case "PLAIN" -> plain(command.initialResponse());
            case "SCRAM-SHA-256" -> scram(command.initialResponse());
            default -> throw new ImapException.No("CANNOT", "mechanism " + command.mechanism()
                    + " is not supported; use PLAIN or SCRAM-SHA-256");
        };
        if (result != null) finish(tag, result);
        else session.out.status(tag, "BAD", null, "AUTHENTICATE cancelled");
    }

    private Authenticator.Result plain(Optional<String> initial) throws IOException {
        if (!session.secured()) {
            throw new ImapException.No("PRIVACYREQUIRED", "PLAIN needs TLS first: use STARTTLS or the implicit TLS port");
        }
        var response = initial.isPresent() ? initial.get() : challenge("");
        if (response == null) return null;
        var message = base64(response);
        try {
            var credentials = SaslPlain.decode(message);
            return session.server.authenticator().authenticate(credentials, client());
        } catch (SaslException e) {
            return session.server.authenticator().abandoned(client(), e.getMessage());
        }
    }

    private Authenticator.Result scram(Optional<String> initial) throws IOException {
        var authenticator = session.server.authenticator();
        var scram = authenticator.scramServer();
        var response = initial.isPresent() ? initial.get() : challenge("");
        while (true) {
            if (response == null) return null;
            var step = scram.receive(new String(base64(response), StandardCharsets.UTF_8));
            switch (step) {
                case ScramServer.Step.Challenge c -> response = challenge(c.message());
                case ScramServer.Step.Success s -> {
                    // IMAP carries the server-final message as a last challenge, answered empty (RFC 9051 §6.2.2).
                    var ack = challenge(s.serverFinal());
                    if (ack == null) return null;
                    return authenticator.finish(step, client());
                }
                case ScramServer.Step.Failure _ -> { return authenticator.finish(step, client()); }
            }
        }
    }

    /** RFC 9051 §6.2.2: a response that is not base64 fails the exchange with BAD (and counts as a failure). */
    private byte[] base64(String response) {
        try {
            return SaslBase64.decode(response);
        } catch (SaslException e) {
            session.server.authenticator().abandoned(client(), e.getMessage());
            session.authenticationFailures++;
            throw new ImapException.Bad("the SASL response is not valid base64");
        }
    }

    /** Sends a continuation with {@code text} base64-encoded and reads the answer; null if the client cancelled. */
    private String challenge(String text) throws IOException {
        session.out.raw("+ " + SaslBase64.encode(text)).crlf();
        session.out.flush();
        var line = session.connection.in().readLine();
        if (line == null) throw new java.io.EOFException("connection closed during AUTHENTICATE");
        return SaslBase64.isCancel(line) ? null : line;
    }

    private void finish(String tag, Authenticator.Result result) throws IOException {
        switch (result) {
            case Authenticator.Result.Success s -> {
                session.loggedIn(s.account());
                session.out.status(tag, "OK", "CAPABILITY " + session.capabilities(), "Logged in");
            }
            case Authenticator.Result.Failure _ -> {
                session.authenticationFailures++;
                if (session.authenticationFailures > session.server.settings().authenticationFailures()) {
                    session.out.status(tag, "NO", "AUTHENTICATIONFAILED", "Authentication failed");
                    session.bye(null, "Too many failed logins (limits.authentication-failures)");
                    return;
                }
                session.out.status(tag, "NO", "AUTHENTICATIONFAILED", "Authentication failed");
            }
        }
    }

    private java.net.InetAddress client() { return session.connection.remoteAddress(); }
}
