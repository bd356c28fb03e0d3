package dev.tern.imap;

import dev.tern.imap.proto.ImapException;
import dev.tern.imap.proto.ResponseWriter;
import dev.tern.imap.proto.SequenceSet;
import dev.tern.mailbox.MailboxEvents;
import dev.tern.mailbox.MailboxService;
import dev.tern.net.LineReader;
import dev.tern.store.Flags;
import dev.tern.store.MailboxChange;
import dev.tern.store.MailboxInfo;
import dev.tern.store.MailboxStatus;
import dev.tern.store.MessageRecord;
import dev.tern.store.ModSeq;
import dev.tern.store.UidRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One session's view of its selected mailbox: the message sequence numbers it has told the client about (the
 * UIDs in order), fed by its subscription to the change bus. Changes are held until {@link #sync} reports them as
 * untagged EXISTS, EXPUNGE (VANISHED once QRESYNC is on) and FETCH FLAGS (with MODSEQ once CONDSTORE is on);
 * expunges wait while §7.4.1 of RFC 9051 forbids them, so that the sequence numbers a client holds stay right. An
 * overflowed subscription is answered by re-reading the store.
 */
final class SelectedMailbox implements AutoCloseable {
    private final MailboxService service;
    private final MailboxStatus opened;
    private final boolean readOnly;
    private final Enabled enabled;
    private final MailboxEvents.Subscription subscription;
    private final ArrayList<Long> uids = new ArrayList<>();
    private final ArrayDeque<MailboxChange> pending = new ArrayDeque<>();
    /** Flag changes this session made and answered itself: UID to the MODSEQ of that change. */
    private final Map<Long, Long> ownFlagChanges = new HashMap<>();
    /** The highest MODSEQ of the changes this view has taken in (RFC 7162 §3.1.2.1 HIGHESTMODSEQ). */
    private long highestModSeq;
    private boolean resync;
    private boolean deleted;

    private SelectedMailbox(MailboxService service, MailboxInfo info, boolean readOnly, Enabled enabled) {
        this.service = service;
        this.readOnly = readOnly;
        this.enabled = enabled;
        // Subscribe before reading, so that nothing committed in between is missed; duplicates are ignored. The
        // counters are read before the messages: every change up to their HIGHESTMODSEQ is in what is read next.
        this.subscription = service.events().subscribe(info.id());
        this.opened = service.status(info.id());
        this.highestModSeq = opened.mailbox().highestModSeq().value();
        for (long uid : service.uids(info.id())) uids.add(uid);
    }

    static SelectedMailbox open(MailboxService service, MailboxInfo info, boolean readOnly, Enabled enabled) {
        return new SelectedMailbox(service, info, readOnly, enabled);
    }

    MailboxInfo info() { return opened.mailbox(); }

    /** The mailbox's counters as read when it was opened. */
    MailboxStatus opened() { return opened; }

    boolean readOnly() { return readOnly; }

    int exists() { return uids.size(); }

    long uidAt(int sequence) { return uids.get(sequence - 1); }

    /** The highest MODSEQ whose change this view has taken in and reported. */
    long highestModSeq() { return highestModSeq; }

    /** The sequence number of {@code uid}, or 0 if it is not in this view. */
    int sequenceOf(long uid) {
        int i = Collections.binarySearch(uids, uid);
        return i < 0 ? 0 : i + 1;
    }

    void requireWritable() {
        if (readOnly) throw new ImapException.No("READ-ONLY", "the mailbox was opened with EXAMINE; SELECT it to change it");
    }

    /** The UIDs in this view named by {@code set}, ascending: UIDs if {@code uid}, else sequence numbers. */
    List<Long> resolve(SequenceSet set, boolean uid) {
        var result = new ArrayList<Long>();
        if (uids.isEmpty()) return result;
        var seen = new HashSet<Long>();
        for (var range : set.ranges()) {
            if (uid) {
                long max = uids.getLast();
                int from = lowerBound(range.low(max));
                for (int i = from; i < uids.size() && uids.get(i) <= range.high(max); i++) {
                    if (seen.add(uids.get(i))) result.add(uids.get(i));
                }
            } else {
                long low = range.low(uids.size());
                long high = Math.min(range.high(uids.size()), uids.size());
                if (low < 1) throw new ImapException.Bad("message sequence numbers start at 1");
                for (long n = low; n <= high; n++) if (seen.add(uids.get((int) n - 1))) result.add(uids.get((int) n - 1));
            }
        }
        Collections.sort(result);
        return result;
    }

    private int lowerBound(long uid) {
        int i = Collections.binarySearch(uids, uid);
        return i < 0 ? -i - 1 : i;
    }

    /**
     * UIDs named by {@code uidSet} that were expunged with a MODSEQ above {@code since} and that this view no longer
     * holds: VANISHED (EARLIER), RFC 7162 §3.2.6. {@code *} is open-ended here, so that {@code 1:*} also names
     * the UIDs above the last message left. Expunges not yet reported are left for their own VANISHED.
     */
    List<Long> vanishedSince(long since, SequenceSet uidSet) {
        var result = new ArrayList<Long>();
        for (var uid : service.expungedSince(info().id(), new ModSeq(since))) {
            if (uidSet.contains(uid.value(), UidRange.MAX) && sequenceOf(uid.value()) == 0) result.add(uid.value());
        }
        return result;
    }

    /** The stored records of {@code wanted} (ascending UIDs), skipping any already gone from the store. */
    List<MessageRecord> records(List<Long> wanted) {
        if (wanted.isEmpty()) return List.of();
        var wantedSet = new HashSet<>(wanted);
        var result = new ArrayList<MessageRecord>(wanted.size());
        for (var m : service.messages(info().id(), new UidRange(wanted.getFirst(), wanted.getLast()))) {
            if (wantedSet.contains(m.uid().value())) result.add(m);
        }
        return result;
    }

    /**
     * Sequence numbers of the view's messages still in the store, ascending: what SEARCH ALL finds. A message
     * another session expunged stays in the view until the expunge is reported, but is no longer found. Reads only
     * the mailbox's UIDs.
     */
    int[] presentSequences() {
        long[] stored = service.uids(info().id());
        var out = new int[uids.size()];
        int n = 0;
        for (int i = 0, j = 0; i < uids.size(); i++) {
            long uid = uids.get(i);
            while (j < stored.length && stored[j] < uid) j++;
            if (j < stored.length && stored[j] == uid) out[n++] = i + 1;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Every message of the view as stored, for SEARCH. */
    List<MessageRecord> allRecords() {
        if (uids.isEmpty()) return List.of();
        return records(uids);
    }

    /**
     * Remembers flags this session has just sent for a message (its own STORE, or a FETCH of FLAGS), so that the
     * events of changes up to that MODSEQ are not reported again. Only changes this view has not taken in yet are
     * kept: their events are on the way and remove the entry.
     */
    void answered(MessageRecord sent) {
        if (sent.modSeq().value() > highestModSeq) ownFlagChanges.merge(sent.uid().value(), sent.modSeq().value(), Math::max);
    }

    /** FETCH data of an unsolicited flag change: UID, FLAGS, and MODSEQ once CONDSTORE is on (RFC 7162 §3.1.4). */
    private String flagsFetch(long uid, Flags flags, long modSeq) {
        return "* " + sequenceOf(uid) + " FETCH (UID " + uid + " FLAGS " + FetchResponder.flagList(flags)
                + (enabled.condstore() ? " MODSEQ (" + modSeq + ")" : "") + ")";
    }

    private record FlagState(Flags flags, long modSeq) {}

    /** Reports pending changes as untagged responses; expunges only if {@code expungeAllowed}. */
    void sync(ResponseWriter out, boolean expungeAllowed) throws IOException {
        take(subscription.poll());
        if (resync && expungeAllowed) resynchronise(out);
        int before = uids.size();
        var flags = new LinkedHashMap<Long, FlagState>();
        var deferred = new ArrayList<MailboxChange>();
        var vanished = new ArrayList<Long>();
        long seen = highestModSeq;
        long firstDeferred = Long.MAX_VALUE;
        while (!pending.isEmpty()) {
            switch (pending.poll()) {
                case MailboxChange.MessageAdded a -> {
                    if (uids.isEmpty() || a.uid().value() > uids.getLast()) uids.add(a.uid().value());
                    seen = Math.max(seen, a.modSeq().value());
                }
                case MailboxChange.FlagsChanged f -> {
                    var own = ownFlagChanges.get(f.uid().value());
                    if (own == null || f.modSeq().value() > own) {
                        flags.put(f.uid().value(), new FlagState(f.flags(), f.modSeq().value()));
                    }
                    if (own != null && f.modSeq().value() >= own) ownFlagChanges.remove(f.uid().value());
                    seen = Math.max(seen, f.modSeq().value());
                }
                case MailboxChange.MessagesExpunged e -> {
                    if (!expungeAllowed) {
                        deferred.add(e);
                        firstDeferred = Math.min(firstDeferred, e.modSeq().value());
                        continue;
                    }
                    for (var uid : e.uids()) {
                        int seq = sequenceOf(uid.value());
                        if (seq == 0) continue;
                        // RFC 7162 §3.2.10: with QRESYNC on, VANISHED replaces EXPUNGE.
                        if (enabled.qresync()) vanished.add(uid.value());
                        else out.untagged(seq + " EXPUNGE");
                        uids.remove(seq - 1);
                        flags.remove(uid.value());
                        before--;
                    }
                    seen = Math.max(seen, e.modSeq().value());
                }
                case MailboxChange.MailboxDeleted _ -> deleted = true;
                default -> { }
            }
        }
        pending.addAll(deferred);
        if (!vanished.isEmpty()) out.untagged("VANISHED " + SequenceSet.compact(vanished.stream().sorted().toList()));
        if (uids.size() != before) out.untagged(uids.size() + " EXISTS");
        long reported = 0;
        for (var entry : flags.entrySet()) {
            if (sequenceOf(entry.getKey()) > 0) {
                out.raw(flagsFetch(entry.getKey(), entry.getValue().flags(), entry.getValue().modSeq())).crlf();
                reported = Math.max(reported, entry.getValue().modSeq());
            }
        }
        highestModSeq = deferred.isEmpty() ? seen : Math.min(seen, firstDeferred - 1);
        if (enabled.condstore() && reported > firstDeferred) {
            // RFC 7162 §3.2: a MODSEQ sent while an older expunge waits must not let the client skip that expunge.
            out.untagged("OK [HIGHESTMODSEQ " + highestModSeq + "] Expunges are still to be reported");
        }
        if (deleted && expungeAllowed) throw new ImapException.Bye("NONEXISTENT", "the selected mailbox was deleted");
    }

    private void take(MailboxEvents.Pending p) {
        pending.addAll(p.changes());
        if (p.overflowed()) resync = true;
    }

    /** After an overflow: the store is the truth; report what differs from this view. */
    private void resynchronise(ResponseWriter out) throws IOException {
        resync = false;
        pending.clear();
        ownFlagChanges.clear();
        long storeModSeq = service.status(info().id()).mailbox().highestModSeq().value();
        var stored = service.messages(info().id(), UidRange.ALL);
        var present = new HashSet<Long>();
        for (var m : stored) present.add(m.uid().value());
        var vanished = new ArrayList<Long>();
        for (int seq = uids.size(); seq >= 1; seq--) {
            if (!present.contains(uids.get(seq - 1))) {
                if (enabled.qresync()) vanished.add(uids.get(seq - 1));
                else out.untagged(seq + " EXPUNGE");
                uids.remove(seq - 1);
            }
        }
        if (!vanished.isEmpty()) out.untagged("VANISHED " + SequenceSet.compact(vanished.reversed()));
        long last = uids.isEmpty() ? 0 : uids.getLast();
        for (var m : stored) if (m.uid().value() > last) uids.add(m.uid().value());
        out.untagged(uids.size() + " EXISTS");
        for (var m : stored) out.raw(flagsFetch(m.uid().value(), m.flags(), m.modSeq().value())).crlf();
        highestModSeq = Math.max(highestModSeq, storeModSeq);
    }

    /**
     * IDLE (RFC 2177, RFC 9051 §6.3.13): reports changes as they are committed until the client's next line,
     * which another thread reads meanwhile; returns that line (null if the client went away).
     */
    String idle(ResponseWriter out, LineReader in) throws IOException {
        var line = new CompletableFuture<String>();
        Thread.ofVirtual().name("imap-idle-reader").start(() -> {
            try {
                line.complete(in.readLine());
            } catch (Throwable t) {
                line.completeExceptionally(t);
            } finally {
                subscription.wakeUp();
            }
        });
        sync(out, true);
        out.flush();
        try {
            while (!line.isDone()) {
                take(subscription.await(Duration.ofMinutes(1)));
                sync(out, true);
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted during IDLE");
        }
        try {
            return line.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
            throw e;
        }
    }

    @Override
    public void close() { subscription.close(); }
}
