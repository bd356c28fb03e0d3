package dev.tern.imap;

import dev.tern.imap.proto.Command;
import dev.tern.imap.proto.ImapException;
import dev.tern.imap.proto.SequenceSet;
import java.io.IOException;

/**
 * SELECT and EXAMINE (RFC 9051 §6.3.2, §6.3.3) with the CONDSTORE parameter (RFC 7162 §3.1.8) and QRESYNC's quick
 * resynchronisation (RFC 7162 §3.2.5): what changed since the client's MODSEQ, as VANISHED (EARLIER) and FETCH.
 */
final class SelectCommand {
    static final String SYSTEM_FLAGS = "(\\Answered \\Flagged \\Deleted \\Seen \\Draft)";

    private final ImapSession session;
    private final ListCommands list;

    SelectCommand(ImapSession session, ListCommands list) {
        this.session = session;
        this.list = list;
    }

    void select(String tag, Command.Select s) throws IOException {
        if (s.qresync().isPresent() && !session.enabled.qresync()) {
            throw new ImapException.Bad("the QRESYNC parameter needs ENABLE QRESYNC first (RFC 7162 §3.2.5)");
        }
        // RFC 7162 §3.1.8: the CONDSTORE parameter (and QRESYNC, which implies it) turns CONDSTORE on.
        if (s.condstore() || s.qresync().isPresent()) session.enableCondstore();
        var service = session.server.mailboxes();
        if (session.selected != null) {
            closeSelected();
            // RFC 9051 §6.3.2: the previous mailbox is closed, said with [CLOSED] before the new one's data.
            session.out.untagged("OK [CLOSED] Previous mailbox closed");
        }
        var found = service.mailbox(session.account.id(), s.mailbox())
                .orElseThrow(() -> new ImapException.No("NONEXISTENT", "no mailbox " + s.mailbox()));
        var view = SelectedMailbox.open(service, found, s.readOnly(), session.enabled);
        var info = view.info();
        var out = session.out;
        out.untagged("FLAGS " + SYSTEM_FLAGS);
        out.untagged("OK [PERMANENTFLAGS " + (s.readOnly() ? "()" : "(\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)")
                + "] Flags permitted");
        out.untagged(view.exists() + " EXISTS");
        if (!session.rev2()) out.untagged("0 RECENT");
        out.untagged("OK [UIDVALIDITY " + info.uidValidity() + "] UIDs valid");
        long uidNext = Math.max(info.uidNext(), view.exists() == 0 ? 1 : view.uidAt(view.exists()) + 1);
        out.untagged("OK [UIDNEXT " + uidNext + "] Predicted next UID");
        // Every mailbox keeps MODSEQs, so NOMODSEQ (RFC 7162 §3.1.2.2) is never the answer.
        if (session.enabled.condstore()) out.untagged("OK [HIGHESTMODSEQ " + view.highestModSeq() + "] Highest");
        if (session.rev2()) list.selectedListResponse(info);
        session.selected = view;
        session.state = ImapSession.State.SELECTED;
        // RFC 7162 §3.2.5: a different UIDVALIDITY means the client's cache is void; the parameter is ignored.
        var q = s.qresync();
        if (q.isPresent() && q.get().uidValidity() == info.uidValidity().value()) resynchronise(view, q.get());
        out.status(tag, "OK", s.readOnly() ? "READ-ONLY" : "READ-WRITE", (s.readOnly() ? "EXAMINE" : "SELECT")
                + " completed");
    }

    /**
     * RFC 7162 §3.2.5: the known UIDs (all below UIDNEXT when not given) that were expunged since the client's
     * MODSEQ, then the flags of those that changed since. seq-match-data is accepted and not needed: every
     * expunge's UID is kept with its MODSEQ, so the answer is exact without it.
     */
    private void resynchronise(SelectedMailbox view, Command.QResync q) throws IOException {
        var known = q.knownUids().orElse(SequenceSet.of(1, SequenceSet.STAR));
        var vanished = view.vanishedSince(q.modSeq(), known);
        if (!vanished.isEmpty()) session.out.untagged("VANISHED (EARLIER) " + SequenceSet.compact(vanished));
        for (var m : view.records(view.resolve(known, true))) {
            if (m.modSeq().value() <= q.modSeq()) continue;
            session.out.raw("* " + view.sequenceOf(m.uid().value()) + " FETCH (UID " + m.uid() + " FLAGS "
                    + FetchResponder.flagList(m.flags()) + " MODSEQ (" + m.modSeq() + "))").crlf();
        }
    }

    void closeSelected() {
        session.selected.close();
        session.selected = null;
        session.state = ImapSession.State.AUTHENTICATED;
    }
}
