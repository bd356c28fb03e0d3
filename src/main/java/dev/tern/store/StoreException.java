package dev.tern.store;

/**
 * A store operation failed. Subclasses say why in terms a protocol can answer (IMAP NO [ALREADYEXISTS],
 * SMTP 452 4.2.2, ...); the plain class means the store itself failed (I/O, database), which protocols answer
 * as a temporary server error.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) { super(message); }

    public StoreException(String message, Throwable cause) { super(message, cause); }

    /** The named mailbox, account, domain or message does not exist. */
    public static class NotFound extends StoreException {
        public NotFound(String message) { super(message); }
    }

    /** The mailbox, account, domain or alias already exists. */
    public static class AlreadyExists extends StoreException {
        public AlreadyExists(String message) { super(message); }
    }

    /** The operation would take the account over its quota; nothing was changed. */
    public static class OverQuota extends StoreException {
        public OverQuota(String message) { super(message); }
    }

    /** The operation is not allowed on this object (e.g. deleting INBOX). */
    public static class NotAllowed extends StoreException {
        public NotAllowed(String message) { super(message); }
    }
}
