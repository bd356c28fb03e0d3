package dev.tern.net;

import java.io.IOException;

/**
 * One protocol's side of a connection: {@link #serve} runs the whole dialogue on the connection's own virtual
 * thread and returns (or throws) when it is over; the listener closes the connection afterwards.
 */
public interface ProtocolHandler {

    void serve(Connection connection) throws IOException;

    /**
     * The line (without CRLF) sent to a client refused because a connection cap is reached, in the protocol's own
     * words, e.g. SMTP {@code 421 4.7.0 ...}, IMAP {@code * BYE ...}, POP3 {@code -ERR [SYS/TEMP] ...}.
     */
    String refusal();
}
