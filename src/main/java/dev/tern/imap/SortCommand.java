package dev.tern.imap;

import dev.tern.imap.proto.Command;
import dev.tern.imap.proto.ImapException;
import dev.tern.imap.proto.SearchKey;
import dev.tern.imap.proto.SequenceSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * SORT and THREAD (RFC 5256), UID forms included, with ESORT's return options (RFC 5267 §3). The messages are
 * those SEARCH finds for the same criteria; what they are ordered by comes from their stored structures, read
 * a batch at a time.
 */
final class SortCommand {
    /** Structures are read from the store this many messages at a time. */
    private static final int BATCH = 500;
    /** THREAD=ORDEREDSUBJECT orders by base subject and sent date. */
    private static final Set<Command.SortKey> THREAD_KEYS = EnumSet.of(Command.SortKey.SUBJECT, Command.SortKey.DATE);

    private final ImapSession session;
    private final SelectedMailbox view;

    SortCommand(ImapSession session, SelectedMailbox view) {
        this.session = session;
        this.view = view;
    }

    void sort(String tag, Command.Sort s) throws IOException {
        for (var option : s.returns()) {
            if (!Set.of("MIN", "MAX", "ALL", "COUNT").contains(option)) {
                throw new ImapException.Bad("unknown SORT RETURN option " + option + "; use MIN, MAX, COUNT or ALL");
            }
        }
        var wanted = EnumSet.noneOf(Command.SortKey.class);
        for (var c : s.criteria()) wanted.add(c.key());
        var keys = keys(s.key(), wanted);
        keys.sort(SortKeys.order(s.criteria()));
        var numbers = new ArrayList<Long>(keys.size());
        for (var k : keys) numbers.add(s.uid() ? k.uid() : k.sequence());
        if (s.esort()) esort(tag, s, numbers);
        else {
            var b = new StringBuilder("SORT");
            for (long n : numbers) b.append(' ').append(n);
            session.out.untagged(b.toString());
        }
        session.ok(tag, s, "SORT completed");
    }

    /**
     * RFC 5267 §3: the ESEARCH response for SORT. MIN and MAX are the first and last message in sort order, ALL
     * lists them all in that order (a range only where the numbers run upwards one by one).
     */
    private void esort(String tag, Command.Sort s, List<Long> numbers) throws IOException {
        var returns = s.returns().isEmpty() ? Set.of("ALL") : s.returns();
        var b = new StringBuilder("ESEARCH (TAG \"").append(tag).append("\")");
        if (s.uid()) b.append(" UID");
        if (!numbers.isEmpty()) {
            if (returns.contains("MIN")) b.append(" MIN ").append(numbers.getFirst());
            if (returns.contains("MAX")) b.append(" MAX ").append(numbers.getLast());
            if (returns.contains("ALL")) b.append(" ALL ").append(inOrder(numbers));
        }
        if (returns.contains("COUNT")) b.append(" COUNT ").append(numbers.size());
        session.out.untagged(b.toString());
    }

    /** A sequence-set in the given order: runs of n, n+1, n+2... become n:m, nothing is reordered. */
    static String inOrder(List<Long> numbers) {
        var b = new StringBuilder();
        for (int i = 0; i < numbers.size(); ) {
            int j = i;
            while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) j++;
            if (!b.isEmpty()) b.append(',');
            b.append(numbers.get(i));
            if (j > i) b.append(':').append(numbers.get(j));
            i = j + 1;
        }
        return b.toString();
    }

    void thread(String tag, Command.Thread t) throws IOException {
        if (!t.algorithm().equals("ORDEREDSUBJECT")) {
            throw new ImapException.Bad("unknown THREAD algorithm " + t.algorithm() + "; this server offers ORDEREDSUBJECT");
        }
        // RFC 5256 §4: "(1 2)" makes 2 the child of 1, "(1 (2)(3))" makes 2 and 3 siblings under 1.
        var b = new StringBuilder("THREAD");
        var threads = orderedSubject(keys(t.key(), THREAD_KEYS));
        if (!threads.isEmpty()) b.append(' ');
        for (var thread : threads) {
            b.append('(').append(number(t, thread.getFirst()));
            if (thread.size() == 2) b.append(' ').append(number(t, thread.get(1)));
            else if (thread.size() > 2) {
                b.append(' ');
                for (var child : thread.subList(1, thread.size())) b.append('(').append(number(t, child)).append(')');
            }
            b.append(')');
        }
        session.out.untagged(b.toString());
        session.ok(tag, t, "THREAD completed");
    }

    private static long number(Command.Thread t, SortKeys k) { return t.uid() ? k.uid() : k.sequence(); }

    /**
     * RFC 5256 §3 ORDEREDSUBJECT: messages with the same base subject form a thread, in sent date order; the
     * first is the parent of all others, which are siblings. Threads go by the sent date of their first message.
     */
    static List<List<SortKeys>> orderedSubject(List<SortKeys> messages) {
        var bySubject = Comparator.comparing(SortKeys::subject, SortKeys::compareOctets)
                .thenComparing(SortKeys::sent).thenComparingInt(SortKeys::sequence);
        var sorted = new ArrayList<>(messages);
        sorted.sort(bySubject);
        var threads = new ArrayList<List<SortKeys>>();
        for (var m : sorted) {
            if (threads.isEmpty() || !threads.getLast().getFirst().subject().equals(m.subject())) {
                threads.add(new ArrayList<>());
            }
            threads.getLast().add(m);
        }
        threads.sort(Comparator.comparing((List<SortKeys> thread) -> thread.getFirst().sent())
                .thenComparingInt(thread -> thread.getFirst().sequence()));
        return threads;
    }

    /** The sort keys of every message matching {@code key}, reading structures in batches. */
    private List<SortKeys> keys(SearchKey key, Set<Command.SortKey> wanted) throws IOException {
        var matches = new SearchCommand(session, view).matching(key);
        var service = session.server.mailboxes();
        var keys = new ArrayList<SortKeys>(matches.size());
        if (SortKeys.FROM_RECORD.containsAll(wanted)) {
            for (var match : matches) keys.add(SortKeys.of(match, null, wanted));
            return keys;
        }
        for (int i = 0; i < matches.size(); i += BATCH) {
            var batch = matches.subList(i, Math.min(matches.size(), i + BATCH));
            var structures = service.structures(view.info().id(), batch.stream().map(SearchCommand.Match::record).toList());
            for (var match : batch) keys.add(SortKeys.of(match, structures.get(match.record().uid()), wanted));
        }
        return keys;
    }
}
