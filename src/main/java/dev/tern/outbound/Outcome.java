package dev.tern.outbound;

/** What became of one recipient in one attempt, and the reply (or network failure) it rests on. */
public record Outcome(Kind kind, SmtpReply reply) {

    public enum Kind {
        /** The next hop took responsibility (2xx after the data). */
        DELIVERED,
        /** Try again later: a 4xx reply, or no host could be reached. */
        DEFERRED,
        /** A 5xx reply, or a permanent condition like a null MX; never retried. */
        FAILED
    }

    public static Outcome of(SmtpReply reply) {
        return new Outcome(reply.positive() ? Kind.DELIVERED : reply.permanent() ? Kind.FAILED : Kind.DEFERRED, reply);
    }
}
