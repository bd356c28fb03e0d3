package dev.tern.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressTest {
    @Test
    void lowerCasesAndKeepsDotAtoms() {
        assertThat(Address.parse("Alice.Smith+x@Example.COM")).isEqualTo(new Address("alice.smith+x", "example.com"));
        assertThat(Address.parse("o'neil!#$%&*/=?^_`{|}~-@ex.com").localPart()).isEqualTo("o'neil!#$%&*/=?^_`{|}~-");
    }

    @Test
    void convertsInternationalDomainsToAscii() {
        assertThat(Address.parse("bob@Bücher.example").domain()).isEqualTo("xn--bcher-kva.example");
        assertThat(Address.domain("example.com.")).isEqualTo("example.com");
    }

    @Test
    void refusesWhatAccountsCannotBe() {
        assertThatThrownBy(() -> Address.parse("alice")).hasMessageContaining("needs local@domain");
        assertThatThrownBy(() -> Address.parse("@ex.com")).hasMessageContaining("nothing before the @");
        assertThatThrownBy(() -> Address.parse("\"a b\"@ex.com")).hasMessageContaining("quoted");
        assertThatThrownBy(() -> Address.parse("a..b@ex.com")).hasMessageContaining("two dots");
        assertThatThrownBy(() -> Address.parse(".a@ex.com")).hasMessageContaining("start or end with a dot");
        assertThatThrownBy(() -> Address.parse("a b@ex.com")).hasMessageContaining("holds ' '");
        assertThatThrownBy(() -> Address.parse("jörg@ex.com")).hasMessageContaining("non-ASCII");
        assertThatThrownBy(() -> Address.parse("a@[127.0.0.1]")).hasMessageContaining("address literal");
        assertThatThrownBy(() -> Address.parse("a@ex..com")).isInstanceOf(Address.InvalidException.class);
        assertThatThrownBy(() -> Address.parse("a@-ex.com")).isInstanceOf(Address.InvalidException.class);
        assertThatThrownBy(() -> Address.parse("a@ex_ample.com")).isInstanceOf(Address.InvalidException.class);
        assertThatThrownBy(() -> Address.parse("x".repeat(65) + "@ex.com")).hasMessageContaining("longer than 64");
    }

    @Test
    void canonicalFormAcceptsAnyLocalPart() {
        assertThat(Address.canonical("Jörg@EX.com")).isEqualTo(new Address("jörg", "ex.com"));
        assertThat(Address.canonical("a@b@Bücher.example")).isEqualTo(new Address("a@b", "xn--bcher-kva.example"));
    }
}
