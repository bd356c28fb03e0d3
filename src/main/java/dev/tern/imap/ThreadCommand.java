package dev.tern.imap;

import dev.tern.imap.proto.Command;
import dev.tern.imap.proto.ImapException;
import dev.tern.mime.BaseSubject;
import dev.tern.mime.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;

/** THREAD and UID THREAD (RFC 5256 §3) with the ORDEREDSUBJECT and REFERENCES algorithms. */
final class ThreadCommand {
    /** Both algorithms order by base subject and sent date. */
    private static final EnumSet<Command.SortKey> KEYS = EnumSet.of(Command.SortKey.SUBJECT, Command.SortKey.DATE);
    /** msg-id (RFC 5322 §3.6.4), angle brackets included, as RFC 5256 compares them. */
    private static final Pattern MSG_ID = Pattern.compile("<[^<>\\s]+@[^<>\\s]+>");

    /** A thread: a message (null for a dummy standing for a missing one) and its replies. */
    record Tree(SortKeys message, List<Tree> children) {}

    private final ImapSession session;
    private final SelectedMailbox view;

    ThreadCommand(ImapSession session, SelectedMailbox view) {
        this.session = session;
        this.view = view;
    }

    void thread(String tag, Command.Thread t) throws IOException {
        var threads = switch (t.algorithm()) {
            case "ORDEREDSUBJECT" -> orderedSubject(SortCommand.perMessage(session, view, t.key(),
                    SortCommand.Reads.ENVELOPE, (match, envelope, header) -> SortKeys.of(match, envelope, KEYS)));
            case "REFERENCES" -> ReferencesThreading.thread(SortCommand.perMessage(session, view, t.key(),
                    SortCommand.Reads.HEADER, ThreadCommand::referencing));
            default -> throw new ImapException.Bad("unknown THREAD algorithm " + t.algorithm()
                    + "; this server offers ORDEREDSUBJECT and REFERENCES");
        };
        var b = new StringBuilder("THREAD");
        if (!threads.isEmpty()) b.append(' ');
        for (var thread : threads) {
            b.append('(');
            members(thread, t.uid(), b);
            b.append(')');
        }
        session.out.untagged(b.toString());
        session.ok(tag, t, "THREAD completed");
    }

    /**
     * RFC 5256 §4: "(1 2 3)" is a chain of replies, "(1 (2)(3))" makes 2 and 3 siblings under 1, and a dummy
     * at the root is only its children: "((2)(3))".
     */
    private static void members(Tree node, boolean uid, StringBuilder b) {
        if (node.message() != null) {
            b.append(uid ? node.message().uid() : node.message().sequence());
            if (!node.children().isEmpty()) b.append(' ');
        }
        if (node.children().size() == 1) {
            members(node.children().getFirst(), uid, b);
        } else {
            for (var child : node.children()) {
                b.append('(');
                members(child, uid, b);
                b.append(')');
            }
        }
    }

    /**
     * RFC 5256 §3 ORDEREDSUBJECT: messages with the same base subject form a thread, in sent date order; the
     * first is the parent of all others, which are siblings. Threads go by the sent date of their first message.
     */
    static List<Tree> orderedSubject(List<SortKeys> messages) {
        var sorted = new ArrayList<>(messages);
        sorted.sort(Comparator.comparing(SortKeys::subject, SortKeys::compareOctets)
                .thenComparing(SortKeys::sent).thenComparingInt(SortKeys::sequence));
        var groups = new ArrayList<List<SortKeys>>();
        for (var m : sorted) {
            if (groups.isEmpty() || !groups.getLast().getFirst().subject().equals(m.subject())) groups.add(new ArrayList<>());
            groups.getLast().add(m);
        }
        groups.sort(Comparator.comparing((List<SortKeys> g) -> g.getFirst().sent())
                .thenComparingInt(g -> g.getFirst().sequence()));
        var threads = new ArrayList<Tree>(groups.size());
        for (var g : groups) {
            var children = g.subList(1, g.size()).stream().map(m -> new Tree(m, List.of())).toList();
            threads.add(new Tree(g.getFirst(), children));
        }
        return threads;
    }

    /**
     * What REFERENCES needs of a message: Message-ID and In-Reply-To come with the envelope, References from the
     * stored header section (RFC 5256 §3 REFERENCES step 1).
     */
    private static ReferencesThreading.Message referencing(SearchCommand.Match match, Envelope e, byte[] header) {
        var keys = SortKeys.of(match, e, KEYS);
        var references = msgIds(references(header));
        if (references.isEmpty()) references = msgIds(e.inReplyTo()).stream().limit(1).toList();
        var own = msgIds(e.messageId());
        return new ReferencesThreading.Message(keys, own.isEmpty() ? null : own.getFirst(), references,
                BaseSubject.isReplyOrForward(e.subject()));
    }

    private static String references(byte[] header) {
        var field = new String(HeaderFields.filter(header, List.of("References"), false), StandardCharsets.ISO_8859_1);
        int colon = field.indexOf(':');
        return colon < 0 ? null : field.substring(colon + 1);
    }

    private static List<String> msgIds(String value) {
        if (value == null) return List.of();
        var ids = new ArrayList<String>();
        var m = MSG_ID.matcher(value);
        while (m.find()) ids.add(m.group());
        return ids;
    }
}
