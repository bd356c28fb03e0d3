package dev.tern.pop3;

import java.time.Duration;

/**
 * What a POP3 listener needs from the configuration.
 *
 * @param offerStls            the listener is plaintext with STLS (RFC 2595); false for implicit TLS and plain
 * @param authFailures         failed logins a connection may have; the next one closes it
 * @param commandsBeforeAuth   commands a connection may send before it logs in; the next one closes it
 * @param keepDeletedInTrash   above zero: DELE moves to Trash for this long instead of expunging
 * @param loginDelay           shortest time between two logins of one account (zero: none)
 */
public record Pop3Settings(boolean offerStls, int authFailures, int commandsBeforeAuth, Duration keepDeletedInTrash,
                           Duration loginDelay) {
    public Pop3Settings {
        if (authFailures < 1 || commandsBeforeAuth < 1) {
            throw new IllegalArgumentException("authFailures and commandsBeforeAuth must be at least 1");
        }
    }
}
