package dev.tern.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SaslPlainTest {
    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void decodesRfc4616sMessage() throws Exception {
        var plain = SaslPlain.decode(bytes("\u0000tim\u0000tanstaaftanstaaf"));
        assertThat(plain).isEqualTo(new SaslPlain("", "tim", "tanstaaftanstaaf"));
        assertThat(plain.actsAsAnother()).isFalse();
        assertThat(plain.toString()).doesNotContain("tanstaaf");
    }

    @Test
    void recognisesAnAuthorizationIdentity() throws Exception {
        var plain = SaslPlain.decode(bytes("Ursel\u0000Kurt\u0000xipj3plmq"));
        assertThat(plain.authorizationId()).isEqualTo("Ursel");
        assertThat(plain.actsAsAnother()).isTrue();
        assertThat(SaslPlain.decode(bytes("Kurt\u0000Kurt\u0000x")).actsAsAnother()).isFalse();
    }

    @Test
    void refusesMalformedMessages() {
        assertThatThrownBy(() -> SaslPlain.decode(bytes("tim\u0000pw"))).isInstanceOf(SaslException.class);
        assertThatThrownBy(() -> SaslPlain.decode(bytes("\u0000tim\u0000pw\u0000"))).isInstanceOf(SaslException.class);
        assertThatThrownBy(() -> SaslPlain.decode(bytes("\u0000\u0000pw"))).hasMessageContaining("user name");
        assertThatThrownBy(() -> SaslPlain.decode(bytes("\u0000tim\u0000"))).hasMessageContaining("password");
        assertThatThrownBy(() -> SaslPlain.decode(new byte[] {0, 't', 0, (byte) 0xC3}))
                .hasMessageContaining("UTF-8");
    }

    @Test
    void loginAsksForUserThenPassword() throws Exception {
        var login = new SaslLogin();
        assertThat(new String(SaslBase64.decode(SaslLogin.USERNAME_CHALLENGE), StandardCharsets.US_ASCII))
                .isEqualTo("Username:");
        assertThat(new String(SaslBase64.decode(SaslLogin.PASSWORD_CHALLENGE), StandardCharsets.US_ASCII))
                .isEqualTo("Password:");
        assertThat(login.receive(SaslBase64.decode("dGlt"))).isEmpty();
        assertThat(login.receive(SaslBase64.decode("cGVuY2ls"))).contains(new SaslPlain("", "tim", "pencil"));
    }

    @Test
    void base64WrappingKnowsEmptyResponsesAndCancel() throws Exception {
        assertThat(SaslBase64.decode("=")).isEmpty();
        assertThat(SaslBase64.isCancel("*")).isTrue();
        assertThatThrownBy(() -> SaslBase64.decode("not base64!")).isInstanceOf(SaslException.class);
    }
}
