package dev.tern.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {
    private static final InetAddress A = InetAddress.ofLiteral("192.0.2.1");
    private static final InetAddress B = InetAddress.ofLiteral("192.0.2.2");

    @Test
    void totalCapRefusesOnceReachedAndFreesOnClose() {
        var limiter = new ConnectionLimiter(2, 10);
        var first = limiter.reserve().orElseThrow();
        var second = limiter.reserve().orElseThrow();
        assertThat(limiter.reserve()).isEmpty();
        first.close();
        assertThat(limiter.reserve()).isPresent();
        second.close();
    }

    @Test
    void perAddressCapCountsEachClientAlone() {
        var limiter = new ConnectionLimiter(10, 1);
        var a = limiter.reserve().orElseThrow();
        assertThat(a.bind(A)).isTrue();
        var again = limiter.reserve().orElseThrow();
        assertThat(again.bind(A)).isFalse();
        again.close();
        var b = limiter.reserve().orElseThrow();
        assertThat(b.bind(B)).isTrue();
        assertThat(limiter.openFrom(A)).isEqualTo(1);
        a.close();
        assertThat(limiter.openFrom(A)).isZero();
    }

    @Test
    void closingAPermitTwiceGivesBackOnce() {
        var limiter = new ConnectionLimiter(1, 1);
        var permit = limiter.reserve().orElseThrow();
        permit.bind(A);
        permit.close();
        permit.close();
        var next = limiter.reserve().orElseThrow();
        assertThat(limiter.reserve()).isEmpty();
        assertThat(next.bind(A)).isTrue();
    }
}
