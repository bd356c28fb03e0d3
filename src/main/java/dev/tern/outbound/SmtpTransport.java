package dev.tern.outbound;

import dev.tern.dns.DnsFailure;
import dev.tern.dns.MailExchangers;
import dev.tern.dns.Route;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers over SMTP to the exchangers of the recipients' domain (RFC 5321 §5.1), each host and each of its
 * addresses in turn until one takes the transaction, or through the smart host. A connection that ends a
 * transaction cleanly is kept for the next message to the same host ({@link ConnectionPool}).
 */
public final class SmtpTransport implements Transport, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SmtpTransport.class);

    private final Settings settings;
    private final MailExchangers exchangers;
    private final ConnectionPool pool;

    /**
     * {@code heloName} is this host's name in EHLO; {@code port} the port of remote exchangers; {@code tls} how
     * certificates are treated on STARTTLS; {@code smartHost}, when present, receives every message.
     */
    /** {@code keptPerAddress}: idle connections kept per remote address for the next message. */
    public record Settings(String heloName, int port, ClientTls tls, ClientTimeouts timeouts,
                           Optional<SmartHost> smartHost, int keptPerAddress) {
        public Settings {
            if (keptPerAddress < 0) throw new IllegalArgumentException("keptPerAddress must not be negative");
        }

        public Settings(String heloName, int port, ClientTls tls, ClientTimeouts timeouts,
                        Optional<SmartHost> smartHost) {
            this(heloName, port, tls, timeouts, smartHost, ConnectionPool.DEFAULT_PER_ADDRESS);
        }
    }

    /** A relay: with {@code implicitTls} TLS from the first byte, else STARTTLS required unless {@code plain}. */
    public record SmartHost(String host, int port, boolean implicitTls, boolean plain, Optional<String> user,
                            Optional<String> password) {}

    public SmtpTransport(Settings settings, MailExchangers exchangers) {
        this.settings = settings;
        this.exchangers = exchangers;
        this.pool = new ConnectionPool(settings.keptPerAddress());
    }

    /** A place to try: a host name (for TLS and the DSN's Remote-MTA) and one of its addresses. */
    private record Target(String host, InetSocketAddress address) {}

    @Override
    public List<Outcome> deliver(String domain, OutboundMessage message) {
        List<Target> targets;
        try {
            targets = targets(domain);
        } catch (DnsFailure e) {
            return all(message, new Outcome(Outcome.Kind.DEFERRED, new SmtpReply(0, "4.4.3", e.getMessage(), "")));
        } catch (Unroutable e) {
            return all(message, new Outcome(Outcome.Kind.FAILED, e.reply));
        }
        SmtpReply problem = new SmtpReply(0, "4.4.4", "no address found for the exchangers of " + domain, "");
        for (var target : targets) {
            try {
                return attempt(target, message);
            } catch (HostRefused refused) {
                problem = refused.reply;
                log.info("event=outbound-host-refused host={} reply=\"{}\"", target.host(), problem.diagnostic());
            } catch (IOException e) {
                problem = SmtpReply.network(e.getMessage() == null ? e.toString() : e.getMessage(), target.host());
                log.info("event=outbound-host-failed host={} address={} error=\"{}\"", target.host(),
                        target.address(), problem.text());
            }
        }
        // A host that refused with 5xx everywhere fails the message; anything else is tried again later.
        return all(message, new Outcome(problem.permanent() ? Outcome.Kind.FAILED : Outcome.Kind.DEFERRED, problem));
    }

    private static List<Outcome> all(OutboundMessage message, Outcome outcome) {
        return Collections.nCopies(message.recipients().size(), outcome);
    }

    /** The smart host, or the domain's exchangers in order, each address of each. */
    private List<Target> targets(String domain) throws DnsFailure, Unroutable {
        var out = new ArrayList<Target>();
        if (settings.smartHost().isPresent()) {
            var relay = settings.smartHost().get();
            try {
                for (var a : InetAddress.getAllByName(relay.host())) {
                    out.add(new Target(relay.host(), new InetSocketAddress(a, relay.port())));
                }
            } catch (UnknownHostException e) {
                throw new DnsFailure("the smart host " + relay.host() + " has no address: " + e.getMessage(), e);
            }
            return out;
        }
        switch (exchangers.route(domain)) {
            case Route.NullMx n -> throw new Unroutable(new SmtpReply(556, "5.1.10",
                    domain + " accepts no mail (null MX, RFC 7505)", ""));
            case Route.NoSuchDomain n -> throw new Unroutable(new SmtpReply(550, "5.1.2",
                    "cannot route to " + domain + ": " + n.why(), ""));
            case Route.Exchangers hosts -> {
                for (var host : hosts.hosts()) {
                    for (var a : host.addresses()) {
                        out.add(new Target(host.name(), new InetSocketAddress(a, settings.port())));
                    }
                }
            }
        }
        return out;
    }

    /**
     * One transaction on one host, on a kept connection if there is one. A kept connection is not probed first
     * (that would cost a round trip per message); if the peer closed it meanwhile, the transaction fails before
     * anything is accepted and runs again on a new connection.
     */
    private List<Outcome> attempt(Target target, OutboundMessage message) throws IOException, HostRefused {
        var kept = pool.take(target.address());
        if (kept != null) {
            try {
                return transact(target, kept, message, true);
            } catch (Transaction.StaleConnection stale) {
                log.debug("event=outbound-stale-connection host={} error=\"{}\"", target.host(), stale.getMessage());
            }
        }
        return transact(target, open(target), message, false);
    }

    private List<Outcome> transact(Target target, ClientSession session, OutboundMessage message, boolean reused)
            throws IOException, HostRefused {
        try {
            var outcomes = new Transaction(session, message, reused).run();
            pool.offer(target.address(), session);
            return outcomes;
        } catch (Transaction.StaleConnection stale) {
            session.close();  // the peer has gone: no QUIT to say
            throw stale;
        } catch (IOException | HostRefused | RuntimeException e) {
            session.quit();
            throw e;
        }
    }

    /** Connects, reads the greeting, says EHLO, upgrades with STARTTLS when offered, authenticates to a relay. */
    private ClientSession open(Target target) throws IOException, HostRefused {
        var relay = settings.smartHost();
        boolean implicit = relay.map(SmartHost::implicitTls).orElse(false);
        var session = ClientSession.connect(target.address(), target.host(), settings.timeouts(),
                implicit ? settings.tls() : null);
        try {
            expect(session.greeting(), 220);
            expect(session.hello(settings.heloName()), 250);
            boolean tlsRequired = relay.map(r -> !r.implicitTls() && !r.plain()).orElse(false);
            if (!session.secured() && session.offers("STARTTLS") && !relay.map(SmartHost::plain).orElse(false)) {
                try {
                    expect(session.startTls(settings.tls()), 220);
                    expect(session.hello(settings.heloName()), 250);
                } catch (SSLException e) {
                    if (settings.tls().verifies() || tlsRequired) throw e;
                    // RFC 7435 §3: opportunistic TLS that fails falls back to plaintext, on a new connection.
                    session.close();
                    return openPlain(target);
                }
            } else if (tlsRequired && !session.secured()) {
                throw new HostRefused(new SmtpReply(451, "4.7.4", "the smart host " + target.host()
                        + " does not offer STARTTLS, and outbound.smart-host-tls requires it", target.host()));
            }
            if (relay.isPresent() && relay.get().user().isPresent()) {
                expect(session.authPlain(relay.get().user().get(), relay.get().password().orElse("")), 235);
            }
            return session;
        } catch (IOException | HostRefused | RuntimeException e) {
            session.quit();
            throw e;
        }
    }

    private ClientSession openPlain(Target target) throws IOException, HostRefused {
        var session = ClientSession.connect(target.address(), target.host(), settings.timeouts(), null);
        try {
            expect(session.greeting(), 220);
            expect(session.hello(settings.heloName()), 250);
            return session;
        } catch (IOException | HostRefused | RuntimeException e) {
            session.quit();
            throw e;
        }
    }

    static void expect(SmtpReply reply, int code) throws HostRefused {
        if (reply.code() != code) throw new HostRefused(reply);
    }

    /** A host refused us before any recipient was answered: the next host is tried. */
    static final class HostRefused extends Exception {
        final SmtpReply reply;

        HostRefused(SmtpReply reply) {
            super(reply.diagnostic(), null, false, false);
            this.reply = reply;
        }
    }

    /** The domain cannot take mail at all (null MX, no such domain). */
    private static final class Unroutable extends Exception {
        final SmtpReply reply;

        Unroutable(SmtpReply reply) {
            super(reply.diagnostic(), null, false, false);
            this.reply = reply;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
