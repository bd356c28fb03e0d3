package dev.tern.config;

import java.time.Duration;

/**
 * How long Tern waits, from {@code [timeouts]}: idle sessions per protocol, TLS handshakes, shutdown, and the
 * longest an SMTP connection may last.
 */
public record Timeouts(
        Duration smtpIdle,
        Duration imapIdle,
        Duration pop3Idle,
        Duration tlsHandshake,
        Duration shutdownGrace,
        Duration smtpSession) {}
