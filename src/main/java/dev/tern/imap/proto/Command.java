package dev.tern.imap.proto;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed IMAP command (RFC 9051 §6, RFC 3501 §6), without its tag. Mailbox names are decoded to Unicode
 * (from modified UTF-7 unless UTF-8 is enabled). Commands with a UID form carry {@code uid}.
 */
public sealed interface Command {
    record Capability() implements Command {}

    record Noop() implements Command {}

    /** RFC 3501 CHECK: a NOOP here, since every change is durable when its command completes. */
    record Check() implements Command {}

    record Logout() implements Command {}

    record StartTls() implements Command {}

    /** {@code initialResponse} is the SASL-IR argument (RFC 4959), still base64; "=" means empty. */
    record Authenticate(String mechanism, Optional<String> initialResponse) implements Command {}

    record Login(String user, String password) implements Command {}

    record Enable(List<String> capabilities) implements Command {}

    /**
     * SELECT, or EXAMINE when {@code readOnly}; {@code condstore} for the CONDSTORE select parameter (RFC 7162
     * §3.1.8), {@code qresync} for the QRESYNC one (RFC 7162 §3.2.5).
     */
    record Select(String mailbox, boolean readOnly, boolean condstore, Optional<QResync> qresync) implements Command {
        public Select(String mailbox, boolean readOnly, boolean condstore) {
            this(mailbox, readOnly, condstore, Optional.empty());
        }
    }

    /**
     * The QRESYNC select parameter (RFC 7162 §3.2.5): what the client last knew of the mailbox, the UIDs it still
     * holds ({@code knownUids}), and pairs of sequence numbers and UIDs it saw ({@code seqMatch}).
     */
    record QResync(long uidValidity, long modSeq, Optional<SequenceSet> knownUids, Optional<SeqMatch> seqMatch) {}

    /** seq-match-data (RFC 7162 §3.2.5): message sequence numbers and the UIDs they had, pairwise. */
    record SeqMatch(SequenceSet sequences, SequenceSet uids) {}

    /** {@code specialUse}: the USE attributes of CREATE-SPECIAL-USE (RFC 6154 §3), as sent, e.g. {@code \Sent}. */
    record Create(String mailbox, List<String> specialUse) implements Command {}

    record Delete(String mailbox) implements Command {}

    record Rename(String from, String to) implements Command {}

    record Subscribe(String mailbox) implements Command {}

    record Unsubscribe(String mailbox) implements Command {}

    /**
     * LIST (RFC 9051 §6.3.9) with its selection and return options in upper case: selection SUBSCRIBED,
     * REMOTE, RECURSIVEMATCH, SPECIAL-USE; return SUBSCRIBED, CHILDREN, SPECIAL-USE, and STATUS with
     * {@code statusItems}. {@code extended} is true when the client used LIST-EXTENDED syntax.
     */
    record ListMailboxes(String reference, List<String> patterns, Set<String> selection, Set<String> returns,
                         List<String> statusItems, boolean extended) implements Command {}

    record Lsub(String reference, String pattern) implements Command {}

    record Namespace() implements Command {}

    /** GETQUOTA (RFC 9208 §4.1.1): the usage and limits of a quota root. */
    record GetQuota(String root) implements Command {}

    /** GETQUOTAROOT (RFC 9208 §4.1.2): the quota roots of a mailbox, and their usage and limits. */
    record GetQuotaRoot(String mailbox) implements Command {}

    /** SETQUOTA (RFC 9208 §4.1.3): new limits for a quota root, by resource name in upper case. */
    record SetQuota(String root, Map<String, Long> limits) implements Command {}

    /**
     * STATUS items in upper case: MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE RECENT HIGHESTMODSEQ
     * DELETED-STORAGE.
     */
    record Status(String mailbox, List<String> items) implements Command {}

    /** APPEND of one message, or of several at once (MULTIAPPEND, RFC 3502), in the order sent. */
    record Append(String mailbox, List<AppendMessage> messages) implements Command {
        public Append {
            if (messages.isEmpty()) throw new IllegalArgumentException("APPEND carries at least one message");
            messages = List.copyOf(messages);
        }

        public Append(String mailbox, List<String> flags, Optional<Instant> date, MessageLiteral message) {
            this(mailbox, List.of(new AppendMessage(flags, date, message)));
        }

        /** Removes every message's spool file. */
        public void close() throws IOException {
            IOException failure = null;
            for (var m : messages) {
                try {
                    m.message().close();
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) throw failure;
        }
    }

    /** One message of an APPEND: {@code flags} as sent (e.g. {@code \Seen}, {@code $Junk}), the optional date-time. */
    record AppendMessage(List<String> flags, Optional<Instant> date, MessageLiteral message) {
        public AppendMessage {
            flags = List.copyOf(flags);
        }
    }

    record Idle() implements Command {}

    record Close() implements Command {}

    record Unselect() implements Command {}

    /** EXPUNGE, or UID EXPUNGE with {@code uids} (RFC 4315 §2.1). */
    record Expunge(Optional<SequenceSet> uids) implements Command {}

    /**
     * SEARCH; {@code returns} are the ESEARCH return options in upper case (empty: a plain SEARCH response,
     * unless the client enabled IMAP4rev2), {@code esearch} whether RETURN was given at all.
     */
    record Search(boolean uid, boolean esearch, Set<String> returns, Optional<String> charset, SearchKey key)
            implements Command {}

    /** A SORT key (RFC 5256 §3, DISPLAYFROM and DISPLAYTO from RFC 5957), ascending unless {@code reverse}. */
    record SortCriterion(SortKey key, boolean reverse) {}

    enum SortKey { ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, DISPLAYFROM, DISPLAYTO }

    /**
     * SORT (RFC 5256 §3); {@code returns} are the ESORT return options in upper case (RFC 5267 §3), {@code esort}
     * whether RETURN was given at all.
     */
    record Sort(boolean uid, boolean esort, Set<String> returns, List<SortCriterion> criteria, String charset,
                SearchKey key) implements Command {
        public Sort {
            returns = Set.copyOf(returns);
            criteria = List.copyOf(criteria);
        }
    }

    /** THREAD (RFC 5256 §3) with its algorithm in upper case, e.g. ORDEREDSUBJECT. */
    record Thread(boolean uid, String algorithm, String charset, SearchKey key) implements Command {}

    /**
     * {@code changedSince}: the CHANGEDSINCE modifier (RFC 7162 §3.1.4.1), or -1; {@code vanished}: the VANISHED
     * modifier (RFC 7162 §3.2.6), which comes only with CHANGEDSINCE.
     */
    record Fetch(boolean uid, SequenceSet set, List<FetchAttribute> attributes, long changedSince, boolean vanished)
            implements Command {
        public Fetch {
            attributes = List.copyOf(attributes);
        }

        public Fetch(boolean uid, SequenceSet set, List<FetchAttribute> attributes, long changedSince) {
            this(uid, set, attributes, changedSince, false);
        }
    }

    enum FlagOperation { REPLACE, ADD, REMOVE }

    /** STORE; {@code unchangedSince} is the UNCHANGEDSINCE modifier (RFC 7162 §3.1.3), or -1. */
    record Store(boolean uid, SequenceSet set, FlagOperation operation, boolean silent, List<String> flags,
                 long unchangedSince) implements Command {}

    record Copy(boolean uid, SequenceSet set, String mailbox) implements Command {}

    record Move(boolean uid, SequenceSet set, String mailbox) implements Command {}

    /** ID (RFC 2971): the client's field/value pairs, empty for NIL. */
    record Id(Map<String, String> parameters) implements Command {}
}
