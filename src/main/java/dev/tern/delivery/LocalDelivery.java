package dev.tern.delivery;

import dev.tern.mailbox.MailboxService;
import dev.tern.store.AccountId;
import dev.tern.store.AppendResult;
import dev.tern.store.DirectoryStore;
import dev.tern.store.Flags;
import dev.tern.store.MailboxId;
import dev.tern.store.MailboxInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The one path every inbound message takes into local mailboxes, whichever protocol received it: who a recipient
 * is ({@link RecipientResolver}), whether its account has room, which mailbox it goes to (the folder a plus-tag
 * names if the account has it, else INBOX), and the final delivery itself: {@code Return-Path:} prepended
 * (RFC 5321 §4.4) and one transaction for every local recipient, so that a message is in all their mailboxes
 * or in none.
 */
public final class LocalDelivery {
    private final MailboxService mailboxes;
    private final RecipientResolver resolver;
    private final DirectoryStore directory;

    public LocalDelivery(MailboxService mailboxes, RecipientResolver resolver, DirectoryStore directory) {
        this.mailboxes = mailboxes;
        this.resolver = resolver;
        this.directory = directory;
    }

    /** @see RecipientResolver#resolve */
    public Resolution resolve(String recipient) { return resolver.resolve(recipient); }

    /**
     * Whether {@code account} can take {@code size} more octets under its quota (no quota: always). Asked at RCPT
     * with the SIZE the client declared, so that a full mailbox is refused for that recipient alone (452 4.2.2);
     * the delivery itself checks again in its transaction.
     */
    public boolean hasRoomFor(AccountId account, long size) {
        return directory.account(account)
                .map(a -> a.quotaBytes() <= 0 || a.usedBytes() + Math.max(size, 1) <= a.quotaBytes())
                .orElse(false);
    }

    /**
     * Whether {@code address} belongs to {@code account}: its own address (with or without a plus-tag), or an
     * alias whose targets reach it. A domain's catch-all does not count: it would make every address of the
     * domain anyone's.
     */
    public boolean owns(AccountId account, String address) {
        return switch (resolver.resolve(address)) {
            case Resolution.LocalAccount a -> a.account().equals(account);
            case Resolution.Expanded e -> !e.catchAll() && e.local().stream().anyMatch(l -> l.account().equals(account));
            default -> false;
        };
    }

    /**
     * Delivers the message read from {@code message} (complete with its trace fields, CRLF line ends) to every
     * account in {@code recipients} once, with {@code Return-Path: <returnPath>} ({@code ""} for the null sender)
     * in front, in one durable transaction.
     *
     * @throws dev.tern.store.StoreException.OverQuota if any account would go over its quota; nothing is filed
     * @throws dev.tern.mailbox.MessageTooLarge if the message exceeds the store's limit
     */
    public List<AppendResult> deliver(InputStream message, String returnPath,
                                      Collection<Resolution.LocalAccount> recipients, Instant arrival) throws IOException {
        var byAccount = new LinkedHashMap<AccountId, Resolution.LocalAccount>();
        for (var r : recipients) byAccount.putIfAbsent(r.account(), r);
        var targets = new ArrayList<MailboxId>(byAccount.size());
        for (var r : byAccount.values()) targets.add(mailboxFor(r));
        var header = ("Return-Path: <" + returnPath + ">\r\n").getBytes(StandardCharsets.UTF_8);
        return mailboxes.deliver(new SequenceInputStream(new ByteArrayInputStream(header), message), targets, Flags.NONE,
                arrival);
    }

    /** {@link #deliver(InputStream, String, Collection, Instant)} for a message in a file. */
    public List<AppendResult> deliver(Path message, String returnPath, Collection<Resolution.LocalAccount> recipients,
                                      Instant arrival) throws IOException {
        try (var in = Files.newInputStream(message)) {
            return deliver(in, returnPath, recipients, arrival);
        }
    }

    /** The folder the plus-tag names if the account has a mailbox of that name, else INBOX. */
    private MailboxId mailboxFor(Resolution.LocalAccount recipient) {
        return recipient.folder()
                .flatMap(folder -> mailboxes.mailbox(recipient.account(), folder))
                .map(MailboxInfo::id)
                .orElseGet(() -> mailboxes.require(recipient.account(), MailboxInfo.INBOX).id());
    }
}
