package dev.tern.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.mailbox.DefaultMailboxes;
import dev.tern.store.DirectoryStore.Alias;
import dev.tern.store.SpecialUse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountsTest {
    private final MemoryDirectory directory = new MemoryDirectory();
    private final PasswordHash hashes = new PasswordHash(new PasswordHash.Cost(64, 1, 1, 2));
    private final Accounts accounts = new Accounts(directory, hashes, new CredentialCache(CredentialCache.Settings.off()), 4096);

    @BeforeEach
    void setUp() {
        accounts.addDomain("Example.COM");
    }

    @Test
    void domainsAreStoredLowerCaseInAscii() {
        assertThat(accounts.addDomain("Bücher.example")).isEqualTo("xn--bcher-kva.example");
        assertThat(accounts.domains()).containsExactly("example.com", "xn--bcher-kva.example");
        assertThatThrownBy(() -> accounts.addDomain("example.com")).hasMessageContaining("exists already");
        assertThatThrownBy(() -> accounts.addDomain("not a domain")).isInstanceOf(Accounts.Refused.class);
    }

    @Test
    void aDomainInUseCannotBeRemoved() {
        accounts.addUser("alice@example.com", "pencil", 0);
        assertThatThrownBy(() -> accounts.removeDomain("example.com"))
                .hasMessageContaining("1 account(s) and 0 alias(es)").hasMessageContaining("tern user remove");
        accounts.removeUser("alice@example.com");
        accounts.removeDomain("EXAMPLE.com");
        assertThat(accounts.domains()).isEmpty();
        assertThatThrownBy(() -> accounts.removeDomain("example.com")).hasMessageContaining("there is no domain");
    }

    @Test
    void aNewUserGetsBothCredentialsAndTheDefaultMailboxes() {
        var alice = accounts.addUser("Alice@Example.com", "pencil", 1024);
        assertThat(alice.address()).isEqualTo("alice@example.com");
        assertThat(alice.quotaBytes()).isEqualTo(1024);
        assertThat(hashes.verify("pencil", alice.credentials().passwordHash())).isTrue();
        assertThat(ScramCredentials.parse(alice.credentials().scramSha256()).iterations()).isEqualTo(4096);
        var mailboxes = directory.initialMailboxes("alice@example.com");
        assertThat(mailboxes).isEqualTo(DefaultMailboxes.ALL);
        assertThat(mailboxes).extracting(m -> m.name())
                .containsExactly("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
        assertThat(mailboxes).allMatch(m -> m.subscribed());
        assertThat(mailboxes.get(1).specialUse()).containsExactly(SpecialUse.SENT);
    }

    @Test
    void refusesUsersOutsideLocalDomainsAndDuplicates() {
        assertThatThrownBy(() -> accounts.addUser("bob@elsewhere.org", "pw", 0))
                .hasMessageContaining("tern domain add elsewhere.org");
        accounts.addUser("bob@example.com", "pw", 0);
        assertThatThrownBy(() -> accounts.addUser("BOB@example.com", "pw", 0)).hasMessageContaining("exists already");
        assertThatThrownBy(() -> accounts.addUser("carol@example.com", "", 0)).hasMessageContaining("empty");
        assertThatThrownBy(() -> accounts.addUser("carol@example.com", "pw", -1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> accounts.addUser("carol@example.com", "bell\u0007", 0))
                .hasMessageContaining("U+0007");
    }

    @Test
    void passwordAndQuotaChange() {
        accounts.addUser("alice@example.com", "pencil", 0);
        accounts.setPassword("ALICE@example.com", "crayon");
        accounts.setQuota("alice@example.com", 5_000);
        var alice = accounts.user("alice@example.com");
        assertThat(hashes.verify("crayon", alice.credentials().passwordHash())).isTrue();
        assertThat(alice.quotaBytes()).isEqualTo(5_000);
        assertThatThrownBy(() -> accounts.setPassword("nobody@example.com", "x"))
                .hasMessageContaining("there is no account nobody@example.com");
    }

    @Test
    void aliasesTakeTargetsLocalOrRemoteAndCatchAll() {
        accounts.addUser("alice@example.com", "pencil", 0);
        assertThat(accounts.addAlias("Team@example.com", List.of("alice@example.com", "Bob@Remote.org")))
                .isEqualTo(new Alias("team@example.com", List.of("alice@example.com", "bob@remote.org")));
        accounts.addAlias("@Example.com", List.of("alice@example.com"));
        assertThat(accounts.aliases()).extracting(Alias::source).containsExactly("@example.com", "team@example.com");
        accounts.removeAlias("team@example.com", Optional.of("bob@remote.org"));
        assertThat(directory.aliasTargets("team@example.com")).containsExactly("alice@example.com");
        accounts.removeAlias("team@example.com", Optional.empty());
        assertThat(directory.aliasTargets("team@example.com")).isEmpty();
    }

    @Test
    void refusesAliasesThatCannotWork() {
        accounts.addUser("alice@example.com", "pencil", 0);
        assertThatThrownBy(() -> accounts.addAlias("alice@example.com", List.of("x@remote.org")))
                .hasMessageContaining("is an account");
        assertThatThrownBy(() -> accounts.addAlias("a@example.com", List.of("A@example.com")))
                .hasMessageContaining("itself");
        assertThatThrownBy(() -> accounts.addAlias("a@other.org", List.of("x@remote.org")))
                .hasMessageContaining("not a domain of this server");
        assertThatThrownBy(() -> accounts.addAlias("a@example.com", List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> accounts.removeAlias("a@example.com", Optional.empty()))
                .hasMessageContaining("there is no alias");
        accounts.addAlias("a@example.com", List.of("x@remote.org"));
        assertThatThrownBy(() -> accounts.removeAlias("a@example.com", Optional.of("y@remote.org")))
                .hasMessageContaining("its targets are x@remote.org");
        assertThatThrownBy(() -> accounts.addUser("a@example.com", "pw", 0)).hasMessageContaining("is an alias");
    }
}
