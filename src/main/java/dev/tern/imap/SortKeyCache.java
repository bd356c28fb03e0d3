package dev.tern.imap;

import dev.tern.imap.proto.Command;
import dev.tern.store.MailboxId;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * What SORT compares of each message, per mailbox and criterion, kept between commands and shared by every session
 * of the server, so that sorting a large mailbox again does not read and decode every envelope again. A message's
 * key never changes (its envelope and INTERNALDATE are fixed, and a UID is never reused in a mailbox), so entries
 * are never stale; those of expunged messages stay until their column is evicted. At most {@code maxKeys} keys are
 * kept in all (limits.imap-sort-cache): columns least recently used go first. 0 keeps nothing.
 */
final class SortKeyCache {
    record ColumnId(MailboxId mailbox, Command.SortKey criterion) {}

    private final long maxKeys;
    private final LinkedHashMap<ColumnId, Column> columns = new LinkedHashMap<>(16, 0.75f, true); // guarded by this
    private long keys; // guarded by this

    SortKeyCache(long maxKeys) {
        this.maxKeys = maxKeys;
    }

    /** The keys kept of one criterion in one mailbox; empty, and never filled, when the cache keeps nothing. */
    synchronized Column column(MailboxId mailbox, Command.SortKey criterion) {
        if (maxKeys == 0) return new Column(this);
        return columns.computeIfAbsent(new ColumnId(mailbox, criterion), id -> new Column(this));
    }

    /** Keys held now, over every column; for tests. */
    synchronized long size() {
        return keys;
    }

    /** Accounts for keys a column took in, then drops the least recently used columns until under the bound. */
    private synchronized void grew(Column grown, int added) {
        if (maxKeys == 0) return;
        keys += added;
        for (Iterator<Column> it = columns.values().iterator(); keys > maxKeys && it.hasNext(); ) {
            var eldest = it.next();
            if (eldest == grown) continue; // the one just used goes last
            keys -= eldest.drop();
            it.remove();
        }
        if (keys > maxKeys) { // more than the bound in one column: it cannot be kept
            keys -= grown.drop();
            columns.values().remove(grown);
        }
    }

    /** One criterion's keys for one mailbox: parallel arrays sorted by UID. */
    static final class Column {
        private final SortKeyCache cache;
        private long[] uids = new long[0];
        private Object[] values = new Object[0];
        private int size;
        private boolean dropped;

        private Column(SortKeyCache cache) {
            this.cache = cache;
        }

        /** The key of the message with {@code uid}, or null if not kept. */
        synchronized Object get(long uid) {
            int i = Arrays.binarySearch(uids, 0, size, uid);
            return i >= 0 ? values[i] : null;
        }

        /** Keeps the keys of messages ({@code uids} ascending) not kept yet. */
        void putAll(long[] newUids, Object[] newValues, int count) {
            synchronized (cache) { // cache, then column: the order grew() takes them in
                int added;
                synchronized (this) {
                    if (dropped || cache.maxKeys == 0) return;
                    added = merge(newUids, newValues, count);
                }
                cache.grew(this, added);
            }
        }

        /** Merges two UID-sorted runs; a UID in both keeps the value it has. Returns how many were added. */
        private int merge(long[] newUids, Object[] newValues, int count) {
            var mergedUids = new long[size + count];
            var mergedValues = new Object[size + count];
            int i = 0, j = 0, n = 0;
            while (i < size || j < count) {
                if (j >= count || (i < size && uids[i] < newUids[j])) {
                    mergedUids[n] = uids[i];
                    mergedValues[n++] = values[i++];
                } else if (i >= size || newUids[j] < uids[i]) {
                    mergedUids[n] = newUids[j];
                    mergedValues[n++] = newValues[j++];
                } else {
                    mergedUids[n] = uids[i];
                    mergedValues[n++] = values[i++];
                    j++;
                }
            }
            int added = n - size;
            uids = mergedUids;
            values = mergedValues;
            size = n;
            return added;
        }

        /** Empties the column for good (it was evicted); returns how many keys it held. */
        private synchronized int drop() {
            dropped = true;
            int held = size;
            uids = new long[0];
            values = new Object[0];
            size = 0;
            return held;
        }
    }
}
