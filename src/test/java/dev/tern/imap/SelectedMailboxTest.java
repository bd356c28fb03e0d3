package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.imap.proto.ResponseWriter;
import dev.tern.imap.proto.SequenceSet;
import dev.tern.mailbox.MailboxService;
import dev.tern.mime.MimeLimits;
import dev.tern.store.DirectoryStore;
import dev.tern.store.FlagOperation;
import dev.tern.store.Flags;
import dev.tern.store.MailboxInfo;
import dev.tern.store.Storage;
import dev.tern.store.SystemFlag;
import dev.tern.store.Uid;
import dev.tern.store.sql.EmbeddedStorage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The selected-mailbox view alone: sequence numbers, deferred expunges, and the resync after an overflow. */
class SelectedMailboxTest {
    @TempDir
    Path dir;
    private Storage storage;
    private MailboxService service;
    private MailboxInfo inbox;

    @BeforeEach
    void open() throws IOException {
        storage = EmbeddedStorage.open(dir.resolve("data"), EmbeddedStorage.Options.defaults());
        // A subscription overflows after 4 pending changes.
        service = new MailboxService(storage, new MailboxService.Limits(10_000, MimeLimits.DEFAULTS, 4),
                dir.resolve("spool"));
        storage.directory().addDomain("example.org");
        var account = storage.directory().createAccount(new DirectoryStore.NewAccount("alice@example.org",
                new DirectoryStore.Credentials("hash", "scram"), 0,
                List.of(new DirectoryStore.InitialMailbox("INBOX", Set.of(), true)))).id();
        inbox = service.require(account, "INBOX");
    }

    @AfterEach
    void close() { storage.close(); }

    private void append(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            service.append(inbox.id(), new ByteArrayInputStream("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)),
                    Flags.NONE, Instant.now());
        }
    }

    private static String sync(SelectedMailbox view, boolean expungeAllowed) throws IOException {
        var bytes = new ByteArrayOutputStream();
        var out = new ResponseWriter(bytes);
        view.sync(out, expungeAllowed);
        out.flush();
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void expungesWaitUntilTheyMayBeReportedAndSequenceNumbersStayMeanwhile() throws IOException {
        append(3);
        try (var view = SelectedMailbox.open(service, inbox, false, new Enabled())) {
            service.storeFlags(inbox.id(), List.of(new Uid(2)), FlagOperation.ADD, Flags.of(SystemFlag.DELETED),
                    Optional.empty());
            service.expunge(inbox.id(), Optional.empty());
            assertThat(sync(view, false)).isEqualTo("* 2 FETCH (UID 2 FLAGS (\\Deleted))\r\n");
            assertThat(view.resolve(SequenceSet.parse("3"), false)).containsExactly(3L);
            assertThat(sync(view, true)).isEqualTo("* 2 EXPUNGE\r\n");
            assertThat(view.resolve(SequenceSet.parse("2"), false)).containsExactly(3L);
            assertThat(view.resolve(SequenceSet.parse("2:*"), true)).containsExactly(3L);
        }
    }

    @Test
    void anOverflowedSubscriptionIsAnsweredFromTheStore() throws IOException {
        append(2);
        try (var view = SelectedMailbox.open(service, inbox, false, new Enabled())) {
            service.expunge(inbox.id(), Optional.of(List.of()));
            service.storeFlags(inbox.id(), List.of(new Uid(1)), FlagOperation.ADD, Flags.of(SystemFlag.DELETED),
                    Optional.empty());
            service.expunge(inbox.id(), Optional.empty());
            append(5);
            assertThat(sync(view, true)).isEqualTo("* 1 EXPUNGE\r\n* 6 EXISTS\r\n"
                    + "* 1 FETCH (UID 2 FLAGS ())\r\n* 2 FETCH (UID 3 FLAGS ())\r\n* 3 FETCH (UID 4 FLAGS ())\r\n"
                    + "* 4 FETCH (UID 5 FLAGS ())\r\n* 5 FETCH (UID 6 FLAGS ())\r\n* 6 FETCH (UID 7 FLAGS ())\r\n");
            assertThat(view.exists()).isEqualTo(6);
            assertThat(sync(view, true)).isEmpty();
        }
    }

    @Test
    void withQresyncAnOverflowIsAnsweredWithVanishedAndModSeqs() throws IOException {
        append(3);
        var enabled = new Enabled();
        enabled.add(Enabled.QRESYNC);
        try (var view = SelectedMailbox.open(service, inbox, false, enabled)) {
            assertThat(view.highestModSeq()).isEqualTo(4);
            service.storeFlags(inbox.id(), List.of(new Uid(1), new Uid(3)), FlagOperation.ADD,
                    Flags.of(SystemFlag.DELETED), Optional.empty());
            service.expunge(inbox.id(), Optional.empty());
            append(4);
            assertThat(sync(view, true)).isEqualTo("* VANISHED 1,3\r\n* 5 EXISTS\r\n"
                    + "* 1 FETCH (UID 2 FLAGS () MODSEQ (3))\r\n* 2 FETCH (UID 4 FLAGS () MODSEQ (7))\r\n"
                    + "* 3 FETCH (UID 5 FLAGS () MODSEQ (8))\r\n* 4 FETCH (UID 6 FLAGS () MODSEQ (9))\r\n"
                    + "* 5 FETCH (UID 7 FLAGS () MODSEQ (10))\r\n");
            assertThat(view.highestModSeq()).isEqualTo(10);
            assertThat(view.vanishedSince(4, SequenceSet.parse("1:*"))).containsExactly(1L, 3L);
            assertThat(view.vanishedSince(6, SequenceSet.parse("1:*"))).isEmpty();
        }
    }
}
