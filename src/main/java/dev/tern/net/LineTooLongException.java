package dev.tern.net;

import java.io.IOException;

/**
 * A line was longer than the reader's bound. The rest of the line has been read and discarded, so the connection
 * is at the start of the next line and the protocol may answer with its error and go on, or close.
 */
public final class LineTooLongException extends IOException {
    private final int limit;

    public LineTooLongException(int limit) {
        super("line longer than " + limit + " bytes");
        this.limit = limit;
    }

    /** The bound that was exceeded, in bytes including CRLF. */
    public int limit() { return limit; }
}
