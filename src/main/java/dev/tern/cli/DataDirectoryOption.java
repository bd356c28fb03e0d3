package dev.tern.cli;

import dev.tern.store.Storage;
import dev.tern.store.sql.EmbeddedStorage;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * Where a command finds the data directory: {@code --data DIR}, else the {@code TERN_DATA} environment variable,
 * else {@code ./data}. The one place commands learn it, so that the configuration file can join in here.
 */
public final class DataDirectoryOption {

    @Option(names = "--data", paramLabel = "DIR",
            description = "The data directory (default: $TERN_DATA, else ./data).")
    Path data;

    /** The environment, replaceable by tests. */
    UnaryOperator<String> environment = System::getenv;

    public Path dataDirectory() {
        if (data != null) return data;
        var fromEnvironment = environment.apply("TERN_DATA");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) return Path.of(fromEnvironment);
        return Path.of("data");
    }

    /** Opens the store on the data directory; the caller closes it. */
    public Storage openStorage() {
        return EmbeddedStorage.open(dataDirectory(), EmbeddedStorage.Options.defaults());
    }
}
