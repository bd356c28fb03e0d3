package dev.tern.store.sql;

import dev.tern.store.UidRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server and the CLI on one data directory: another process appends from 8 threads while this one makes
 * short directory transactions, and neither fails for the other's locks.
 */
class TwoProcessTest {
    @TempDir
    Path scratch;

    @Test
    void anotherProcessAppendsWhileThisOneAdministers() throws Exception {
        var data = scratch.resolve("data");
        int messages = 400;
        try (var storage = EmbeddedStores.open(data)) {
            CrashAppender.inbox(storage); // create the account first, so both sides start from the same schema
            var stderr = scratch.resolve("appender.err");
            var appender = CrashAppender.start(data, 0, messages, stderr);
            int domains = 0;
            long acks;
            try (var out = new BufferedReader(new InputStreamReader(appender.getInputStream(), StandardCharsets.US_ASCII))) {
                // One short write transaction here per acknowledged append there, while it runs.
                acks = 0;
                for (String line; (line = out.readLine()) != null; ) {
                    if (!line.startsWith("ACK ")) continue;
                    acks++;
                    if (acks % 4 == 0) storage.directory().addDomain("d" + domains++ + ".example");
                }
            }
            assertThat(appender.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(appender.exitValue()).as("appender stderr: %s", Files.readString(stderr)).isZero();
            assertThat(acks).isEqualTo(messages);
            var inbox = CrashAppender.inbox(storage);
            assertThat(storage.mail().messages(inbox, UidRange.ALL)).hasSize(messages);
            assertThat(storage.directory().domains()).hasSize(domains + 1);
        }
    }
}
