package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.config.ListenerProtocol;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

@TernTest
class TernServerTest {

    private static String greeting(java.net.Socket socket) throws Exception {
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        var line = in.readLine();
        assertThat(in.readLine()).as("connection closed after the greeting").isNull();
        return line;
    }

    /** The first line a server sends, for protocols that then wait for the client. */
    private static String firstLine(java.net.Socket socket) throws Exception {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    @Test
    void protocolsWithoutHandlersGreetWithServiceNotAvailable(TernTestServer tern) throws Exception {
        try (var imap = TernTestServer.connect(tern.port(ListenerProtocol.IMAP));
             var pop3 = TernTestServer.connect(tern.port(ListenerProtocol.POP3))) {
            assertThat(firstLine(imap)).as("IMAP has its handler").startsWith("* OK [CAPABILITY IMAP4rev2");
            assertThat(firstLine(pop3)).as("POP3 has its handler").startsWith("+OK ");
        }
    }

    @Test
    void implicitTlsListenersHandshakeWithTheGeneratedCertificate(TernTestServer tern) throws Exception {
        for (var protocol : List.of(ListenerProtocol.SUBMISSION, ListenerProtocol.IMAP, ListenerProtocol.POP3)) {
            try (var tls = TernTestServer.connectTls(tern.implicitTlsPort(protocol))) {
                assertThat(tls.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
                var cert = (X509Certificate) tls.getSession().getPeerCertificates()[0];
                assertThat(cert.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))))
                        .contains(tern.config().hostname(), "localhost", "127.0.0.1");
                assertThat(firstLine(tls)).isNotBlank();
            }
        }
        assertThat(tern.dataDirectory().resolve("tls/cert.pem")).exists();
    }

    @Test
    void healthSaysOkWhileTheStoreAnswers(TernTestServer tern) throws Exception {
        var response = get(tern, "/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
        assertThat(get(tern, "/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void metricsCountConnectionsPerProtocolAndShowStoreAndJvm(TernTestServer tern) throws Exception {
        try (var imap = TernTestServer.connect(tern.port(ListenerProtocol.IMAP))) {
            firstLine(imap);
        }
        var response = get(tern, "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(response.body())
                .contains("tern_connections_total{protocol=\"imap\"} 1\n")
                .contains("tern_connections_total{protocol=\"pop3\"} 0\n")
                .contains("tern_connections_refused_total{protocol=\"smtp\"} 0\n")
                .contains("# TYPE tern_connections_open gauge\n")
                .contains("tern_store_commits_total ")
                .contains("tern_store_messages_stored_total ")
                .contains("tern_store_commit_seconds_total ")
                .contains("jvm_memory_heap_used_bytes ")
                .contains("jvm_threads_live ")
                .contains("process_uptime_seconds ")
                .contains("jvm_gc_collections_total{gc=");
    }

    @Test
    void gracefulShutdownStopsListenersAndClosesTheStore(TernTestServer tern) throws Exception {
        int port = tern.port(ListenerProtocol.IMAP);
        tern.server().close();
        assertThatThrownBy(() -> tern.storage().directory().domains()).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> TernTestServer.connect(port)).isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void theHarnessHandsTheTestTheEmbeddedStoreOfItsDataDirectory(TernTestServer tern) {
        tern.storage().directory().addDomain("example.com");
        assertThat(tern.storage().directory().domains()).containsExactly("example.com");
        assertThat(tern.dataDirectory().resolve("tern.db")).exists();
        assertThat(tern.dataDirectory()).startsWith(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
    }

    private static HttpResponse<String> get(TernTestServer tern, String path) throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tern.adminPort() + path)).build();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
