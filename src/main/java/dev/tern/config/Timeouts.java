package dev.tern.config;

import java.time.Duration;

/** How long Tern waits, from {@code [timeouts]}: idle sessions per protocol, TLS handshakes, and shutdown. */
public record Timeouts(
        Duration smtpIdle,
        Duration imapIdle,
        Duration pop3Idle,
        Duration tlsHandshake,
        Duration shutdownGrace) {}
