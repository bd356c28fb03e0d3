package dev.tern.cli;

import dev.tern.queue.MailQueue;
import dev.tern.queue.OutboundEnvelope;
import dev.tern.queue.QueueId;
import dev.tern.queue.RetrySchedule;
import dev.tern.store.QueueStore;
import dev.tern.store.UidRange;
import dev.tern.store.sql.EmbeddedStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tern queue ...} against a store in a temporary data directory. */
class QueueCommandTest {
    @TempDir
    Path data;
    String out;
    String err;

    private int tern(String... args) {
        var cli = Main.commandLine();
        var o = new StringWriter();
        var e = new StringWriter();
        cli.setOut(new PrintWriter(o));
        cli.setErr(new PrintWriter(e));
        var all = new ArrayList<>(List.of(args));
        all.add("--data");
        all.add(data.toString());
        int code = cli.execute(all.toArray(String[]::new));
        out = o.toString();
        err = e.toString();
        return code;
    }

    private <T> T store(Function<EmbeddedStorage, T> work) {
        try (var storage = EmbeddedStorage.open(data, EmbeddedStorage.Options.defaults())) {
            return work.apply(storage);
        }
    }

    private QueueId enqueue(String sender, String... recipients) {
        return store(storage -> {
            try {
                var queue = new MailQueue(storage.queue(), storage.blobs(), RetrySchedule.defaults(),
                        Clock.systemUTC());
                var file = Files.writeString(data.resolve("m.eml"), "Subject: stuck\r\n\r\nbody\r\n");
                var rcpts = java.util.Arrays.stream(recipients)
                        .map(a -> new OutboundEnvelope.Recipient(a, Set.of(), Optional.empty())).toList();
                return queue.enqueue(new OutboundEnvelope(sender, Optional.empty(), Optional.empty(), rcpts, false,
                        false), file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private QueueStore.Entry entry(QueueId id) {
        return store(s -> s.queue().entry(MailQueue.entryId(id)).orElseThrow());
    }

    private void defer(QueueId id, Instant next) {
        store(s -> {
            var entry = s.queue().entry(MailQueue.entryId(id)).orElseThrow();
            s.queue().update(entry.id(), entry.recipients().stream().map(r -> r.change(QueueStore.Status.DEFERRED,
                    2, Optional.of(next), Optional.of(Instant.now()), Optional.of(new QueueStore.Reply(451, "4.3.0",
                            "busy", "mx.remote.example")), r.notifyAt(), false)).toList());
            return null;
        });
    }

    @Test
    void listShowsEachRecipientWithItsStateAndShowTellsEverything() {
        var id = enqueue("alice@example.com", "bob@remote.example", "carol@remote.example");
        defer(id, Instant.now().plus(Duration.ofHours(1)));

        assertThat(tern("queue", "list")).isZero();
        var lines = out.lines().toList();
        assertThat(lines.getFirst()).startsWith("ID").contains("SENDER", "RECIPIENT", "STATUS", "ATTEMPTS",
                "NEXT-ATTEMPT", "LAST-ERROR");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith(id.value()).contains("alice@example.com", "bob@remote.example",
                "deferred", "451 4.3.0 busy (mx.remote.example)");

        assertThat(tern("queue", "show", id.value())).isZero();
        assertThat(out).contains("sender:      alice@example.com", "recipient:   carol@remote.example",
                "attempts:      2", "last reply:    451 4.3.0 busy (mx.remote.example)", "notify:        (default)");
    }

    @Test
    void holdReleaseAndRetryChangeWhatTheSchedulerSees() {
        var id = enqueue("alice@example.com", "bob@remote.example");
        defer(id, Instant.now().plus(Duration.ofHours(1)));

        assertThat(tern("queue", "hold", id.value())).isZero();
        assertThat(entry(id).held()).isTrue();
        assertThat(tern("queue", "list")).isZero();
        assertThat(out).contains("held");
        assertThat(tern("queue", "release", id.value())).isZero();
        assertThat(entry(id).held()).isFalse();

        var before = Instant.now();
        assertThat(tern("queue", "retry", id.value())).isZero();
        assertThat(out).contains("1 recipient due now");
        assertThat(entry(id).recipients().getFirst().nextAttempt().orElseThrow()).isBetween(before.minusMillis(1),
                Instant.now());

        defer(id, Instant.now().plus(Duration.ofHours(1)));
        assertThat(tern("queue", "retry", "--all")).isZero();
        assertThat(entry(id).recipients().getFirst().nextAttempt().orElseThrow()).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void deleteRemovesSilentlyAndNamesAMissingEntry() {
        var id = enqueue("alice@example.com", "bob@remote.example");
        assertThat(tern("queue", "delete", id.value())).isZero();
        assertThat(this.<List<QueueStore.Entry>>store(s -> s.queue().entries())).isEmpty();

        assertThat(tern("queue", "delete", id.value())).isEqualTo(1);
        assertThat(err).contains("tern: no queue entry " + id.value());
        assertThat(tern("queue", "show", "x1")).isEqualTo(1);
        assertThat(err).contains("not a queue id: 'x1'");
    }

    @Test
    void deleteWithBounceSendsTheLocalSenderAFailureReport() throws Exception {
        assertThat(tern("domain", "add", "example.com")).isZero();
        var in = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("pw\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(tern("user", "add", "alice@example.com")).isZero();
        } finally {
            System.setIn(in);
        }
        var id = enqueue("alice@example.com", "bob@remote.example");

        assertThat(tern("queue", "delete", id.value(), "--bounce")).as(err).isZero();

        var report = store(s -> {
            var account = s.directory().account("alice@example.com").orElseThrow();
            var inbox = s.mail().mailbox(account.id(), "INBOX").orElseThrow();
            var messages = s.mail().messages(inbox.id(), UidRange.ALL);
            assertThat(messages).hasSize(1);
            try (var body = s.blobs().open(messages.getFirst().blob())) {
                return new String(body.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(report).contains("Final-Recipient: rfc822; bob@remote.example", "Action: failed",
                "Status: 5.0.0", "deleted from the queue by the postmaster");
        assertThat(this.<List<QueueStore.Entry>>store(s -> s.queue().entries())).isEmpty();
    }
}
