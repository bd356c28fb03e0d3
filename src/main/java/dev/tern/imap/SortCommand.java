package dev.tern.imap;

import dev.tern.imap.proto.Command;
import dev.tern.imap.proto.SearchKey;
import dev.tern.mime.Envelope;
import dev.tern.store.MessageRecord;
import dev.tern.store.Uid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * SORT (RFC 5256 §3), UID SORT too, with ESORT's return options (RFC 5267 §3). The messages are those SEARCH
 * finds for the same criteria; what they are ordered by comes from their stored envelopes, read a batch at a
 * time, never from their bodies.
 */
final class SortCommand {
    /** Structures are read from the store this many messages at a time. */
    private static final int BATCH = 500;

    private final ImapSession session;
    private final SelectedMailbox view;

    SortCommand(ImapSession session, SelectedMailbox view) {
        this.session = session;
        this.view = view;
    }

    void sort(String tag, Command.Sort s) throws IOException {
        SearchCommand.checkReturns("SORT", s.returns());
        var wanted = EnumSet.noneOf(Command.SortKey.class);
        for (var c : s.criteria()) wanted.add(c.key());
        var keys = keys(s.key(), wanted);
        keys.sort(SortKeys.order(s.criteria()));
        var numbers = new ArrayList<Long>(keys.size());
        for (var k : keys) numbers.add(s.uid() ? k.uid() : k.sequence());
        if (s.esort()) {
            SearchCommand.esearch(session, tag, s.uid(), s.returns(), numbers, null); // ALL in sort order
        } else {
            var b = new StringBuilder("SORT");
            for (long n : numbers) b.append(' ').append(n);
            session.out.untagged(b.toString());
        }
        session.ok(tag, s, "SORT completed");
    }

    /**
     * The sort keys of every message matching {@code key}. Keys read from envelopes come from the server's
     * {@link SortKeyCache} where it has them; the envelopes of the other messages are read a batch at a time and
     * their keys kept for the next SORT. Under the search key ALL with no criterion that needs the message record
     * (the common case: a webmail's message list), the view's UIDs are enough, and only the records of messages
     * whose keys are not kept yet (mail that arrived since the last SORT) are read.
     */
    private List<SortKeys> keys(SearchKey key, Set<Command.SortKey> wanted) throws IOException {
        if (SortKeys.FROM_RECORD.containsAll(wanted)) {
            return perMessage(session, view, key, Reads.RECORD,
                    (match, envelope, header) -> SortKeys.of(match, null, wanted));
        }
        boolean uidsEnough = key instanceof SearchKey.All && Collections.disjoint(wanted, SortKeys.FROM_RECORD);
        var matches = uidsEnough ? null : new SearchCommand(session, view).matching(key);
        int[] sequences = uidsEnough ? view.presentSequences()
                : matches.stream().mapToInt(SearchCommand.Match::sequence).toArray();
        var records = new MessageRecord[sequences.length]; // those read; all of them unless uidsEnough
        if (!uidsEnough) for (int i = 0; i < records.length; i++) records[i] = matches.get(i).record();

        var criteria = EnumSet.copyOf(wanted);
        criteria.removeAll(SortKeys.FROM_RECORD);
        var columns = new EnumMap<Command.SortKey, SortKeyCache.Column>(Command.SortKey.class);
        var values = new EnumMap<Command.SortKey, Object[]>(Command.SortKey.class);
        for (var c : criteria) {
            columns.put(c, session.server.sortKeys().column(view.info().id(), c));
            values.put(c, new Object[sequences.length]);
        }
        var missing = new ArrayList<Integer>();
        for (int i = 0; i < sequences.length; i++) {
            long uid = view.uidAt(sequences[i]);
            boolean miss = false;
            for (var c : criteria) {
                var v = columns.get(c).get(uid);
                values.get(c)[i] = v;
                miss |= v == null;
            }
            if (miss) missing.add(i);
        }
        for (int from = 0; from < missing.size(); from += BATCH) {
            var batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
            if (uidsEnough) readRecords(batch, sequences, records);
            read(batch, records, columns, values);
        }
        var result = new ArrayList<SortKeys>(sequences.length);
        next:
        for (int i = 0; i < sequences.length; i++) {
            int at = i;
            Function<Command.SortKey, Object> keyOf = c -> values.containsKey(c) ? values.get(c)[at] : null;
            if (uidsEnough) {
                // A message expunged since presentSequences has no record and so no keys: it is not found.
                for (var v : values.values()) if (v[at] == null) continue next;
                result.add(SortKeys.of(sequences[i], view.uidAt(sequences[i]), keyOf));
            } else {
                result.add(SortKeys.of(matches.get(i), keyOf));
            }
        }
        return result;
    }

    /** Reads the records of the messages at {@code indexes} (ascending) into {@code records}; gone ones stay null. */
    private void readRecords(List<Integer> indexes, int[] sequences, MessageRecord[] records) {
        var at = new java.util.HashMap<Long, Integer>();
        var uids = new ArrayList<Long>(indexes.size());
        for (int i : indexes) {
            long uid = view.uidAt(sequences[i]);
            at.put(uid, i);
            uids.add(uid);
        }
        for (var record : view.records(uids)) records[at.get(record.uid().value())] = record;
    }

    /**
     * Reads the envelopes of the messages at {@code indexes} (ascending) that have a record, fills in their keys
     * and keeps them.
     */
    private void read(List<Integer> indexes, MessageRecord[] records,
                      Map<Command.SortKey, SortKeyCache.Column> columns, Map<Command.SortKey, Object[]> values)
            throws IOException {
        var present = indexes.stream().filter(i -> records[i] != null).toList();
        var batch = present.stream().map(i -> records[i]).toList();
        var envelopes = session.server.mailboxes().envelopes(view.info().id(), batch);
        var uids = new long[batch.size()];
        var fresh = new EnumMap<Command.SortKey, Object[]>(Command.SortKey.class);
        for (var c : columns.keySet()) fresh.put(c, new Object[batch.size()]);
        for (int k = 0; k < batch.size(); k++) {
            var record = batch.get(k);
            var envelope = envelopes.getOrDefault(record.uid(), Envelope.EMPTY);
            uids[k] = record.uid().value();
            for (var c : columns.keySet()) {
                var v = SortKeys.key(c, record, envelope);
                fresh.get(c)[k] = v;
                values.get(c)[present.get(k)] = v;
            }
        }
        for (var c : columns.keySet()) columns.get(c).putAll(uids, fresh.get(c), uids.length);
    }

    /** What is read of each message besides its record: nothing, its envelope, or its envelope and header section. */
    enum Reads { RECORD, ENVELOPE, HEADER }

    /** What SORT and THREAD make of one matching message; envelope and header are null when not read. */
    interface PerMessage<T> {
        T apply(SearchCommand.Match match, Envelope envelope, byte[] header) throws IOException;
    }

    /** {@code f} applied to every message matching {@code key}, in mailbox order, reading the store in batches. */
    static <T> List<T> perMessage(ImapSession session, SelectedMailbox view, SearchKey key, Reads reads,
                                  PerMessage<T> f) throws IOException {
        var matches = new SearchCommand(session, view).matching(key);
        var service = session.server.mailboxes();
        var result = new ArrayList<T>(matches.size());
        for (int i = 0; i < matches.size(); i += BATCH) {
            var batch = matches.subList(i, Math.min(matches.size(), i + BATCH));
            var records = batch.stream().map(SearchCommand.Match::record).toList();
            Map<Uid, Envelope> envelopes = reads == Reads.RECORD ? Map.of()
                    : service.envelopes(view.info().id(), records);
            Map<Uid, byte[]> headers = reads == Reads.HEADER ? service.headerSections(records) : Map.of();
            for (var match : batch) {
                var uid = match.record().uid();
                result.add(f.apply(match, envelopes.get(uid), headers.get(uid)));
            }
        }
        return result;
    }
}
