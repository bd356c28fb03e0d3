package dev.tern.config;

import java.time.Duration;

/**
 * Password hashing and login checks, from {@code [auth]}: the Argon2id cost of new hashes (stored hashes keep
 * the cost they were made with) and the cache of recently verified logins ({@code cacheEntries} 0 = off), which
 * spares a client that logs in again and again one Argon2id computation each time; and the failure throttle,
 * which answers a client address's failed logins after a delay that doubles from {@code failureDelay} up to
 * {@code failureDelayMax}, remembered for {@code failureWindow}, for at most {@code failureClients} addresses.
 */
public record AuthConfig(int argon2MemoryKiB, int argon2Iterations, int cacheEntries, Duration cacheTtl,
                         Duration failureDelay, Duration failureDelayMax, Duration failureWindow,
                         int failureClients) {}
