package dev.tern.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.auth.MemoryDirectory;
import dev.tern.delivery.Resolution.Expanded;
import dev.tern.delivery.Resolution.LocalAccount;
import dev.tern.store.AccountId;
import dev.tern.store.DirectoryStore;
import dev.tern.store.DirectoryStore.Credentials;
import dev.tern.store.DirectoryStore.NewAccount;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs over an in-memory directory; {@link RecipientResolverOnEmbeddedStoreTest} runs it over SQLite. */
class RecipientResolverTest {
    DirectoryStore directory;
    private RecipientResolver resolver;
    private AccountId alice;
    private AccountId bob;

    DirectoryStore newDirectory() {
        return new MemoryDirectory();
    }

    @BeforeEach
    void setUp() {
        directory = newDirectory();
        resolver = new RecipientResolver(directory, RecipientResolver.Settings.defaults());
        directory.addDomain("ex.com");
        directory.addDomain("other.org");
        alice = account("alice@ex.com");
        bob = account("bob@ex.com");
    }

    private AccountId account(String address) {
        return directory.createAccount(new NewAccount(address, new Credentials("h", "s"), 0, List.of())).id();
    }

    private LocalAccount local(AccountId id, String address) {
        return new LocalAccount(id, address, Optional.empty());
    }

    private Expanded expanded(String recipient) {
        var r = resolver.resolve(recipient);
        assertThat(r).isInstanceOf(Expanded.class);
        return (Expanded) r;
    }

    @Test
    void findsAnAccountWhateverTheCase() {
        assertThat(resolver.resolve("Alice@EX.com")).isEqualTo(local(alice, "alice@ex.com"));
    }

    @Test
    void aPlusTagNamesAFolderOfTheAccount() {
        assertThat(resolver.resolve("alice+Lists@ex.com"))
                .isEqualTo(new LocalAccount(alice, "alice@ex.com", Optional.of("Lists")));
        assertThat(resolver.resolve("alice+@ex.com")).isEqualTo(local(alice, "alice@ex.com"));
        assertThat(resolver.resolve("alice+a+b@ex.com"))
                .isEqualTo(new LocalAccount(alice, "alice@ex.com", Optional.of("a+b")));
    }

    @Test
    void anAccountWhoseNameHoldsThePlusWinsOverTheTag() {
        var plus = account("alice+work@ex.com");
        assertThat(resolver.resolve("alice+work@ex.com")).isEqualTo(local(plus, "alice+work@ex.com"));
    }

    @Test
    void theSeparatorIsConfigurableAndCanBeOff() {
        resolver = new RecipientResolver(directory, new RecipientResolver.Settings("-+", 10));
        assertThat(resolver.resolve("alice-news@ex.com"))
                .isEqualTo(new LocalAccount(alice, "alice@ex.com", Optional.of("news")));
        resolver = new RecipientResolver(directory, new RecipientResolver.Settings("", 10));
        assertThat(resolver.resolve("alice+news@ex.com")).isEqualTo(new Resolution.UnknownUser("alice+news@ex.com"));
    }

    @Test
    void unknownUserOnALocalDomainAndOtherDomainsAreTold() {
        assertThat(resolver.resolve("carol@ex.com")).isEqualTo(new Resolution.UnknownUser("carol@ex.com"));
        assertThat(resolver.resolve("Carol@Remote.NET")).isEqualTo(new Resolution.NotLocal("carol@remote.net"));
    }

    @Test
    void anAliasExpandsToAccountsAndRemoteAddresses() {
        directory.addAlias("team@ex.com", List.of("alice@ex.com", "bob@ex.com", "carol@remote.net"));
        var e = expanded("TEAM@ex.com");
        assertThat(e.alias()).isEqualTo("team@ex.com");
        assertThat(e.catchAll()).isFalse();
        assertThat(e.local()).containsExactly(local(alice, "alice@ex.com"), local(bob, "bob@ex.com"));
        assertThat(e.remote()).containsExactly("carol@remote.net");
        assertThat(e.skipped()).isEmpty();
    }

    @Test
    void aliasesOfAliasesExpandAndTheSameAccountIsReachedOnce() {
        directory.addAlias("all@ex.com", List.of("team@ex.com", "ops@ex.com", "alice@ex.com"));
        directory.addAlias("team@ex.com", List.of("alice@ex.com", "bob@ex.com"));
        directory.addAlias("ops@ex.com", List.of("bob@ex.com", "team@ex.com", "x@remote.net"));
        directory.addAlias("list@other.org", List.of("x@remote.net"));
        directory.addAlias("ops2@ex.com", List.of("list@other.org", "ops@ex.com"));
        var e = expanded("all@ex.com");
        assertThat(e.local()).containsExactly(local(alice, "alice@ex.com"), local(bob, "bob@ex.com"));
        assertThat(e.remote()).containsExactly("x@remote.net");
        assertThat(e.skipped()).isEmpty();
        assertThat(expanded("ops2@ex.com").remote()).containsExactly("x@remote.net");
    }

    @Test
    void aLoopIsSkippedAndTheRestDelivered() {
        directory.addAlias("a@ex.com", List.of("b@ex.com"));
        directory.addAlias("b@ex.com", List.of("a@ex.com", "alice@ex.com"));
        var e = expanded("a@ex.com");
        assertThat(e.local()).containsExactly(local(alice, "alice@ex.com"));
        assertThat(e.skipped()).containsExactly("alias loop a@ex.com -> b@ex.com -> a@ex.com");
    }

    @Test
    void anAliasThatOnlyLoopsIsUnroutable() {
        directory.addAlias("a@ex.com", List.of("b@ex.com"));
        directory.addAlias("b@ex.com", List.of("c@ex.com"));
        directory.addAlias("c@ex.com", List.of("a@ex.com"));
        var r = resolver.resolve("b@ex.com");
        assertThat(r).isInstanceOf(Resolution.Unroutable.class);
        assertThat(((Resolution.Unroutable) r).reason()).contains("alias loop b@ex.com -> c@ex.com -> a@ex.com -> b@ex.com");
    }

    @Test
    void nestingDeeperThanTheBoundIsCut() {
        resolver = new RecipientResolver(directory, new RecipientResolver.Settings("+", 3));
        directory.addAlias("l1@ex.com", List.of("l2@ex.com", "bob@ex.com"));
        directory.addAlias("l2@ex.com", List.of("l3@ex.com"));
        directory.addAlias("l3@ex.com", List.of("l4@ex.com"));
        directory.addAlias("l4@ex.com", List.of("alice@ex.com"));
        var e = expanded("l1@ex.com");
        assertThat(e.local()).containsExactly(local(bob, "bob@ex.com"));
        assertThat(e.skipped()).singleElement().asString().contains("deeper than 3 at l4@ex.com");
        assertThat(expanded("l2@ex.com").local()).containsExactly(local(alice, "alice@ex.com"));
    }

    @Test
    void aTargetThatDoesNotExistIsSkipped() {
        directory.addAlias("team@ex.com", List.of("gone@ex.com", "alice@ex.com"));
        var e = expanded("team@ex.com");
        assertThat(e.local()).containsExactly(local(alice, "alice@ex.com"));
        assertThat(e.skipped()).containsExactly("gone@ex.com (a target of team@ex.com) does not exist");
        directory.addAlias("dead@ex.com", List.of("gone@ex.com"));
        assertThat(resolver.resolve("dead@ex.com")).isInstanceOf(Resolution.Unroutable.class);
    }

    @Test
    void plusAddressingReachesAnAliasWithoutCarryingTheTag() {
        directory.addAlias("team@ex.com", List.of("alice@ex.com"));
        var e = expanded("team+urgent@ex.com");
        assertThat(e.alias()).isEqualTo("team@ex.com");
        assertThat(e.local()).containsExactly(local(alice, "alice@ex.com"));
    }

    @Test
    void anAliasMayTargetAPlusAddress() {
        directory.addAlias("news@ex.com", List.of("alice+news@ex.com"));
        assertThat(expanded("news@ex.com").local())
                .containsExactly(new LocalAccount(alice, "alice@ex.com", Optional.of("news")));
    }

    @Test
    void catchAllOnlyWhenNothingElseMatches() {
        directory.addAlias("@ex.com", List.of("bob@ex.com"));
        directory.addAlias("team@ex.com", List.of("alice@ex.com"));
        assertThat(resolver.resolve("alice@ex.com")).isEqualTo(local(alice, "alice@ex.com"));
        assertThat(resolver.resolve("alice+x@ex.com"))
                .isEqualTo(new LocalAccount(alice, "alice@ex.com", Optional.of("x")));
        assertThat(expanded("team@ex.com").local()).containsExactly(local(alice, "alice@ex.com"));
        var e = expanded("Whoever@ex.com");
        assertThat(e.catchAll()).isTrue();
        assertThat(e.alias()).isEqualTo("@ex.com");
        assertThat(e.local()).containsExactly(local(bob, "bob@ex.com"));
        assertThat(resolver.resolve("whoever@other.org")).isEqualTo(new Resolution.UnknownUser("whoever@other.org"));
    }

    @Test
    void aCatchAllPointingIntoItsOwnDomainDoesNotLoopForever() {
        directory.addAlias("@ex.com", List.of("postmaster@ex.com"));
        var r = resolver.resolve("nobody@ex.com");
        assertThat(r).isInstanceOf(Resolution.Unroutable.class);
        assertThat(((Resolution.Unroutable) r).reason()).contains("alias loop @ex.com -> @ex.com");
        directory.addAlias("postmaster@ex.com", List.of("alice@ex.com"));
        assertThat(expanded("nobody@ex.com").local()).containsExactly(local(alice, "alice@ex.com"));
    }

    @Test
    void anAliasTargetOnAnotherLocalDomainFallsToThatDomainsCatchAll() {
        directory.addAlias("@other.org", List.of("bob@ex.com"));
        directory.addAlias("fwd@ex.com", List.of("someone@other.org", "alice@ex.com"));
        assertThat(expanded("fwd@ex.com").local())
                .containsExactlyInAnyOrder(local(bob, "bob@ex.com"), local(alice, "alice@ex.com"));
    }
}
