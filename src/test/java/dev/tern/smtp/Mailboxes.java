package dev.tern.smtp;

import dev.tern.auth.Accounts;
import dev.tern.auth.PasswordHash;
import dev.tern.server.TernTestServer;
import dev.tern.store.MailboxInfo;
import dev.tern.store.UidRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The accounts the SMTP tests send to, and a look into their mailboxes: example.com with alice and bob
 * (passwords "alice-pw", "bob-pw"), the alias team@example.com → both, and sales@example.com → alice and a
 * remote address.
 */
final class Mailboxes {
    static final String ALICE = "alice@example.com";
    static final String BOB = "bob@example.com";

    private Mailboxes() {}

    static Accounts accounts(TernTestServer tern) {
        return new Accounts(tern.storage().directory(), new PasswordHash(new PasswordHash.Cost(64, 1, 1, 2)));
    }

    static void create(TernTestServer tern) {
        var accounts = accounts(tern);
        accounts.addDomain("example.com");
        accounts.addUser(ALICE, "alice-pw", 0);
        accounts.addUser(BOB, "bob-pw", 0);
        accounts.addAlias("team@example.com", List.of(ALICE, BOB));
        accounts.addAlias("sales@example.com", List.of(ALICE, "partner@remote.example"));
    }

    /** The messages in {@code mailbox} of {@code address}, as text. */
    static List<String> messages(TernTestServer tern, String address, String mailbox) throws IOException {
        var storage = tern.storage();
        var account = storage.directory().account(address).orElseThrow();
        var box = storage.mail().mailbox(account.id(), mailbox).orElseThrow();
        var texts = new ArrayList<String>();
        for (var m : storage.mail().messages(box.id(), UidRange.ALL)) {
            try (var in = storage.blobs().open(m.blob())) {
                texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return texts;
    }

    static List<String> inbox(TernTestServer tern, String address) throws IOException {
        return messages(tern, address, MailboxInfo.INBOX);
    }
}
