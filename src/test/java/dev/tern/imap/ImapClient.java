package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A bare IMAP client for tests: sends lines, reads response lines (literal data read as lines too). */
final class ImapClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int tags;

    ImapClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static ImapClient loggedIn(ImapFixture fixture, String user) throws IOException {
        var client = new ImapClient(fixture.connect());
        assertThat(client.readLine()).startsWith("* OK");
        assertThat(client.command("LOGIN " + user + " " + ImapFixture.PASSWORD).getLast()).contains("OK");
        return client;
    }

    Socket socket() { return socket; }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line without CRLF, or null at end of stream. */
    String readLine() throws IOException {
        var b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            b.write(c);
        }
        if (c < 0 && b.size() == 0) return null;
        var s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Sends a tagged command and returns every line up to and including its tagged response. */
    List<String> command(String command) throws IOException {
        var tag = "t" + (++tags);
        send(tag + " " + command);
        return until(tag + " ");
    }

    List<String> until(String prefix) throws IOException {
        var lines = new ArrayList<String>();
        while (true) {
            var line = readLine();
            if (line == null) throw new IOException("connection closed; read so far: " + lines);
            lines.add(line);
            if (line.startsWith(prefix)) return lines;
        }
    }

    @Override
    public void close() throws IOException { socket.close(); }
}
