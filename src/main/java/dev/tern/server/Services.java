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
import dev.tern.store.Storage;
import java.io.IOException;

/**
 * The services every protocol shares, made once per server from the configuration and the open store: the
 * mailboxes with their change bus, the one authenticator (with its login cache and failure throttle), and the
 * recipient resolver, and the outbound queue (the SMTP server hands it mail for remote recipients).
 */
public record Services(MailboxService mailboxes, Authenticator authenticator, RecipientResolver recipients,
                       MailQueue queue) {

    /** How many pending changes a session may have before it is told to resynchronise. */
    private static final int EVENT_QUEUE_CAPACITY = 10_000;

    public static Services create(TernConfig config, Storage storage) throws IOException {
        var limits = config.limits();
        var mime = new MimeLimits(limits.mimeNestingDepth(), MimeLimits.DEFAULTS.maxParts(),
                MimeLimits.DEFAULTS.maxHeaderBytes(), MimeLimits.DEFAULTS.maxHeaderFields());
        var mailboxes = new MailboxService(storage,
                new MailboxService.Limits(limits.messageSize(), mime, EVENT_QUEUE_CAPACITY),
                config.dataDirectory().resolve("spool"));
        var auth = config.auth();
        var cache = new CredentialCache(auth.cacheEntries() == 0
                ? CredentialCache.Settings.off()
                : new CredentialCache.Settings(auth.cacheEntries(), auth.cacheTtl()));
        var authenticator = new Authenticator(storage.directory(), passwordHash(config), cache,
                new FailureThrottle(FailureThrottle.Settings.defaults(), java.time.Clock.systemUTC()));
        var recipients = new RecipientResolver(storage.directory(), RecipientResolver.Settings.defaults());
        var queue = new MailQueue(storage.queue(), storage.blobs(), QueueSettings.defaults().schedule(),
                java.time.Clock.systemUTC());
        return new Services(mailboxes, authenticator, recipients, queue);
    }

    /** Password hashing with the configured cost for new hashes; the CLI uses the same. */
    public static PasswordHash passwordHash(TernConfig config) {
        var defaults = PasswordHash.Cost.defaults();
        return new PasswordHash(new PasswordHash.Cost(config.auth().argon2MemoryKiB(), config.auth().argon2Iterations(),
                defaults.parallelism(), defaults.maxConcurrent()));
    }
}
