package dev.tern.outbound;

import dev.tern.net.LineReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One SMTP client connection to one host (RFC 5321 §3, §4.1): greeting, EHLO (HELO when EHLO is refused),
 * STARTTLS (RFC 3207), AUTH PLAIN (RFC 4954), and the commands of a mail transaction, each reply read with the
 * timeout RFC 5321 §4.5.3.2 gives its command. A session is used by one thread at a time.
 */
final class ClientSession implements AutoCloseable {
    /** Longest reply line we read (RFC 5321 §4.5.3.1.5 allows 512; some hosts send more). */
    private static final int REPLY_LINE = 4096;
    /** Most lines of one multiline reply, so that a peer cannot keep us reading forever. */
    private static final int REPLY_LINES = 200;
    private static final Pattern ENHANCED = Pattern.compile("([245]\\.\\d{1,3}\\.\\d{1,3})\\s*(.*)", Pattern.DOTALL);

    private Socket socket;
    private LineReader in;
    private OutputStream out;
    private final String host;
    private final ClientTimeouts timeouts;
    private Map<String, String> extensions = Map.of();
    private boolean tls;

    private ClientSession(Socket socket, String host, ClientTimeouts timeouts) throws IOException {
        this.host = host;
        this.timeouts = timeouts;
        attach(socket);
    }

    /** Connects, and with {@code implicitTls} wraps the connection in TLS from the first byte (RFC 8314). */
    static ClientSession connect(InetSocketAddress address, String host, ClientTimeouts timeouts,
                                 ClientTls implicitTls) throws IOException {
        var socket = new Socket();
        try {
            socket.connect(address, (int) timeouts.connect().toMillis());
            socket.setTcpNoDelay(true);
            if (implicitTls != null) {
                socket = implicitTls.wrap(socket, host, address.getPort(), (int) timeouts.greeting().toMillis());
            }
            var session = new ClientSession(socket, host, timeouts);
            session.tls = implicitTls != null;
            return session;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        in = new LineReader(s.getInputStream(), REPLY_LINE);
        out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
    }

    String host() { return host; }

    boolean secured() { return tls; }

    /** True if the last EHLO advertised {@code keyword} (e.g. {@code PIPELINING}). */
    boolean offers(String keyword) { return extensions.containsKey(keyword); }

    /** The parameter of an advertised extension, e.g. the limit of {@code SIZE}; empty if none. */
    String parameter(String keyword) { return extensions.getOrDefault(keyword, ""); }

    SmtpReply greeting() throws IOException {
        return read(timeouts.greeting());
    }

    /** EHLO, or HELO if the server does not know EHLO (RFC 5321 §4.1.1.1, §3.2). */
    SmtpReply hello(String name) throws IOException {
        var reply = command("EHLO " + name, timeouts.greeting());
        if (reply.code() == 250) {
            extensions = extensions(reply.text());
            return reply;
        }
        if (reply.code() >= 500 && reply.code() != 554) {
            extensions = Map.of();
            return command("HELO " + name, timeouts.greeting());
        }
        return reply;
    }

    /** STARTTLS and the handshake (RFC 3207 §4); the caller says EHLO again, as §4.2 requires. */
    SmtpReply startTls(ClientTls tlsClient) throws IOException {
        var reply = command("STARTTLS", timeouts.greeting());
        if (reply.code() != 220) return reply;
        attach(tlsClient.wrap(socket, host, socket.getPort(), (int) timeouts.greeting().toMillis()));
        tls = true;
        extensions = Map.of();
        return reply;
    }

    /** AUTH PLAIN with the initial response (RFC 4954 §4, RFC 4616). */
    SmtpReply authPlain(String user, String password) throws IOException {
        var token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return command("AUTH PLAIN " + token, timeouts.mail());
    }

    /** Sends a command and reads its reply. */
    SmtpReply command(String line, Duration timeout) throws IOException {
        send(line);
        out.flush();
        return read(timeout);
    }

    /** Queues a command without flushing, for PIPELINING (RFC 2920). */
    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void flush() throws IOException { out.flush(); }

    ClientTimeouts timeouts() { return timeouts; }

    /**
     * Sends the body after DATA's 354: dot-stuffed (RFC 5321 §4.5.2), ended by CRLF.CRLF. The body's line ends are
     * CRLF already; a last line without one gets it.
     */
    void data(InputStream body) throws IOException {
        socket.setSoTimeout((int) timeouts.dataBlock().toMillis());
        var buffer = new byte[16 * 1024];
        boolean lineStart = true;
        int last = -1;
        for (int n; (n = body.read(buffer)) > 0; ) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (lineStart && buffer[i] == '.') {
                    out.write(buffer, from, i - from);
                    out.write('.');
                    from = i;
                }
                lineStart = buffer[i] == '\n';
            }
            out.write(buffer, from, n - from);
            last = buffer[n - 1];
        }
        if (last != -1 && last != '\n') out.write(new byte[] {'\r', '\n'});
        out.write(new byte[] {'.', '\r', '\n'});
        out.flush();
    }

    /** Sends the body as one BDAT chunk of {@code size} bytes marked LAST (RFC 3030 §2); no dot-stuffing. */
    void bdat(InputStream body, long size) throws IOException {
        socket.setSoTimeout((int) timeouts.dataBlock().toMillis());
        send("BDAT " + size + " LAST");
        long sent = body.transferTo(out);
        if (sent != size) throw new IOException("the queued body has " + sent + " bytes, not the " + size + " recorded");
        out.flush();
    }

    /** Reads one reply, single or multiline (RFC 5321 §4.2.1), within {@code timeout}. */
    SmtpReply read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        var lines = new ArrayList<String>();
        int code = -1;
        try {
            while (true) {
                var line = in.readLine();
                if (line == null) throw new IOException("connection closed by " + host);
                if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                        || !Character.isDigit(line.charAt(2))) {
                    throw new IOException(host + " sent a malformed reply line: " + abbreviate(line));
                }
                code = Integer.parseInt(line.substring(0, 3));
                lines.add(line.length() > 4 ? line.substring(4) : "");
                if (line.length() == 3 || line.charAt(3) != '-') break;
                if (lines.size() >= REPLY_LINES) throw new IOException(host + " sent a reply of too many lines");
            }
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no reply from " + host + " within " + timeout.toSeconds() + "s");
        }
        return reply(code, lines);
    }

    /** The reply with its enhanced status code (RFC 2034 §4) split off each line when the host gave one. */
    private SmtpReply reply(int code, List<String> lines) {
        var m = ENHANCED.matcher(lines.getFirst());
        if (!m.matches() || m.group(1).charAt(0) != (char) ('0' + code / 100)) {
            return new SmtpReply(code, "", String.join("\n", lines), host);
        }
        var enhanced = m.group(1);
        var text = new ArrayList<String>();
        for (var line : lines) text.add(line.startsWith(enhanced) ? line.substring(enhanced.length()).strip() : line);
        return new SmtpReply(code, enhanced, String.join("\n", text), host);
    }

    /** EHLO keywords (upper-case) and their parameters; the first line is the greeting (RFC 5321 §4.1.1.1). */
    private static Map<String, String> extensions(String text) {
        var map = new HashMap<String, String>();
        var lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            var parts = lines[i].strip().split(" ", 2);
            if (!parts[0].isEmpty()) map.put(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
        }
        return map;
    }

    private static String abbreviate(String line) {
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }

    /** True while the connection has not been closed from our side. */
    boolean open() { return !socket.isClosed(); }

    /** QUIT politely, briefly, and close (RFC 5321 §4.1.1.10). */
    void quit() {
        try {
            send("QUIT");
            out.flush();
            read(Duration.ofSeconds(2));
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
