package dev.tern.net;

import dev.tern.config.PlaintextAuth;
import java.net.InetAddress;

/**
 * The one answer to "is this connection secured?", which every protocol asks before it accepts a password or
 * offers plaintext mechanisms: yes if TLS is active, or if plaintext authentication is allowed for the client's
 * address ({@code loopback}: 127.0.0.0/8 and ::1).
 */
public record SecurityPolicy(PlaintextAuth plaintextAuth) {

    public boolean isSecured(Connection connection) {
        return isSecured(connection.isTls(), connection.remoteAddress());
    }

    public boolean isSecured(boolean tls, InetAddress client) {
        if (tls) return true;
        return switch (plaintextAuth) {
            case NEVER -> false;
            case LOOPBACK -> client.isLoopbackAddress();
            case ALWAYS -> true;
        };
    }
}
