package dev.tern.imap;

import dev.tern.imap.proto.Command;
import dev.tern.imap.proto.ImapException;
import dev.tern.store.MailboxInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LIST with the selection and return options of RFC 9051 §6.3.9 (LIST-EXTENDED, RFC 5258; LIST-STATUS, RFC 5819;
 * SPECIAL-USE, RFC 6154), and RFC 3501's LSUB.
 */
final class ListCommands {
    private static final String DELIMITER = String.valueOf(MailboxInfo.DELIMITER);

    /** INBOX, then the others in code-point order, so that a parent comes before its children. */
    private static final java.util.Comparator<String> INBOX_FIRST = java.util.Comparator
            .comparing((String n) -> !n.equals(MailboxInfo.INBOX)).thenComparing(java.util.Comparator.naturalOrder());

    private final ImapSession session;

    ListCommands(ImapSession session) { this.session = session; }

    void list(String tag, Command.ListMailboxes l) throws IOException {
        var out = session.out;
        if (l.patterns().size() == 1 && l.patterns().getFirst().isEmpty() && !l.extended()) {
            // RFC 9051 §6.3.9: an empty pattern asks for the delimiter and root.
            out.untagged("LIST (\\Noselect) \"/\" \"\"");
            session.ok(tag, l, "LIST completed");
            return;
        }
        for (var p : l.patterns()) {
            if (p.chars().filter(ch -> ch == '*' || ch == '%').count() > MAX_WILDCARDS) {
                throw new ImapException.Bad("a LIST pattern may hold at most " + MAX_WILDCARDS + " wildcards");
            }
        }
        for (var option : l.selection()) {
            if (!Set.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE").contains(option)) {
                throw new ImapException.Bad("unknown LIST selection option " + option);
            }
        }
        if (l.selection().contains("RECURSIVEMATCH") && l.selection().size() == 1) {
            throw new ImapException.Bad("RECURSIVEMATCH needs another selection option (RFC 5258 §3)");
        }
        var service = session.server.mailboxes();
        var account = session.account.id();
        var mailboxes = service.mailboxes(account);
        var subscriptions = service.subscriptions(account);
        boolean subscribedOnly = l.selection().contains("SUBSCRIBED");
        boolean specialUseOnly = l.selection().contains("SPECIAL-USE");
        boolean showSubscribed = subscribedOnly || l.returns().contains("SUBSCRIBED");
        var byName = new LinkedHashMap<String, MailboxInfo>();
        for (var m : mailboxes) byName.put(m.name(), m);
        var names = new ArrayList<String>(byName.keySet());
        if (subscribedOnly) for (var s : subscriptions) if (!byName.containsKey(s)) names.add(s);
        names.sort(INBOX_FIRST);
        for (var name : names) {
            if (!matchesAny(l.reference(), l.patterns(), name)) continue;
            var info = byName.get(name);
            // RFC 5258 §3.5: with RECURSIVEMATCH, a parent of a subscribed mailbox is listed with CHILDINFO.
            boolean childInfo = subscribedOnly && l.selection().contains("RECURSIVEMATCH")
                    && !subscriptions.contains(name) && hasChild(subscriptions, name);
            if (subscribedOnly && !subscriptions.contains(name) && !childInfo) continue;
            if (specialUseOnly && (info == null || info.specialUse().isEmpty())) continue;
            var attributes = new ArrayList<String>();
            if (info == null) {
                attributes.add("\\NonExistent");
            } else {
                attributes.add(hasChildren(byName, name) ? "\\HasChildren" : "\\HasNoChildren");
                for (var use : info.specialUse()) attributes.add(use.attribute());
            }
            if (showSubscribed && subscriptions.contains(name)) attributes.add("\\Subscribed");
            out.raw("* LIST (" + String.join(" ", attributes) + ") \"/\" ").mailbox(name)
                    .raw(childInfo ? " (\"CHILDINFO\" (\"SUBSCRIBED\"))" : "").crlf();
            if (info != null && l.returns().contains("STATUS")) {
                out.raw("* STATUS ").mailbox(name).raw(" "
                        + MailboxCommands.statusItems(service, service.status(info.id()), l.statusItems())).crlf();
            }
        }
        session.ok(tag, l, "LIST completed");
    }

    /** RFC 9051 §6.3.2: SELECT and EXAMINE report the mailbox's name and attributes with a LIST response. */
    void selectedListResponse(MailboxInfo info) throws IOException {
        var attributes = new ArrayList<String>();
        var names = session.server.mailboxes().mailboxes(session.account.id()).stream().map(MailboxInfo::name).toList();
        attributes.add(hasChild(names, info.name()) ? "\\HasChildren" : "\\HasNoChildren");
        for (var use : info.specialUse()) attributes.add(use.attribute());
        session.out.raw("* LIST (" + String.join(" ", attributes) + ") \"/\" ").mailbox(info.name()).crlf();
    }

    void lsub(String tag, Command.Lsub l) throws IOException {
        var service = session.server.mailboxes();
        var account = session.account.id();
        var existing = new LinkedHashMap<String, MailboxInfo>();
        for (var m : service.mailboxes(account)) existing.put(m.name(), m);
        for (var name : new java.util.TreeSet<>(service.subscriptions(account))) {
            if (!matches(l.reference() + l.pattern(), name)) continue;
            session.out.raw("* LSUB (" + (existing.containsKey(name) ? "" : "\\Noselect") + ") \"/\" ").mailbox(name).crlf();
        }
        session.ok(tag, l, "LSUB completed");
    }

    private static boolean hasChildren(Map<String, MailboxInfo> byName, String name) {
        return hasChild(byName.keySet(), name);
    }

    private static boolean hasChild(java.util.Collection<String> names, String name) {
        var prefix = name + DELIMITER;
        for (var other : names) if (other.startsWith(prefix)) return true;
        return false;
    }

    /** Wildcards per pattern; matching is backtracking, so a pattern of many stars must not cost exponential time. */
    private static final int MAX_WILDCARDS = 16;

    private static boolean matchesAny(String reference, List<String> patterns, String name) {
        for (var p : patterns) if (matches(reference + p, name)) return true;
        return false;
    }

    /**
     * RFC 9051 §6.3.9: {@code *} matches anything, {@code %} anything but the delimiter. INBOX matches in any
     * case.
     */
    static boolean matches(String pattern, String name) {
        if (name.equals(MailboxInfo.INBOX) && pattern.regionMatches(true, 0, "INBOX", 0, 5)) {
            return match(pattern, 5, name, 5) || match(pattern, 0, name, 0);
        }
        return match(pattern, 0, name, 0);
    }

    private static boolean match(String p, int pi, String n, int ni) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*' || c == '%') {
                for (int k = ni; k <= n.length(); k++) {
                    if (match(p, pi + 1, n, k)) return true;
                    if (k < n.length() && c == '%' && n.charAt(k) == MailboxInfo.DELIMITER) return false;
                }
                return false;
            }
            if (ni >= n.length() || n.charAt(ni) != c) return false;
            pi++;
            ni++;
        }
        return ni == n.length();
    }
}
