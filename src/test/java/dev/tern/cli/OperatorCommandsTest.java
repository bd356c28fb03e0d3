package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.auth.PasswordHash;
import dev.tern.store.DirectoryStore;
import dev.tern.store.MailboxInfo;
import dev.tern.store.SpecialUse;
import dev.tern.store.sql.EmbeddedStorage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands run in-process through {@link Main#commandLine()} against a real store. */
class OperatorCommandsTest {
    @TempDir
    Path data;

    private final InputStream originalIn = System.in;
    private String out;
    private String err;

    @BeforeEach
    void setUp() {
        assertThat(tern("domain", "add", "Example.COM")).isZero();
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(originalIn);
    }

    private int tern(String... args) {
        return ternWithInput(null, args);
    }

    private int ternWithInput(String stdin, String... args) {
        if (stdin != null) System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        var cli = Main.commandLine();
        var o = new StringWriter();
        var e = new StringWriter();
        cli.setOut(new PrintWriter(o));
        cli.setErr(new PrintWriter(e));
        var all = new ArrayList<>(List.of(args));
        // --data goes after the subcommand path, where the option is defined
        int at = args.length >= 2 && !args[1].startsWith("-") ? 2 : args.length;
        if (args.length > 0 && !List.of(args).contains("--help") && at >= 2) {
            all.add(at, data.toString());
            all.add(at, "--data");
        }
        int code = cli.execute(all.toArray(String[]::new));
        out = o.toString();
        err = e.toString();
        return code;
    }

    private <T> T directory(Function<DirectoryStore, T> read) {
        try (var storage = EmbeddedStorage.open(data, EmbeddedStorage.Options.defaults())) {
            return read.apply(storage.directory());
        }
    }

    private java.util.Optional<DirectoryStore.Account> account(String address) {
        return directory(d -> d.account(address));
    }

    private List<String> targets(String source) {
        return directory(d -> d.aliasTargets(source));
    }

    @Test
    void domainsAreAddedListedAndRemoved() {
        assertThat(out).isEmpty();
        assertThat(tern("domain", "add", "other.org")).isZero();
        assertThat(tern("domain", "list")).isZero();
        assertThat(out).isEqualTo("example.com\nother.org\n".replace("\n", System.lineSeparator()));
        assertThat(tern("domain", "remove", "other.org")).isZero();
        assertThat(directory(DirectoryStore::domains)).containsExactly("example.com");
    }

    @Test
    void refusalsExitOneWithAMessage() {
        assertThat(tern("domain", "add", "example.com")).isEqualTo(1);
        assertThat(err).startsWith("tern: ").contains("exists already");
        assertThat(tern("domain", "add", "bad_domain")).isEqualTo(1);
        assertThat(err).startsWith("tern: ");
        assertThat(ternWithInput("pw\n", "user", "add", "bob@nowhere.org")).isEqualTo(1);
        assertThat(err).contains("tern domain add nowhere.org");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(tern("domain")).isEqualTo(2);
        assertThat(tern("domain", "add")).isEqualTo(2);
        assertThat(tern("user", "quota", "a@example.com", "lots")).isEqualTo(2);
        assertThat(tern("alias", "add", "a@example.com")).isEqualTo(2);
        assertThat(tern("user", "add", "a@example.com", "--password", "secret")).isEqualTo(2);
        assertThat(err).startsWith("tern: Unknown options: '--password'").contains("tern user add --help");
    }

    @Test
    void everyCommandHasHelp() {
        for (var command : List.of("domain", "user", "alias")) {
            for (var sub : Main.commandLine().getSubcommands().get(command).getSubcommands().keySet()) {
                assertThat(tern(command, sub, "--help")).as(command + " " + sub).isZero();
                assertThat(out).contains("Usage: tern " + command + " " + sub);
            }
        }
    }

    @Test
    void userAddReadsThePasswordFromStdinAndCreatesTheMailboxes() {
        assertThat(ternWithInput("s3cret pencil\nignored\n", "user", "add", "Alice@Example.com", "--quota", "500M"))
                .isZero();
        assertThat(out).isEmpty();
        var alice = account("alice@example.com").orElseThrow();
        assertThat(alice.quotaBytes()).isEqualTo(500L << 20);
        var hashes = new PasswordHash(PasswordHash.Cost.defaults());
        assertThat(hashes.verify("s3cret pencil", alice.credentials().passwordHash())).isTrue();
        assertThat(alice.credentials().scramSha256()).startsWith("SCRAM-SHA-256$");
        try (var storage = EmbeddedStorage.open(data, EmbeddedStorage.Options.defaults())) {
            var mailboxes = storage.mail().mailboxes(alice.id());
            assertThat(mailboxes).extracting(MailboxInfo::name)
                    .containsExactlyInAnyOrder("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
            assertThat(mailboxes).filteredOn(m -> m.name().equals("Junk")).singleElement()
                    .extracting(MailboxInfo::specialUse).isEqualTo(java.util.Set.of(SpecialUse.JUNK));
            assertThat(storage.mail().subscriptions(alice.id()))
                    .containsExactlyInAnyOrder("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
        }
    }

    @Test
    void aMissingPasswordIsAnError() {
        assertThat(ternWithInput("", "user", "add", "alice@example.com", "--password-stdin")).isEqualTo(1);
        assertThat(err).contains("no password on standard input");
        assertThat(account("alice@example.com")).isEmpty();
    }

    @Test
    void usersAreListedPasswordChangedQuotaSetAndRemoved() {
        ternWithInput("one\n", "user", "add", "alice@example.com");
        ternWithInput("two\n", "user", "add", "bob@example.com", "--quota", "2G");
        assertThat(tern("user", "list")).isZero();
        assertThat(out.lines().toList()).containsExactly(
                "ADDRESS            USED  QUOTA",
                "alice@example.com  0     none",
                "bob@example.com    0     2G");
        assertThat(ternWithInput("three\n", "user", "passwd", "ALICE@example.com")).isZero();
        var hashes = new PasswordHash(PasswordHash.Cost.defaults());
        assertThat(hashes.verify("three", account("alice@example.com").orElseThrow()
                .credentials().passwordHash())).isTrue();
        assertThat(tern("user", "quota", "bob@example.com", "none")).isZero();
        assertThat(account("bob@example.com").orElseThrow().quotaBytes()).isZero();
        assertThat(tern("user", "quota", "alice@example.com", "750K")).isZero();
        assertThat(account("alice@example.com").orElseThrow().quotaBytes()).isEqualTo(750 * 1024);
        assertThat(tern("user", "remove", "bob@example.com")).isZero();
        assertThat(account("bob@example.com")).isEmpty();
        assertThat(tern("user", "remove", "bob@example.com")).isEqualTo(1);
        assertThat(err).contains("there is no account bob@example.com");
    }

    @Test
    void aliasesAreAddedListedAndRemoved() {
        ternWithInput("pw\n", "user", "add", "alice@example.com");
        assertThat(tern("alias", "add", "team@example.com", "alice@example.com", "x@remote.org")).isZero();
        assertThat(tern("alias", "add", "@example.com", "alice@example.com")).isZero();
        assertThat(tern("alias", "list")).isZero();
        assertThat(out.lines().toList()).containsExactly(
                "SOURCE            TARGETS",
                "@example.com      alice@example.com",
                "team@example.com  alice@example.com, x@remote.org");
        assertThat(tern("alias", "remove", "team@example.com", "x@remote.org")).isZero();
        assertThat(targets("team@example.com")).containsExactly("alice@example.com");
        assertThat(tern("alias", "remove", "team@example.com")).isZero();
        assertThat(targets("team@example.com")).isEmpty();
        assertThat(tern("alias", "add", "alice@example.com", "x@remote.org")).isEqualTo(1);
        assertThat(err).contains("is an account");
    }

    @Test
    void theDataDirectoryComesFromTheOptionThenTheEnvironmentThenDefault() {
        var option = new DataDirectoryOption();
        option.environment = name -> null;
        assertThat(option.dataDirectory()).isEqualTo(Path.of("data"));
        option.environment = name -> name.equals("TERN_DATA") ? "/srv/tern" : null;
        assertThat(option.dataDirectory()).isEqualTo(Path.of("/srv/tern"));
        option.data = Path.of("/elsewhere");
        assertThat(option.dataDirectory()).isEqualTo(Path.of("/elsewhere"));
    }

    @Test
    void aConfigFileNamesTheStoreAndTheHashCostForNewPasswords(@TempDir Path elsewhere) throws Exception {
        var config = java.nio.file.Files.writeString(elsewhere.resolve("site.toml"), """
                data-directory = "mail"
                [auth]
                argon2-memory = "8M"
                argon2-iterations = 1
                """);
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        var e = new StringWriter();
        cli.setErr(new PrintWriter(e));
        assertThat(cli.execute("domain", "add", "site.example", "--config", config.toString())).as(e.toString()).isZero();
        System.setIn(new ByteArrayInputStream("pw-1234567\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(cli.execute("user", "add", "carol@site.example", "--config", config.toString())).as(e.toString())
                .isZero();
        try (var storage = EmbeddedStorage.open(elsewhere.resolve("mail"), EmbeddedStorage.Options.defaults())) {
            var carol = storage.directory().account("carol@site.example").orElseThrow();
            assertThat(carol.credentials().passwordHash()).startsWith("$argon2id$v=19$m=8192,t=1,p=1$");
        }
        assertThat(account("carol@site.example")).as("nothing written to the default data directory").isEmpty();
    }

    @Test
    void aBadConfigFileIsReportedWithTheKeyAndExitCodeOne(@TempDir Path elsewhere) throws Exception {
        var config = java.nio.file.Files.writeString(elsewhere.resolve("bad.toml"), "[auth]\nargon2-iterations = 0\n");
        var cli = Main.commandLine();
        var e = new StringWriter();
        cli.setErr(new PrintWriter(e));
        assertThat(cli.execute("domain", "list", "--config", config.toString())).isEqualTo(1);
        assertThat(e.toString()).contains("auth.argon2-iterations");
    }
}
