package dev.tern.delivery;

import dev.tern.auth.Address;
import dev.tern.delivery.Resolution.LocalAccount;
import dev.tern.store.AccountId;
import dev.tern.store.DirectoryStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Answers who an envelope recipient is. For an address on a local domain, in this order: an account with that
 * exact address; an alias with that exact address; with a plus separator in the local part, the account or alias
 * of the part before it (the tag names a folder of that account); the domain's catch-all {@code @domain}; else
 * unknown. Alias targets are resolved by the same rules, recursively, up to {@link Settings#maxDepth} levels;
 * a target that leads back to an alias being expanded is a loop and is skipped. Each account is delivered to
 * once however many ways it is reached. Comparison is case-insensitive.
 *
 * <p>The tag of an aliased address is not carried to the alias's targets ({@code team+x} reaches the members'
 * INBOXes): the tag names a folder of the addressee, and an alias's members chose their own folders.
 */
public final class RecipientResolver {

    /** {@code separators}: each character separates a local part from its tag ("" turns plus-addressing off). */
    public record Settings(String separators, int maxDepth) {
        public Settings {
            if (maxDepth < 1) throw new IllegalArgumentException("alias nesting depth must be at least 1");
            if (separators.chars().anyMatch(c -> c == '@' || c == '.' || Character.isWhitespace(c))) {
                throw new IllegalArgumentException("a recipient separator cannot be '@', '.' or a space");
            }
        }

        public static Settings defaults() { return new Settings("+", 10); }
    }

    private final DirectoryStore directory;
    private final Settings settings;

    public RecipientResolver(DirectoryStore directory, Settings settings) {
        this.directory = directory;
        this.settings = settings;
    }

    /**
     * Resolves {@code local@domain}: an envelope address as SMTP read it, without angle brackets, a quoted local
     * part already unquoted. SMTP maps the bare {@code <Postmaster>} of RFC 5321 §4.5.1 to an address first.
     *
     * @throws Address.InvalidException if {@code recipient} has no '@'
     */
    public Resolution resolve(String recipient) {
        var address = Address.canonical(recipient);
        if (!directory.isLocalDomain(address.domain())) return new Resolution.NotLocal(address.toString());
        var originalLocal = recipient.substring(0, recipient.lastIndexOf('@'));
        return switch (lookup(address, originalLocal)) {
            case Match.Account(var account) -> account;
            case Match.Alias(var source, var catchAll, var targets) -> expand(address, source, catchAll, targets);
            case Match.None() -> new Resolution.UnknownUser(address.toString());
        };
    }

    private sealed interface Match {
        record Account(LocalAccount account) implements Match {}

        record Alias(String source, boolean catchAll, List<String> targets) implements Match {}

        record None() implements Match {}
    }

    /** One level of lookup on a local domain. {@code originalLocal} keeps the tag's case as the sender wrote it. */
    private Match lookup(Address address, String originalLocal) {
        var exact = address.toString();
        var account = directory.account(exact);
        if (account.isPresent()) return account(account.get(), Optional.empty());
        var targets = directory.aliasTargets(exact);
        if (!targets.isEmpty()) return new Match.Alias(exact, false, targets);
        int sep = separatorIndex(originalLocal);
        if (sep > 0) {
            var base = originalLocal.substring(0, sep).toLowerCase(Locale.ROOT) + "@" + address.domain();
            var tag = originalLocal.substring(sep + 1);
            var baseAccount = directory.account(base);
            if (baseAccount.isPresent()) {
                return account(baseAccount.get(), tag.isEmpty() ? Optional.empty() : Optional.of(tag));
            }
            var baseTargets = directory.aliasTargets(base);
            if (!baseTargets.isEmpty()) return new Match.Alias(base, false, baseTargets);
        }
        var catchAll = "@" + address.domain();
        var catchAllTargets = directory.aliasTargets(catchAll);
        if (!catchAllTargets.isEmpty()) return new Match.Alias(catchAll, true, catchAllTargets);
        return new Match.None();
    }

    private static Match account(DirectoryStore.Account a, Optional<String> folder) {
        return new Match.Account(new LocalAccount(a.id(), a.address(), folder));
    }

    private int separatorIndex(String local) {
        for (int i = 0; i < local.length(); i++) if (settings.separators().indexOf(local.charAt(i)) >= 0) return i;
        return -1;
    }

    private Resolution expand(Address recipient, String source, boolean catchAll, List<String> targets) {
        var expansion = new Expansion();
        expansion.path.push(source);
        expansion.expanded.add(source);
        expansion.expand(source, targets, 1);
        if (expansion.local.isEmpty() && expansion.remote.isEmpty()) {
            return new Resolution.Unroutable(recipient.toString(),
                    "the alias " + source + " leads nowhere: " + String.join("; ", expansion.skipped));
        }
        return new Resolution.Expanded(source, catchAll, List.copyOf(expansion.local.values()),
                List.copyOf(expansion.remote), expansion.skipped);
    }

    /** The state of one alias expansion: what it reached so far and the chain of aliases being expanded. */
    private final class Expansion {
        final LinkedHashMap<AccountId, LocalAccount> local = new LinkedHashMap<>();
        final LinkedHashSet<String> remote = new LinkedHashSet<>();
        final List<String> skipped = new ArrayList<>();
        final Deque<String> path = new ArrayDeque<>();
        final Set<String> expanded = new HashSet<>();

        void expand(String source, List<String> targets, int depth) {
            for (var target : targets) {
                var address = Address.canonical(target);
                if (!directory.isLocalDomain(address.domain())) {
                    remote.add(address.toString());
                    continue;
                }
                switch (lookup(address, address.localPart())) {
                    case Match.Account(var account) -> local.putIfAbsent(account.account(), account);
                    case Match.Alias(var next, var ignored, var nextTargets) -> follow(source, next, nextTargets, depth);
                    case Match.None() -> skipped.add(address + " (a target of " + source + ") does not exist");
                }
            }
        }

        private void follow(String from, String alias, List<String> targets, int depth) {
            if (path.contains(alias)) {
                var chain = new ArrayList<>(path.reversed());
                chain.add(alias);
                skipped.add("alias loop " + String.join(" -> ", chain));
            } else if (expanded.contains(alias)) {
                // reached before by another branch: its targets are in already
            } else if (depth >= settings.maxDepth()) {
                skipped.add("aliases nested deeper than " + settings.maxDepth() + " at " + alias
                        + " (a target of " + from + ")");
            } else {
                path.push(alias);
                expanded.add(alias);
                expand(alias, targets, depth + 1);
                path.pop();
            }
        }
    }
}
