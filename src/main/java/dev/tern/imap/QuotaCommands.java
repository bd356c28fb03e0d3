package dev.tern.imap;

import dev.tern.imap.proto.Command;
import dev.tern.imap.proto.ImapException;
import dev.tern.mailbox.MailboxService;
import java.io.IOException;

/**
 * GETQUOTA, GETQUOTAROOT and SETQUOTA (RFC 9208). An account has one quota root, named {@code ""}, over all its
 * mailboxes, with one resource: STORAGE, the summed size of its messages in units of 1024 octets. An account
 * without a quota has no quota root. Quotas are set by the operator ({@code tern user quota}), not over IMAP, so
 * QUOTASET is not offered and SETQUOTA is refused.
 */
final class QuotaCommands {
    /** The name of an account's only quota root. */
    static final String ROOT = "";

    private final ImapSession session;

    QuotaCommands(ImapSession session) {
        this.session = session;
    }

    void execute(String tag, Command command) throws IOException {
        session.requireAuthenticated();
        switch (command) {
            case Command.GetQuotaRoot g -> {
                var info = session.server.mailboxes().require(session.account.id(), g.mailbox());
                var quota = quota();
                boolean limited = quota.limitBytes() > 0;
                session.out.raw("* QUOTAROOT ").mailbox(info.name()).raw(limited ? " \"\"" : "").crlf();
                if (limited) quotaResponse(quota);
                session.ok(tag, command, "GETQUOTAROOT completed");
            }
            case Command.GetQuota g -> {
                var quota = quota();
                if (!g.root().equals(ROOT) || quota.limitBytes() == 0) {
                    throw new ImapException.No("NONEXISTENT", "no quota root \"" + g.root() + "\""
                            + (g.root().equals(ROOT) ? ": this account has no quota" : "; GETQUOTAROOT names them"));
                }
                quotaResponse(quota);
                session.ok(tag, command, "GETQUOTA completed");
            }
            case Command.SetQuota _ -> throw new ImapException.No("NOPERM",
                    "quotas are set by the server's operator (tern user quota), not over IMAP");
            default -> throw new IllegalArgumentException("not a quota command: " + command);
        }
    }

    private MailboxService.Quota quota() {
        return session.server.mailboxes().quota(session.account.id());
    }

    /** {@code * QUOTA "" (STORAGE used limit)}, both in units of 1024 octets, rounded down. */
    private void quotaResponse(MailboxService.Quota q) throws IOException {
        session.out.untagged("QUOTA \"\" (STORAGE " + q.usedBytes() / 1024 + " " + q.limitBytes() / 1024 + ")");
    }
}
