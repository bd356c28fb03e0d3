package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BlobIdTest {

    @Test
    void onlySixtyFourLowerCaseHexDigitsAreAnAddress() {
        assertThat(new BlobId("0123456789abcdef".repeat(4)).sha256()).hasSize(64);
        assertThat(BlobId.ofDigest(new byte[32]).sha256()).isEqualTo("0".repeat(64));
        for (var bad : new String[] {"0123456789ABCDEF".repeat(4), "a".repeat(63), "a".repeat(65), "g".repeat(64),
                "a".repeat(63) + "/", "", null}) {
            assertThatThrownBy(() -> new BlobId(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hex SHA-256");
        }
    }
}
