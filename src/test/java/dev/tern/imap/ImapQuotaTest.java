package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.auth.Accounts;
import dev.tern.auth.PasswordHash;
import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import dev.tern.store.Flags;
import dev.tern.store.SystemFlag;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The QUOTA extension (RFC 9208) over a socket: GETQUOTAROOT, GETQUOTA, SETQUOTA and STATUS DELETED-STORAGE. */
@TernTest
class ImapQuotaTest {
    private static final String CAROL = "carol@example.org";

    /** A message of exactly {@code size} octets. */
    private static String message(int size) {
        var head = "Subject: quota\r\n\r\n";
        return head + "x".repeat(size - head.length() - 2) + "\r\n";
    }

    @Test
    void anAccountWithAQuotaHasOneRootOverAllItsMailboxes(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        var accounts = new Accounts(server.storage().directory(), new PasswordHash(new PasswordHash.Cost(64, 1, 1, 2)));
        var carol = accounts.addUser(CAROL, ImapFixture.PASSWORD, 10 * 1024 * 1024).id();
        var date = Instant.parse("2026-03-05T09:00:00Z");
        fixture.mailboxes.append(carol, "INBOX", new java.io.ByteArrayInputStream(message(3 * 1024).getBytes()),
                Flags.NONE, date);
        fixture.mailboxes.append(carol, "Sent", new java.io.ByteArrayInputStream(message(2 * 1024).getBytes()),
                Flags.of(SystemFlag.DELETED), date);

        try (var c = ImapClient.loggedIn(fixture, CAROL)) {
            assertThat(c.command("CAPABILITY").getFirst()).contains(" QUOTA ").contains(" QUOTA=RES-STORAGE")
                    .doesNotContain("QUOTASET");
            assertThat(c.command("GETQUOTAROOT INBOX")).containsExactly("* QUOTAROOT INBOX \"\"",
                    "* QUOTA \"\" (STORAGE 5 10240)", "t3 OK GETQUOTAROOT completed");
            assertThat(c.command("GETQUOTAROOT Sent")).as("every mailbox under the same root").containsExactly(
                    "* QUOTAROOT Sent \"\"", "* QUOTA \"\" (STORAGE 5 10240)", "t4 OK GETQUOTAROOT completed");
            assertThat(c.command("GETQUOTA \"\"")).containsExactly("* QUOTA \"\" (STORAGE 5 10240)",
                    "t5 OK GETQUOTA completed");
            assertThat(c.command("GETQUOTA \"other\"").getLast()).startsWith("t6 NO [NONEXISTENT]");
            assertThat(c.command("GETQUOTAROOT Nowhere").getLast()).startsWith("t7 NO [NONEXISTENT]");
            assertThat(c.command("SETQUOTA \"\" (STORAGE 20480)").getLast())
                    .startsWith("t8 NO [NOPERM] quotas are set by the server's operator");
            assertThat(c.command("SETQUOTA \"\" STORAGE").getLast()).as("syntax first").startsWith("t9 BAD");

            assertThat(c.command("STATUS Sent (MESSAGES DELETED DELETED-STORAGE)")).containsExactly(
                    "* STATUS Sent (MESSAGES 1 DELETED 1 DELETED-STORAGE 2)", "t10 OK STATUS completed");
            assertThat(c.command("SELECT Sent").getLast()).contains("OK");
            assertThat(c.command("EXPUNGE").getLast()).contains("OK");
            assertThat(c.command("GETQUOTA \"\"")).as("EXPUNGE frees what DELETED-STORAGE said").containsExactly(
                    "* QUOTA \"\" (STORAGE 3 10240)", "t13 OK GETQUOTA completed");
            assertThat(c.command("STATUS Sent (DELETED-STORAGE)").getFirst())
                    .isEqualTo("* STATUS Sent (DELETED-STORAGE 0)");
        }
    }

    @Test
    void anAccountWithoutAQuotaHasNoQuotaRoot(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        try (var c = ImapClient.loggedIn(fixture, ImapFixture.USER)) {
            assertThat(c.command("GETQUOTAROOT INBOX")).containsExactly("* QUOTAROOT INBOX",
                    "t2 OK GETQUOTAROOT completed");
            assertThat(c.command("GETQUOTA \"\"").getLast()).startsWith("t3 NO [NONEXISTENT]")
                    .contains("this account has no quota");
        }
    }

    @Test
    void quotaCommandsNeedALogin(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        try (var c = new ImapClient(fixture.connect())) {
            c.readLine();
            assertThat(c.command("GETQUOTAROOT INBOX").getLast()).startsWith("t1 BAD");
        }
    }
}
