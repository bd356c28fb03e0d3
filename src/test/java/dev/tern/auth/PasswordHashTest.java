package dev.tern.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    // Cheap parameters: these tests are about the format and the checks, not the cost.
    private final PasswordHash cheap = new PasswordHash(new PasswordHash.Cost(64, 1, 1, 2));

    @Test
    void verifiesTheReferenceImplementationsHash() {
        // libargon2's own test vector (src/test.c): password "password", salt "somesalt", m=64 MiB, t=2, p=1.
        var reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertThat(cheap.verify("password", reference)).isTrue();
        assertThat(cheap.verify("passwore", reference)).isFalse();
    }

    @Test
    void acceptsDovecotsSchemePrefixAndPaddedBase64() {
        var dovecot = "{ARGON2ID}$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertThat(cheap.verify("password", dovecot)).isTrue();
        var padded = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ=$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc=";
        assertThat(cheap.verify("password", padded)).isTrue();
    }

    @Test
    void writesThePhcFormatWithUnpaddedBase64() {
        var hash = cheap.hash("pencil");
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(cheap.verify("pencil", hash)).isTrue();
        assertThat(cheap.verify("Pencil", hash)).isFalse();
    }

    @Test
    void saltsEveryHashAfresh() {
        assertThat(cheap.hash("pencil")).isNotEqualTo(cheap.hash("pencil"));
    }

    @Test
    void verifiesWithTheParametersInTheStoredString() {
        var older = new PasswordHash(new PasswordHash.Cost(32, 2, 2, 1)).hash("pencil");
        assertThat(cheap.verify("pencil", older)).isTrue();
        assertThat(cheap.needsRehash(older)).isTrue();
        assertThat(cheap.needsRehash(cheap.hash("pencil"))).isFalse();
    }

    @Test
    void hashesNonAsciiPasswordsAsUtf8() {
        var hash = cheap.hash("pässwörd ✓");
        assertThat(cheap.verify("pässwörd ✓", hash)).isTrue();
        assertThat(cheap.verify("passwort", hash)).isFalse();
    }

    @Test
    void refusesWhatIsNotAnArgon2idHash() {
        assertThat(cheap.verify("pencil", null)).isFalse();
        assertThat(cheap.verify("pencil", "")).isFalse();
        assertThat(cheap.verify("pencil", "{PLAIN}pencil")).isFalse();
        assertThat(cheap.verify("password",
                "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")).isFalse();
        // a stored string asking for 8 TiB of memory is refused before any work
        assertThat(cheap.verify("password",
                "$argon2id$v=19$m=8589934592,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")).isFalse();
    }

    @Test
    void refusesCostsArgon2CannotRun() {
        assertThatThrownBy(() -> new PasswordHash.Cost(4, 1, 1, 1)).hasMessageContaining("at least 8 KiB");
        assertThatThrownBy(() -> new PasswordHash.Cost(64, 0, 1, 1)).hasMessageContaining("iterations");
    }

    @Test
    void defaultCostIsOwaspsArgon2idRecommendation() {
        var cost = PasswordHash.Cost.defaults();
        assertThat(cost.memoryKiB()).isEqualTo(19_456);
        assertThat(cost.iterations()).isEqualTo(2);
        assertThat(cost.parallelism()).isEqualTo(1);
    }
}
