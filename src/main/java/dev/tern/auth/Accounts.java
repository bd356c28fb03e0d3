package dev.tern.auth;

import dev.tern.mailbox.DefaultMailboxes;
import dev.tern.store.DirectoryStore;
import dev.tern.store.DirectoryStore.Account;
import dev.tern.store.DirectoryStore.Alias;
import dev.tern.store.DirectoryStore.Credentials;
import dev.tern.store.DirectoryStore.NewAccount;
import dev.tern.store.StoreException;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The operator's view of who gets mail here: domains, accounts and aliases, validated and normalised (lower
 * case, domains in ASCII) before they reach the {@link DirectoryStore}. Every refusal is a {@link Refused} whose
 * message says what is wrong and how to fix it.
 */
public final class Accounts {

    /** An operation was refused; the message is meant for the operator as it is. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) { super(message); }
    }

    private final DirectoryStore directory;
    private final PasswordHash hashes;
    private final CredentialCache cache;
    private final int scramIterations;
    private final SecureRandom random = new SecureRandom();

    public Accounts(DirectoryStore directory, PasswordHash hashes, CredentialCache cache, int scramIterations) {
        this.directory = directory;
        this.hashes = hashes;
        this.cache = cache;
        this.scramIterations = scramIterations;
    }

    public Accounts(DirectoryStore directory, PasswordHash hashes) {
        this(directory, hashes, new CredentialCache(CredentialCache.Settings.off()), ScramCredentials.DEFAULT_ITERATIONS);
    }

    // --- domains ---------------------------------------------------------------------------------------------

    /** Adds a domain; returns it as stored (lower case, ASCII). */
    public String addDomain(String domain) {
        var d = domain(domain);
        try {
            directory.addDomain(d);
        } catch (StoreException.AlreadyExists e) {
            throw new Refused("the domain " + d + " exists already");
        }
        return d;
    }

    public List<String> domains() { return directory.domains(); }

    public void removeDomain(String domain) {
        var d = domain(domain);
        if (!directory.isLocalDomain(d)) throw new Refused("there is no domain " + d + "; see tern domain list");
        long accounts = directory.accounts().stream().filter(a -> a.address().endsWith("@" + d)).count();
        long aliases = directory.aliases().stream().filter(a -> a.source().endsWith("@" + d)).count();
        if (accounts + aliases > 0) throw new Refused("the domain " + d + " still has " + accounts + " account(s) and "
                + aliases + " alias(es); remove them first with tern user remove and tern alias remove");
        try {
            directory.removeDomain(d);
        } catch (StoreException.NotAllowed e) {
            throw new Refused("the domain " + d + " is still in use: " + e.getMessage());
        }
    }

    // --- accounts --------------------------------------------------------------------------------------------

    /** Creates an account with the default mailboxes; {@code quotaBytes} 0 means no quota. */
    public Account addUser(String address, String password, long quotaBytes) {
        var a = checkNewUser(address);
        requireQuota(quotaBytes);
        try {
            return directory.createAccount(new NewAccount(a.toString(), credentials(password), quotaBytes,
                    DefaultMailboxes.ALL));
        } catch (StoreException.AlreadyExists e) {
            throw new Refused(a + " exists already as an account or alias");
        }
    }

    /**
     * Checks that {@code address} could become a new account, before asking anyone for a password; returns it
     * normalised.
     */
    public Address checkNewUser(String address) {
        var a = address(address);
        requireLocalDomain(a);
        if (directory.account(a.toString()).isPresent()) throw new Refused("the account " + a + " exists already");
        if (!directory.aliasTargets(a.toString()).isEmpty()) throw new Refused(
                a + " is an alias; remove it first with tern alias remove " + a);
        return a;
    }

    public List<Account> users() { return directory.accounts(); }

    public Account user(String address) {
        var a = address(address);
        return directory.account(a.toString())
                .orElseThrow(() -> new Refused("there is no account " + a + "; see tern user list"));
    }

    public void setPassword(String address, String password) {
        var account = user(address);
        directory.setCredentials(account.id(), credentials(password));
        cache.invalidate(account.address());
    }

    public void setQuota(String address, long quotaBytes) {
        requireQuota(quotaBytes);
        directory.setQuota(user(address).id(), quotaBytes);
    }

    /** Removes the account with all its mail. */
    public void removeUser(String address) {
        var account = user(address);
        directory.removeAccount(account.id());
        cache.invalidate(account.address());
    }

    // --- aliases ---------------------------------------------------------------------------------------------

    /**
     * Adds targets to {@code source}, which is an address or {@code @domain} for the domain's catch-all. Targets
     * are addresses, local or remote.
     */
    public Alias addAlias(String source, List<String> targets) {
        if (targets.isEmpty()) throw new Refused("an alias needs at least one target address");
        var s = aliasSource(source);
        var normalised = new LinkedHashSet<String>();
        for (var t : targets) {
            var target = address(t).toString();
            if (target.equals(s)) throw new Refused("the alias " + s + " cannot point to itself");
            normalised.add(target);
        }
        if (directory.account(s).isPresent()) throw new Refused(
                s + " is an account; an address is either an account or an alias, not both");
        try {
            directory.addAlias(s, List.copyOf(normalised));
        } catch (StoreException.AlreadyExists e) {
            throw new Refused(s + " is an account; an address is either an account or an alias, not both");
        }
        return new Alias(s, directory.aliasTargets(s));
    }

    public List<Alias> aliases() { return directory.aliases(); }

    /** Removes the alias, or only {@code target} from it. */
    public void removeAlias(String source, Optional<String> target) {
        var s = aliasSource(source);
        var targets = directory.aliasTargets(s);
        if (targets.isEmpty()) throw new Refused("there is no alias " + s + "; see tern alias list");
        var t = target.map(x -> address(x).toString());
        if (t.isPresent() && !targets.contains(t.get())) throw new Refused(
                "the alias " + s + " has no target " + t.get() + "; its targets are " + String.join(", ", targets));
        directory.removeAlias(s, t);
    }

    // --- validation ------------------------------------------------------------------------------------------

    private Credentials credentials(String password) {
        if (password.isEmpty()) throw new Refused("the password is empty; give one");
        String scram;
        try {
            scram = ScramCredentials.derive(password, scramIterations, random).format();
        } catch (SaslPrep.ProhibitedException e) {
            throw new Refused("the password cannot be used: " + e.getMessage());
        }
        return new Credentials(hashes.hash(password), scram);
    }

    private String aliasSource(String source) {
        if (source.startsWith("@")) {
            var d = domain(source.substring(1));
            requireLocalDomain(d);
            return "@" + d;
        }
        var a = address(source);
        requireLocalDomain(a);
        return a.toString();
    }

    private void requireLocalDomain(Address a) {
        requireLocalDomain(a.domain());
    }

    private void requireLocalDomain(String domain) {
        if (!directory.isLocalDomain(domain)) throw new Refused(
                domain + " is not a domain of this server; add it first with tern domain add " + domain);
    }

    private static void requireQuota(long quotaBytes) {
        if (quotaBytes < 0) throw new Refused("a quota cannot be negative; use 0 for no quota");
    }

    private static Address address(String address) {
        try {
            return Address.parse(address.strip());
        } catch (Address.InvalidException e) {
            throw new Refused(e.getMessage());
        }
    }

    private static String domain(String domain) {
        try {
            return Address.domain(domain);
        } catch (Address.InvalidException e) {
            throw new Refused(e.getMessage());
        }
    }
}
