package dev.tern.auth;

/**
 * A client's SASL response cannot be understood (bad base64, missing NULs, ...). Protocols answer it as their
 * syntax or authentication error (IMAP BAD/NO, SMTP 501 5.5.2, POP3 -ERR); the message says what was wrong.
 */
public final class SaslException extends Exception {
    public SaslException(String message) { super(message); }
}
