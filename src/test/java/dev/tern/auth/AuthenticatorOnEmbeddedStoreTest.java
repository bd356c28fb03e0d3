package dev.tern.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.auth.Authenticator.Result;
import dev.tern.store.sql.EmbeddedStorage;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials written through {@link Accounts} into SQLite come back usable for every mechanism. */
class AuthenticatorOnEmbeddedStoreTest {
    @TempDir
    Path data;

    @Test
    void plainLoginAndScramWorkOnStoredCredentials() throws Exception {
        var hashes = new PasswordHash(new PasswordHash.Cost(64, 1, 1, 2));
        var pauses = new ArrayList<Duration>();
        var client = InetAddress.getLoopbackAddress();
        try (var storage = EmbeddedStorage.open(data, EmbeddedStorage.Options.defaults())) {
            var accounts = new Accounts(storage.directory(), hashes);
            accounts.addDomain("example.com");
            accounts.addUser("alice@example.com", "pencil", 0);
            var authenticator = new Authenticator(storage.directory(), hashes,
                    new CredentialCache(CredentialCache.Settings.defaults()),
                    new FailureThrottle(FailureThrottle.Settings.defaults(), java.time.Clock.systemUTC()), pauses::add);

            assertThat(authenticator.authenticate(new SaslPlain("", "alice@example.com", "pencil"), client))
                    .isInstanceOf(Result.Success.class);
            assertThat(authenticator.authenticate(new SaslPlain("bob@example.com", "alice@example.com", "pencil"),
                    client)).as("acting as another user").isInstanceOf(Result.Failure.class);

            var scram = authenticator.scramServer();
            var first = (ScramServer.Step.Challenge) scram.receive("n,,n=alice@example.com,r=nonce1");
            var step = scram.receive(ScramClient.finalMessage("pencil", "n=alice@example.com,r=nonce1", first.message()));
            var result = authenticator.finish(step, client);
            assertThat(result).isInstanceOf(Result.Success.class);
            assertThat(((Result.Success) result).account().address()).isEqualTo("alice@example.com");
            assertThat(pauses).hasSize(1);
        }
    }
}
