package dev.tern.imap;

import dev.tern.imap.proto.Command;
import dev.tern.imap.proto.ImapException;
import dev.tern.imap.proto.SearchKey;
import dev.tern.imap.proto.SequenceSet;
import dev.tern.mime.MessageDate;
import dev.tern.mime.SearchableText;
import dev.tern.store.MessageRecord;
import dev.tern.store.SystemFlag;
import dev.tern.store.Uid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** SEARCH and UID SEARCH (RFC 9051 §6.4.4) with ESEARCH results (RFC 4731) when asked or IMAP4rev2 is on. */
final class SearchCommand {
    /** Text searched per message: bodies beyond this are not searched. */
    private static final int MAX_TEXT_CHARS = 1 << 20;
    /** Messages whose header fields one store read fetches, when a key needs them. */
    private static final int HEADER_BATCH = 512;

    private final ImapSession session;
    private final SelectedMailbox view;

    SearchCommand(ImapSession session, SelectedMailbox view) {
        this.session = session;
        this.view = view;
    }

    void search(String tag, Command.Search s) throws IOException {
        checkReturns("SEARCH", s.returns());
        // RFC 7162 §3.1.5, §3.1.6: a MODSEQ key turns CONDSTORE on and adds the highest MODSEQ of the matches.
        boolean modSeqKey = s.key().mentionsModSeq();
        if (modSeqKey) session.enableCondstore();
        var matches = new ArrayList<Long>();
        long highest = 0;
        if (s.key() instanceof SearchKey.All) {
            // Every message still stored: its UIDs are enough, no record needs reading (UID SEARCH ALL on select).
            for (int seq : view.presentSequences()) matches.add(s.uid() ? view.uidAt(seq) : seq);
        } else {
            for (var match : matching(s.key())) {
                matches.add(s.uid() ? match.record().uid().value() : match.sequence());
                highest = Math.max(highest, match.record().modSeq().value());
            }
        }
        var modSeq = modSeqKey && !matches.isEmpty() ? Long.valueOf(highest) : null;
        if (s.esearch() || session.rev2()) {
            esearch(session, tag, s.uid(), s.returns(), matches, modSeq);
        }
        else {
            var b = new StringBuilder("SEARCH");
            for (long n : matches) b.append(' ').append(n);
            if (modSeq != null) b.append(" (MODSEQ ").append(modSeq).append(')');
            session.out.untagged(b.toString());
        }
        session.ok(tag, s, "SEARCH completed");
    }

    /** A message that matched, with its sequence number in this view. */
    record Match(MessageRecord record, int sequence) {}

    /** The messages that match {@code key}, in mailbox order; also what SORT and THREAD start from (RFC 5256 §3). */
    List<Match> matching(SearchKey key) {
        var matches = new ArrayList<Match>();
        long lastUid = view.exists() == 0 ? 0 : view.uidAt(view.exists());
        var records = view.allRecords();
        for (int from = 0; from < records.size(); from += HEADER_BATCH) {
            var batch = new HeaderBatch(records.subList(from, Math.min(records.size(), from + HEADER_BATCH)));
            for (var m : batch.messages) {
                int seq = view.sequenceOf(m.uid().value());
                if (new Candidate(m, seq, lastUid, batch).matches(key)) matches.add(new Match(m, seq));
            }
        }
        return matches;
    }

    /** RFC 4731 §3.1: the RETURN options SEARCH and SORT (RFC 5267 §3) take. */
    static void checkReturns(String command, Set<String> returns) {
        for (var option : returns) {
            if (!Set.of("MIN", "MAX", "ALL", "COUNT").contains(option)) {
                throw new ImapException.Bad("unknown " + command + " RETURN option " + option
                        + "; use MIN, MAX, COUNT or ALL");
            }
        }
    }

    /**
     * The ESEARCH response (RFC 4731 §3.1), for SEARCH and for SORT (RFC 5267 §3): MIN and MAX are the first and last
     * of {@code numbers}, ALL their sequence-set in their order; MODSEQ n follows when a MODSEQ key was used
     * (RFC 7162 §3.1.5).
     */
    static void esearch(ImapSession session, String tag, boolean uid, Set<String> returns, List<Long> numbers,
                        Long modSeq) throws IOException {
        if (returns.isEmpty()) returns = Set.of("ALL");
        var b = new StringBuilder("ESEARCH (TAG \"").append(tag).append("\")");
        if (uid) b.append(" UID");
        if (!numbers.isEmpty()) {
            if (returns.contains("MIN")) b.append(" MIN ").append(numbers.getFirst());
            if (returns.contains("MAX")) b.append(" MAX ").append(numbers.getLast());
            if (returns.contains("ALL")) b.append(" ALL ").append(SequenceSet.compact(numbers));
        }
        if (returns.contains("COUNT")) b.append(" COUNT ").append(numbers.size());
        if (modSeq != null) b.append(" MODSEQ ").append(modSeq);
        session.out.untagged(b.toString());
    }

    /** The header fields of a run of messages, read together the first time a key of one of them needs them. */
    private final class HeaderBatch {
        private final List<MessageRecord> messages;
        private Map<Uid, SearchableText> headers;

        HeaderBatch(List<MessageRecord> messages) { this.messages = messages; }

        SearchableText of(MessageRecord m) {
            if (headers == null) {
                try {
                    headers = session.server.mailboxes().searchableHeaders(messages);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return headers.get(m.uid());
        }
    }

    /** One message under test; its header fields and searchable text are read once, and only if a key needs them. */
    private final class Candidate {
        private final MessageRecord m;
        private final int sequence;
        private final long lastUid;
        private final HeaderBatch headers;
        private SearchableText text;

        Candidate(MessageRecord m, int sequence, long lastUid, HeaderBatch headers) {
            this.m = m;
            this.sequence = sequence;
            this.lastUid = lastUid;
            this.headers = headers;
        }

        boolean matches(SearchKey key) {
            return switch (key) {
                case SearchKey.All _ -> true;
                case SearchKey.Recent _ -> false;
                case SearchKey.Flag f -> hasFlag(f.flag()) == f.present();
                case SearchKey.Size s -> s.larger() ? m.size() > s.octets() : m.size() < s.octets();
                case SearchKey.Sequence s -> s.set().contains(sequence, view.exists());
                case SearchKey.UidSet s -> s.set().contains(m.uid().value(), lastUid);
                case SearchKey.ModSeq s -> m.modSeq().value() >= s.modSeq();
                case SearchKey.Date d -> date(d);
                case SearchKey.Header h -> header(h);
                case SearchKey.Body b -> contains(text().body(), b.value());
                case SearchKey.Text t -> text().textContains(t.value());
                case SearchKey.Not n -> !matches(n.key());
                case SearchKey.Or o -> matches(o.left()) || matches(o.right());
                case SearchKey.And a -> a.keys().stream().allMatch(this::matches);
            };
        }

        private boolean hasFlag(String flag) {
            if (flag.startsWith("\\")) {
                var system = SystemFlag.byImapName(flag);
                return system != null && m.flags().has(system);
            }
            for (var k : m.flags().keywords()) if (k.equalsIgnoreCase(flag)) return true;
            return false;
        }

        private boolean header(SearchKey.Header h) {
            var values = headers.of(m).header(h.field());
            if (h.value().isEmpty()) return !values.isEmpty();
            for (var v : values) if (contains(v, h.value())) return true;
            return false;
        }

        private boolean date(SearchKey.Date d) {
            LocalDate day;
            if (d.field() == SearchKey.DateField.INTERNAL) {
                day = m.internalDate().atZone(ZoneOffset.UTC).toLocalDate();
            } else {
                var values = headers.of(m).header("date");
                if (values.isEmpty()) return false;
                day = sentDate(values.getFirst());
                if (day == null) return false;
            }
            return switch (d.relation()) {
                case BEFORE -> day.isBefore(d.date());
                case ON -> day.isEqual(d.date());
                case SINCE -> !day.isBefore(d.date());
            };
        }

        private SearchableText text() {
            if (text == null) {
                try {
                    text = session.server.mailboxes().searchableText(m, MAX_TEXT_CHARS);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return text;
        }
    }

    /** RFC 9051 §6.4.4: SENT* compare the Date header's date, disregarding time and zone; null if unreadable. */
    static LocalDate sentDate(String value) {
        return MessageDate.parse(value).map(OffsetDateTime::toLocalDate).orElse(null);
    }

    private static boolean contains(String haystack, String needle) {
        return haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }
}
