package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpNamesTheOptionsAndTheEnvironment() {
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: tern serve", "--data=DIR", "--config=FILE", "TERN_DATA");
    }

    @Test
    void aBadConfigurationStopsStartUpWithEveryProblemOnStderr() throws Exception {
        var file = Files.writeString(dir.resolve("tern.toml"),
                "[limits]\nmessage-size = \"-1\"\n[timeouts]\npop3-idle = \"1m\"\n");
        assertThat(run("serve", "--config", file.toString(), "--data", dir.resolve("data").toString())).isEqualTo(1);
        assertThat(err.toString()).contains(
                "tern: config tern.toml: limits.message-size = \"-1\": must be a positive size like \"50M\"",
                "tern: config tern.toml: timeouts.pop3-idle = \"1m\": must be at least 10m (RFC 1939 §3)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMissingConfigFileIsNamed() {
        assertThat(run("serve", "--config", dir.resolve("absent.toml").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("absent.toml: no such file");
    }
}
