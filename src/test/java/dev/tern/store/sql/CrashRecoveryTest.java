package dev.tern.store.sql;

import dev.tern.store.BodySweep;
import dev.tern.store.MessageRecord;
import dev.tern.store.UidRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a process that appends from 8 threads with SIGKILL at a random moment, reopens its store and checks
 * that every append it acknowledged is there, body byte for byte, and that no message lacks its body. Rounds
 * reuse the data directory, so later rounds also start from a store that crashed. Sized by the system
 * properties {@code tern.crash.rounds} (default 1) and {@code tern.crash.messages} (default 2000).
 */
class CrashRecoveryTest {
    @TempDir
    Path scratch;

    record Ack(long mailbox, long uid, long id) {}

    @Test
    void everyAcknowledgedAppendSurvivesSigkill() throws Exception {
        int rounds = Integer.getInteger("tern.crash.rounds", 1);
        int messages = Integer.getInteger("tern.crash.messages", 2000);
        long seed = Long.getLong("tern.crash.seed", System.nanoTime());
        var random = new Random(seed);
        var data = scratch.resolve("data");
        var acked = new HashMap<Long, Ack>();
        System.out.printf("crash test: %d rounds x %d messages, seed %d%n", rounds, messages, seed);
        for (int round = 1; round <= rounds; round++) {
            int killAfter = messages / 10 + random.nextInt(messages * 8 / 10);
            long first = (long) round * messages * 10;
            var run = runAndKill(data, first, messages, killAfter, round);
            run.forEach(a -> acked.put(a.id(), a));
            int present = verify(data, acked);
            int orphans = sweepOrphans(data);
            verify(data, acked);
            System.out.printf("round %d: killed after %d acks (asked %d); %d acked in all, all present and intact;"
                    + " store holds %d messages, every one with its body; %d orphan bodies swept%n", round,
                    run.size(), killAfter, acked.size(), present, orphans);
        }
        System.out.printf("crash test passed: %d rounds, %d acknowledged appends verified%n", rounds, acked.size());
    }

    private List<Ack> runAndKill(Path data, long first, int count, int killAfter, int round) throws Exception {
        var stderr = scratch.resolve("appender-" + round + ".err");
        var process = CrashAppender.start(data, first, count, stderr);
        var acks = new java.util.ArrayList<Ack>();
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = out.readLine()) != null; ) {
                var parts = line.split(" ");
                if (parts.length == 4 && parts[0].equals("ACK")) {
                    acks.add(new Ack(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])));
                    // SIGKILL. Through the handle, so that the process's stdout stays open for the ACKs still in
                    // the pipe: those appends returned too. (Process.destroyForcibly would close the stream.)
                    if (acks.size() == killAfter) process.toHandle().destroyForcibly();
                }
            }
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(acks).as("the appender should acknowledge before it is killed; its stderr:\n%s",
                Files.readString(stderr)).hasSizeGreaterThanOrEqualTo(Math.min(killAfter, count));
        return acks;
    }

    /**
     * Runs the body sweep as if its grace period had passed: it removes bodies written but never committed
     * (the crash came between the two) and nothing else, which the second {@link #verify} confirms.
     */
    private int sweepOrphans(Path data) throws Exception {
        try (var storage = EmbeddedStores.open(data)) {
            var later = Clock.offset(Clock.systemUTC(), BodySweep.DEFAULT_GRACE.plusMinutes(1));
            var result = new BodySweep(storage.mail(), storage.blobs(), BodySweep.DEFAULT_GRACE, later).sweep();
            return result.deleted();
        }
    }

    /** Checks every acknowledged message and the body of every stored message; returns how many are stored. */
    private int verify(Path data, Map<Long, Ack> acked) throws Exception {
        try (var storage = EmbeddedStores.open(data)) {
            var inbox = CrashAppender.inbox(storage);
            var byUid = new HashMap<Long, MessageRecord>();
            for (var m : storage.mail().messages(inbox, UidRange.ALL)) byUid.put(m.uid().value(), m);
            for (var ack : acked.values()) {
                assertThat(ack.mailbox()).isEqualTo(inbox.value());
                var record = byUid.get(ack.uid());
                assertThat(record).as("acknowledged message %d (UID %d)", ack.id(), ack.uid()).isNotNull();
                try (var in = storage.blobs().open(record.blob())) {
                    assertThat(in.readAllBytes()).as("body of message %d", ack.id()).isEqualTo(CrashAppender.body(ack.id()));
                }
            }
            for (var m : byUid.values()) {
                assertThat(storage.blobs().exists(m.blob())).as("body of UID %s", m.uid()).isTrue();
            }
            return byUid.size();
        }
    }
}
