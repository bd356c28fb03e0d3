package dev.tern.imap;

import dev.tern.imap.proto.Command;
import dev.tern.imap.proto.CommandReader;
import dev.tern.imap.proto.ImapException;
import dev.tern.imap.proto.ResponseWriter;
import dev.tern.mailbox.MessageTooLarge;
import dev.tern.net.Connection;
import dev.tern.store.DirectoryStore;
import dev.tern.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.LinkedHashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IMAP connection: the state machine of RFC 9051 §3 (not authenticated, authenticated, selected, logout),
 * reading commands and handing each to its family's handler. A handler throws {@link ImapException}; this loop
 * answers. Untagged updates of the selected mailbox are sent before each tagged response, where §7.4.1 allows.
 */
final class ImapSession {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

    enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

    final ImapServer server;
    final Connection connection;
    final CommandReader reader;
    ResponseWriter out;
    State state = State.NOT_AUTHENTICATED;
    DirectoryStore.Account account;
    SelectedMailbox selected;
    final Enabled enabled = new Enabled();
    private int commandsBeforeAuthentication;
    int authenticationFailures;
    private final AuthenticationCommands authentication;
    private final MailboxCommands mailboxCommands;
    private final QuotaCommands quotaCommands;
    private final MessageCommands messageCommands;

    ImapSession(ImapServer server, Connection connection) {
        this.server = server;
        this.connection = connection;
        this.reader = new CommandReader(server.settings().reader());
        this.out = new ResponseWriter(connection.out());
        this.authentication = new AuthenticationCommands(this);
        this.mailboxCommands = new MailboxCommands(this);
        this.quotaCommands = new QuotaCommands(this);
        this.messageCommands = new MessageCommands(this);
    }

    void run() throws IOException {
        try {
            out.untagged("OK [CAPABILITY " + capabilities() + "] " + server.settings().hostname() + " IMAP server ready");
            out.flush();
            while (state != State.LOGOUT) {
                if (connection.isDraining()) {
                    bye("UNAVAILABLE", "Server shutting down");
                    return;
                }
                CommandReader.Result result;
                try {
                    result = reader.read(connection.in(), connection.out());
                } catch (SocketTimeoutException e) {
                    bye(null, "Autologout; idle for too long");
                    return;
                }
                switch (result) {
                    case CommandReader.Result.End _ -> { return; }
                    case CommandReader.Result.Failed f -> {
                        if (!refuse(f.tag(), f.error())) return;
                    }
                    case CommandReader.Result.Parsed p -> execute(p.tag(), p.command());
                }
                out.flush();
            }
        } finally {
            if (selected != null) selected.close();
            if (account != null) server.closeSession(account.id().value());
        }
    }

    /** Answers a command that could not be read; false when the connection must close. */
    private boolean refuse(String tag, ImapException error) throws IOException {
        if (error instanceof ImapException.Bye) {
            bye(error.code(), error.text());
            return false;
        }
        if (tag.equals("*")) out.status("*", "BAD", error.code(), error.text());
        else out.status(tag, error instanceof ImapException.No ? "NO" : "BAD", error.code(), error.text());
        return countBeforeAuthentication();
    }

    private boolean countBeforeAuthentication() throws IOException {
        if (state != State.NOT_AUTHENTICATED) return true;
        if (++commandsBeforeAuthentication <= server.settings().commandsBeforeAuthentication()) return true;
        bye(null, "Too many commands without logging in (limits.commands-before-authentication)");
        return false;
    }

    void bye(String code, String text) throws IOException {
        out.raw("* BYE ").raw(code == null ? "" : "[" + code + "] ").raw(text).crlf();
        out.flush();
        state = State.LOGOUT;
    }

    private void execute(String tag, Command command) throws IOException {
        try {
            if (!countBeforeAuthentication()) return;
            dispatch(tag, command);
        } catch (ImapException.Bye e) {
            bye(e.code(), e.text());
        } catch (ImapException e) {
            updates(command);
            out.status(tag, e instanceof ImapException.No ? "NO" : "BAD", e.code(), e.text());
        } catch (StoreException e) {
            updates(command);
            out.status(tag, "NO", codeOf(e), e.getMessage());
        } catch (MessageTooLarge e) {
            out.status(tag, "NO", "TOOBIG", e.getMessage());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            if (command instanceof Command.Append a) a.close();
        }
    }

    private static String codeOf(StoreException e) {
        return switch (e) {
            case StoreException.NotFound _ -> "NONEXISTENT";
            case StoreException.AlreadyExists _ -> "ALREADYEXISTS";
            case StoreException.OverQuota _ -> "OVERQUOTA";
            case StoreException.NotAllowed _ -> "CANNOT";
            default -> "SERVERBUG";
        };
    }

    private void dispatch(String tag, Command command) throws IOException {
        switch (command) {
            case Command.Capability _ -> {
                out.untagged("CAPABILITY " + capabilities());
                ok(tag, command, "CAPABILITY completed");
            }
            case Command.Noop _, Command.Check _ -> ok(tag, command, "NOOP completed");
            case Command.Logout _ -> {
                out.untagged("BYE Logging out");
                out.status(tag, "OK", null, "LOGOUT completed");
                state = State.LOGOUT;
            }
            case Command.Id _ -> {
                out.untagged("ID (\"name\" \"Tern\")");
                ok(tag, command, "ID completed");
            }
            case Command.Enable e -> enable(tag, e);
            case Command.Namespace _ -> {
                requireAuthenticated();
                out.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
                ok(tag, command, "NAMESPACE completed");
            }
            case Command.StartTls _, Command.Login _, Command.Authenticate _ -> authentication.execute(tag, command);
            case Command.Idle _ -> idle(tag);
            case Command.Select _, Command.Create _, Command.Delete _, Command.Rename _, Command.Subscribe _,
                 Command.Unsubscribe _, Command.ListMailboxes _, Command.Lsub _, Command.Status _, Command.Append _ ->
                    mailboxCommands.execute(tag, command);
            case Command.GetQuota _, Command.GetQuotaRoot _, Command.SetQuota _ -> quotaCommands.execute(tag, command);
            case Command.Close _, Command.Unselect _, Command.Expunge _, Command.Search _, Command.Sort _,
                 Command.Thread _, Command.Fetch _, Command.Store _, Command.Copy _, Command.Move _ -> messageCommands.execute(tag, command);
        }
    }

    /** Sends the selected mailbox's pending updates, then the tagged OK. */
    void ok(String tag, Command command, String text) throws IOException { ok(tag, command, null, text); }

    void ok(String tag, Command command, String code, String text) throws IOException {
        updates(command);
        out.status(tag, "OK", code, text);
    }

    /** RFC 9051 §7.4.1: no EXPUNGE while answering FETCH, STORE or SEARCH (or SORT, THREAD) by sequence number. */
    void updates(Command command) throws IOException {
        if (selected == null) return;
        boolean expungeAllowed = switch (command) {
            case Command.Fetch f -> f.uid();
            case Command.Store s -> s.uid();
            case Command.Search s -> s.uid();
            case Command.Sort s -> s.uid();
            case Command.Thread t -> t.uid();
            default -> true;
        };
        selected.sync(out, expungeAllowed);
    }

    private void enable(String tag, Command.Enable e) throws IOException {
        requireAuthenticated();
        var now = new LinkedHashSet<String>();
        for (var capability : e.capabilities()) {
            switch (capability) {
                // RFC 9051 §6.3.1: IMAP4rev2 may be enabled; UTF-8 names follow from it (RFC 9051 §5.1).
                case Enabled.IMAP4REV2 -> { if (enabled.add(Enabled.IMAP4REV2)) now.add("IMAP4rev2"); }
                // RFC 6855 §3: UTF-8 mailbox names and quoted strings, and APPEND's UTF8 data item. RFC 7162
                // §3.1 CONDSTORE; §3.2.3 QRESYNC, which turns CONDSTORE on too but names only itself.
                case Enabled.UTF8_ACCEPT, Enabled.CONDSTORE, Enabled.QRESYNC -> {
                    if (enabled.add(capability)) now.add(capability);
                }
                default -> { }
            }
        }
        if (enabled.utf8()) {
            reader.utf8(true);
            out.utf8(true);
        }
        out.untagged("ENABLED" + (now.isEmpty() ? "" : " " + String.join(" ", now)));
        ok(tag, e, "ENABLE completed");
    }

    boolean rev2() { return enabled.rev2(); }

    /** A command that uses CONDSTORE turns it on for the rest of the session (RFC 7162 §3.1). */
    void enableCondstore() { enabled.add(Enabled.CONDSTORE); }

    private void idle(String tag) throws IOException {
        requireAuthenticated();
        out.raw("+ idling").crlf();
        out.flush();
        String line;
        try {
            line = selected == null ? connection.in().readLine() : selected.idle(out, connection.in());
        } catch (SocketTimeoutException e) {
            bye(null, "Autologout; idle for too long");
            return;
        }
        if (line == null) {
            state = State.LOGOUT;
            return;
        }
        if (!line.equalsIgnoreCase("DONE")) throw new ImapException.Bad("IDLE ends with DONE, not " + line);
        ok(tag, new Command.Idle(), "IDLE terminated");
    }

    void requireAuthenticated() {
        if (state == State.NOT_AUTHENTICATED) throw new ImapException.Bad("log in first (LOGIN or AUTHENTICATE)");
    }

    SelectedMailbox requireSelected() {
        if (selected == null) throw new ImapException.Bad("no mailbox selected; SELECT or EXAMINE one first");
        return selected;
    }

    boolean secured() { return server.security().isSecured(connection); }

    /** What CAPABILITY says now: LOGINDISABLED and no AUTH=PLAIN until secured, no AUTH= after login. */
    String capabilities() {
        var b = new StringBuilder("IMAP4rev2 IMAP4rev1");
        if (state == State.NOT_AUTHENTICATED) {
            if (connection.canStartTls()) b.append(" STARTTLS");
            if (secured()) b.append(" AUTH=PLAIN");
            else b.append(" LOGINDISABLED");
            b.append(" AUTH=SCRAM-SHA-256");
        }
        b.append(" LITERAL+ SASL-IR ENABLE IDLE NAMESPACE UIDPLUS MOVE ID UNSELECT CHILDREN LIST-EXTENDED"
                + " LIST-STATUS SPECIAL-USE CREATE-SPECIAL-USE ESEARCH"
                + " SORT SORT=DISPLAY ESORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES STATUS=SIZE BINARY UTF8=ACCEPT"
                + " CONDSTORE QRESYNC MULTIAPPEND QUOTA QUOTA=RES-STORAGE");
        return b.toString();
    }

    void loggedIn(DirectoryStore.Account who) {
        if (!server.openSession(who.id().value())) {
            throw new ImapException.No("LIMIT", "too many open sessions for " + who.address());
        }
        this.account = who;
        this.state = State.AUTHENTICATED;
        log.info("conn={} proto=imap event=login account={}", connection.id(), who.address());
    }

    /** After STARTTLS the connection's streams are new ones. */
    void tlsStarted() { this.out = new ResponseWriter(connection.out()); }
}
