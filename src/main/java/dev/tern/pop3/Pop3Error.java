package dev.tern.pop3;

/**
 * A command failed: the session answers {@code -ERR}, with {@code code} in brackets when present, and closes the
 * connection afterwards when {@code close} is set. Handlers throw it; the session loop answers.
 */
final class Pop3Error extends Exception {
    private final ResponseCode code;
    private final boolean close;

    Pop3Error(ResponseCode code, String text, boolean close) {
        super(text, null, false, false);
        this.code = code;
        this.close = close;
    }

    Pop3Error(ResponseCode code, String text) { this(code, text, false); }

    Pop3Error(String text) { this(null, text, false); }

    boolean close() { return close; }

    /** The response line without CRLF. */
    String line() { return "-ERR " + (code == null ? "" : "[" + code.text() + "] ") + getMessage(); }
}
