package dev.tern.mailbox;

import dev.tern.mime.ByteRange;
import dev.tern.mime.Envelope;
import dev.tern.mime.MessageStructure;
import dev.tern.mime.MimeLimits;
import dev.tern.mime.SearchableText;
import dev.tern.store.AccountId;
import dev.tern.store.AppendResult;
import dev.tern.store.BlobId;
import dev.tern.store.BlobStore;
import dev.tern.store.CopyResult;
import dev.tern.store.Delivery;
import dev.tern.store.FlagOperation;
import dev.tern.store.Flags;
import dev.tern.store.DirectoryStore;
import dev.tern.store.MailStore;
import dev.tern.store.MailboxId;
import dev.tern.store.MailboxInfo;
import dev.tern.store.MailboxStatus;
import dev.tern.store.MessageRecord;
import dev.tern.store.ModSeq;
import dev.tern.store.NewMessage;
import dev.tern.store.SpecialUse;
import dev.tern.store.Storage;
import dev.tern.store.StoreException;
import dev.tern.store.Uid;
import dev.tern.store.UidRange;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Mailboxes and messages as IMAP, POP3 and delivery use them; protocols reach the store only through this.
 * Messages come in as streams: line ends are normalised to CRLF, into memory for a body small enough for the store
 * to keep with its metadata ({@link BlobStore#inlineLimit()}), else into a spool file (never held in memory
 * whole); the structure is parsed, the body is written once, and the metadata transaction files it into one
 * mailbox or, for a delivery, into several at once (an inline body goes in that same transaction). Store failures surface as
 * {@link StoreException} subclasses that name the reason (NotFound, AlreadyExists, OverQuota, NotAllowed).
 */
public final class MailboxService {

    /**
     * @param maxMessageBytes     largest message stored, counted with CRLF line ends
     * @param mime                bounds on parsing a message's structure
     * @param eventQueueCapacity  changes a session's subscription holds before it must resync
     */
    public record Limits(long maxMessageBytes, MimeLimits mime, int eventQueueCapacity) {
        public static final Limits DEFAULTS = new Limits(50L * 1024 * 1024, MimeLimits.DEFAULTS, 10_000);

        public Limits {
            if (maxMessageBytes < 1) throw new IllegalArgumentException("maxMessageBytes must be positive");
        }
    }

    /** Messages moved per transaction when INBOX is renamed, so that no transaction grows with the mailbox. */
    private static final int MOVE_BATCH = 1_000;

    private final MailStore mail;
    private final DirectoryStore directory;
    private final BlobStore blobs;
    private final Limits limits;
    private final Path spool;
    private final MailboxEvents events;

    /**
     * @param spool a directory for the normalised copy of an incoming message while it is parsed and stored;
     *              ideally on the same file system as the data directory
     */
    public MailboxService(Storage storage, Limits limits, Path spool) throws IOException {
        this.mail = storage.mail();
        this.directory = storage.directory();
        this.blobs = storage.blobs();
        this.limits = limits;
        this.spool = Files.createDirectories(spool);
        this.events = new MailboxEvents(limits.eventQueueCapacity());
        mail.addChangeListener(events);
    }

    /** The change bus sessions subscribe to. */
    public MailboxEvents events() { return events; }

    // --- mailboxes ---------------------------------------------------------------------------------------------

    public List<MailboxInfo> mailboxes(AccountId account) { return mail.mailboxes(account); }

    public Optional<MailboxInfo> mailbox(AccountId account, String name) { return mail.mailbox(account, name); }

    public Optional<MailboxInfo> mailbox(MailboxId id) { return mail.mailbox(id); }

    /** The mailbox called {@code name}. @throws StoreException.NotFound naming it if there is none */
    public MailboxInfo require(AccountId account, String name) {
        return mail.mailbox(account, name).orElseThrow(() -> new StoreException.NotFound("no mailbox " + name));
    }

    /**
     * Creates {@code name} and any missing superior names (RFC 9051 §6.3.4); a trailing delimiter is dropped.
     *
     * @throws StoreException.AlreadyExists if {@code name} itself exists
     */
    public MailboxInfo create(AccountId account, String name, Set<SpecialUse> specialUse) {
        var canonical = stripTrailingDelimiter(name);
        int at = -1;
        while ((at = canonical.indexOf(MailboxInfo.DELIMITER, at + 1)) > 0) {
            var superior = canonical.substring(0, at);
            if (mail.mailbox(account, superior).isEmpty()) {
                try {
                    mail.createMailbox(account, superior, Set.of());
                } catch (StoreException.AlreadyExists createdMeanwhile) {
                    // another session made it first; that is what was wanted
                }
            }
        }
        return mail.createMailbox(account, canonical, specialUse);
    }

    private static String stripTrailingDelimiter(String name) {
        return name.length() > 1 && name.charAt(name.length() - 1) == MailboxInfo.DELIMITER
                ? name.substring(0, name.length() - 1) : name;
    }

    /**
     * Renames a mailbox and its inferiors (RFC 9051 §6.3.6). Renaming INBOX creates {@code to} and moves every
     * message of INBOX into it, leaving INBOX empty and its inferiors where they are. Each batch of that move is
     * one transaction: an interruption leaves every message in exactly one of the two mailboxes.
     */
    public void rename(AccountId account, String from, String to) {
        if (!from.equalsIgnoreCase(MailboxInfo.INBOX)) {
            mail.renameMailbox(account, from, stripTrailingDelimiter(to));
            return;
        }
        var inbox = require(account, MailboxInfo.INBOX);
        var target = create(account, to, Set.of());
        var uids = uids(mail.messages(inbox.id(), UidRange.ALL));
        for (int i = 0; i < uids.size(); i += MOVE_BATCH) {
            mail.move(inbox.id(), uids.subList(i, Math.min(uids.size(), i + MOVE_BATCH)), target.id());
        }
    }

    /** Deletes a mailbox and its messages (RFC 9051 §6.3.5). @throws StoreException.NotAllowed for INBOX */
    public void delete(AccountId account, String name) { mail.deleteMailbox(account, name); }

    public void subscribe(AccountId account, String name, boolean subscribed) {
        mail.setSubscribed(account, name, subscribed);
    }

    public Set<String> subscriptions(AccountId account) { return mail.subscriptions(account); }

    public void setSpecialUse(MailboxId mailbox, Set<SpecialUse> specialUse) { mail.setSpecialUse(mailbox, specialUse); }

    public MailboxStatus status(MailboxId mailbox) { return mail.status(mailbox); }

    /** The summed size of the mailbox's messages flagged \Deleted, which EXPUNGE would free. */
    public long deletedSize(MailboxId mailbox) { return mail.deletedSize(mailbox); }

    /** An account's storage quota and its use now, in bytes; {@code limitBytes} 0 means it has none. */
    public record Quota(long usedBytes, long limitBytes) {}

    /** @throws StoreException.NotFound if the account is gone */
    public Quota quota(AccountId account) {
        var a = directory.account(account)
                .orElseThrow(() -> new StoreException.NotFound("no account with id " + account.value()));
        return new Quota(a.usedBytes(), a.quotaBytes());
    }

    // --- adding messages ---------------------------------------------------------------------------------------

    /** APPEND to the mailbox called {@code mailboxName}. @see #append(MailboxId, InputStream, Flags, Instant) */
    public AppendResult append(AccountId account, String mailboxName, InputStream rawMessage, Flags flags,
                               Instant internalDate) throws IOException {
        return append(require(account, mailboxName).id(), rawMessage, flags, internalDate);
    }

    /**
     * Stores a message read from {@code rawMessage} (to its end; bare LF become CRLF) in {@code mailbox}.
     *
     * @throws MessageTooLarge if the message exceeds {@link Limits#maxMessageBytes()}; nothing is stored
     * @throws StoreException.OverQuota if the account's quota would be exceeded
     */
    public AppendResult append(MailboxId mailbox, InputStream rawMessage, Flags flags, Instant internalDate)
            throws IOException {
        Objects.requireNonNull(internalDate, "internalDate: pass the APPEND date-time, or the time of arrival");
        var stored = store(rawMessage);
        return mail.append(mailbox, stored.message(flags, internalDate));
    }

    /** Where an incoming message's bytes are read from; opened once. */
    @FunctionalInterface
    public interface MessageSource {
        InputStream open() throws IOException;
    }

    /** One message of {@link #appendAll}: its bytes, flags and INTERNALDATE. */
    public record Incoming(MessageSource source, Flags flags, Instant internalDate) {
        public Incoming {
            Objects.requireNonNull(internalDate, "internalDate: pass the APPEND date-time, or the time of arrival");
        }
    }

    /**
     * Stores several messages in {@code mailbox} in one transaction (IMAP MULTIAPPEND, RFC 3502): all of them,
     * with consecutive UIDs in the order given, or none. Each body is made durable first; if the transaction then
     * fails, the bodies are orphans that the sweep removes.
     *
     * @throws MessageTooLarge if any message exceeds {@link Limits#maxMessageBytes()}; nothing is filed
     * @throws StoreException.OverQuota if the messages together exceed the account's quota; nothing is filed
     */
    public List<AppendResult> appendAll(MailboxId mailbox, List<Incoming> messages) throws IOException {
        if (messages.isEmpty()) throw new IllegalArgumentException("appendAll needs at least one message");
        var targets = new ArrayList<Delivery.Target>(messages.size());
        for (var m : messages) {
            try (var in = m.source().open()) {
                targets.add(new Delivery.Target(mailbox, store(in).message(m.flags(), m.internalDate())));
            }
        }
        return mail.deliver(new Delivery(targets));
    }

    /**
     * Files one message into several mailboxes (one per recipient, possibly of several accounts) in one
     * transaction: all of them or none. The body is stored once.
     *
     * @throws MessageTooLarge if the message exceeds {@link Limits#maxMessageBytes()}
     * @throws StoreException.OverQuota if any copy would exceed its account's quota; nothing is filed
     */
    public List<AppendResult> deliver(Path rawMessage, List<MailboxId> mailboxes, Flags flags, Instant internalDate)
            throws IOException {
        try (var in = Files.newInputStream(rawMessage)) {
            return deliver(in, mailboxes, flags, internalDate);
        }
    }

    /**
     * Files the message read from {@code rawMessage} (to its end) into several mailboxes in one transaction, as
     * {@link #deliver(Path, List, Flags, Instant)} does; for a message that is assembled on the way in, such as
     * a spooled message behind a {@code Return-Path:} field added at final delivery.
     */
    public List<AppendResult> deliver(InputStream rawMessage, List<MailboxId> mailboxes, Flags flags,
                                      Instant internalDate) throws IOException {
        if (mailboxes.isEmpty()) throw new IllegalArgumentException("a delivery needs at least one mailbox");
        Objects.requireNonNull(internalDate, "internalDate: pass the time of arrival");
        var message = store(rawMessage).message(flags, internalDate);
        var targets = mailboxes.stream().map(m -> new Delivery.Target(m, message)).toList();
        return mail.deliver(new Delivery(targets));
    }

    /**
     * A body with its parsed structure: durable in the blob store already, or ({@code inline} not null) small
     * enough to go into the store with its message, in the same transaction ({@link BlobStore#inlineLimit()}).
     */
    private record Stored(BlobStore.StoredBlob blob, MessageStructure structure, byte[] inline) {
        NewMessage message(Flags flags, Instant internalDate) {
            return new NewMessage(blob.id(), blob.size(), internalDate, flags, structure.encode(), inline);
        }
    }

    /**
     * Normalises the message to CRLF and parses it. One the store takes inline stays in memory and is written
     * with its metadata; a larger one is spooled to a file that the blob store adopts (renames into place).
     */
    private Stored store(InputStream rawMessage) throws IOException {
        try (var buffer = new MessageBuffer(spool, "incoming", blobs.inlineLimit())) {
            try (var out = new CrlfOutputStream(buffer.out(), limits.maxMessageBytes())) {
                rawMessage.transferTo(out);
            }
            MessageStructure structure;
            try (var in = buffer.inMemory() ? buffer.open() : new BufferedInputStream(buffer.open())) {
                structure = MessageStructure.parse(in, limits.mime());
            }
            if (buffer.inMemory()) {
                var body = buffer.bytes();
                return new Stored(new BlobStore.StoredBlob(BlobId.of(body), body.length), structure, body);
            }
            // The spool file is ours and not needed once stored: the store renames it into place instead of
            // copying it, and removes it whatever happens.
            return new Stored(blobs.adopt(buffer.detachFile()), structure, null);
        }
    }

    // --- messages ----------------------------------------------------------------------------------------------

    public List<MessageRecord> messages(MailboxId mailbox, UidRange range) { return mail.messages(mailbox, range); }

    /** The UIDs of every message of the mailbox, ascending. */
    public long[] uids(MailboxId mailbox) { return mail.uids(mailbox); }

    public CopyResult copy(MailboxId from, List<Uid> uids, MailboxId to) { return mail.copy(from, uids, to); }

    public CopyResult move(MailboxId from, List<Uid> uids, MailboxId to) { return mail.move(from, uids, to); }

    public MailStore.FlagUpdate storeFlags(MailboxId mailbox, List<Uid> uids, FlagOperation op, Flags flags,
                                           Optional<ModSeq> unchangedSince) {
        return mail.storeFlags(mailbox, uids, op, flags, unchangedSince);
    }

    public List<Uid> expunge(MailboxId mailbox, Optional<List<Uid>> only) { return mail.expunge(mailbox, only); }

    public List<Uid> expungedSince(MailboxId mailbox, ModSeq since) { return mail.expungedSince(mailbox, since); }

    /** The structure of a message: from the store's cache, or parsed again from its body when not cached. */
    public MessageStructure structure(MessageRecord message) throws IOException {
        return structures(message.mailbox(), List.of(message)).get(message.uid());
    }

    /** The structures of several messages of one mailbox, by UID, with one cache read. */
    public Map<Uid, MessageStructure> structures(MailboxId mailbox, List<MessageRecord> messages) throws IOException {
        var result = new LinkedHashMap<Uid, MessageStructure>();
        var cached = cachedStructures(mailbox, messages);
        for (var m : messages) result.put(m.uid(), decodeOrParse(m, cached.get(m.uid())));
        return result;
    }

    /** The stored structures of the UID range that spans {@code messages}, encoded; one store read. */
    private Map<Uid, byte[]> cachedStructures(MailboxId mailbox, List<MessageRecord> messages) {
        if (messages.isEmpty()) return Map.of();
        long first = messages.stream().mapToLong(m -> m.uid().value()).min().orElseThrow();
        long last = messages.stream().mapToLong(m -> m.uid().value()).max().orElseThrow();
        return mail.structures(mailbox, new UidRange(first, last));
    }

    /**
     * The envelopes of several messages of one mailbox, by UID, with one cache read and without decoding body
     * structures (what SORT compares, RFC 5256 §3); a message not cached is parsed again.
     */
    public Map<Uid, Envelope> envelopes(MailboxId mailbox, List<MessageRecord> messages) throws IOException {
        var result = new LinkedHashMap<Uid, Envelope>();
        var cached = cachedStructures(mailbox, messages);
        for (var m : messages) {
            byte[] encoded = cached.get(m.uid());
            Envelope envelope = null;
            if (encoded != null) {
                try {
                    envelope = MessageStructure.decodeEnvelope(encoded);
                } catch (IllegalArgumentException olderOrDamaged) {
                    // parse the body again below
                }
            }
            result.put(m.uid(), envelope != null ? envelope : decodeOrParse(m, null).envelope());
        }
        return result;
    }

    private MessageStructure decodeOrParse(MessageRecord message, byte[] encoded) throws IOException {
        if (encoded != null) {
            try {
                return MessageStructure.decode(encoded);
            } catch (IllegalArgumentException olderOrDamaged) {
                // parse the body again below
            }
        }
        try (var in = new BufferedInputStream(blobs.open(message.blob()))) {
            return MessageStructure.parse(in, limits.mime());
        }
    }

    /** The decoded header fields and text of a message for SEARCH, up to {@code maxBodyChars} of text. */
    public SearchableText searchableText(MessageRecord message, int maxBodyChars) throws IOException {
        try (var in = new BufferedInputStream(blobs.open(message.blob()))) {
            return SearchableText.extract(in, limits.mime(), maxBodyChars);
        }
    }

    /**
     * The top-level header fields of several messages, by UID, for SEARCH's header keys (RFC 9051 §6.4.4): only
     * their header sections are read (at most {@code limits.mime-header-size} bytes each), many with one store read,
     * and no body is decoded. The fields are those {@link #searchableText} finds; the body text is empty.
     *
     * @throws java.nio.file.NoSuchFileException if a message's body is missing from the blob store
     */
    public Map<Uid, SearchableText> searchableHeaders(List<MessageRecord> messages) throws IOException {
        var result = new HashMap<Uid, SearchableText>();
        for (var section : headerSections(messages).entrySet()) {
            result.put(section.getKey(), SearchableText.extractHeader(section.getValue(), limits.mime()));
        }
        return result;
    }

    /**
     * The header sections of several messages as stored, by UID, many with one store read (at most
     * {@code limits.mime-header-size} bytes each): for fields the stored envelope does not keep, such as References
     * for THREAD (RFC 5256 §3).
     *
     * @throws java.nio.file.NoSuchFileException if a message's body is missing from the blob store
     */
    public Map<Uid, byte[]> headerSections(List<MessageRecord> messages) throws IOException {
        var sections = blobs.headerSections(messages.stream().map(MessageRecord::blob).toList(),
                limits.mime().maxHeaderBytes());
        var result = new HashMap<Uid, byte[]>();
        for (var m : messages) {
            var section = sections.get(m.blob());
            if (section == null) throw new NoSuchFileException("body " + m.blob().sha256() + " of message UID "
                    + m.uid().value() + " is missing from the blob store; restore it from a backup");
            result.put(m.uid(), section);
        }
        return result;
    }

    /** The whole stored message (RFC822, BODY[]). */
    public InputStream open(MessageRecord message) throws IOException { return blobs.open(message.blob()); }

    /** A range of the stored message, e.g. a section from {@link MessageStructure#section}, or a part of it. */
    public InputStream open(MessageRecord message, ByteRange range) throws IOException {
        return blobs.open(message.blob(), range.start(), range.length());
    }

    /** UIDs of {@code messages}, in order: the form copy, move and storeFlags take. */
    public static List<Uid> uids(List<MessageRecord> messages) {
        var uids = new ArrayList<Uid>(messages.size());
        for (var m : messages) uids.add(m.uid());
        return uids;
    }
}
