package dev.tern.imap;

import dev.tern.auth.Accounts;
import dev.tern.auth.PasswordHash;
import dev.tern.config.ListenerProtocol;
import dev.tern.mailbox.MailboxService;
import dev.tern.server.TernTestServer;
import dev.tern.store.AccountId;
import dev.tern.store.Flags;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Accounts and messages for IMAP tests, written straight to the test server's store. */
final class ImapFixture {
    static final String USER = "alice@example.org";
    static final String PASSWORD = "pencil";
    static final String USER2 = "bob@example.org";

    final TernTestServer server;
    final MailboxService mailboxes;
    final AccountId alice;

    ImapFixture(TernTestServer server) throws IOException {
        this.server = server;
        var accounts = new Accounts(server.storage().directory(), new PasswordHash(new PasswordHash.Cost(64, 1, 1, 2)));
        accounts.addDomain("example.org");
        this.alice = accounts.addUser(USER, PASSWORD, 0).id();
        accounts.addUser(USER2, PASSWORD, 0);
        this.mailboxes = new MailboxService(server.storage(), MailboxService.Limits.DEFAULTS,
                server.dataDirectory().resolve("fixture-spool"));
    }

    void append(String mailbox, String message, Flags flags, Instant date) throws IOException {
        mailboxes.append(alice, mailbox, new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)), flags, date);
    }

    void append(String mailbox, byte[] message) throws IOException {
        mailboxes.append(alice, mailbox, new ByteArrayInputStream(message), Flags.NONE, Instant.parse("2026-03-05T09:00:00Z"));
    }

    Socket connect() throws IOException { return TernTestServer.connect(server.port(ListenerProtocol.IMAP)); }
}
