package dev.tern.imap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * THREAD=REFERENCES (RFC 5256 §3): threads built from Message-ID, References and In-Reply-To, then roots with
 * the same base subject gathered, siblings in sent date order. The step numbers below are the RFC's.
 */
final class ReferencesThreading {
    /**
     * One message: its sort keys (base subject and sent date filled), its Message-ID or null, the message IDs it
     * refers to (References, else the first In-Reply-To), and whether its subject is a reply or forward.
     */
    record Message(SortKeys keys, String messageId, List<String> references, boolean replyOrForward) {}

    /** A container of the algorithm: a message, or a dummy (null message) standing for one not in the set. */
    private static final class Node {
        Message message;
        Node parent;
        final List<Node> children = new ArrayList<>();

        Node(Message message) { this.message = message; }

        boolean dummy() { return message == null; }

        /** Whether this node is {@code other} or one of its ancestors. */
        boolean isAncestorOf(Node other) {
            for (var n = other; n != null; n = n.parent) if (n == this) return true;
            return false;
        }

        void adopt(Node child) {
            if (child.parent != null) child.parent.children.remove(child);
            child.parent = this;
            children.add(child);
        }

        /** The message whose date and subject a node goes by: its own, or a dummy's first child's. */
        Message representative() { return dummy() ? (children.isEmpty() ? null : children.getFirst().representative()) : message; }
    }

    private static final Comparator<Node> BY_SENT_DATE = Comparator
            .comparing((Node n) -> n.representative().keys().sent())
            .thenComparingInt(n -> n.representative().keys().sequence());

    private ReferencesThreading() {}

    static List<ThreadCommand.Tree> thread(List<Message> messages) {
        var all = new ArrayList<Node>();
        var byId = new HashMap<String, Node>();
        for (var m : messages) link(m, byId, all);
        // (2): the root set.
        var roots = new ArrayList<Node>();
        for (var n : all) if (n.parent == null) roots.add(n);
        // (3): dummies without children go; a dummy's children take its place, except a dummy root with several.
        var pruned = new ArrayList<Node>();
        for (var root : roots) pruned.addAll(prune(root, true));
        for (var root : pruned) root.parent = null;
        // (4): roots in sent date order, which (5) depends on.
        sortSiblings(pruned);
        var merged = gatherBySubject(pruned);
        // (6): every set of siblings by sent date.
        sortSiblings(merged);
        return merged.stream().map(ReferencesThreading::tree).toList();
    }

    /** (1): the message's own container, and parent/child links along its references, never making a loop. */
    private static void link(Message m, HashMap<String, Node> byId, List<Node> all) {
        Node own = m.messageId() == null ? null : byId.get(m.messageId());
        if (own == null || !own.dummy()) {
            // A missing or repeated Message-ID gets a container of its own that nothing else can refer to.
            own = new Node(m);
            all.add(own);
            if (m.messageId() != null && !byId.containsKey(m.messageId())) byId.put(m.messageId(), own);
        } else {
            own.message = m;
        }
        Node previous = null;
        for (var id : m.references()) {
            var node = byId.get(id);
            if (node == null) {
                node = new Node(null);
                byId.put(id, node);
                all.add(node);
            }
            // (1.A): an existing link stays, and none is made that would close a loop.
            if (previous != null && node.parent == null && !node.isAncestorOf(previous)) previous.adopt(node);
            previous = node;
        }
        // (1.B): the last reference is the parent, replacing one a truncated References may have left.
        if (previous == null) {
            if (own.parent != null) {
                own.parent.children.remove(own);
                own.parent = null;
            }
        } else if (!own.isAncestorOf(previous)) {
            previous.adopt(own);
        }
    }

    private static List<Node> prune(Node node, boolean root) {
        var children = new ArrayList<Node>();
        for (var child : List.copyOf(node.children)) children.addAll(prune(child, false));
        node.children.clear();
        for (var child : children) {
            child.parent = node;
            node.children.add(child);
        }
        if (node.dummy() && (children.isEmpty() || !root || children.size() == 1)) return children;
        return List.of(node);
    }

    /** (5): roots with the same base subject become one thread. */
    private static List<Node> gatherBySubject(List<Node> roots) {
        var table = new LinkedHashMap<String, Node>();
        for (var root : roots) {
            var subject = root.representative().keys().subject();
            if (subject.isEmpty()) continue;
            var old = table.get(subject);
            // (5.B) prefers a dummy, then a message that is not a reply or forward.
            if (old == null || (root.dummy() && !old.dummy())
                    || (!old.dummy() && !root.dummy() && old.message.replyOrForward() && !root.message.replyOrForward())) {
                table.put(subject, root);
            }
        }
        var result = new ArrayList<>(roots);
        for (var root : roots) {
            var subject = root.representative().keys().subject();
            var kept = table.get(subject);
            if (subject.isEmpty() || kept == root) continue;
            result.remove(root);
            if (kept.dummy() && root.dummy()) {
                for (var child : List.copyOf(root.children)) kept.adopt(child);
            } else if (kept.dummy()) {
                kept.adopt(root);
            } else if (root.message.replyOrForward() && !kept.message.replyOrForward()) {
                kept.adopt(root);
            } else {
                var dummy = new Node(null);
                result.set(result.indexOf(kept), dummy);
                dummy.adopt(kept);
                dummy.adopt(root);
                dummy.children.sort(BY_SENT_DATE);
                table.put(subject, dummy);
            }
        }
        return result;
    }

    private static void sortSiblings(List<Node> siblings) {
        for (var n : siblings) sortSiblings(n.children);
        siblings.sort(BY_SENT_DATE);
    }

    private static ThreadCommand.Tree tree(Node n) {
        return new ThreadCommand.Tree(n.dummy() ? null : n.message.keys(),
                n.children.stream().map(ReferencesThreading::tree).toList());
    }
}
