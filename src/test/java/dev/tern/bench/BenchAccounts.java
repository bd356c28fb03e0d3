package dev.tern.bench;

import dev.tern.auth.Accounts;
import dev.tern.config.ConfigLoader;
import dev.tern.server.ServeStorage;
import dev.tern.server.Services;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Creates the bench domain and the users bench FIRST..LAST in a data directory in one process, as
 * {@code tern domain add} and {@code tern user add} would (same store, same Argon2id hashes), without starting a JVM
 * per user: bench/run's idle scenario needs hundreds of accounts (Tern allows 100 IMAP sessions per account).
 * <pre>
 *   BenchAccounts DATA_DIR DOMAIN FIRST LAST PASS
 * </pre>
 */
public final class BenchAccounts {
    private BenchAccounts() {}

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: BenchAccounts DATA_DIR DOMAIN FIRST LAST PASS");
            System.exit(2);
        }
        var data = Path.of(args[0]).toAbsolutePath();
        var domain = args[1];
        int first = Integer.parseInt(args[2]);
        int last = Integer.parseInt(args[3]);
        var config = ConfigLoader.load(data.resolve("tern.toml"), Optional.of(data));
        try (var storage = ServeStorage.open(config)) {
            var accounts = new Accounts(storage.directory(), Services.passwordHash(config));
            if (!accounts.domains().contains(domain)) accounts.addDomain(domain);
            var existing = accounts.users().stream().map(a -> a.address()).toList();
            int added = 0;
            for (int i = first; i <= last; i++) {
                var address = "bench" + i + "@" + domain;
                if (existing.contains(address)) continue;
                accounts.addUser(address, args[4], 0);
                added++;
            }
            System.out.printf("accounts added=%d%n", added);
        }
    }
}
