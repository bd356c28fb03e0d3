package dev.tern.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.config.AdminConfig;
import dev.tern.net.ConnectionMetrics;
import dev.tern.server.RecordingStorage;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class AdminServerTest {

    private static HttpResponse<String> request(AdminServer admin, String method, String path) throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void healthIs503WhenTheStoreDoesNotAnswer() throws Exception {
        var storage = new RecordingStorage();
        try (var admin = AdminServer.start(new AdminConfig(true, InetAddress.getLoopbackAddress(), 0), storage,
                new ConnectionMetrics())) {
            assertThat(request(admin, "GET", "/health").statusCode()).isEqualTo(200);
            storage.failing = true;
            var response = request(admin, "GET", "/health");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("store not answering");
        }
    }

    @Test
    void metricsReportStoreCountersInPrometheusUnits() throws Exception {
        var connections = new ConnectionMetrics();
        connections.register("pop3");
        try (var admin = AdminServer.start(new AdminConfig(true, InetAddress.getLoopbackAddress(), 0),
                new RecordingStorage(), connections)) {
            var body = request(admin, "GET", "/metrics").body();
            // RecordingStorage reports 3 commits, 5 operations, 2 messages and 4 ms committing.
            assertThat(body).contains("tern_store_commits_total 3\n", "tern_store_operations_total 5\n",
                    "tern_store_messages_stored_total 2\n", "tern_store_commit_seconds_total 0.004\n",
                    "tern_connections_open{protocol=\"pop3\"} 0\n");
            assertThat(body.lines().filter(l -> !l.startsWith("#")))
                    .allSatisfy(l -> assertThat(l).matches("[a-z_]+(\\{[a-z]+=\"[^\"]*\"})? -?[0-9.E]+"));
        }
    }

    @Test
    void onlyGetIsAllowed() throws Exception {
        try (var admin = AdminServer.start(new AdminConfig(true, InetAddress.getLoopbackAddress(), 0),
                new RecordingStorage(), new ConnectionMetrics())) {
            assertThat(request(admin, "POST", "/metrics").statusCode()).isEqualTo(405);
        }
    }
}
