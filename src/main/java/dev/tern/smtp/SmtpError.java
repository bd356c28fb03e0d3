package dev.tern.smtp;

/**
 * What went wrong with a command, as the reply that says so. A handler throws; the session loop answers with
 * {@link #reply()} and goes on, or, for {@link Closing}, answers and closes the connection. Permanent (5xx) and
 * transient (4xx) failures are told apart by the reply code, as the client will tell them apart.
 */
public sealed class SmtpError extends Exception permits SmtpError.Closing {
    private final Reply reply;

    public SmtpError(int code, String status, String text) {
        super(code + " " + status + " " + text);
        this.reply = new Reply(code, status, text);
    }

    public Reply reply() { return reply; }

    /** A permanent failure: counts against the session's error bound (RFC 5321 §4.5.3.2 lets a server give up). */
    public boolean isPermanent() { return reply.code() >= 500; }

    /** The session ends after this reply (421, RFC 5321 §3.8). */
    public static final class Closing extends SmtpError {
        public Closing(String status, String text) { super(421, status, text); }
    }

    /** 501 5.5.4: the command's arguments are not what RFC 5321 §4.1 allows. */
    public static SmtpError syntax(String text) { return new SmtpError(501, "5.5.4", text); }

    /** 501 5.1.3 (RFC 3463): the address itself is malformed. */
    public static SmtpError badAddress(String text) { return new SmtpError(501, "5.1.3", text); }

    /** 503 5.5.1: the command is valid but not now (RFC 5321 §4.1.4 order). */
    public static SmtpError badSequence(String text) { return new SmtpError(503, "5.5.1", text); }

    /** 555 5.5.4: an unknown or malformed MAIL/RCPT parameter (RFC 5321 §4.1.1.11). */
    public static SmtpError badParameter(String text) { return new SmtpError(555, "5.5.4", text); }
}
