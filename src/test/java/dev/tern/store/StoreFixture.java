package dev.tern.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/** Builders shared by the contract tests: an account with the usual mailboxes, and messages with real bodies. */
final class StoreFixture {
    private StoreFixture() {}

    static final List<DirectoryStore.InitialMailbox> STANDARD_MAILBOXES = List.of(
            new DirectoryStore.InitialMailbox("INBOX", Set.of(), true),
            new DirectoryStore.InitialMailbox("Sent", Set.of(SpecialUse.SENT), true),
            new DirectoryStore.InitialMailbox("Drafts", Set.of(SpecialUse.DRAFTS), true),
            new DirectoryStore.InitialMailbox("Trash", Set.of(SpecialUse.TRASH), true),
            new DirectoryStore.InitialMailbox("Junk", Set.of(SpecialUse.JUNK), true),
            new DirectoryStore.InitialMailbox("Archive", Set.of(SpecialUse.ARCHIVE), true));

    static DirectoryStore.Account account(Storage storage, String address, long quota) {
        var domain = address.substring(address.indexOf('@') + 1);
        if (!storage.directory().isLocalDomain(domain)) storage.directory().addDomain(domain);
        return storage.directory().createAccount(new DirectoryStore.NewAccount(address,
                new DirectoryStore.Credentials("hash", "scram"), quota, STANDARD_MAILBOXES));
    }

    /** A message whose body (and structure) is derived from {@code text}, stored in the blob store first. */
    static NewMessage message(Storage storage, String text, Flags flags) {
        var body = ("Subject: " + text + "\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
        try {
            var stored = storage.blobs().put(new ByteArrayInputStream(body));
            return new NewMessage(stored.id(), stored.size(), Instant.now().truncatedTo(ChronoUnit.MILLIS), flags,
                    ("structure of " + text).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NewMessage message(Storage storage, String text) {
        return message(storage, text, Flags.NONE);
    }

    static List<Uid> uids(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Uid::of).toList();
    }
}
