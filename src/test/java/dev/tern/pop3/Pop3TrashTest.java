package dev.tern.pop3;

import static dev.tern.pop3.Pop3Fixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import dev.tern.store.FlagOperation;
import dev.tern.store.Flags;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** With pop3.keep-deleted-in-trash, QUIT moves deleted messages to Trash, and a later login purges old ones. */
@TernTest(toml = "[pop3]\nkeep-deleted-in-trash = \"2d\"")
class Pop3TrashTest {

    @Test
    void quitMovesDeletedMessagesToTrashWithTheDay(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        f.deliver(message(1));
        f.deliver(message(2));
        try (var c = f.loggedIn()) {
            c.send("RETR 1");
            c.rawBody();
            c.send("DELE 1");
            assertThat(c.send("QUIT")).startsWith("+OK");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(f.inbox()).hasSize(1);
        var trash = f.in("Trash");
        assertThat(trash).hasSize(1);
        assertThat(trash.get(0).flags().keywords())
                .containsExactly("$POP3Deleted-" + LocalDate.now(ZoneOffset.UTC));
        assertThat(trash.get(0).flags().has(dev.tern.store.SystemFlag.SEEN)).isTrue();
    }

    @Test
    void loginPurgesWhatWasKeptLongEnoughAndNothingElse(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        var trash = f.mailboxes.require(f.account, "Trash").id();
        var old = f.mailboxes.append(trash, new java.io.ByteArrayInputStream(message(1).getBytes()), Flags.NONE,
                java.time.Instant.now());
        var recent = f.mailboxes.append(trash, new java.io.ByteArrayInputStream(message(2).getBytes()), Flags.NONE,
                java.time.Instant.now());
        var usersOwn = f.mailboxes.append(trash, new java.io.ByteArrayInputStream(message(3).getBytes()), Flags.NONE,
                java.time.Instant.now());
        var today = LocalDate.now(ZoneOffset.UTC);
        keyword(f, old, "$POP3Deleted-" + today.minusDays(4));
        keyword(f, recent, "$POP3Deleted-" + today.minusDays(1));
        try (var c = f.loggedIn()) {
            assertThat(c.send("QUIT")).startsWith("+OK");
        }
        assertThat(f.in("Trash")).extracting(m -> m.uid()).containsExactly(recent.uid(), usersOwn.uid());
    }

    private static void keyword(Pop3Fixture f, dev.tern.store.AppendResult m, String keyword) {
        f.mailboxes.storeFlags(m.mailbox(), List.of(m.uid()), FlagOperation.ADD, Flags.of(Set.of(), Set.of(keyword)),
                Optional.empty());
    }
}
