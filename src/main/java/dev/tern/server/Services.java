package dev.tern.server;

import dev.tern.auth.Authenticator;
import dev.tern.auth.CredentialCache;
import dev.tern.auth.FailureThrottle;
import dev.tern.auth.PasswordHash;
import dev.tern.config.TernConfig;
import dev.tern.delivery.RecipientResolver;
import dev.tern.mailbox.MailboxService;
import dev.tern.mime.MimeLimits;
import dev.tern.queue.MailQueue;
import dev.tern.queue.QueueSettings;
import dev.tern.queue.Reports;
import dev.tern.queue.Scheduler;
import dev.tern.store.Storage;
import java.io.IOException;

/**
 * The services every protocol shares, made once per server from the configuration and the open store: the
 * mailboxes with their change bus, the one authenticator (with its login cache and failure throttle), and the
 * recipient resolver, and the outbound queue (the SMTP server hands it mail for remote recipients) with the
 * scheduler that delivers it, started and stopped by {@link TernServer}.
 */
public record Services(MailboxService mailboxes, Authenticator authenticator, RecipientResolver recipients,
                       MailQueue queue, Reports reports, Scheduler scheduler) {

    /** How many pending changes a session may have before it is told to resynchronise. */
    private static final int EVENT_QUEUE_CAPACITY = 10_000;

    public static Services create(TernConfig config, Storage storage) throws IOException {
        var limits = config.limits();
        var mime = new MimeLimits(limits.mimeNestingDepth(), limits.mimeParts(), limits.mimeHeaderBytes(),
                limits.mimeHeaderFields());
        var mailboxes = new MailboxService(storage,
                new MailboxService.Limits(limits.messageSize(), mime, EVENT_QUEUE_CAPACITY),
                config.dataDirectory().resolve("spool"));
        var auth = config.auth();
        var cache = new CredentialCache(auth.cacheEntries() == 0
                ? CredentialCache.Settings.off()
                : new CredentialCache.Settings(auth.cacheEntries(), auth.cacheTtl()));
        var authenticator = new Authenticator(storage.directory(), passwordHash(config), cache,
                new FailureThrottle(new FailureThrottle.Settings(auth.failureDelay(), auth.failureDelayMax(),
                        auth.failureWindow(), auth.failureClients()), java.time.Clock.systemUTC()));
        var recipients = new RecipientResolver(storage.directory(),
                new RecipientResolver.Settings(config.delivery().recipientDelimiter(), limits.aliasDepth()));
        var clock = java.time.Clock.systemUTC();
        var queueSettings = QueueSettings.from(config.queue(), limits);
        var queue = new MailQueue(storage.queue(), storage.blobs(), queueSettings.schedule(), clock);
        var reports = new Reports(config.hostname(), queue, recipients, mailboxes,
                config.dataDirectory().resolve("spool"), clock);
        var scheduler = new Scheduler(queue, Outbound.transport(config), reports, queueSettings, clock,
                java.util.random.RandomGenerator.getDefault());
        return new Services(mailboxes, authenticator, recipients, queue, reports, scheduler);
    }

    /** Password hashing with the configured cost for new hashes; the CLI uses the same. */
    public static PasswordHash passwordHash(TernConfig config) {
        var defaults = PasswordHash.Cost.defaults();
        return new PasswordHash(new PasswordHash.Cost(config.auth().argon2MemoryKiB(), config.auth().argon2Iterations(),
                defaults.parallelism(), defaults.maxConcurrent()));
    }
}
