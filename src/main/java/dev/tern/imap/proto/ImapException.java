package dev.tern.imap.proto;

/**
 * A command failed; the session answers it with the tagged status this names, the response code (without
 * brackets, may be null) and the text. A handler throws; the session loop answers.
 */
public sealed class ImapException extends RuntimeException {
    private final String code;

    private ImapException(String code, String text) {
        super(text);
        this.code = code;
    }

    /** The response code without brackets, e.g. {@code TRYCREATE} or {@code BADCHARSET (UTF-8)}, or null. */
    public String code() { return code; }

    public String text() { return getMessage(); }

    /** Syntax error, or a command not valid in this state (RFC 9051 §7.1.5). */
    public static final class Bad extends ImapException {
        public Bad(String text) { super(null, text); }

        public Bad(String code, String text) { super(code, text); }
    }

    /** Well-formed, but it cannot be done (RFC 9051 §7.1.2). */
    public static final class No extends ImapException {
        public No(String text) { super(null, text); }

        public No(String code, String text) { super(code, text); }
    }

    /** The server closes the connection after saying this (RFC 9051 §7.1.5). */
    public static final class Bye extends ImapException {
        public Bye(String code, String text) { super(code, text); }
    }
}
