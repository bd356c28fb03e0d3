package dev.tern.pop3;

import dev.tern.store.AccountId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One POP3 session per maildrop at a time (RFC 1939 §8: the server acquires an exclusive-access lock on the
 * maildrop), and the time of each account's last POP3 login for LOGIN-DELAY (RFC 2449 §6.5). Both live in this
 * process, which is enough for the embedded store where one process serves every connection; a cluster of
 * nodes sharing one store needs the lock in the store (e.g. a row lock with a lease) instead, or two nodes could
 * each let a session in. An IMAP session of the same account is not affected by the lock.
 */
public final class MaildropLocks {
    private final Map<AccountId, Lock> held = new ConcurrentHashMap<>();
    private final Map<AccountId, Instant> lastLogin = new ConcurrentHashMap<>();
    private final Clock clock;

    public MaildropLocks(Clock clock) { this.clock = clock; }

    public MaildropLocks() { this(Clock.systemUTC()); }

    /** The lock on {@code account}'s maildrop, or empty if another session holds it. */
    Optional<Lock> tryLock(AccountId account) {
        var lock = new Lock(account);
        return held.putIfAbsent(account, lock) == null ? Optional.of(lock) : Optional.empty();
    }

    /**
     * How much longer {@code account} must wait before it may log in again, or zero; when zero, the login is
     * counted as of now.
     */
    Duration loginDelayLeft(AccountId account, Duration delay) {
        var now = clock.instant();
        if (delay.isZero()) return Duration.ZERO;
        var left = new Duration[] {Duration.ZERO};
        lastLogin.compute(account, (k, last) -> {
            if (last != null && last.plus(delay).isAfter(now)) {
                left[0] = Duration.between(now, last.plus(delay));
                return last;
            }
            return now;
        });
        return left[0];
    }

    /** A held maildrop lock; closing releases it, once. */
    final class Lock implements AutoCloseable {
        private final AccountId account;

        private Lock(AccountId account) { this.account = account; }

        @Override
        public void close() { held.remove(account, this); }
    }
}
