package dev.tern.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {
    private final TestClock clock = new TestClock();
    private final CredentialCache cache = new CredentialCache(new CredentialCache.Settings(2, Duration.ofMinutes(1)), clock);

    @Test
    void remembersAVerifiedPasswordForTheSameStoredHash() {
        cache.remember("a@ex.com", "pencil", "$hash1");
        assertThat(cache.isVerified("a@ex.com", "pencil", "$hash1")).isTrue();
        assertThat(cache.isVerified("a@ex.com", "Pencil", "$hash1")).isFalse();
        assertThat(cache.isVerified("b@ex.com", "pencil", "$hash1")).isFalse();
    }

    @Test
    void aChangedStoredHashMissesEvenWhenChangedElsewhere() {
        cache.remember("a@ex.com", "pencil", "$hash1");
        assertThat(cache.isVerified("a@ex.com", "pencil", "$hash2")).isFalse();
    }

    @Test
    void entriesExpireAndCanBeInvalidated() {
        cache.remember("a@ex.com", "pencil", "$h");
        clock.advance(Duration.ofSeconds(61));
        assertThat(cache.isVerified("a@ex.com", "pencil", "$h")).isFalse();
        cache.remember("a@ex.com", "pencil", "$h");
        cache.invalidate("a@ex.com");
        assertThat(cache.isVerified("a@ex.com", "pencil", "$h")).isFalse();
    }

    @Test
    void isBoundedAndCanBeSwitchedOff() {
        cache.remember("a@ex.com", "p", "$h");
        cache.remember("b@ex.com", "p", "$h");
        cache.remember("c@ex.com", "p", "$h");
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.isVerified("a@ex.com", "p", "$h")).isFalse();
        var off = new CredentialCache(CredentialCache.Settings.off(), clock);
        off.remember("a@ex.com", "p", "$h");
        assertThat(off.isVerified("a@ex.com", "p", "$h")).isFalse();
    }
}
