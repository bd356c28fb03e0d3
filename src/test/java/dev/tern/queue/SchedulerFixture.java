package dev.tern.queue;

import dev.tern.outbound.SmtpReply;
import dev.tern.outbound.Transport;
import dev.tern.store.QueueStore;
import dev.tern.store.sql.EmbeddedStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A store on a temporary directory, a queue and a scheduler over it, and helpers to queue and wait. */
abstract class SchedulerFixture {
    static final SmtpReply OK = new SmtpReply(250, "2.0.0", "ok", "mx.remote.example");
    static final SmtpReply BUSY = new SmtpReply(451, "4.3.0", "busy", "mx.remote.example");
    static final SmtpReply NO_USER = new SmtpReply(550, "5.1.1", "no such user", "mx.remote.example");

    @TempDir
    Path data;
    EmbeddedStorage storage;
    MailQueue queue;
    Scheduler scheduler;
    final List<Report> reports = Collections.synchronizedList(new ArrayList<>());

    record Report(QueueStore.Entry entry, List<QueueStore.Recipient> about) {}

    @BeforeEach
    void open() {
        storage = EmbeddedStorage.open(data.resolve("store"), EmbeddedStorage.Options.defaults());
    }

    @AfterEach
    void close() {
        if (scheduler != null) scheduler.close();
        storage.close();
    }

    void start(Transport transport, RetrySchedule schedule, int deliveries, int perDomain) {
        start(storage.queue(), transport, new QueueSettings(schedule, deliveries, perDomain, Duration.ofMillis(50)));
    }

    /** Starts a scheduler over {@code store} (the real one, or a wrapper around it) with {@code settings}. */
    void start(QueueStore store, Transport transport, QueueSettings settings) {
        queue = new MailQueue(store, storage.blobs(), settings.schedule(), Clock.systemUTC());
        scheduler = new Scheduler(queue, transport, (entry, about) -> reports.add(new Report(entry, about)),
                settings, Clock.systemUTC(), new Random(1));
        scheduler.start();
    }

    static RetrySchedule fast() {
        return new RetrySchedule(List.of(Duration.ZERO, Duration.ofMillis(50)), 0, Duration.ofHours(4),
                Duration.ofDays(5));
    }

    QueueId send(String sender, String... recipients) throws Exception {
        var file = Files.writeString(Files.createTempFile(data, "m", ".eml"), "Subject: t\r\n\r\nhello\r\n");
        var rcpts = java.util.Arrays.stream(recipients)
                .map(a -> new OutboundEnvelope.Recipient(a, Set.of(), Optional.empty())).toList();
        return queue.enqueue(new OutboundEnvelope(sender, Optional.empty(), Optional.empty(), rcpts, false, false),
                file);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(10);
        }
    }

    boolean gone(QueueId id) {
        return storage.queue().entry(MailQueue.entryId(id)).isEmpty();
    }

    /** The queue store, recording the name of every call (a batch update as "update(batch)"). */
    QueueStore counting(List<String> calls) {
        var real = storage.queue();
        return (QueueStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {QueueStore.class}, (proxy, method, args) -> {
                    boolean batch = args != null && args.length == 1 && args[0] instanceof java.util.Map;
                    calls.add(method.getName() + (batch ? "(batch)" : ""));
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
