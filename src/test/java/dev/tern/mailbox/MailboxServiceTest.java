package dev.tern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.mime.MessageStructure.SectionText;
import dev.tern.mime.MimeLimits;
import dev.tern.store.AccountId;
import dev.tern.store.BlobId;
import dev.tern.store.DirectoryStore;
import dev.tern.store.Flags;
import dev.tern.store.MailboxChange;
import dev.tern.store.MailboxId;
import dev.tern.store.MailboxInfo;
import dev.tern.store.MessageRecord;
import dev.tern.store.SpecialUse;
import dev.tern.store.Storage;
import dev.tern.store.StoreException;
import dev.tern.store.SystemFlag;
import dev.tern.store.UidRange;
import dev.tern.store.sql.EmbeddedStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailboxServiceTest {
    private static final List<DirectoryStore.InitialMailbox> MAILBOXES = List.of(
            new DirectoryStore.InitialMailbox("INBOX", Set.of(), true),
            new DirectoryStore.InitialMailbox("Sent", Set.of(SpecialUse.SENT), true));
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;
    private Storage storage;
    private MailboxService service;
    private AccountId alice;

    @BeforeEach
    void open() throws IOException {
        storage = EmbeddedStorage.open(dir.resolve("data"), EmbeddedStorage.Options.defaults());
        service = new MailboxService(storage, new MailboxService.Limits(10_000, MimeLimits.DEFAULTS, 4),
                dir.resolve("spool"));
        alice = account("alice@example.org", 0);
    }

    @AfterEach
    void close() { storage.close(); }

    private AccountId account(String address, long quota) {
        if (!storage.directory().isLocalDomain("example.org")) storage.directory().addDomain("example.org");
        return storage.directory().createAccount(new DirectoryStore.NewAccount(address,
                new DirectoryStore.Credentials("hash", "scram"), quota, MAILBOXES)).id();
    }

    private MailboxId mailbox(AccountId account, String name) { return service.require(account, name).id(); }

    private static InputStream text(String s) { return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)); }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void appendStoresCrlfNormalisedBytesAndTheirStructure() throws IOException {
        var raw = "Subject: hello\nFrom: Bob <bob@example.net>\n\nline one\nline two\r\nlast";
        var result = service.append(alice, "inbox", text(raw), Flags.of(SystemFlag.SEEN), NOW);

        var record = service.messages(result.mailbox(), UidRange.of(result.uid())).getFirst();
        var stored = "Subject: hello\r\nFrom: Bob <bob@example.net>\r\n\r\nline one\r\nline two\r\nlast";
        assertThat(read(service.open(record))).isEqualTo(stored);
        assertThat(record.size()).isEqualTo(stored.length());
        assertThat(record.flags()).isEqualTo(Flags.of(SystemFlag.SEEN));
        assertThat(record.internalDate()).isEqualTo(NOW);

        var structure = service.structure(record);
        assertThat(structure.size()).isEqualTo(stored.length());
        assertThat(structure.envelope().subject()).isEqualTo("hello");
        assertThat(structure.envelope().from().getFirst().name()).isEqualTo("Bob");
        var textRange = structure.section(List.of(), SectionText.TEXT).orElseThrow();
        assertThat(read(service.open(record, textRange))).isEqualTo("line one\r\nline two\r\nlast");
        assertThat(read(service.open(record, textRange.partial(5, 3)))).isEqualTo("one");
    }

    @Test
    void deliveryToThreeMailboxesStoresTheBodyOnce() throws IOException {
        var bob = account("bob@example.org", 0);
        var targets = List.of(mailbox(alice, "INBOX"), mailbox(alice, "Sent"), mailbox(bob, "INBOX"));
        var file = Files.writeString(dir.resolve("incoming.eml"), "Subject: to all\n\nhi\n");

        var results = service.deliver(file, targets, Flags.NONE, NOW);

        assertThat(results).extracting(r -> r.mailbox()).containsExactlyElementsOf(targets);
        var blobs = new HashSet<BlobId>();
        for (var target : targets) {
            var messages = service.messages(target, UidRange.ALL);
            assertThat(messages).hasSize(1);
            blobs.add(messages.getFirst().blob());
            assertThat(service.structure(messages.getFirst()).envelope().subject()).isEqualTo("to all");
        }
        assertThat(blobs).hasSize(1);
        var stored = new HashSet<BlobId>();
        storage.blobs().forEach(info -> stored.add(info.id()));
        assertThat(stored).isEqualTo(blobs);
    }

    @Test
    void deliveryIsAllOrNothingWhenOneCopyIsOverQuota() throws IOException {
        var tiny = account("tiny@example.org", 10);
        var targets = List.of(mailbox(alice, "INBOX"), mailbox(alice, "Sent"), mailbox(tiny, "INBOX"));
        var file = Files.writeString(dir.resolve("incoming.eml"), "Subject: too big for tiny\n\nhello there\n");

        assertThatThrownBy(() -> service.deliver(file, targets, Flags.NONE, NOW))
                .isInstanceOf(StoreException.OverQuota.class);
        for (var target : targets) assertThat(service.messages(target, UidRange.ALL)).isEmpty();
    }

    @Test
    void tooLargeMessageIsRefusedAndLeavesNothingBehind() throws IOException {
        var big = "Subject: big\n\n" + "x".repeat(20_000);
        assertThatThrownBy(() -> service.append(alice, "INBOX", text(big), Flags.NONE, NOW))
                .isInstanceOf(MessageTooLarge.class).hasMessageContaining("10000");
        assertThat(service.messages(mailbox(alice, "INBOX"), UidRange.ALL)).isEmpty();
        try (var files = Files.list(dir.resolve("spool"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void appendAllFilesEveryMessageInOrderOrNoneWhenOneIsTooLarge() throws IOException {
        var inbox = mailbox(alice, "INBOX");
        var results = service.appendAll(inbox, List.of(
                new MailboxService.Incoming(() -> text("Subject: one\n\n1\n"), Flags.of(SystemFlag.SEEN), NOW),
                new MailboxService.Incoming(() -> text("Subject: two\n\n2\n"), Flags.NONE, NOW)));
        assertThat(results).extracting(r -> r.uid().value()).containsExactly(1L, 2L);
        var stored = service.messages(inbox, UidRange.ALL);
        assertThat(read(service.open(stored.get(1)))).isEqualTo("Subject: two\r\n\r\n2\r\n");
        assertThat(stored.getFirst().flags()).isEqualTo(Flags.of(SystemFlag.SEEN));

        assertThatThrownBy(() -> service.appendAll(inbox, List.of(
                new MailboxService.Incoming(() -> text("Subject: fits\n\nok\n"), Flags.NONE, NOW),
                new MailboxService.Incoming(() -> text("x".repeat(20_000)), Flags.NONE, NOW))))
                .isInstanceOf(MessageTooLarge.class);
        assertThat(service.messages(inbox, UidRange.ALL)).hasSize(2);
    }

    @Test
    void eventsReachSubscribersOfThatMailboxOnly() throws IOException {
        try (var inbox = service.events().subscribe(mailbox(alice, "INBOX"));
             var sent = service.events().subscribe(mailbox(alice, "Sent"));
             var list = service.events().subscribeAccount(alice)) {
            var result = service.append(alice, "INBOX", text("Subject: x\n\nx\n"), Flags.NONE, NOW);
            service.create(alice, "Projects", Set.of());

            var changes = inbox.poll().changes();
            assertThat(changes).singleElement().isInstanceOfSatisfying(MailboxChange.MessageAdded.class,
                    added -> assertThat(added.uid()).isEqualTo(result.uid()));
            assertThat(sent.poll().isEmpty()).isTrue();
            assertThat(list.poll().changes()).singleElement().isInstanceOf(MailboxChange.MailboxCreated.class);
        }
    }

    @Test
    void slowSubscriberDoesNotHoldUpTheCommitter() throws IOException {
        var inboxId = mailbox(alice, "INBOX");
        try (var slow = service.events().subscribe(inboxId); var attentive = service.events().subscribe(inboxId)) {
            int seen = 0;
            for (int i = 0; i < 12; i++) {
                service.append(inboxId, text("Subject: " + i + "\n\nbody\n"), Flags.NONE, NOW);
                seen += attentive.poll().changes().size();
            }
            assertThat(seen).isEqualTo(12);
            assertThat(slow.poll().overflowed()).as("queue capacity is 4").isTrue();
            assertThat(service.status(inboxId).messages()).isEqualTo(12);
        }
    }

    @Test
    void renamingInboxMovesItsMessagesAndLeavesItEmpty() throws IOException {
        var inboxId = mailbox(alice, "INBOX");
        for (int i = 0; i < 3; i++) service.append(inboxId, text("Subject: " + i + "\n\n" + i + "\n"), Flags.NONE, NOW);
        service.create(alice, "INBOX/Child", Set.of());

        service.rename(alice, "INBOX", "Old Inbox");

        assertThat(service.messages(inboxId, UidRange.ALL)).isEmpty();
        assertThat(mailbox(alice, "INBOX")).isEqualTo(inboxId);
        var old = service.messages(mailbox(alice, "Old Inbox"), UidRange.ALL);
        assertThat(old).hasSize(3);
        assertThat(service.structure(old.get(2)).envelope().subject()).isEqualTo("2");
        assertThat(service.mailbox(alice, "INBOX/Child")).as("inferiors of INBOX stay").isPresent();
    }

    @Test
    void renamingOtherMailboxesKeepsTheirIdentity() {
        var projects = service.create(alice, "Projects", Set.of());
        service.create(alice, "Projects/2026", Set.of());
        service.rename(alice, "Projects", "Work");
        assertThat(service.require(alice, "Work").id()).isEqualTo(projects.id());
        assertThat(service.mailbox(alice, "Work/2026")).isPresent();
        assertThat(service.mailbox(alice, "Projects")).isEmpty();
    }

    @Test
    void createMakesMissingSuperiorNames() {
        service.create(alice, "a/b/c/", Set.of());
        assertThat(service.mailboxes(alice)).extracting(MailboxInfo::name).contains("a", "a/b", "a/b/c");
        assertThatThrownBy(() -> service.create(alice, "a/b", Set.of())).isInstanceOf(StoreException.AlreadyExists.class);
    }

    @Test
    void copyMoveFlagsAndExpungePassThrough() throws IOException {
        var inboxId = mailbox(alice, "INBOX");
        var sentId = mailbox(alice, "Sent");
        var a = service.append(inboxId, text("Subject: a\n\na\n"), Flags.NONE, NOW);
        var b = service.append(inboxId, text("Subject: b\n\nb\n"), Flags.NONE, NOW);

        assertThat(service.copy(inboxId, List.of(a.uid()), sentId).targetUids()).hasSize(1);
        service.storeFlags(inboxId, List.of(b.uid()), dev.tern.store.FlagOperation.ADD, Flags.of(SystemFlag.DELETED),
                java.util.Optional.empty());
        assertThat(service.expunge(inboxId, java.util.Optional.empty())).containsExactly(b.uid());
        service.move(inboxId, List.of(a.uid()), sentId);
        assertThat(service.messages(inboxId, UidRange.ALL)).isEmpty();
        List<MessageRecord> sent = service.messages(sentId, UidRange.ALL);
        assertThat(sent).hasSize(2);
        assertThat(service.structures(sentId, sent)).hasSize(2);
    }
}
