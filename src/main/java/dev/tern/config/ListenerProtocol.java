package dev.tern.config;

/** What a listener speaks: SMTP for mail from other hosts, submission for users' mail (RFC 6409), IMAP, POP3. */
public enum ListenerProtocol {
    SMTP, SUBMISSION, IMAP, POP3;

    public String configName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
