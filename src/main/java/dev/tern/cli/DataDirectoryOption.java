package dev.tern.cli;

import dev.tern.config.ConfigLoader;
import dev.tern.config.DefaultConfigFile;
import dev.tern.config.TernConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * Where a command finds its data directory and configuration: {@code --data DIR}, else the {@code TERN_DATA}
 * environment variable, else {@code ./data}; {@code --config FILE}, else {@code <data>/tern.toml}. The one place
 * commands learn them, so that {@code tern serve} and the operator commands always agree on the store.
 */
public final class DataDirectoryOption {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory: the store, tls/ and tern.toml (default: $TERN_DATA, else ./data).")
    Path data;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file to read instead of <data>/tern.toml; it must exist.")
    Path config;

    /** The environment, replaceable by tests. */
    UnaryOperator<String> environment = System::getenv;

    /** The data directory named by the options or the environment (a config file may name another). */
    public Path dataDirectory() {
        return explicitDataDirectory().orElse(Path.of("data"));
    }

    private Optional<Path> explicitDataDirectory() {
        if (data != null) return Optional.of(data);
        return Optional.ofNullable(environment.apply("TERN_DATA")).filter(s -> !s.isBlank()).map(Path::of);
    }

    /** The file the configuration is read from. */
    public Path configFile() {
        return config != null ? config : dataDirectory().resolve("tern.toml");
    }

    /**
     * Loads the configuration. Without {@code --config}, {@code <data>/tern.toml} is written with its defaults
     * first when {@code writeDefault} is set (the server's first start), or the defaults are used when it is
     * missing. An explicit {@code --data} (or {@code $TERN_DATA}) wins over the file's {@code data-directory}.
     *
     * @throws dev.tern.config.ConfigException naming every problem
     */
    public Loaded load(boolean writeDefault) throws IOException {
        var file = configFile();
        boolean wrote = false;
        var override = config == null ? Optional.of(dataDirectory()) : explicitDataDirectory();
        if (config == null) {
            if (writeDefault) {
                wrote = DefaultConfigFile.writeIfMissing(file);
            } else if (!Files.exists(file)) {
                return new Loaded(ConfigLoader.parse("", "defaults", dataDirectory().toAbsolutePath(), override),
                        file, false);
            }
        }
        return new Loaded(ConfigLoader.load(file, override), file, wrote);
    }

    /** A loaded configuration, the file it came from, and whether that file was just written with defaults. */
    public record Loaded(TernConfig config, Path file, boolean written) {}
}
