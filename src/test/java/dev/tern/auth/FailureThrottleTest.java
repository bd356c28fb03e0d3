package dev.tern.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureThrottleTest {
    private final TestClock clock = new TestClock();
    private final FailureThrottle throttle = new FailureThrottle(
            new FailureThrottle.Settings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(5), 2), clock);

    @Test
    void delayDoublesWithRecentFailuresUpToTheBound() throws Exception {
        var client = InetAddress.getByName("192.0.2.1");
        assertThat(throttle.failed(client)).isEqualTo(Duration.ofMillis(100));
        assertThat(throttle.failed(client)).isEqualTo(Duration.ofMillis(200));
        assertThat(throttle.failed(client)).isEqualTo(Duration.ofMillis(400));
        assertThat(throttle.failed(client)).isEqualTo(Duration.ofMillis(800));
        assertThat(throttle.failed(client)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.failed(client)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.recentFailures(client)).isEqualTo(6);
    }

    @Test
    void failuresAreForgottenAfterTheWindow() throws Exception {
        var client = InetAddress.getByName("192.0.2.1");
        throttle.failed(client);
        throttle.failed(client);
        clock.advance(Duration.ofMinutes(6));
        assertThat(throttle.recentFailures(client)).isZero();
        assertThat(throttle.failed(client)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void clientsAreCountedApartAndTheTableIsBounded() throws Exception {
        var a = InetAddress.getByName("192.0.2.1");
        var b = InetAddress.getByName("192.0.2.2");
        var c = InetAddress.getByName("192.0.2.3");
        throttle.failed(a);
        throttle.failed(a);
        assertThat(throttle.failed(b)).isEqualTo(Duration.ofMillis(100));
        throttle.failed(c);
        assertThat(throttle.recentFailures(a)).as("the oldest client is dropped from a full table").isZero();
        assertThat(throttle.recentFailures(c)).isEqualTo(1);
    }
}
