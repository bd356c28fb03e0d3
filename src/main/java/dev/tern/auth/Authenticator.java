package dev.tern.auth;

import dev.tern.store.DirectoryStore;
import dev.tern.store.DirectoryStore.Account;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * The one place every protocol checks a login: a user name and password against the account's Argon2id hash
 * (PLAIN, LOGIN, IMAP LOGIN, POP3 USER/PASS), or a finished SCRAM-SHA-256 exchange. Failures are answered after
 * the {@link FailureThrottle}'s delay for the client's address; successes may come from the
 * {@link CredentialCache}.
 */
public final class Authenticator {

    /** The outcome of a login. */
    public sealed interface Result {
        record Success(Account account) implements Result {}

        /** {@code reason} is for the log only; clients are told just that authentication failed. */
        record Failure(String reason) implements Result {}
    }

    /** How a failure's delay is spent; the server sleeps, tests record. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration delay) throws InterruptedException;
    }

    private final DirectoryStore directory;
    private final PasswordHash hashes;
    private final CredentialCache cache;
    private final FailureThrottle throttle;
    private final Pause pause;
    private volatile String decoyHash;

    public Authenticator(DirectoryStore directory, PasswordHash hashes, CredentialCache cache,
                         FailureThrottle throttle, Pause pause) {
        this.directory = directory;
        this.hashes = hashes;
        this.cache = cache;
        this.throttle = throttle;
        this.pause = pause;
    }

    /** An authenticator that sleeps the failure delays. */
    public Authenticator(DirectoryStore directory, PasswordHash hashes, CredentialCache cache, FailureThrottle throttle) {
        this(directory, hashes, cache, throttle, delay -> Thread.sleep(delay));
    }

    /**
     * Checks {@code username} (the account's address, in any case) and {@code password}. On failure this returns
     * only after the throttle's delay for {@code client}.
     */
    public Result authenticate(String username, String password, InetAddress client) {
        var account = lookup(username);
        if (account.isEmpty()) {
            // Spend the same work as for a real account so that timing does not tell which addresses exist.
            hashes.verify(password, decoyHash());
            return fail(client, "no account " + username);
        }
        var a = account.get();
        var stored = a.credentials().passwordHash();
        if (cache.isVerified(a.address(), password, stored)) return new Result.Success(a);
        if (!hashes.verify(password, stored)) return fail(client, "wrong password for " + a.address());
        cache.remember(a.address(), password, stored);
        return new Result.Success(a);
    }

    /**
     * Checks PLAIN or LOGIN credentials. Acting as another user (an authorization identity other than the
     * authentication identity, RFC 4616 §2) is not supported and fails like a wrong password.
     */
    public Result authenticate(SaslPlain credentials, InetAddress client) {
        if (credentials.actsAsAnother()) {
            return fail(client, credentials.authenticationId() + " asked to act as " + credentials.authorizationId());
        }
        return authenticate(credentials.authenticationId(), credentials.password(), client);
    }

    /** A SCRAM-SHA-256 exchange over this directory's accounts. */
    public ScramServer scramServer() {
        return new ScramServer(this::scramCredentials);
    }

    /**
     * The result of a SCRAM exchange's last step: the account on success, else a failure after the throttle's
     * delay. A {@link ScramServer.Step.Challenge} is not a last step.
     */
    public Result finish(ScramServer.Step step, InetAddress client) {
        return switch (step) {
            case ScramServer.Step.Success s -> lookup(s.username())
                    .<Result>map(Result.Success::new)
                    .orElseGet(() -> fail(client, "account " + s.username() + " vanished during SCRAM"));
            case ScramServer.Step.Failure f -> fail(client, "SCRAM " + f.error() + ": " + f.detail());
            case ScramServer.Step.Challenge c -> throw new IllegalArgumentException(
                    "the SCRAM exchange is not finished; send the challenge and pass the client's answer on");
        };
    }

    /** A client gave up or broke the protocol mid-exchange: counts as a failure for throttling. */
    public Result.Failure abandoned(InetAddress client, String reason) {
        return fail(client, reason);
    }

    private Optional<ScramCredentials> scramCredentials(String username) {
        return lookup(username).flatMap(a -> {
            var scram = a.credentials().scramSha256();
            if (scram == null || scram.isEmpty()) return Optional.empty();
            try {
                return Optional.of(ScramCredentials.parse(scram));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    private Optional<Account> lookup(String username) {
        if (username.indexOf('@') < 0) return Optional.empty();
        return directory.account(Address.canonical(username).toString());
    }

    private Result.Failure fail(InetAddress client, String reason) {
        var delay = throttle.failed(client);
        try {
            pause.pause(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result.Failure(reason);
    }

    private String decoyHash() {
        var h = decoyHash;
        if (h == null) decoyHash = h = hashes.hash("decoy password for unknown users");
        return h;
    }
}
