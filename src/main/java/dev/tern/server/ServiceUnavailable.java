package dev.tern.server;

import dev.tern.config.ListenerProtocol;
import dev.tern.net.Connection;
import dev.tern.net.ProtocolHandler;
import java.io.IOException;

/** The handler of a protocol Tern does not serve (yet): its own "service not available" greeting, then close. */
final class ServiceUnavailable implements ProtocolHandler {
    private final ListenerProtocol protocol;
    private final String hostname;

    ServiceUnavailable(ListenerProtocol protocol, String hostname) {
        this.protocol = protocol;
        this.hostname = hostname;
    }

    @Override
    public void serve(Connection connection) throws IOException {
        connection.writeLine(switch (protocol) {
            // RFC 5321 §3.1: a server that cannot serve may greet with 421 and close.
            case SMTP, SUBMISSION -> "421 4.3.2 " + hostname + " Service not available, closing transmission channel";
            // RFC 9051 §7.1.5: BYE as greeting, the server is closing the connection.
            case IMAP -> "* BYE Service not available";
            // RFC 2449 §8.1.2: SYS/TEMP, a temporary system problem.
            case POP3 -> "-ERR [SYS/TEMP] Service not available";
        });
    }

    @Override
    public String refusal() {
        return switch (protocol) {
            case SMTP, SUBMISSION -> "421 4.7.0 " + hostname + " Too many connections, try again later";
            case IMAP -> "* BYE Too many connections, try again later";
            case POP3 -> "-ERR [SYS/TEMP] Too many connections, try again later";
        };
    }
}
