// Files every *.eml file of a directory, in name order, into an account's INBOX through Tern's own mailbox
// service, straight into the data directory while the server runs (as the tern CLI works). For interop checks
// that need mail in a mailbox before the protocol that would deliver it is there to use.
//   java -cp target/tern.jar interop/seed/Deliver.java DATA_DIR ADDRESS MESSAGE_DIR
import dev.tern.config.ConfigLoader;
import dev.tern.mailbox.MailboxService;
import dev.tern.server.ServeStorage;
import dev.tern.store.Flags;
import dev.tern.store.MailboxInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

public class Deliver {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Deliver.java DATA_DIR ADDRESS MESSAGE_DIR");
            System.exit(2);
        }
        var data = Path.of(args[0]);
        var config = ConfigLoader.load(data.resolve("tern.toml"), Optional.of(data));
        try (var storage = ServeStorage.open(config)) {
            var account = storage.directory().account(args[1].toLowerCase()).orElseThrow(
                    () -> new IllegalArgumentException("no account " + args[1] + "; add it with tern user add"));
            var mailboxes = new MailboxService(storage, MailboxService.Limits.DEFAULTS, data.resolve("spool"));
            int n = 0;
            try (var files = Files.list(Path.of(args[2]))) {
                for (var file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                    try (var in = Files.newInputStream(file)) {
                        mailboxes.append(account.id(), MailboxInfo.INBOX, in, Flags.NONE, Instant.now());
                    }
                    n++;
                }
            }
            System.out.println("delivered " + n);
        }
    }
}
