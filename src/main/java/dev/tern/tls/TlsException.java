package dev.tern.tls;

/** Certificate or key cannot be used; the message names the file and what is wrong with it. */
public class TlsException extends RuntimeException {
    public TlsException(String message) { super(message); }

    public TlsException(String message, Throwable cause) { super(message, cause); }
}
