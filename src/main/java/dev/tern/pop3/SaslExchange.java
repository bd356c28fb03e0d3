package dev.tern.pop3;

import dev.tern.auth.Authenticator;
import dev.tern.auth.SaslBase64;
import dev.tern.auth.SaslException;
import dev.tern.auth.SaslPlain;
import dev.tern.auth.ScramServer;
import dev.tern.net.Connection;
import dev.tern.net.LineTooLongException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One AUTH command (RFC 5034 §4): challenges as {@code + base64}, the client's base64 responses, "*" to cancel,
 * an optional initial response on the command line ("=" for an empty one). PLAIN (RFC 4616) needs a secured
 * connection; SCRAM-SHA-256 (RFC 7677) does not, since it never sends the password.
 */
final class SaslExchange {
    static final String PLAIN = "PLAIN";
    static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

    private final Connection connection;
    private final Authenticator authenticator;

    SaslExchange(Connection connection, Authenticator authenticator) {
        this.connection = connection;
        this.authenticator = authenticator;
    }

    /** The mechanisms to offer: PLAIN only where a password may be sent. */
    static List<String> mechanisms(boolean secured) {
        return secured ? List.of(PLAIN, SCRAM_SHA_256) : List.of(SCRAM_SHA_256);
    }

    /**
     * Runs the exchange for {@code mechanism} (already upper case) and returns the authenticator's verdict.
     *
     * @throws Pop3Error for a mechanism that is not offered here (not an authentication failure)
     */
    Authenticator.Result run(String mechanism, Optional<String> initialResponse, boolean secured)
            throws IOException, Pop3Error {
        if (!mechanisms(secured).contains(mechanism)) {
            throw new Pop3Error(mechanism.equals(PLAIN) && !secured
                    ? "PLAIN sends the password in the clear; use STLS first, or SCRAM-SHA-256"
                    : "SASL mechanism " + mechanism + " is not supported; CAPA lists "
                    + String.join(" ", mechanisms(secured)));
        }
        try {
            return switch (mechanism) {
                case PLAIN -> plain(initialResponse);
                default -> scram(initialResponse);
            };
        } catch (SaslException e) {
            return authenticator.abandoned(connection.remoteAddress(), e.getMessage());
        }
    }

    private Authenticator.Result plain(Optional<String> initialResponse) throws IOException, SaslException {
        var response = initialResponse.isPresent() ? initialResponse.get() : challenge("");
        return authenticator.authenticate(SaslPlain.decode(SaslBase64.decode(response)), connection.remoteAddress());
    }

    private Authenticator.Result scram(Optional<String> initialResponse) throws IOException, SaslException {
        var server = authenticator.scramServer();
        var first = initialResponse.isPresent() ? initialResponse.get() : challenge("");
        var step = server.receive(utf8(SaslBase64.decode(first)));
        if (step instanceof ScramServer.Step.Challenge c) {
            step = server.receive(utf8(SaslBase64.decode(challenge(c.message()))));
        }
        if (step instanceof ScramServer.Step.Success s) {
            // RFC 5034 §4: POP3 has no success-with-data, so the server-final message is one more challenge,
            // which the client answers with an empty response.
            var last = challenge(s.serverFinal());
            if (!last.isEmpty() && !last.equals("=")) {
                throw new SaslException("the answer to the server's final SCRAM message must be empty");
            }
        }
        return authenticator.finish(step, connection.remoteAddress());
    }

    /** Sends a challenge and reads the client's response line. @throws SaslException if the client cancels */
    private String challenge(String message) throws IOException, SaslException {
        connection.writeLine("+ " + SaslBase64.encode(message));
        String line;
        try {
            line = connection.in().readLine();
        } catch (LineTooLongException e) {
            throw new SaslException("the SASL response is longer than " + e.limit() + " bytes");
        }
        if (line == null) throw new EOFException("the client closed the connection during AUTH");
        if (SaslBase64.isCancel(line)) throw new SaslException("the client cancelled AUTH");
        return line;
    }

    private static String utf8(byte[] bytes) { return new String(bytes, StandardCharsets.UTF_8); }
}
