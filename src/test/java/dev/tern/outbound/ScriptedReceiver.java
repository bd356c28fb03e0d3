package dev.tern.outbound;

import dev.tern.tls.SelfSignedCertificate;
import dev.tern.tls.TlsContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An SMTP receiver for tests on a loopback address: it offers the extensions it is told, answers by rules the test
 * sets (MAIL, RCPT and the end of data), and records every transaction it accepted and every command it saw.
 */
public final class ScriptedReceiver implements AutoCloseable {
    /** A finished transaction: the MAIL and RCPT lines and the message as received (dot-stuffing undone). */
    public record Received(String mailFrom, List<String> rcptTo, byte[] message, boolean tls) {
        public String text() { return new String(message, StandardCharsets.UTF_8); }
    }

    private final ServerSocket server;
    private final Thread acceptor;
    public volatile Set<String> extensions = Set.of("PIPELINING", "8BITMIME", "SIZE 100000000", "DSN",
            "ENHANCEDSTATUSCODES", "SMTPUTF8");
    public volatile String greeting = "220 receiver ready";
    public volatile Function<String, String> mailReply = line -> "250 2.1.0 ok";
    public volatile Function<String, String> rcptReply = line -> "250 2.1.5 ok";
    public volatile Function<Received, String> dataReply = r -> "250 2.0.0 queued";
    public final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    public final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger connections = new AtomicInteger();
    /**
     * When set, the connection is closed after each message: with this line sent first (e.g. a 421), or silently
     * when empty, as a server that ends idle or busy connections does.
     */
    public volatile String closeAfterMessage;
    private volatile TlsContext tls;

    /** Listens on {@code address} (a 127.0.0.x) and {@code port} (0 for any free one). */
    public ScriptedReceiver(String address, int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        acceptor = Thread.ofPlatform().daemon(true).name("receiver-" + address).start(this::accept);
    }

    public int port() { return server.getLocalPort(); }

    /** Offers STARTTLS with a fresh self-signed certificate written under {@code dir}. */
    public ScriptedReceiver withStartTls(Path dir) {
        var cert = dir.resolve("receiver-cert.pem");
        var key = dir.resolve("receiver-key.pem");
        SelfSignedCertificate.write("localhost", cert, key);
        tls = TlsContext.load(cert, key);
        return this;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                var socket = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            var session = new Session(socket, false);
            session.run();
        } catch (IOException e) {
            // the client went away
        }
    }

    private final class Session {
        Socket socket;
        InputStream in;
        OutputStream out;
        boolean secured;

        Session(Socket socket, boolean secured) throws IOException {
            this.socket = socket;
            this.secured = secured;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void run() throws IOException {
            reply(greeting);
            if (!greeting.startsWith("220")) return;
            String mail = null;
            var rcpts = new ArrayList<String>();
            for (String line; (line = readLine()) != null; ) {
                commands.add(line);
                var verb = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
                switch (verb) {
                    case "EHLO" -> {
                        var lines = new ArrayList<String>();
                        lines.add("receiver");
                        lines.addAll(extensions);
                        if (tls != null && !secured) lines.add("STARTTLS");
                        if (extensions.contains("CHUNKING")) lines.add("CHUNKING");
                        var text = new StringBuilder();
                        for (int i = 0; i < lines.size(); i++) {
                            text.append("250").append(i == lines.size() - 1 ? " " : "-").append(lines.get(i))
                                    .append("\r\n");
                        }
                        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    case "HELO" -> reply("250 receiver");
                    case "STAR" -> {
                        reply("220 2.0.0 go ahead");
                        var ssl = tls.wrap(socket);
                        ssl.startHandshake();
                        socket = ssl;
                        in = ssl.getInputStream();
                        out = ssl.getOutputStream();
                        secured = true;
                    }
                    case "MAIL" -> {
                        var answer = mailReply.apply(line);
                        if (answer.startsWith("2")) {
                            mail = line;
                            rcpts.clear();
                        }
                        reply(answer);
                    }
                    case "RCPT" -> {
                        var answer = mail == null ? "503 5.5.1 MAIL first" : rcptReply.apply(line);
                        if (answer.startsWith("2")) rcpts.add(line);
                        reply(answer);
                    }
                    case "DATA" -> {
                        if (mail == null || rcpts.isEmpty()) {
                            reply("554 5.5.1 no valid recipients");
                            continue;
                        }
                        reply("354 go ahead");
                        var message = readData();
                        if (message == null) return; // the client went away before the final dot
                        finish(new Received(mail, List.copyOf(rcpts), message, secured));
                        mail = null;
                        var closing = closeAfterMessage;
                        if (closing != null) {
                            if (!closing.isEmpty()) reply(closing);
                            return;
                        }
                    }
                    case "BDAT" -> {
                        var parts = line.split(" ");
                        int size = Integer.parseInt(parts[1]);
                        var body = in.readNBytes(size);
                        if (body.length < size) return;
                        if (mail == null || rcpts.isEmpty()) {
                            reply("554 5.5.1 no valid recipients");
                            continue;
                        }
                        finish(new Received(mail, List.copyOf(rcpts), body, secured));
                        mail = null;
                    }
                    case "RSET" -> {
                        mail = null;
                        rcpts.clear();
                        reply("250 2.0.0 ok");
                    }
                    case "NOOP" -> reply("250 2.0.0 ok");
                    case "QUIT" -> {
                        reply("221 2.0.0 bye");
                        return;
                    }
                    case "AUTH" -> reply(line.startsWith("AUTH PLAIN AHVzZXIAc2VjcmV0") ? "235 2.7.0 ok"
                            : "535 5.7.8 bad credentials");
                    default -> reply("500 5.5.2 unknown command");
                }
            }
        }

        private void finish(Received r) throws IOException {
            var answer = dataReply.apply(r);
            if (answer.startsWith("2")) received.add(r);
            reply(answer);
        }

        /** The message up to the final dot, dot-stuffing undone; null if the connection ended first. */
        private byte[] readData() throws IOException {
            var body = new ByteArrayOutputStream();
            for (String line; (line = readLine()) != null; ) {
                if (line.equals(".")) return body.toByteArray();
                if (line.startsWith(".")) line = line.substring(1);
                body.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            return null;
        }

        private String readLine() throws IOException {
            var line = new ByteArrayOutputStream();
            for (int c; (c = in.read()) != -1; ) {
                if (c == '\n') {
                    var bytes = line.toByteArray();
                    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, n, StandardCharsets.UTF_8);
                }
                line.write(c);
            }
            return null;
        }

        private void reply(String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
