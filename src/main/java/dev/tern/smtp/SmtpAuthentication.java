package dev.tern.smtp;

import dev.tern.auth.Authenticator;
import dev.tern.auth.SaslBase64;
import dev.tern.auth.SaslException;
import dev.tern.auth.SaslLogin;
import dev.tern.auth.SaslPlain;
import dev.tern.auth.ScramServer;
import dev.tern.net.Connection;
import dev.tern.store.AccountId;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One AUTH exchange of RFC 4954 §4 with PLAIN (RFC 4616), LOGIN or SCRAM-SHA-256 (RFC 7677): challenges are
 * {@code 334} lines, each client answer one base64 line, "*" cancels. The password check itself is the shared
 * {@link Authenticator}'s, with its failure throttle.
 */
final class SmtpAuthentication {
    /** The mechanisms offered in EHLO, in order of preference. */
    static final String MECHANISMS = "SCRAM-SHA-256 PLAIN LOGIN";

    /** Who authenticated. */
    record Login(AccountId account, String address) {}

    private final Connection connection;
    private final Authenticator authenticator;

    SmtpAuthentication(Connection connection, Authenticator authenticator) {
        this.connection = connection;
        this.authenticator = authenticator;
    }

    /**
     * Runs the exchange. Returns the login, or empty when the credentials were wrong (after the throttle's delay).
     *
     * @throws SmtpError for an unknown mechanism, a cancelled exchange or a malformed response
     */
    Optional<Login> run(SmtpCommand.Auth command) throws IOException, SmtpError {
        var initial = command.initialResponse();
        try {
            return switch (command.mechanism()) {
                case "PLAIN" -> check(SaslPlain.decode(initial.isPresent() ? decode(initial.get()) : respond("")));
                case "LOGIN" -> login(initial);
                case "SCRAM-SHA-256" -> scram(initial);
                default -> throw new SmtpError(504, "5.5.4", "Unknown mechanism " + CommandParser.printable(command.mechanism())
                        + "; this server offers " + MECHANISMS);
            };
        } catch (SaslException e) {
            authenticator.abandoned(connection.remoteAddress(), e.getMessage());
            throw new SmtpError(501, "5.5.2", "Malformed authentication response: " + e.getMessage());
        }
    }

    private Optional<Login> login(Optional<String> initial) throws IOException, SmtpError, SaslException {
        var exchange = new SaslLogin();
        var first = initial.isPresent() ? decode(initial.get()) : respondEncoded(SaslLogin.USERNAME_CHALLENGE);
        exchange.receive(first);
        var credentials = exchange.receive(respondEncoded(SaslLogin.PASSWORD_CHALLENGE));
        return check(credentials.orElseThrow(() -> new SaslException("LOGIN ended without a password")));
    }

    private Optional<Login> scram(Optional<String> initial) throws IOException, SmtpError, SaslException {
        var server = authenticator.scramServer();
        var message = initial.isPresent() ? decode(initial.get()) : respond("");
        var step = server.receive(utf8(message));
        while (step instanceof ScramServer.Step.Challenge(var challenge)) {
            step = server.receive(utf8(respond(challenge)));
        }
        if (step instanceof ScramServer.Step.Success success) {
            // RFC 4954 §4: additional data with success goes in a 334 that the client answers with an empty line.
            respond(success.serverFinal());
        }
        return result(authenticator.finish(step, connection.remoteAddress()));
    }

    private Optional<Login> check(SaslPlain credentials) {
        return result(authenticator.authenticate(credentials, connection.remoteAddress()));
    }

    private static Optional<Login> result(Authenticator.Result result) {
        return switch (result) {
            case Authenticator.Result.Success(var account) -> Optional.of(new Login(account.id(), account.address()));
            case Authenticator.Result.Failure f -> Optional.empty();
        };
    }

    /** Sends {@code challenge} (plain text, base64-encoded here) and returns the client's decoded answer. */
    private byte[] respond(String challenge) throws IOException, SmtpError {
        return respondEncoded(SaslBase64.encode(challenge));
    }

    private byte[] respondEncoded(String base64Challenge) throws IOException, SmtpError {
        connection.writeLine("334 " + base64Challenge);
        var line = connection.in().readLine();
        if (line == null) throw new EOFException("the client closed the connection during AUTH");
        if (SaslBase64.isCancel(line)) {
            authenticator.abandoned(connection.remoteAddress(), "cancelled AUTH");
            throw new SmtpError(501, "5.0.0", "Authentication cancelled");
        }
        return decode(line);
    }

    private static byte[] decode(String base64) throws SmtpError {
        try {
            return SaslBase64.decode(base64);
        } catch (SaslException e) {
            throw new SmtpError(501, "5.5.2", "The authentication response is not valid base64");
        }
    }

    private static String utf8(byte[] bytes) { return new String(bytes, StandardCharsets.UTF_8); }
}
