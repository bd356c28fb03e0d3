package dev.tern.delivery;

import dev.tern.store.AccountId;
import java.util.List;
import java.util.Optional;

/** What an envelope recipient is, as {@link RecipientResolver} finds it. */
public sealed interface Resolution {

    /**
     * A local account, reached directly or by plus-addressing; {@code folder} is the tag after the separator
     * ({@code alice+lists@example.com} → "lists") for delivery to file into when such a mailbox exists.
     */
    record LocalAccount(AccountId account, String accountAddress, Optional<String> folder) implements Resolution {}

    /**
     * An alias ({@code catchAll} when it was the domain's {@code @domain} alias) that expanded to these distinct
     * local accounts and remote addresses. {@code skipped} names targets that led nowhere (loops, depth,
     * addresses that do not exist), for the log; the rest is delivered.
     */
    record Expanded(String alias, boolean catchAll, List<LocalAccount> local, List<String> remote,
                    List<String> skipped) implements Resolution {
        public Expanded {
            local = List.copyOf(local);
            remote = List.copyOf(remote);
            skipped = List.copyOf(skipped);
        }
    }

    /** The domain is ours but nobody there has this address (SMTP 550 5.1.1, RFC 3463). */
    record UnknownUser(String address) implements Resolution {}

    /** The domain is not ours: relaying is for SMTP's policy to decide. */
    record NotLocal(String address) implements Resolution {}

    /**
     * An alias matched but every target led nowhere (a loop, nesting deeper than the bound, or targets that do
     * not exist): a configuration error for the operator, answered as SMTP 550 5.4.6 (routing loop) or 5.1.1.
     */
    record Unroutable(String address, String reason) implements Resolution {}
}
