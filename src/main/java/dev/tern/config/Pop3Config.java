package dev.tern.config;

import java.time.Duration;

/**
 * POP3 policies, from {@code [pop3]}: {@code keepDeletedInTrash} above zero moves messages a POP3 client deletes
 * to Trash for that long instead of expunging them; {@code loginDelay} is the shortest time between two POP3
 * logins of one account (zero: none).
 */
public record Pop3Config(Duration keepDeletedInTrash, Duration loginDelay) {}
