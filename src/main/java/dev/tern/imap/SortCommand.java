package dev.tern.imap;

import dev.tern.imap.proto.Command;
import dev.tern.imap.proto.SearchKey;
import dev.tern.mime.Envelope;
import dev.tern.store.Uid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
     * their keys kept for the next SORT.
     */
    private List<SortKeys> keys(SearchKey key, Set<Command.SortKey> wanted) throws IOException {
        if (SortKeys.FROM_RECORD.containsAll(wanted)) {
            return perMessage(session, view, key, Reads.RECORD,
                    (match, envelope, header) -> SortKeys.of(match, null, wanted));
        }
        if (key instanceof SearchKey.All && Collections.disjoint(wanted, SortKeys.FROM_RECORD)) {
            var kept = keptKeysOfAll(wanted);
            if (kept != null) return kept;
        }
        var matches = new SearchCommand(session, view).matching(key);
        var mailbox = view.info().id();
        var criteria = EnumSet.copyOf(wanted);
        criteria.removeAll(SortKeys.FROM_RECORD);
        var columns = new EnumMap<Command.SortKey, SortKeyCache.Column>(Command.SortKey.class);
        var values = new EnumMap<Command.SortKey, Object[]>(Command.SortKey.class);
        for (var c : criteria) {
            columns.put(c, session.server.sortKeys().column(mailbox, c));
            values.put(c, new Object[matches.size()]);
        }
        var missing = new ArrayList<Integer>();
        for (int i = 0; i < matches.size(); i++) {
            long uid = matches.get(i).record().uid().value();
            boolean miss = false;
            for (var c : criteria) {
                var v = columns.get(c).get(uid);
                values.get(c)[i] = v;
                miss |= v == null;
            }
            if (miss) missing.add(i);
        }
        for (int from = 0; from < missing.size(); from += BATCH) {
            read(missing.subList(from, Math.min(missing.size(), from + BATCH)), matches, columns, values);
        }
        var result = new ArrayList<SortKeys>(matches.size());
        for (int i = 0; i < matches.size(); i++) {
            int at = i;
            result.add(SortKeys.of(matches.get(i), c -> values.containsKey(c) ? values.get(c)[at] : null));
        }
        return result;
    }

    /**
     * The keys of every message still stored straight from the cache, without reading a message record (the
     * search key ALL is the common case: a webmail's message list); null as soon as one key is not kept.
     */
    private List<SortKeys> keptKeysOfAll(Set<Command.SortKey> wanted) {
        var criteria = wanted.toArray(Command.SortKey[]::new);
        var columns = new SortKeyCache.Column[criteria.length];
        for (int c = 0; c < criteria.length; c++) {
            columns[c] = session.server.sortKeys().column(view.info().id(), criteria[c]);
        }
        var values = new Object[Command.SortKey.values().length];
        var present = view.presentSequences();
        var result = new ArrayList<SortKeys>(present.length);
        for (int seq : present) {
            long uid = view.uidAt(seq);
            for (int c = 0; c < criteria.length; c++) {
                var v = columns[c].get(uid);
                if (v == null) return null;
                values[criteria[c].ordinal()] = v;
            }
            result.add(SortKeys.of(seq, uid, k -> values[k.ordinal()]));
        }
        return result;
    }

    /** Reads the envelopes of the matches at {@code indexes} (ascending), fills in their keys and keeps them. */
    private void read(List<Integer> indexes, List<SearchCommand.Match> matches,
                      Map<Command.SortKey, SortKeyCache.Column> columns, Map<Command.SortKey, Object[]> values)
            throws IOException {
        var records = indexes.stream().map(i -> matches.get(i).record()).toList();
        var envelopes = session.server.mailboxes().envelopes(view.info().id(), records);
        var uids = new long[records.size()];
        var fresh = new EnumMap<Command.SortKey, Object[]>(Command.SortKey.class);
        for (var c : columns.keySet()) fresh.put(c, new Object[records.size()]);
        for (int k = 0; k < records.size(); k++) {
            var record = records.get(k);
            var envelope = envelopes.getOrDefault(record.uid(), Envelope.EMPTY);
            uids[k] = record.uid().value();
            for (var c : columns.keySet()) {
                var v = SortKeys.key(c, record, envelope);
                fresh.get(c)[k] = v;
                values.get(c)[indexes.get(k)] = v;
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
