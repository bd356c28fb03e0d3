package dev.tern.auth;

import dev.tern.store.AccountId;
import dev.tern.store.DirectoryStore;
import dev.tern.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** A {@link DirectoryStore} in memory, keeping the contract's rules, for tests of what sits above the store. */
public final class MemoryDirectory implements DirectoryStore {
    private final TreeSet<String> domains = new TreeSet<>();
    private final Map<String, Account> accounts = new TreeMap<>();
    private final Map<String, List<String>> aliases = new TreeMap<>();
    private final Map<String, List<InitialMailbox>> mailboxes = new TreeMap<>();
    private long nextId = 1;

    @Override public synchronized void addDomain(String domain) {
        if (!domains.add(domain)) throw new StoreException.AlreadyExists("domain " + domain);
    }

    @Override public synchronized void removeDomain(String domain) {
        if (!domains.contains(domain)) throw new StoreException.NotFound("domain " + domain);
        if (accounts.keySet().stream().anyMatch(a -> a.endsWith("@" + domain))
                || aliases.keySet().stream().anyMatch(a -> a.endsWith("@" + domain))) {
            throw new StoreException.NotAllowed("domain " + domain + " in use");
        }
        domains.remove(domain);
    }

    @Override public synchronized List<String> domains() { return List.copyOf(domains); }

    @Override public synchronized boolean isLocalDomain(String domain) { return domains.contains(domain); }

    @Override public synchronized Account createAccount(NewAccount n) {
        if (!domains.contains(n.address().substring(n.address().indexOf('@') + 1))) {
            throw new StoreException.NotFound("domain of " + n.address());
        }
        if (accounts.containsKey(n.address()) || aliases.containsKey(n.address())) {
            throw new StoreException.AlreadyExists(n.address());
        }
        var a = new Account(new AccountId(nextId++), n.address(), n.credentials(), n.quotaBytes(), 0);
        accounts.put(n.address(), a);
        mailboxes.put(n.address(), n.mailboxes());
        return a;
    }

    /** The mailboxes an account was created with. */
    public synchronized List<InitialMailbox> initialMailboxes(String address) { return mailboxes.get(address); }

    @Override public synchronized Optional<Account> account(String address) {
        return Optional.ofNullable(accounts.get(address));
    }

    @Override public synchronized Optional<Account> account(AccountId id) {
        return accounts.values().stream().filter(a -> a.id().equals(id)).findFirst();
    }

    @Override public synchronized List<Account> accounts() { return List.copyOf(accounts.values()); }

    @Override public synchronized void setCredentials(AccountId id, Credentials credentials) {
        var a = account(id).orElseThrow(() -> new StoreException.NotFound("account " + id));
        accounts.put(a.address(), new Account(id, a.address(), credentials, a.quotaBytes(), a.usedBytes()));
    }

    @Override public synchronized void setQuota(AccountId id, long quotaBytes) {
        var a = account(id).orElseThrow(() -> new StoreException.NotFound("account " + id));
        accounts.put(a.address(), new Account(id, a.address(), a.credentials(), quotaBytes, a.usedBytes()));
    }

    @Override public synchronized void removeAccount(AccountId id) {
        var a = account(id).orElseThrow(() -> new StoreException.NotFound("account " + id));
        accounts.remove(a.address());
        aliases.entrySet().removeIf(e -> e.getValue().equals(List.of(a.address())));
    }

    @Override public synchronized void addAlias(String source, List<String> targets) {
        if (!domains.contains(source.substring(source.indexOf('@') + 1))) {
            throw new StoreException.NotFound("domain of " + source);
        }
        if (accounts.containsKey(source)) throw new StoreException.AlreadyExists(source);
        var list = aliases.computeIfAbsent(source, s -> new ArrayList<>());
        for (var t : targets) if (!list.contains(t)) list.add(t);
    }

    @Override public synchronized void removeAlias(String source, Optional<String> target) {
        if (target.isEmpty()) {
            aliases.remove(source);
            return;
        }
        var list = aliases.get(source);
        if (list == null) return;
        list.remove(target.get());
        if (list.isEmpty()) aliases.remove(source);
    }

    @Override public synchronized List<String> aliasTargets(String source) {
        return List.copyOf(aliases.getOrDefault(source, List.of()));
    }

    @Override public synchronized List<Alias> aliases() {
        return aliases.entrySet().stream().map(e -> new Alias(e.getKey(), e.getValue())).toList();
    }
}
