package dev.tern.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A POP3 client for transcript tests: one line out, one line (or a multi-line body) back, bytes exact. */
final class Pop3Client implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    final String greeting;

    Pop3Client(Socket socket) throws IOException {
        attach(socket);
        greeting = line();
    }

    static Pop3Client connect(int port) throws IOException { return new Pop3Client(TernTestServer.connect(port)); }

    static Pop3Client connectTls(int port) throws IOException {
        return new Pop3Client(TernTestServer.connectTls(port));
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    Socket socket() { return socket; }

    /** Sends {@code command} and returns the first line of the reply. */
    String send(String command) throws IOException {
        write(command + "\r\n");
        return line();
    }

    void write(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Logs in with USER/PASS and checks the +OK. */
    String login(String user, String password) throws IOException {
        assertThat(send("USER " + user)).startsWith("+OK");
        var reply = send("PASS " + password);
        assertThat(reply).startsWith("+OK maildrop has");
        return reply;
    }

    /** Sends a command whose +OK reply has a multi-line body; returns the body's lines, unstuffed. */
    List<String> multiline(String command) throws IOException {
        var first = send(command);
        assertThat(first).as("reply to " + command).startsWith("+OK");
        return body();
    }

    List<String> body() throws IOException {
        var lines = new ArrayList<String>();
        for (var l = line(); !l.equals("."); l = line()) lines.add(l.startsWith(".") ? l.substring(1) : l);
        return lines;
    }

    /** The raw bytes of a multi-line body, up to and including the terminating ".CRLF". */
    byte[] rawBody() throws IOException {
        var bytes = new ByteArrayOutputStream();
        var line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed inside a multi-line reply");
            bytes.write(b);
            line.write(b);
            if (b == '\n') {
                if (line.toString(StandardCharsets.ISO_8859_1).equals(".\r\n")) return bytes.toByteArray();
                line.reset();
            }
        }
    }

    /** One reply line without CRLF; fails if the line does not end in CRLF. */
    String line() throws IOException {
        var bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') bytes.write(b);
        if (b < 0) return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
        var text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).as("reply line ends in CRLF").endsWith("\r");
        return text.substring(0, text.length() - 1);
    }

    /** True if the server has closed the connection (reads end of stream). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    /** After {@code +OK} to STLS: the TLS handshake as a client. */
    void startTls() throws IOException { attach(TernTestServer.upgrade(socket)); }

    static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String unbase64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException { socket.close(); }
}
