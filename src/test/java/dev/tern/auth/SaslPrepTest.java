package dev.tern.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SaslPrepTest {
    // RFC 4013 §3's examples
    @Test
    void followsRfc4013sExamples() {
        assertThat(SaslPrep.prepare("I\u00ADX")).isEqualTo("IX");
        assertThat(SaslPrep.prepare("user")).isEqualTo("user");
        assertThat(SaslPrep.prepare("USER")).isEqualTo("USER");
        assertThat(SaslPrep.prepare("\u00AA")).isEqualTo("a");
        assertThat(SaslPrep.prepare("\u2168")).isEqualTo("IX");
        assertThatThrownBy(() -> SaslPrep.prepare("\u0007")).hasMessageContaining("U+0007");
        assertThatThrownBy(() -> SaslPrep.prepare("\u0627\u0031")).hasMessageContaining("right-to-left");
    }

    @Test
    void mapsNonAsciiSpacesToSpace() {
        assertThat(SaslPrep.prepare("a\u00A0b")).isEqualTo("a b");
    }
}
