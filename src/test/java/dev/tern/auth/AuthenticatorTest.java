package dev.tern.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.auth.Authenticator.Result;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private final TestClock clock = new TestClock();
    private final MemoryDirectory directory = new MemoryDirectory();
    private final List<Duration> pauses = new ArrayList<>();
    private final CredentialCache cache = new CredentialCache(CredentialCache.Settings.defaults(), clock);
    private PasswordHash hashes;
    private Authenticator authenticator;
    private Accounts accounts;
    private InetAddress client;

    @BeforeEach
    void setUp() throws Exception {
        hashes = new PasswordHash(new PasswordHash.Cost(64, 1, 1, 2));
        accounts = new Accounts(directory, hashes, cache, 4096);
        accounts.addDomain("example.com");
        accounts.addUser("alice@example.com", "pencil", 0);
        authenticator = new Authenticator(directory, hashes, cache,
                new FailureThrottle(new FailureThrottle.Settings(Duration.ofMillis(100), Duration.ofSeconds(2),
                        Duration.ofMinutes(10), 100), clock), pauses::add);
        client = InetAddress.getByName("192.0.2.7");
    }

    @Test
    void acceptsTheRightPasswordAnyCase() {
        var result = authenticator.authenticate("Alice@Example.COM", "pencil", client);
        assertThat(result).isInstanceOf(Result.Success.class);
        assertThat(((Result.Success) result).account().address()).isEqualTo("alice@example.com");
        assertThat(pauses).isEmpty();
    }

    @Test
    void refusesAWrongPasswordAfterAGrowingDelay() {
        assertThat(authenticator.authenticate("alice@example.com", "crayon", client)).isInstanceOf(Result.Failure.class);
        assertThat(authenticator.authenticate("alice@example.com", "crayon", client)).isInstanceOf(Result.Failure.class);
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void refusesUnknownUsersAndNamesWithoutDomain() {
        assertThat(authenticator.authenticate("bob@example.com", "pencil", client)).isInstanceOf(Result.Failure.class);
        assertThat(authenticator.authenticate("alice", "pencil", client)).isInstanceOf(Result.Failure.class);
        assertThat(pauses).hasSize(2);
    }

    @Test
    void aPasswordChangeTakesEffectDespiteTheCache() {
        assertThat(authenticator.authenticate("alice@example.com", "pencil", client)).isInstanceOf(Result.Success.class);
        var stored = directory.account("alice@example.com").orElseThrow().credentials().passwordHash();
        assertThat(cache.isVerified("alice@example.com", "pencil", stored)).as("the next login skips Argon2id").isTrue();
        accounts.setPassword("alice@example.com", "crayon");
        assertThat(authenticator.authenticate("alice@example.com", "pencil", client)).isInstanceOf(Result.Failure.class);
        assertThat(authenticator.authenticate("alice@example.com", "crayon", client)).isInstanceOf(Result.Success.class);
    }

    @Test
    void aPasswordChangedByAnotherProcessMissesTheCache() {
        authenticator.authenticate("alice@example.com", "pencil", client);
        // another process writes new credentials straight to the store; this process's cache was not told
        var other = new Accounts(directory, hashes);
        other.setPassword("alice@example.com", "crayon");
        assertThat(authenticator.authenticate("alice@example.com", "pencil", client)).isInstanceOf(Result.Failure.class);
    }

    @Test
    void scramLoginFindsTheAccount() {
        var server = authenticator.scramServer();
        var first = (ScramServer.Step.Challenge) server.receive("n,,n=alice@example.com,r=clientnonce");
        var clientFinal = ScramClient.finalMessage("pencil", "n=alice@example.com,r=clientnonce", first.message());
        var result = authenticator.finish(server.receive(clientFinal), client);
        assertThat(result).isInstanceOf(Result.Success.class);

        var wrong = authenticator.scramServer();
        var challenge = (ScramServer.Step.Challenge) wrong.receive("n,,n=alice@example.com,r=clientnonce");
        var bad = ScramClient.finalMessage("crayon", "n=alice@example.com,r=clientnonce", challenge.message());
        assertThat(authenticator.finish(wrong.receive(bad), client)).isInstanceOf(Result.Failure.class);
        assertThat(pauses).hasSize(1);
    }
}
