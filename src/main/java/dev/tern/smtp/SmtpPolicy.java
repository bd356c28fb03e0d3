package dev.tern.smtp;

/**
 * Which of the two SMTP services a listener offers: the same server and dialogue, with different rules on who
 * may send what to whom.
 */
public enum SmtpPolicy {
    /**
     * Port 25 (RFC 5321): mail from other hosts, accepted only for our own recipients; no AUTH, never relays
     * (RFC 5321 §3.6.2, RFC 2505).
     */
    MX,
    /**
     * Ports 587 and 465 (RFC 6409, RFC 8314): our users' mail to anywhere, after AUTH, from an envelope sender they
     * own (RFC 6409 §6.1); local recipients are delivered directly, remote ones queued.
     */
    SUBMISSION;

    boolean offersAuth() { return this == SUBMISSION; }

    boolean requiresAuth() { return this == SUBMISSION; }
}
