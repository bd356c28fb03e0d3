package dev.tern.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.PlaintextAuth;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SecurityPolicyTest {
    private static final InetAddress LOOPBACK4 = InetAddress.ofLiteral("127.0.0.5");
    private static final InetAddress LOOPBACK6 = InetAddress.ofLiteral("::1");
    private static final InetAddress REMOTE = InetAddress.ofLiteral("198.51.100.7");

    @Test
    void tlsIsAlwaysSecured() {
        for (var mode : PlaintextAuth.values()) {
            assertThat(new SecurityPolicy(mode).isSecured(true, REMOTE)).isTrue();
        }
    }

    @Test
    void loopbackModeTrustsOnlyLocalAddresses() {
        var policy = new SecurityPolicy(PlaintextAuth.LOOPBACK);
        assertThat(policy.isSecured(false, LOOPBACK4)).isTrue();
        assertThat(policy.isSecured(false, LOOPBACK6)).isTrue();
        assertThat(policy.isSecured(false, InetAddress.ofLiteral("::ffff:127.0.0.1"))).isTrue();
        assertThat(policy.isSecured(false, REMOTE)).isFalse();
    }

    @Test
    void neverAndAlwaysIgnoreTheAddress() {
        assertThat(new SecurityPolicy(PlaintextAuth.NEVER).isSecured(false, LOOPBACK4)).isFalse();
        assertThat(new SecurityPolicy(PlaintextAuth.ALWAYS).isSecured(false, REMOTE)).isTrue();
    }
}
