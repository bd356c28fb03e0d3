package dev.tern.pop3;

import static dev.tern.pop3.Pop3Fixture.PASSWORD;
import static dev.tern.pop3.Pop3Fixture.USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import org.junit.jupiter.api.Test;

/** Bounds on what a client may send: line length, failed logins, commands before login, and LOGIN-DELAY. */
@TernTest(toml = """
        [limits]
        pop3-line-length = 300
        authentication-failures = 1
        commands-before-authentication = 4
        [pop3]
        login-delay = "1h"
        """)
class Pop3LimitsTest {

    @Test
    void anOverlongLineIsRefusedAndTheSessionGoesOn(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        try (var c = Pop3Client.connect(f.port())) {
            assertThat(c.send("NOOP " + "x".repeat(400))).isEqualTo("-ERR line longer than 300 bytes");
            assertThat(c.multiline("CAPA")).contains("LOGIN-DELAY 3600");
        }
    }

    @Test
    void tooManyFailedLoginsClose(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        try (var c = Pop3Client.connect(f.port())) {
            c.send("USER " + USER);
            assertThat(c.send("PASS wrong")).isEqualTo("-ERR [AUTH] authentication failed");
            c.send("USER " + USER);
            assertThat(c.send("PASS wrong again")).isEqualTo("-ERR [AUTH] authentication failed; too many failures, closing");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void tooManyCommandsBeforeLoginClose(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        try (var c = Pop3Client.connect(f.port())) {
            for (int i = 0; i < 4; i++) assertThat(c.send("NOOP")).startsWith("-ERR");
            assertThat(c.send("NOOP")).isEqualTo("-ERR too many commands before authentication; closing");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aSecondLoginWithinTheLoginDelayIsRefused(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        try (var c = f.loggedIn()) {
            assertThat(c.send("QUIT")).startsWith("+OK");
            assertThat(c.closedByServer()).isTrue();
        }
        try (var c = Pop3Client.connect(f.port())) {
            c.send("USER " + USER);
            assertThat(c.send("PASS " + PASSWORD)).startsWith("-ERR [LOGIN-DELAY] logged in too recently");
        }
    }
}
