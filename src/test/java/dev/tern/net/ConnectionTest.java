package dev.tern.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectionTest {

    /** Responses are flushed whole; Nagle's algorithm would hold a response's last segment for the peer's ACK. */
    @Test
    void anAcceptedConnectionSendsWithoutNagleDelay() throws Exception {
        var loopback = InetAddress.getLoopbackAddress();
        try (var server = new ServerSocket(0, 1, loopback);
             var client = new Socket(loopback, server.getLocalPort());
             var accepted = server.accept()) {
            assertThat(accepted.getTcpNoDelay()).as("the platform default").isFalse();
            var connection = new Connection(accepted, "test", 1000, Duration.ofSeconds(5), null, Duration.ofSeconds(5));
            assertThat(accepted.getTcpNoDelay()).isTrue();
            connection.writeLine("hello");
            assertThat(new String(client.getInputStream().readNBytes(7))).isEqualTo("hello\r\n");
        }
    }
}
