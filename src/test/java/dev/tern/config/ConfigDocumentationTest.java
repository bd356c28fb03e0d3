package dev.tern.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md names every key with its default, so that the documentation cannot fall behind the code. */
class ConfigDocumentationTest {

    @Test
    void everyKeyIsDocumentedWithItsDefault() throws Exception {
        var docs = Files.readString(Path.of("docs/configuration.md"));
        for (var key : ConfigKeys.ALL) {
            assertThat(docs).as("docs/configuration.md documents " + key.path()).contains("`" + key.path() + "`");
            if (key.defaultToml() != null) {
                var row = docs.lines().filter(l -> l.startsWith("| `" + key.path() + "`")).findFirst().orElseThrow();
                assertThat(row).as("the row of " + key.path() + " gives its default")
                        .contains("`" + key.defaultToml() + "`");
            }
        }
    }
}
