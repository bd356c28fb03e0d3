package dev.tern.pop3;

import dev.tern.auth.Accounts;
import dev.tern.auth.CredentialCache;
import dev.tern.auth.PasswordHash;
import dev.tern.config.ListenerProtocol;
import dev.tern.mailbox.MailboxService;
import dev.tern.server.TernTestServer;
import dev.tern.store.AccountId;
import dev.tern.store.AppendResult;
import dev.tern.store.Flags;
import dev.tern.store.MailboxInfo;
import dev.tern.store.MessageRecord;
import dev.tern.store.UidRange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** A test server's account with messages: made through the store and the mailbox service, as the server does. */
final class Pop3Fixture {
    static final String USER = "alice@example.com";
    static final String PASSWORD = "correct horse battery staple";

    final TernTestServer tern;
    final MailboxService mailboxes;
    final AccountId account;

    Pop3Fixture(TernTestServer tern) throws IOException {
        this(tern, USER);
    }

    Pop3Fixture(TernTestServer tern, String... users) throws IOException {
        this.tern = tern;
        var accounts = new Accounts(tern.storage().directory(),
                new PasswordHash(new PasswordHash.Cost(1024, 1, 1, 4)),
                new CredentialCache(CredentialCache.Settings.off()), 4096);
        if (!tern.storage().directory().isLocalDomain("example.com")) accounts.addDomain("example.com");
        AccountId first = null;
        for (var user : users) {
            var created = accounts.addUser(user, PASSWORD, 0);
            if (first == null) first = created.id();
        }
        this.account = first;
        this.mailboxes = new MailboxService(tern.storage(), MailboxService.Limits.DEFAULTS,
                tern.dataDirectory().resolve("test-spool"));
    }

    int port() { return tern.port(ListenerProtocol.POP3); }

    int tlsPort() { return tern.implicitTlsPort(ListenerProtocol.POP3); }

    AppendResult deliver(String message) throws IOException {
        return deliver(account, message);
    }

    AppendResult deliver(AccountId to, String message) throws IOException {
        return mailboxes.append(to, MailboxInfo.INBOX,
                new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)), Flags.NONE, Instant.now());
    }

    static String message(int n) {
        return "From: bob@example.net\r\nTo: alice@example.com\r\nSubject: message " + n + "\r\n\r\nbody of " + n
                + "\r\n";
    }

    List<MessageRecord> inbox() { return in(MailboxInfo.INBOX); }

    List<MessageRecord> in(String mailbox) {
        return mailboxes.messages(mailboxes.require(account, mailbox).id(), UidRange.ALL);
    }

    Pop3Client loggedIn() throws IOException {
        var client = Pop3Client.connect(port());
        client.login(USER, PASSWORD);
        return client;
    }
}
