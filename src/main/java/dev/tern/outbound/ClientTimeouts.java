package dev.tern.outbound;

import java.time.Duration;

/** How long the client waits: for the TCP connection, and for each reply as RFC 5321 §4.5.3.2 lists them. */
public record ClientTimeouts(Duration connect, Duration greeting, Duration mail, Duration rcpt, Duration dataInit,
                             Duration dataBlock, Duration dataEnd) {

    /** §4.5.3.2.1–6: greeting 5 min, MAIL 5, RCPT 5, DATA 2, each data block 3, after the final dot 10. */
    public static ClientTimeouts rfc5321(Duration connect) {
        return new ClientTimeouts(connect, Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(10));
    }

    /** The same wait for everything, for tests. */
    public static ClientTimeouts all(Duration each) {
        return new ClientTimeouts(each, each, each, each, each, each, each);
    }
}
