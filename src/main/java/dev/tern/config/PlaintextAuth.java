package dev.tern.config;

/**
 * Where a client may send a password without TLS: {@code never}, {@code loopback} (127.0.0.0/8 and ::1, as
 * Dovecot treats local connections as secured) or {@code always}.
 */
public enum PlaintextAuth {
    NEVER, LOOPBACK, ALWAYS;

    /** The spelling in the configuration file. */
    public String configName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
