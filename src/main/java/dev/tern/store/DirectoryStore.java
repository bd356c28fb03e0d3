package dev.tern.store;

import java.util.List;
import java.util.Optional;

/**
 * Domains, accounts and aliases: who receives mail here and with which password. Addresses are stored in lower
 * case ({@code local@domain}); callers normalise them. Every mutating method is one atomic, durable transaction.
 */
public interface DirectoryStore {

    // --- domains ---------------------------------------------------------------------------------------------

    /** @throws StoreException.AlreadyExists if the domain is there already */
    void addDomain(String domain);

    /**
     * Removes a domain.
     *
     * @throws StoreException.NotAllowed while accounts or aliases of the domain exist
     * @throws StoreException.NotFound if there is no such domain
     */
    void removeDomain(String domain);

    List<String> domains();

    boolean isLocalDomain(String domain);

    // --- accounts --------------------------------------------------------------------------------------------

    /**
     * Creates an account and its initial mailboxes in one transaction.
     *
     * @throws StoreException.NotFound if the address's domain is not a local domain
     * @throws StoreException.AlreadyExists if the address is an account or an alias already
     */
    Account createAccount(NewAccount account);

    /** What {@link #createAccount} needs; {@code quotaBytes} 0 means no quota. */
    record NewAccount(String address, Credentials credentials, long quotaBytes, List<InitialMailbox> mailboxes) {
        public NewAccount {
            mailboxes = List.copyOf(mailboxes);
        }
    }

    /** A mailbox every new account starts with, e.g. Sent with {@code \Sent}. */
    record InitialMailbox(String name, java.util.Set<SpecialUse> specialUse, boolean subscribed) {
        public InitialMailbox {
            specialUse = java.util.Set.copyOf(specialUse);
        }
    }

    Optional<Account> account(String address);

    Optional<Account> account(AccountId id);

    List<Account> accounts();

    void setCredentials(AccountId account, Credentials credentials);

    void setQuota(AccountId account, long quotaBytes);

    /** Deletes the account, its mailboxes, messages and subscriptions, and aliases that point only to it. */
    void removeAccount(AccountId account);

    /** An account: {@code usedBytes} is the sum of the sizes of its messages, as of this read. */
    record Account(AccountId id, String address, Credentials credentials, long quotaBytes, long usedBytes) {}

    /**
     * What proves a password, as {@code auth} derives it; opaque to the store. {@code passwordHash} verifies a
     * cleartext password (PLAIN, LOGIN, USER/PASS), {@code scramSha256} answers SCRAM-SHA-256 without it.
     */
    record Credentials(String passwordHash, String scramSha256) {}

    // --- aliases ---------------------------------------------------------------------------------------------

    /**
     * Adds targets to an alias; {@code source} is {@code local@domain} or {@code @domain} for a catch-all. Targets
     * may be local or remote addresses.
     *
     * @throws StoreException.NotFound if the source's domain is not a local domain
     * @throws StoreException.AlreadyExists if the source is an account
     */
    void addAlias(String source, List<String> targets);

    /**
     * Removes the alias, or with {@code target} present just that target of it.
     *
     * @throws StoreException.NotFound if there is no such alias (or no such target of it)
     */
    void removeAlias(String source, Optional<String> target);

    /** The targets of {@code source} exactly as stored (no catch-all or plus-address fallback), or empty. */
    List<String> aliasTargets(String source);

    /** Every alias with its targets, ordered by source. */
    List<Alias> aliases();

    record Alias(String source, List<String> targets) {
        public Alias {
            targets = List.copyOf(targets);
        }
    }
}
