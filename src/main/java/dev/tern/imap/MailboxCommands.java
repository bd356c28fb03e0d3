package dev.tern.imap;

import dev.tern.imap.proto.Command;
import dev.tern.imap.proto.ImapException;
import dev.tern.imap.proto.SequenceSet;
import dev.tern.mailbox.MailboxService;
import dev.tern.store.Flags;
import dev.tern.store.MailboxInfo;
import dev.tern.store.MailboxStatus;
import dev.tern.store.SpecialUse;
import dev.tern.store.StoreException;
import dev.tern.store.SystemFlag;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;

/** SELECT, EXAMINE, CREATE, DELETE, RENAME, (UN)SUBSCRIBE, STATUS and APPEND (RFC 9051 §6.3); LIST lives apart. */
final class MailboxCommands {
    private final ImapSession session;
    private final ListCommands list;
    private final SelectCommand select;

    MailboxCommands(ImapSession session) {
        this.session = session;
        this.list = new ListCommands(session);
        this.select = new SelectCommand(session, list);
    }

    void execute(String tag, Command command) throws IOException {
        session.requireAuthenticated();
        var service = session.server.mailboxes();
        var account = session.account.id();
        switch (command) {
            case Command.Select s -> select.select(tag, s);
            case Command.Create c -> {
                if (c.mailbox().equalsIgnoreCase(MailboxInfo.INBOX)) {
                    throw new ImapException.No("ALREADYEXISTS", "INBOX always exists");
                }
                service.create(account, c.mailbox(), specialUse(c.specialUse()));
                session.ok(tag, command, "CREATE completed");
            }
            case Command.Delete d -> {
                if (session.selected != null && session.selected.info().name().equals(d.mailbox())) {
                    select.closeSelected();
                }
                service.delete(account, d.mailbox());
                session.ok(tag, command, "DELETE completed");
            }
            case Command.Rename r -> {
                service.require(account, r.from());
                if (service.mailbox(account, r.to()).isPresent()) {
                    throw new ImapException.No("ALREADYEXISTS", "mailbox " + r.to() + " exists already");
                }
                service.rename(account, r.from(), r.to());
                session.ok(tag, command, "RENAME completed");
            }
            case Command.Subscribe s -> {
                service.subscribe(account, s.mailbox(), true);
                session.ok(tag, command, "SUBSCRIBE completed");
            }
            case Command.Unsubscribe u -> {
                service.subscribe(account, u.mailbox(), false);
                session.ok(tag, command, "UNSUBSCRIBE completed");
            }
            case Command.Status s -> status(tag, s);
            case Command.Append a -> append(tag, a);
            case Command.ListMailboxes l -> list.list(tag, l);
            case Command.Lsub l -> list.lsub(tag, l);
            default -> throw new IllegalArgumentException("not a mailbox command: " + command);
        }
    }

    private void status(String tag, Command.Status s) throws IOException {
        // RFC 7162 §3.1: STATUS HIGHESTMODSEQ is a CONDSTORE-enabling command.
        if (s.items().contains("HIGHESTMODSEQ")) session.enableCondstore();
        var info = session.server.mailboxes().require(session.account.id(), s.mailbox());
        var service = session.server.mailboxes();
        session.out.raw("* STATUS ").mailbox(info.name()).raw(" " + statusItems(service, service.status(info.id()),
                s.items())).crlf();
        session.ok(tag, s, "STATUS completed");
    }

    /** The parenthesised STATUS data (RFC 9051 §7.3.4); also for LIST RETURN (STATUS ...). */
    static String statusItems(MailboxService service, MailboxStatus status, List<String> items) {
        var b = new StringBuilder("(");
        for (var item : items) {
            if (b.length() > 1) b.append(' ');
            b.append(item).append(' ').append(switch (item) {
                case "MESSAGES" -> status.messages();
                case "UIDNEXT" -> status.mailbox().uidNext();
                case "UIDVALIDITY" -> status.mailbox().uidValidity().value();
                case "UNSEEN" -> status.unseen();
                case "DELETED" -> status.deleted();
                case "SIZE" -> status.size();
                case "RECENT" -> 0L;
                case "HIGHESTMODSEQ" -> status.mailbox().highestModSeq().value();
                // RFC 9208 §4.2: what EXPUNGE would free, in the STORAGE resource's units of 1024 octets.
                case "DELETED-STORAGE" -> service.deletedSize(status.mailbox().id()) / 1024;
                default -> throw new ImapException.Bad("unknown STATUS item " + item);
            });
        }
        return b.append(')').toString();
    }

    /**
     * APPEND, and MULTIAPPEND (RFC 3502): every message is filed in one store transaction, so either all of them
     * are in the mailbox with consecutive UIDs (APPENDUID with a UID set, RFC 4315 §3) or none is.
     */
    private void append(String tag, Command.Append a) throws IOException {
        var service = session.server.mailboxes();
        var info = service.mailbox(session.account.id(), a.mailbox())
                .orElseThrow(() -> new ImapException.No("TRYCREATE", "no mailbox " + a.mailbox() + "; CREATE it first"));
        var now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var incoming = new ArrayList<MailboxService.Incoming>(a.messages().size());
        for (var m : a.messages()) {
            incoming.add(new MailboxService.Incoming(m.message()::open, flags(m.flags()), m.date().orElse(now)));
        }
        try {
            var results = service.appendAll(info.id(), incoming);
            var uids = results.stream().map(r -> r.uid().value()).toList();
            session.ok(tag, a, "APPENDUID " + results.getFirst().uidValidity() + " " + SequenceSet.compact(uids),
                    "APPEND completed");
        } catch (StoreException.OverQuota e) {
            throw new ImapException.No("OVERQUOTA", e.getMessage());
        }
    }

    /** IMAP flags to stored flags: \Recent is the server's and ignored; other unknown system flags are refused. */
    static Flags flags(List<String> names) {
        var system = EnumSet.noneOf(SystemFlag.class);
        var keywords = new TreeSet<String>();
        for (var name : names) {
            if (name.startsWith("\\")) {
                var flag = SystemFlag.byImapName(name);
                if (flag != null) system.add(flag);
                else if (!name.equalsIgnoreCase("\\Recent")) throw new ImapException.Bad("unknown system flag " + name);
            } else {
                keywords.add(name);
            }
        }
        return Flags.of(system, keywords);
    }

    private static java.util.Set<SpecialUse> specialUse(List<String> attributes) {
        var result = EnumSet.noneOf(SpecialUse.class);
        var unknown = new ArrayList<String>();
        for (var a : attributes) {
            var use = SpecialUse.byAttribute(a);
            if (use == null) unknown.add(a);
            else result.add(use);
        }
        if (!unknown.isEmpty()) throw new ImapException.No("USEATTR", "unknown special-use attribute " + unknown);
        return result;
    }
}
