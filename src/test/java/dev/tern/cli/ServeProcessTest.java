package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern serve} as its own process: it starts, says it is ready, and stops cleanly on SIGTERM. */
class ServeProcessTest {
    @TempDir Path dir;

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void servesUntilSigtermThenStopsGracefully() throws Exception {
        // Free ports everywhere, so that the test never collides with a Tern running on the quick-start ports.
        var config = Files.writeString(dir.resolve("tern.toml"), """
                [admin]
                port = 0
                [[listeners]]
                protocol = "imap"
                address = "127.0.0.1"
                port = 0
                tls = "implicit"
                """);
        var java = ProcessHandle.current().info().command().orElse("java");
        var process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--config", config.toString(), "--data", dir.resolve("data").toString())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .start();
        var log = new ArrayList<String>();
        try (var err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null && !line.contains("event=ready")) log.add(line);
            assertThat(line).as("ready line; log so far: %s", log).isNotNull();
            log.add(line);
            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of stderr
            while ((line = err.readLine()) != null) log.add(line);
        } finally {
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
        }
        assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
        assertThat(lines(log, "ready")).hasSize(1);
        assertThat(lines(log, "event=stopping")).hasSize(1);
        assertThat(lines(log, "event=stopped")).hasSize(1);
        assertThat(Files.readString(dir.resolve("stdout.txt")))
                .contains("imap/implicit", "./tern domain add example.com", "./tern user add alice@example.com");
        assertThat(dir.resolve("data/tls/key.pem")).exists();
        assertThat(dir.resolve("data/tern.db")).exists();
    }

    private static List<String> lines(List<String> log, String text) {
        return log.stream().filter(l -> l.contains(text)).toList();
    }
}
