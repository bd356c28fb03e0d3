package dev.tern.smtp;

import dev.tern.server.TernTestServer;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw SMTP client for transcript tests: writes exactly the bytes a test gives, and reads whole replies
 * (multi-line ones joined with "\n"). Unbuffered on the read side, so that nothing is read past a reply before
 * a TLS upgrade.
 */
final class SmtpClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    final String greeting;

    private SmtpClient(Socket socket) throws IOException {
        attach(socket);
        greeting = reply();
    }

    static SmtpClient connect(int port) throws IOException {
        return new SmtpClient(TernTestServer.connect(port));
    }

    static SmtpClient connectTls(int port) throws IOException {
        return new SmtpClient(TernTestServer.connectTls(port));
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    /** Sends {@code line} with CRLF and returns the reply. */
    String send(String line) throws IOException {
        write(line + "\r\n");
        return reply();
    }

    void write(String raw) throws IOException {
        write(raw.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Reads one reply: lines up to the one whose fourth character is a space. */
    String reply() throws IOException {
        var text = new StringBuilder();
        while (true) {
            var line = line();
            if (line == null) throw new EOFException("connection closed; read so far: " + text);
            if (!text.isEmpty()) text.append('\n');
            text.append(line);
            if (line.length() < 4 || line.charAt(3) == ' ') return text.toString();
        }
    }

    /** Whether the server closed the connection (end of stream before any further byte). */
    boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    void startTls() throws IOException {
        socket = TernTestServer.upgrade(socket);
        attach(socket);
    }

    private String line() throws IOException {
        var bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                var s = bytes.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            bytes.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException { socket.close(); }
}
