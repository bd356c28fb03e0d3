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
import dev.tern.store.MessageRecord;
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
 * untagged EXISTS, EXPUNGE and FETCH FLAGS; expunges wait while §7.4.1 of RFC 9051 forbids them, so that the
 * sequence numbers a client holds stay right. An overflowed subscription is answered by re-reading the store.
 */
final class SelectedMailbox implements AutoCloseable {
    private final MailboxService service;
    private final MailboxInfo info;
    private final boolean readOnly;
    private final MailboxEvents.Subscription subscription;
    private final ArrayList<Long> uids = new ArrayList<>();
    private final ArrayDeque<MailboxChange> pending = new ArrayDeque<>();
    /** Flag changes this session made and answered itself: UID to the MODSEQ of that change. */
    private final Map<Long, Long> ownFlagChanges = new HashMap<>();
    private boolean resync;
    private boolean deleted;

    private SelectedMailbox(MailboxService service, MailboxInfo info, boolean readOnly) {
        this.service = service;
        this.info = info;
        this.readOnly = readOnly;
        // Subscribe before reading, so that nothing committed in between is missed; duplicates are ignored.
        this.subscription = service.events().subscribe(info.id());
        for (var m : service.messages(info.id(), UidRange.ALL)) uids.add(m.uid().value());
    }

    static SelectedMailbox open(MailboxService service, MailboxInfo info, boolean readOnly) {
        return new SelectedMailbox(service, info, readOnly);
    }

    MailboxInfo info() { return info; }

    boolean readOnly() { return readOnly; }

    int exists() { return uids.size(); }

    long uidAt(int sequence) { return uids.get(sequence - 1); }

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

    /** The stored records of {@code wanted} (ascending UIDs), skipping any already gone from the store. */
    List<MessageRecord> records(List<Long> wanted) {
        if (wanted.isEmpty()) return List.of();
        var wantedSet = new HashSet<>(wanted);
        var result = new ArrayList<MessageRecord>(wanted.size());
        for (var m : service.messages(info.id(), new UidRange(wanted.getFirst(), wanted.getLast()))) {
            if (wantedSet.contains(m.uid().value())) result.add(m);
        }
        return result;
    }

    /** Every message of the view as stored, for SEARCH. */
    List<MessageRecord> allRecords() {
        if (uids.isEmpty()) return List.of();
        return records(uids);
    }

    /** Remembers a flag change this session has answered, so that its event is not reported again. */
    void answered(MessageRecord changed) { ownFlagChanges.put(changed.uid().value(), changed.modSeq().value()); }

    /** Reports pending changes as untagged responses; expunges only if {@code expungeAllowed}. */
    void sync(ResponseWriter out, boolean expungeAllowed) throws IOException {
        take(subscription.poll());
        if (resync && expungeAllowed) resynchronise(out);
        int before = uids.size();
        var flags = new LinkedHashMap<Long, Flags>();
        var deferred = new ArrayList<MailboxChange>();
        while (!pending.isEmpty()) {
            switch (pending.poll()) {
                case MailboxChange.MessageAdded a -> {
                    if (uids.isEmpty() || a.uid().value() > uids.getLast()) uids.add(a.uid().value());
                }
                case MailboxChange.FlagsChanged f -> {
                    var own = ownFlagChanges.remove(f.uid().value());
                    if (own == null || own != f.modSeq().value()) flags.put(f.uid().value(), f.flags());
                }
                case MailboxChange.MessagesExpunged e -> {
                    if (!expungeAllowed) {
                        deferred.add(e);
                        continue;
                    }
                    for (var uid : e.uids()) {
                        int seq = sequenceOf(uid.value());
                        if (seq == 0) continue;
                        out.untagged(seq + " EXPUNGE");
                        uids.remove(seq - 1);
                        flags.remove(uid.value());
                        before--;
                    }
                }
                case MailboxChange.MailboxDeleted _ -> deleted = true;
                default -> { }
            }
        }
        pending.addAll(deferred);
        if (uids.size() != before) out.untagged(uids.size() + " EXISTS");
        for (var entry : flags.entrySet()) {
            int seq = sequenceOf(entry.getKey());
            if (seq > 0) {
                out.raw("* " + seq + " FETCH (UID " + entry.getKey() + " FLAGS " + FetchResponder.flagList(entry.getValue())
                        + ")").crlf();
            }
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
        var stored = service.messages(info.id(), UidRange.ALL);
        var present = new HashSet<Long>();
        for (var m : stored) present.add(m.uid().value());
        for (int seq = uids.size(); seq >= 1; seq--) {
            if (!present.contains(uids.get(seq - 1))) {
                out.untagged(seq + " EXPUNGE");
                uids.remove(seq - 1);
            }
        }
        long last = uids.isEmpty() ? 0 : uids.getLast();
        for (var m : stored) if (m.uid().value() > last) uids.add(m.uid().value());
        out.untagged(uids.size() + " EXISTS");
        for (var m : stored) {
            out.raw("* " + sequenceOf(m.uid().value()) + " FETCH (UID " + m.uid() + " FLAGS "
                    + FetchResponder.flagList(m.flags()) + ")").crlf();
        }
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
