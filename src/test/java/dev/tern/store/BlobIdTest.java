package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BlobIdTest {

    @Test
    void aBodyInMemoryIsAddressedByItsSha256() {
        assertThat(BlobId.of("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).sha256())
                .as("FIPS 180-2 test vector").isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

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
