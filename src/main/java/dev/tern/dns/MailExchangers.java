package dev.tern.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds the exchangers of a domain (RFC 5321 §5.1): its MX records in preference order, hosts of equal preference
 * shuffled; no MX at all means the domain itself is the one exchanger (its A and AAAA records); a single MX of
 * preference 0 and target "." is a null MX (RFC 7505). Queries go to the system's resolvers or one configured
 * resolver (tests point it at a server on loopback); answers are kept in a {@link DnsCache} for their TTL.
 */
public final class MailExchangers {
    private final Resolver resolver;
    private final RandomGenerator random;
    private final DnsCache cache;

    public MailExchangers(Resolver resolver, RandomGenerator random, DnsCache cache) {
        this.resolver = resolver;
        this.random = random;
        this.cache = cache;
    }

    /** Queries the resolvers of {@code /etc/resolv.conf}, keeping answers in {@code cache}. */
    public static MailExchangers system(Duration timeout, DnsCache cache) {
        var resolver = new ExtendedResolver();
        resolver.setTimeout(timeout);
        return new MailExchangers(resolver, RandomGenerator.getDefault(), cache);
    }

    /** Queries one resolver, e.g. {@code 127.0.0.1} port 5353 in a test, keeping answers in {@code cache}. */
    public static MailExchangers using(InetAddress server, int port, Duration timeout, DnsCache cache) {
        var resolver = new SimpleResolver(new InetSocketAddress(server, port));
        resolver.setTimeout(timeout);
        return new MailExchangers(resolver, RandomGenerator.getDefault(), cache);
    }

    /** Queries one resolver and keeps nothing: every route asks it again. */
    public static MailExchangers using(InetAddress server, int port, Duration timeout) {
        return using(server, port, timeout, DnsCache.off());
    }

    /**
     * Where mail for {@code domain} goes.
     *
     * @throws DnsFailure if DNS could not answer now; the caller defers
     */
    public Route route(String domain) throws DnsFailure {
        Name name;
        try {
            name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            return new Route.NoSuchDomain(domain, "not a domain name: " + e.getMessage());
        }
        var answer = query(name, Type.MX);
        if (answer.getRcode() == Rcode.NXDOMAIN) return new Route.NoSuchDomain(domain, "the domain does not exist");
        var mx = answer.getSection(Section.ANSWER).stream().filter(r -> r instanceof MXRecord).map(r -> (MXRecord) r)
                .toList();
        if (mx.size() == 1 && mx.getFirst().getTarget().equals(Name.root)) return new Route.NullMx(domain);
        if (mx.isEmpty()) {
            // RFC 5321 §5.1: no MX records; the domain is treated as its own exchanger of preference 0.
            var addresses = addresses(name);
            if (addresses.isEmpty()) {
                return new Route.NoSuchDomain(domain, "the domain has no MX and no A or AAAA records");
            }
            return new Route.Exchangers(List.of(new Exchanger(hostname(name), 0, addresses)));
        }
        var byPreference = new LinkedHashMap<Integer, List<MXRecord>>();
        mx.stream().sorted(Comparator.comparingInt(MXRecord::getPriority))
                .forEach(r -> byPreference.computeIfAbsent(r.getPriority(), p -> new ArrayList<>()).add(r));
        var hosts = new ArrayList<Exchanger>();
        for (Map.Entry<Integer, List<MXRecord>> level : byPreference.entrySet()) {
            var same = new ArrayList<>(level.getValue());
            Collections.shuffle(same, java.util.Random.from(random));
            for (var r : same) {
                if (r.getTarget().equals(Name.root)) continue; // "." among real hosts: nothing to connect to
                hosts.add(new Exchanger(hostname(r.getTarget()), level.getKey(), addresses(r.getTarget())));
            }
        }
        return new Route.Exchangers(hosts);
    }

    /** A and AAAA records of {@code host}, IPv4 first; a temporary failure of one kind leaves it out. */
    public List<InetAddress> addresses(Name host) throws DnsFailure {
        var out = new ArrayList<InetAddress>();
        DnsFailure failure = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            try {
                for (var r : query(host, type).getSection(Section.ANSWER)) {
                    if (r instanceof ARecord a) out.add(a.getAddress());
                    if (r instanceof AAAARecord aaaa) out.add(aaaa.getAddress());
                }
            } catch (DnsFailure e) {
                failure = e;
            }
        }
        if (out.isEmpty() && failure != null) throw failure;
        return out;
    }

    private Message query(Name name, int type) throws DnsFailure {
        return cache.answer(name, type, () -> send(name, type));
    }

    private Message send(Name name, int type) throws DnsFailure {
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
        } catch (IOException e) {
            throw new DnsFailure("DNS query for " + Type.string(type) + " " + name + " failed: " + e.getMessage(), e);
        }
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new DnsFailure("DNS answered " + Rcode.string(rcode) + " for " + Type.string(type) + " " + name);
        }
        return response;
    }

    private static String hostname(Name name) {
        var text = name.toString(true);
        return text.toLowerCase(Locale.ROOT);
    }
}
