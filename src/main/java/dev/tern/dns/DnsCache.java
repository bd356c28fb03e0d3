package dev.tern.dns;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * The answers to MX, A and AAAA queries, kept for as long as their TTL says (RFC 1035 §3.2.1, at most a day) so
 * that a queue of many messages to one domain asks the DNS once, not once per message. Negative answers (the name
 * does not exist, or has no records of the type) are kept for a short, configured time, shorter still if the
 * zone's SOA says so (RFC 2308 §5). Failures (timeouts, SERVFAIL) are never kept. At most {@code entries} answers
 * are kept, the least recently used going first; concurrent queries for the same name and type share one
 * lookup.
 */
public final class DnsCache {
    /** The longest an answer is kept whatever its TTL, so that a mistaken huge TTL cannot pin a route. */
    static final Duration MAX_TTL = Duration.ofDays(1);

    private final int capacity;
    private final Duration negativeTtl;
    private final InstantSource clock;
    private final Map<Key, Kept> kept; // guarded by this
    private final Map<Key, CompletableFuture<Message>> running = new ConcurrentHashMap<>();

    /** {@code capacity} 0 keeps nothing; {@code negativeTtl} is the most a negative answer is kept. */
    public DnsCache(int capacity, Duration negativeTtl, InstantSource clock) {
        if (capacity < 0) throw new IllegalArgumentException("the DNS cache size cannot be negative: " + capacity);
        this.capacity = capacity;
        this.negativeTtl = negativeTtl;
        this.clock = clock;
        this.kept = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Kept> eldest) {
                return size() > DnsCache.this.capacity;
            }
        };
    }

    /** A cache that keeps nothing: every lookup asks the DNS. */
    public static DnsCache off() {
        return new DnsCache(0, Duration.ZERO, InstantSource.system());
    }

    /** A query to the DNS for one name and type, made on a miss. */
    @FunctionalInterface
    interface Lookup {
        Message send() throws DnsFailure;
    }

    private record Key(Name name, int type) {}

    private record Kept(Message answer, Instant until) {}

    /** The answer for {@code name} and {@code type}: kept, or asked with {@code lookup} and kept for its TTL. */
    Message answer(Name name, int type, Lookup lookup) throws DnsFailure {
        var key = new Key(name, type);
        var now = clock.instant();
        var hit = fresh(key, now);
        if (hit != null) return hit;
        var mine = new CompletableFuture<Message>();
        var other = running.putIfAbsent(key, mine);
        if (other != null) return await(other);
        try {
            // A lookup that ended between our miss and putIfAbsent has kept its answer before leaving `running`.
            var answer = fresh(key, now);
            if (answer == null) {
                answer = lookup.send();
                keep(key, answer, now);
            }
            mine.complete(answer);
            return answer;
        } catch (DnsFailure | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }

    /** The kept answer if it has not expired, else null (and an expired one is dropped). */
    private synchronized Message fresh(Key key, Instant now) {
        var hit = kept.get(key);
        if (hit == null) return null;
        if (now.isBefore(hit.until())) return hit.answer();
        kept.remove(key);
        return null;
    }

    private static Message await(CompletableFuture<Message> other) throws DnsFailure {
        try {
            return other.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof DnsFailure failure) throw failure;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private void keep(Key key, Message answer, Instant now) {
        if (capacity == 0) return;
        var ttl = ttl(answer, key.type());
        if (ttl.isZero() || ttl.isNegative()) return;
        synchronized (this) {
            kept.put(key, new Kept(answer, now.plus(ttl)));
        }
    }

    /** How long an answer may be kept: its records' least TTL, or for a negative answer the negative TTL. */
    private Duration ttl(Message answer, int type) {
        var records = answer.getSection(Section.ANSWER);
        boolean negative = answer.getRcode() == Rcode.NXDOMAIN
                || records.stream().noneMatch(r -> r.getType() == type);
        if (!negative) {
            long least = records.stream().mapToLong(Record::getTTL).min().orElse(0);
            return min(Duration.ofSeconds(least), MAX_TTL);
        }
        var ttl = negativeTtl;
        for (var r : answer.getSection(Section.AUTHORITY)) {
            // RFC 2308 §5: a negative answer lives for the lesser of the SOA's TTL and its MINIMUM field.
            if (r instanceof SOARecord soa) ttl = min(ttl, Duration.ofSeconds(Math.min(soa.getTTL(), soa.getMinimum())));
        }
        return ttl;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Answers kept now (some may have expired and not been asked for since); for tests. */
    synchronized int size() {
        return kept.size();
    }
}
