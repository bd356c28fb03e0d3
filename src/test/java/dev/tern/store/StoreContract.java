package dev.tern.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The common ground of the store contract suites: a fresh store with the account {@code alice@example.org} and
 * its standard mailboxes. A backend's test subclasses a suite and says how to open a fresh, empty {@link Storage}.
 */
public abstract class StoreContract {
    protected Storage storage;
    protected MailStore mail;
    protected DirectoryStore.Account alice;
    protected MailboxInfo inbox;

    /** A fresh, empty store; closed after each test. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        storage = openStorage();
        mail = storage.mail();
        alice = StoreFixture.account(storage, "alice@example.org", 0);
        inbox = mail.mailbox(alice.id(), "INBOX").orElseThrow();
    }

    @AfterEach
    void closeStore() {
        storage.close();
    }

    protected MailboxInfo box(String name) {
        return mail.mailbox(alice.id(), name).orElseThrow();
    }
}
