package dev.tern.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.tern.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link DirectoryStore} backend must do: domains, accounts, aliases. */
public abstract class DirectoryStoreContract {
    protected Storage storage;
    protected DirectoryStore directory;

    /** A fresh, empty store; closed after each test. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        storage = openStorage();
        directory = storage.directory();
        directory.addDomain("example.org");
    }

    @AfterEach
    void closeStore() {
        storage.close();
    }

    @Test
    void domainsAreListedSortedAndKnownAsLocal() {
        directory.addDomain("a.example");
        assertThat(directory.domains()).containsExactly("a.example", "example.org");
        assertThat(directory.isLocalDomain("example.org")).isTrue();
        assertThat(directory.isLocalDomain("elsewhere.example")).isFalse();
        assertThatThrownBy(() -> directory.addDomain("a.example")).isInstanceOf(StoreException.AlreadyExists.class);
    }

    @Test
    void removeDomainRefusesWhileUsedAndMissingDomains() {
        var account = newAccount("carol@example.org", 0);
        assertThatThrownBy(() -> directory.removeDomain("example.org")).isInstanceOf(StoreException.NotAllowed.class);
        directory.removeAccount(account.id());
        directory.addAlias("postmaster@example.org", List.of("root@elsewhere.example"));
        assertThatThrownBy(() -> directory.removeDomain("example.org")).isInstanceOf(StoreException.NotAllowed.class);
        directory.removeAlias("postmaster@example.org", Optional.empty());
        directory.removeDomain("example.org");
        assertThat(directory.domains()).isEmpty();
        assertThatThrownBy(() -> directory.removeDomain("example.org")).isInstanceOf(StoreException.NotFound.class);
    }

    @Test
    void createdAccountIsFoundByAddressAndIdWithItsCredentials() {
        var created = newAccount("carol@example.org", 1000);
        assertThat(created.address()).isEqualTo("carol@example.org");
        assertThat(created.quotaBytes()).isEqualTo(1000);
        assertThat(created.usedBytes()).isZero();
        assertThat(created.credentials()).isEqualTo(new DirectoryStore.Credentials("hash", "scram"));
        assertThat(directory.account("carol@example.org")).contains(created);
        assertThat(directory.account(created.id())).contains(created);
        assertThat(directory.account("nobody@example.org")).isEmpty();
        assertThat(directory.accounts()).containsExactly(created);
    }

    @Test
    void accountGetsInboxEvenWhenNotAsked() {
        var created = directory.createAccount(new DirectoryStore.NewAccount("dan@example.org",
                new DirectoryStore.Credentials("h", null), 0, List.of()));
        assertThat(storage.mail().mailboxes(created.id())).extracting(MailboxInfo::name).containsExactly("INBOX");
        assertThat(directory.account(created.id()).orElseThrow().credentials().scramSha256()).isNull();
    }

    @Test
    void createAccountRefusesForeignDomainsAndTakenAddresses() {
        assertThatThrownBy(() -> directory.createAccount(new DirectoryStore.NewAccount("x@elsewhere.example",
                new DirectoryStore.Credentials("h", "s"), 0, List.of()))).isInstanceOf(StoreException.NotFound.class);
        newAccount("carol@example.org", 0);
        assertThatThrownBy(() -> newAccount("carol@example.org", 0)).isInstanceOf(StoreException.AlreadyExists.class);
        directory.addAlias("info@example.org", List.of("carol@example.org"));
        assertThatThrownBy(() -> newAccount("info@example.org", 0)).isInstanceOf(StoreException.AlreadyExists.class);
    }

    @Test
    void credentialsAndQuotaCanBeChanged() {
        var created = newAccount("carol@example.org", 0);
        directory.setCredentials(created.id(), new DirectoryStore.Credentials("new-hash", "new-scram"));
        directory.setQuota(created.id(), 5000);
        var now = directory.account(created.id()).orElseThrow();
        assertThat(now.credentials()).isEqualTo(new DirectoryStore.Credentials("new-hash", "new-scram"));
        assertThat(now.quotaBytes()).isEqualTo(5000);
        assertThatThrownBy(() -> directory.setQuota(new AccountId(987_654), 1)).isInstanceOf(StoreException.NotFound.class);
    }

    @Test
    void removeAccountCascadesToMailboxesMessagesAndAliasesPointingOnlyToIt() {
        var carol = newAccount("carol@example.org", 0);
        var other = newAccount("dave@example.org", 0);
        var inbox = storage.mail().mailbox(carol.id(), "INBOX").orElseThrow();
        var m = message(storage, "carol's");
        storage.mail().append(inbox.id(), m);
        directory.addAlias("c@example.org", List.of("carol@example.org"));
        directory.addAlias("team@example.org", List.of("carol@example.org", "dave@example.org"));

        directory.removeAccount(carol.id());

        assertThat(directory.account(carol.id())).isEmpty();
        assertThat(storage.mail().mailboxes(carol.id())).isEmpty();
        assertThat(storage.mail().mailbox(inbox.id())).isEmpty();
        assertThat(storage.mail().subscriptions(carol.id())).isEmpty();
        assertThat(storage.mail().referencedBlobs()).doesNotContain(m.blob());
        assertThat(directory.aliasTargets("c@example.org")).isEmpty();
        assertThat(directory.aliasTargets("team@example.org")).containsExactly("dave@example.org");
        assertThat(directory.account(other.id())).isPresent();
    }

    @Test
    void aliasesCollectTargetsAndAreRemovedWholeOrByTarget() {
        directory.addAlias("team@example.org", List.of("b@example.org", "a@remote.example"));
        directory.addAlias("team@example.org", List.of("b@example.org", "c@example.org"));
        directory.addAlias("@example.org", List.of("catchall@example.org"));
        assertThat(directory.aliasTargets("team@example.org"))
                .containsExactly("a@remote.example", "b@example.org", "c@example.org");
        assertThat(directory.aliases()).containsExactly(
                new DirectoryStore.Alias("@example.org", List.of("catchall@example.org")),
                new DirectoryStore.Alias("team@example.org", List.of("a@remote.example", "b@example.org", "c@example.org")));
        directory.removeAlias("team@example.org", Optional.of("b@example.org"));
        assertThat(directory.aliasTargets("team@example.org")).containsExactly("a@remote.example", "c@example.org");
        directory.removeAlias("team@example.org", Optional.empty());
        assertThat(directory.aliasTargets("team@example.org")).isEmpty();
        assertThat(directory.aliasTargets("nobody@example.org")).isEmpty();
    }

    @Test
    void aliasesRefuseForeignDomainsAccountAddressesAndMissingRemovals() {
        newAccount("carol@example.org", 0);
        assertThatThrownBy(() -> directory.addAlias("x@elsewhere.example", List.of("carol@example.org")))
                .isInstanceOf(StoreException.NotFound.class);
        assertThatThrownBy(() -> directory.addAlias("carol@example.org", List.of("dave@example.org")))
                .isInstanceOf(StoreException.AlreadyExists.class);
        assertThatThrownBy(() -> directory.removeAlias("none@example.org", Optional.empty()))
                .isInstanceOf(StoreException.NotFound.class);
    }

    private DirectoryStore.Account newAccount(String address, long quota) {
        return StoreFixture.account(storage, address, quota);
    }
}
