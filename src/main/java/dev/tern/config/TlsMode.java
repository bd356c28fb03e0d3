package dev.tern.config;

/**
 * How a listener uses TLS: {@code none} (plaintext only), {@code starttls} (plaintext, upgraded on the client's
 * STARTTLS/STLS; RFC 3207, RFC 9051 §6.2.1, RFC 2595) or {@code implicit} (TLS from the first byte; RFC 8314).
 */
public enum TlsMode {
    NONE, STARTTLS, IMPLICIT;

    public String configName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
