package dev.tern.imap;

import dev.tern.imap.proto.Command;
import dev.tern.imap.proto.FetchAttribute;
import dev.tern.imap.proto.ImapException;
import dev.tern.imap.proto.SequenceSet;
import dev.tern.mime.MessageStructure;
import dev.tern.store.FlagOperation;
import dev.tern.store.Flags;
import dev.tern.store.MessageRecord;
import dev.tern.store.ModSeq;
import dev.tern.store.SystemFlag;
import dev.tern.store.Uid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The selected state's commands (RFC 9051 §6.4): CLOSE, UNSELECT, EXPUNGE, SEARCH, SORT, THREAD, FETCH, STORE,
 * COPY, MOVE.
 */
final class MessageCommands {
    /** FETCH reads records and structures in batches of this many messages, so memory stays bounded. */
    private static final int BATCH = 500;

    private final ImapSession session;

    MessageCommands(ImapSession session) { this.session = session; }

    void execute(String tag, Command command) throws IOException {
        session.requireAuthenticated();
        var view = session.requireSelected();
        var service = session.server.mailboxes();
        switch (command) {
            case Command.Close _ -> {
                // RFC 9051 §6.4.1: CLOSE expunges silently, unless the mailbox is read-only.
                if (!view.readOnly()) service.expunge(view.info().id(), Optional.empty());
                closeSelected();
                session.out.status(tag, "OK", null, "CLOSE completed");
            }
            case Command.Unselect _ -> {
                closeSelected();
                session.out.status(tag, "OK", null, "UNSELECT completed");
            }
            case Command.Expunge e -> {
                view.requireWritable();
                var only = e.uids().map(set -> uids(view.resolve(set, true)));
                service.expunge(view.info().id(), only);
                okWithHighestModSeq(tag, command, view, "EXPUNGE completed");
            }
            case Command.Search s -> new SearchCommand(session, view).search(tag, s);
            case Command.Sort s -> new SortCommand(session, view).sort(tag, s);
            case Command.Thread t -> new ThreadCommand(session, view).thread(tag, t);
            case Command.Fetch f -> fetch(tag, view, f);
            case Command.Store s -> store(tag, view, s);
            case Command.Copy c -> copy(tag, view, c.uid(), c.set(), c.mailbox(), false, command);
            case Command.Move m -> copy(tag, view, m.uid(), m.set(), m.mailbox(), true, command);
            default -> throw new IllegalArgumentException("not a selected-state command: " + command);
        }
    }

    private void closeSelected() {
        session.selected.close();
        session.selected = null;
        session.state = ImapSession.State.AUTHENTICATED;
    }

    /**
     * The tagged OK of a command that expunged: with QRESYNC on it names the HIGHESTMODSEQ the client has now
     * seen everything up to (RFC 7162 §3.2.7), after the untagged VANISHED responses.
     */
    private void okWithHighestModSeq(String tag, Command command, SelectedMailbox view, String text) throws IOException {
        session.updates(command);
        session.out.status(tag, "OK", session.enabled.qresync() ? "HIGHESTMODSEQ " + view.highestModSeq() : null, text);
    }

    private static List<Uid> uids(List<Long> values) {
        var result = new ArrayList<Uid>(values.size());
        for (long v : values) result.add(new Uid(v));
        return result;
    }

    private void fetch(String tag, SelectedMailbox view, Command.Fetch f) throws IOException {
        var service = session.server.mailboxes();
        boolean changedSince = f.changedSince() >= 0;
        // RFC 7162 §3.1: FETCH MODSEQ and CHANGEDSINCE turn CONDSTORE on.
        if (changedSince || f.attributes().contains(new FetchAttribute.ModSeq())) session.enableCondstore();
        if (f.vanished()) {
            if (!session.enabled.qresync()) {
                throw new ImapException.Bad("the VANISHED modifier needs ENABLE QRESYNC first (RFC 7162 §3.2.6)");
            }
            var vanished = view.vanishedSince(f.changedSince(), f.set());
            if (!vanished.isEmpty()) session.out.untagged("VANISHED (EARLIER) " + SequenceSet.compact(vanished));
        }
        var wanted = view.resolve(f.set(), f.uid());
        boolean setsSeen = !view.readOnly() && f.attributes().stream().anyMatch(FetchAttribute::setsSeen);
        boolean needsStructure = f.attributes().stream().anyMatch(FetchAttribute::needsStructure);
        boolean sendsFlags = f.attributes().contains(new FetchAttribute.Flags());
        var responder = new FetchResponder(service, session.out);
        for (int i = 0; i < wanted.size(); i += BATCH) {
            var records = view.records(wanted.subList(i, Math.min(wanted.size(), i + BATCH)));
            if (changedSince) records = records.stream().filter(m -> m.modSeq().value() > f.changedSince()).toList();
            Map<Uid, MessageStructure> structures = needsStructure && !records.isEmpty()
                    ? service.structures(view.info().id(), records) : Map.of();
            for (var m : records) {
                if (structures.containsKey(m.uid())) FetchResponder.checkDecodable(structures.get(m.uid()), f.attributes());
            }
            var seenNow = setsSeen ? markSeen(view, records) : Map.<Long, MessageRecord>of();
            for (var m : records) {
                var current = seenNow.getOrDefault(m.uid().value(), m);
                boolean flagsChanged = seenNow.containsKey(m.uid().value());
                if (sendsFlags) view.answered(current);
                // RFC 7162 §3.1.4.1: CHANGEDSINCE adds MODSEQ; §3.1: so does a flag change once CONDSTORE is on.
                boolean withModSeq = changedSince || (flagsChanged && session.enabled.condstore());
                responder.write(view.sequenceOf(m.uid().value()), current, structures.get(m.uid()), f.attributes(),
                        f.uid(), flagsChanged, withModSeq);
            }
        }
        session.ok(tag, f, "FETCH completed");
    }

    /** RFC 9051 §6.4.5: BODY[...] without .PEEK sets \Seen; the new flags go out with the FETCH response. */
    private Map<Long, MessageRecord> markSeen(SelectedMailbox view, List<MessageRecord> records) {
        var unseen = new ArrayList<Uid>();
        for (var m : records) if (!m.flags().has(SystemFlag.SEEN)) unseen.add(m.uid());
        if (unseen.isEmpty()) return Map.of();
        var update = session.server.mailboxes().storeFlags(view.info().id(), unseen, FlagOperation.ADD,
                Flags.of(SystemFlag.SEEN), Optional.empty());
        var changed = new HashMap<Long, MessageRecord>();
        for (var m : update.changed()) {
            view.answered(m);
            changed.put(m.uid().value(), m);
        }
        return changed;
    }

    private void store(String tag, SelectedMailbox view, Command.Store s) throws IOException {
        view.requireWritable();
        // RFC 7162 §3.1: UNCHANGEDSINCE turns CONDSTORE on.
        if (s.unchangedSince() >= 0) session.enableCondstore();
        boolean condstore = session.enabled.condstore();
        var wanted = uids(view.resolve(s.set(), s.uid()));
        var op = switch (s.operation()) {
            case REPLACE -> FlagOperation.REPLACE;
            case ADD -> FlagOperation.ADD;
            case REMOVE -> FlagOperation.REMOVE;
        };
        var unchangedSince = s.unchangedSince() < 0 ? Optional.<ModSeq>empty() : Optional.of(new ModSeq(s.unchangedSince()));
        var update = session.server.mailboxes().storeFlags(view.info().id(), wanted, op,
                MailboxCommands.flags(s.flags()), unchangedSince);
        var changed = new HashMap<Long, MessageRecord>();
        for (var m : update.changed()) {
            view.answered(m);
            changed.put(m.uid().value(), m);
        }
        var notModified = new HashSet<>(uidsOf(update.notModified()));
        // A plain .SILENT STORE reports nothing, so it reads nothing back.
        var named = s.silent() && !condstore ? List.<MessageRecord>of() : view.records(uidsOf(wanted));
        for (var m : named) {
            if (notModified.contains(m.uid().value())) continue;
            var current = changed.getOrDefault(m.uid().value(), m);
            var items = storeItems(s.silent(), current, changed.containsKey(m.uid().value()), condstore);
            if (items == null) continue;
            if (!s.silent()) view.answered(current);
            session.out.raw("* " + view.sequenceOf(m.uid().value()) + " FETCH (" + (s.uid() ? "UID " + m.uid() + " " : "")
                    + items + ")").crlf();
        }
        session.ok(tag, s, modified(view, s.uid(), update.notModified()), "STORE completed");
    }

    /**
     * What STORE reports of one message it named: its flags, changed or not (RFC 9051 §6.4.6), with its MODSEQ once
     * CONDSTORE is on; for .SILENT only a changed message's new MODSEQ (RFC 7162 §3.1.3). Null: nothing.
     */
    private static String storeItems(boolean silent, MessageRecord current, boolean changed, boolean condstore) {
        var modSeq = "MODSEQ (" + current.modSeq() + ")";
        if (!silent) return "FLAGS " + FetchResponder.flagList(current.flags()) + (condstore ? " " + modSeq : "");
        return condstore && changed ? modSeq : null;
    }

    /** RFC 7162 §3.1.3: [MODIFIED set] names UIDs for UID STORE and sequence numbers for STORE. */
    private static String modified(SelectedMailbox view, boolean uid, List<Uid> notModified) {
        if (notModified.isEmpty()) return null;
        var numbers = new ArrayList<Long>();
        for (var u : notModified) numbers.add(uid ? u.value() : view.sequenceOf(u.value()));
        Collections.sort(numbers);
        return "MODIFIED " + SequenceSet.compact(numbers);
    }

    private static List<Long> uidsOf(List<Uid> values) { return values.stream().map(Uid::value).toList(); }

    private void copy(String tag, SelectedMailbox view, boolean uid, SequenceSet set, String mailbox, boolean move,
                      Command command) throws IOException {
        if (move) view.requireWritable();
        var service = session.server.mailboxes();
        var target = service.mailbox(session.account.id(), mailbox)
                .orElseThrow(() -> new ImapException.No("TRYCREATE", "no mailbox " + mailbox + "; CREATE it first"));
        var wanted = uids(view.resolve(set, uid));
        if (wanted.isEmpty()) {
            session.ok(tag, command, (move ? "MOVE" : "COPY") + " completed: no messages");
            return;
        }
        var result = move ? service.move(view.info().id(), wanted, target.id())
                : service.copy(view.info().id(), wanted, target.id());
        var code = result.sourceUids().isEmpty() ? null : "COPYUID " + result.targetUidValidity() + " "
                + SequenceSet.compact(uidsOf(result.sourceUids())) + " " + SequenceSet.compact(uidsOf(result.targetUids()));
        if (move) {
            // RFC 6851 §4.3: COPYUID goes in an untagged OK before the EXPUNGE responses.
            if (code != null) session.out.untagged("OK [" + code + "] Moved");
            okWithHighestModSeq(tag, command, view, "MOVE completed");
        } else {
            session.ok(tag, command, code, "COPY completed");
        }
    }
}
