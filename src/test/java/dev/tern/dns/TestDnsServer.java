package dev.tern.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * An authoritative DNS server for tests, on dnsjava, answering over UDP on 127.0.0.1 from records the test adds:
 * names with records answer NOERROR (with the records of the asked type, maybe none), other names NXDOMAIN, and
 * names marked failing answer SERVFAIL.
 */
public final class TestDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<Record> records = new CopyOnWriteArrayList<>();
    private final Set<Name> failing = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long ttl = 60;

    public TestDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = Thread.ofPlatform().daemon(true).name("test-dns").start(this::serve);
    }

    public int port() { return socket.getLocalPort(); }

    /** Queries answered so far. */
    public int queries() { return queries.get(); }

    /** The TTL, in seconds, of records added from now on (60 until changed). */
    public TestDnsServer ttl(long seconds) {
        ttl = seconds;
        return this;
    }

    /**
     * Makes {@code domain} a zone apex with an SOA whose own TTL and MINIMUM are {@code seconds}: negative answers
     * for names under it carry it (RFC 2308 §3).
     */
    public TestDnsServer soa(String domain, long seconds) {
        records.add(new SOARecord(name(domain), DClass.IN, seconds, name("ns." + domain),
                name("hostmaster." + domain), 1, 3600, 600, 86400, seconds));
        return this;
    }

    public TestDnsServer mx(String domain, int preference, String host) {
        records.add(new MXRecord(name(domain), DClass.IN, ttl, preference, name(host)));
        return this;
    }

    public TestDnsServer a(String host, String address) {
        try {
            var ip = InetAddress.getByName(address);
            records.add(ip.getAddress().length == 4 ? new ARecord(name(host), DClass.IN, ttl, ip)
                    : new AAAARecord(name(host), DClass.IN, ttl, ip));
        } catch (IOException e) {
            throw new IllegalArgumentException(address, e);
        }
        return this;
    }

    public TestDnsServer servfail(String domain) {
        failing.add(name(domain));
        return this;
    }

    public void clear() {
        records.clear();
        failing.clear();
    }

    static Name name(String text) {
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private void serve() {
        var buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                var packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                var query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                queries.incrementAndGet();
                var answer = answer(query).toWire(512);
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) return;
            }
        }
    }

    private Message answer(Message query) {
        var response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        var question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        if (failing.contains(question.getName())) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        var known = records.stream().filter(r -> r.getName().equals(question.getName())).toList();
        if (known.isEmpty()) response.getHeader().setRcode(Rcode.NXDOMAIN);
        known.stream().filter(r -> r.getType() == question.getType())
                .forEach(r -> response.addRecord(r, Section.ANSWER));
        if (response.getSection(Section.ANSWER).isEmpty()) {
            // RFC 2308 §3: a negative answer carries the SOA of the zone it comes from, when there is one.
            records.stream().filter(r -> r instanceof SOARecord && question.getName().subdomain(r.getName()))
                    .findFirst().ifPresent(soa -> response.addRecord(soa, Section.AUTHORITY));
        }
        return response;
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
