package dev.tern.pop3;

import dev.tern.auth.Authenticator;
import dev.tern.net.Connection;
import dev.tern.net.LineTooLongException;
import dev.tern.store.DirectoryStore.Account;
import dev.tern.store.MailboxInfo;
import dev.tern.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP3 connection (RFC 1939 §3): the AUTHORIZATION state with CAPA, STLS, USER/PASS and AUTH, then the
 * TRANSACTION state over a {@link Maildrop}, then UPDATE on QUIT. Replies are flushed only when the client has
 * sent nothing more, so that a pipelining client (RFC 2449 §6.6) gets its answers in as few packets as it can.
 */
final class Pop3Session {
    private static final Logger log = LoggerFactory.getLogger(Pop3Session.class);

    private final Pop3Server server;
    private final Connection connection;
    private String user;
    private int failures;
    private int commandsBeforeAuth;
    private Account account;
    private MaildropLocks.Lock lock;
    private Maildrop maildrop;
    private Transaction transaction;
    private boolean updated;

    Pop3Session(Pop3Server server, Connection connection) {
        this.server = server;
        this.connection = connection;
    }

    void run() throws IOException {
        try {
            // RFC 1939 §4; no APOP timestamp, since APOP is not offered (see apop()).
            send("+OK Tern POP3 server ready");
            flush();
            while (!connection.isDraining()) {
                String line;
                try {
                    line = connection.in().readLine();
                } catch (LineTooLongException e) {
                    if (tooManyCommands()) return;
                    send(new Pop3Error("line longer than " + e.limit() + " bytes").line());
                    flushUnlessPipelined();
                    continue;
                }
                if (line == null || tooManyCommands()) return;
                try {
                    if (command(line)) return;
                } catch (Pop3Error e) {
                    send(e.line());
                    if (e.close()) return;
                } catch (StoreException e) {
                    log.warn("conn={} proto=pop3 event=store-failed error=\"{}\"", connection.id(), e.getMessage());
                    send(new Pop3Error(ResponseCode.SYS_TEMP, "the mail store failed; try again later").line());
                }
                flushUnlessPipelined();
            }
        } finally {
            try {
                flush();
            } finally {
                end();
            }
        }
    }

    /** Counts a command before login; true (after saying so) when there were too many. */
    private boolean tooManyCommands() throws IOException {
        if (account != null || ++commandsBeforeAuth <= server.settings().commandsBeforeAuth()) return false;
        send("-ERR too many commands before authentication; closing");
        return true;
    }

    /** Flushes the replies unless the client has sent more commands already (RFC 2449 §6.6 PIPELINING). */
    private void flushUnlessPipelined() throws IOException {
        if (connection.in().buffered() == 0) flush();
    }

    /** Runs one command line; true when the session is over. */
    private boolean command(String line) throws IOException, Pop3Error {
        int space = line.indexOf(' ');
        var keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        var rest = space < 0 ? "" : line.substring(space + 1);
        var args = rest.isEmpty() ? List.<String>of() : Arrays.asList(rest.split(" ", -1));
        if (account == null) return authorization(keyword, rest, args);
        return transaction.command(keyword, args);
    }

    // --- AUTHORIZATION state (RFC 1939 §4) -------------------------------------------------------------------

    private boolean authorization(String keyword, String rest, List<String> args) throws IOException, Pop3Error {
        switch (keyword) {
            case "CAPA" -> capa();
            case "USER" -> user(rest);
            case "PASS" -> pass(rest);
            case "APOP" -> apop();
            case "AUTH" -> auth(args);
            case "STLS" -> stls();
            case "QUIT" -> {
                send("+OK Tern POP3 server signing off");
                return true;
            }
            case "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "TOP", "UIDL" ->
                    throw new Pop3Error(keyword + " is not valid before login; log in with USER/PASS or AUTH");
            default -> throw new Pop3Error("unknown command " + printable(keyword));
        }
        return false;
    }

    /** RFC 2449 §5: what this server offers, in the state the session is in. */
    void capa() throws IOException {
        var settings = server.settings();
        boolean secured = server.security().isSecured(connection);
        send("+OK Capability list follows");
        send("TOP");
        send("UIDL");
        if (account == null && secured) send("USER");
        if (account == null) send("SASL " + String.join(" ", SaslExchange.mechanisms(secured)));
        send("RESP-CODES");
        send("AUTH-RESP-CODE");
        send("PIPELINING");
        // RFC 2449 §6.7: the server never deletes a message the client left on it.
        send("EXPIRE NEVER");
        send("LOGIN-DELAY " + settings.loginDelay().toSeconds());
        send("IMPLEMENTATION Tern");
        if (account == null && settings.offerStls() && connection.canStartTls()) send("STLS");
        send(".");
    }

    private void user(String name) throws IOException, Pop3Error {
        // RFC 2595 §2, RFC 8314: a password is sent only where the core's policy calls the connection secured.
        if (!server.security().isSecured(connection)) {
            throw new Pop3Error("USER/PASS would send the password in the clear; use STLS first, or AUTH SCRAM-SHA-256");
        }
        if (name.isEmpty()) throw new Pop3Error("USER needs a user name: USER alice@example.com");
        user = name;
        send("+OK now send PASS");
    }

    private void pass(String password) throws IOException, Pop3Error {
        if (user == null) throw new Pop3Error("send USER first, then PASS");
        var name = user;
        user = null;
        if (password.isEmpty()) throw new Pop3Error("PASS needs the password");
        login(server.authenticator().authenticate(name, password, connection.remoteAddress()));
    }

    /**
     * APOP (RFC 1939 §7) is not offered: it needs the server to keep each password in the clear (or an
     * equivalent secret), since the digest is MD5(timestamp + password). Tern keeps only an Argon2id hash and
     * SCRAM keys, so no APOP digest can be checked; SCRAM-SHA-256 gives what APOP was for without that cost.
     */
    private void apop() throws Pop3Error {
        throw new Pop3Error("APOP is not offered; use AUTH SCRAM-SHA-256, or USER/PASS over TLS");
    }

    private void auth(List<String> args) throws IOException, Pop3Error {
        if (args.isEmpty()) {
            // The listing form of AUTH without a mechanism, older than RFC 5034, which some clients still send.
            send("+OK SASL mechanisms follow");
            for (var m : SaslExchange.mechanisms(server.security().isSecured(connection))) send(m);
            send(".");
            return;
        }
        if (args.size() > 2) throw new Pop3Error("AUTH takes a mechanism and an optional initial response");
        var mechanism = args.get(0).toUpperCase(Locale.ROOT);
        var initial = args.size() == 2 ? Optional.of(args.get(1)) : Optional.<String>empty();
        flush();
        login(new SaslExchange(connection, server.authenticator())
                .run(mechanism, initial, server.security().isSecured(connection)));
    }

    private void stls() throws IOException, Pop3Error {
        if (!server.settings().offerStls()) throw new Pop3Error("STLS is not offered on this port");
        if (!connection.canStartTls()) throw new Pop3Error("TLS is active already");
        send("+OK Begin TLS negotiation");
        flush();
        // RFC 2595 §4: what the client sent after STLS is discarded with the plaintext reader (Connection does it).
        connection.startTls();
        user = null;
    }

    /** After a password or SASL exchange: on success lock and open the maildrop; on failure count it. */
    private void login(Authenticator.Result result) throws IOException, Pop3Error {
        switch (result) {
            case Authenticator.Result.Failure f -> {
                log.info("conn={} proto=pop3 event=auth-failed reason=\"{}\"", connection.id(), f.reason());
                boolean close = ++failures > server.settings().authFailures();
                throw new Pop3Error(ResponseCode.AUTH, close ? "authentication failed; too many failures, closing"
                        : "authentication failed", close);
            }
            case Authenticator.Result.Success s -> openMaildrop(s.account());
        }
    }

    private void openMaildrop(Account who) throws IOException, Pop3Error {
        var held = server.locks().tryLock(who.id());
        if (held.isEmpty()) {
            throw new Pop3Error(ResponseCode.IN_USE, "another POP3 session of " + who.address()
                    + " is open; only one at a time may use the maildrop");
        }
        var wait = server.locks().loginDelayLeft(who.id(), server.settings().loginDelay());
        if (!wait.isZero()) {
            held.get().close();
            throw new Pop3Error(ResponseCode.LOGIN_DELAY, "logged in too recently; try again in "
                    + Math.max(1, wait.toSeconds()) + " seconds");
        }
        try {
            server.deletedMail().purge(who.id());
            var inbox = server.mailboxes().mailbox(who.id(), MailboxInfo.INBOX).orElseThrow(() ->
                    new Pop3Error(ResponseCode.SYS_PERM, "the account has no INBOX; ask the operator to recreate it"));
            maildrop = Maildrop.snapshot(server.mailboxes(), inbox);
        } catch (Pop3Error | RuntimeException e) {
            held.get().close();
            throw e;
        }
        lock = held.get();
        account = who;
        transaction = new Transaction(this, maildrop);
        log.info("conn={} proto=pop3 event=login user={} messages={}", connection.id(), who.address(), maildrop.count());
        send("+OK maildrop has " + maildrop.count() + " messages (" + maildrop.size() + " octets)");
    }

    // --- UPDATE state (RFC 1939 §6) --------------------------------------------------------------------------

    /** QUIT in the TRANSACTION state: removes what was deleted, then says goodbye. */
    void quit() throws IOException {
        updated = true;
        try {
            int removed = maildrop.update(server.deletedMail());
            log.info("conn={} proto=pop3 event=quit user={} deleted={}", connection.id(), account.address(), removed);
            send("+OK Tern POP3 server signing off (" + maildrop.count() + " messages left)");
        } catch (StoreException e) {
            log.warn("conn={} proto=pop3 event=update-failed error=\"{}\"", connection.id(), e.getMessage());
            send(new Pop3Error(ResponseCode.SYS_TEMP, "some deleted messages not removed; try again later").line());
        }
    }

    /** The session is over: a dropped connection deletes nothing, but what was retrieved is \Seen. */
    private void end() {
        try {
            if (maildrop != null && !updated) maildrop.markSeen();
        } catch (RuntimeException e) {
            log.warn("conn={} proto=pop3 event=mark-seen-failed error=\"{}\"", connection.id(), e.getMessage());
        } finally {
            if (lock != null) lock.close();
        }
    }

    Connection connection() { return connection; }

    void send(String line) throws IOException {
        connection.out().write(line.getBytes(StandardCharsets.UTF_8));
        connection.out().write('\r');
        connection.out().write('\n');
    }

    void flush() throws IOException { connection.out().flush(); }

    /** A client's word fit for an error message: printable ASCII, at most 40 characters. */
    static String printable(String word) {
        var s = word.length() > 40 ? word.substring(0, 40) + "..." : word;
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? s : "(not printable)";
    }
}
