package dev.tern.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers recent successful password checks so that a client that logs in every minute does not cost an
 * Argon2id computation each time. An entry holds, per address, an HMAC of the password under a key that lives
 * only in this process, and the stored hash it was checked against: a password changed by any process (the CLI
 * while the server runs) changes the stored hash and so misses the cache at once. Entries expire after a TTL;
 * the least recently used go first when the cache is full.
 */
public final class CredentialCache {

    /** {@code maxEntries} 0 switches the cache off. */
    public record Settings(int maxEntries, Duration ttl) {
        public Settings {
            if (maxEntries < 0) throw new IllegalArgumentException("credential cache size must be 0 or more");
            if (ttl.isNegative()) throw new IllegalArgumentException("credential cache TTL must not be negative");
        }

        public static Settings defaults() { return new Settings(10_000, Duration.ofMinutes(10)); }

        public static Settings off() { return new Settings(0, Duration.ZERO); }
    }

    private record Verified(byte[] passwordMac, String storedHash, Instant expires) {}

    private final Settings settings;
    private final Clock clock;
    private final byte[] key = new byte[32];
    private final LinkedHashMap<String, Verified> entries;

    public CredentialCache(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        new SecureRandom().nextBytes(key);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
                return size() > settings.maxEntries();
            }
        };
    }

    public CredentialCache(Settings settings) { this(settings, Clock.systemUTC()); }

    /** Whether {@code password} was verified for {@code address} against {@code storedHash} within the TTL. */
    public boolean isVerified(String address, String password, String storedHash) {
        if (settings.maxEntries() == 0) return false;
        Verified entry;
        synchronized (entries) {
            entry = entries.get(address);
        }
        return entry != null && clock.instant().isBefore(entry.expires()) && entry.storedHash().equals(storedHash)
                && MessageDigest.isEqual(entry.passwordMac(), mac(password));
    }

    /** Records that {@code password} matched {@code storedHash} for {@code address}. */
    public void remember(String address, String password, String storedHash) {
        if (settings.maxEntries() == 0) return;
        var entry = new Verified(mac(password), storedHash, clock.instant().plus(settings.ttl()));
        synchronized (entries) {
            entries.put(address, entry);
        }
    }

    /** Forgets the address, e.g. when its password changed or the account was removed. */
    public void invalidate(String address) {
        synchronized (entries) {
            entries.remove(address);
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private byte[] mac(String password) {
        return ScramCredentials.hmac(key, password.getBytes(StandardCharsets.UTF_8));
    }
}
