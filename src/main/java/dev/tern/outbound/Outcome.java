package dev.tern.outbound;

/**
 * What became of one recipient in one attempt, and the reply (or network failure) it rests on. {@code dsnPassedOn}
 * says the next hop offered DSN and took the recipient's NOTIFY with it (RFC 3461 §4.1): reports about it are the
 * next hop's to send from then on.
 */
public record Outcome(Kind kind, SmtpReply reply, boolean dsnPassedOn) {

    public enum Kind {
        /** The next hop took responsibility (2xx after the data). */
        DELIVERED,
        /** Try again later: a 4xx reply, or no host could be reached. */
        DEFERRED,
        /** A 5xx reply, or a permanent condition like a null MX; never retried. */
        FAILED
    }

    public Outcome(Kind kind, SmtpReply reply) {
        this(kind, reply, false);
    }

    public static Outcome of(SmtpReply reply) {
        return new Outcome(reply.positive() ? Kind.DELIVERED : reply.permanent() ? Kind.FAILED : Kind.DEFERRED, reply);
    }
}
