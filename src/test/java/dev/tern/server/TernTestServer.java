package dev.tern.server;

import dev.tern.config.ListenerProtocol;
import dev.tern.config.TernConfig;
import dev.tern.config.TlsMode;
import dev.tern.store.Storage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A running test server, as a test sees it: its ports, data directory and store, and clients for it. */
public final class TernTestServer {
    private final TernServer server;

    public TernTestServer(TernServer server) {
        this.server = server;
    }

    public TernServer server() { return server; }

    public TernConfig config() { return server.config(); }

    public Path dataDirectory() { return server.config().dataDirectory(); }

    public Storage storage() { return server.storage(); }

    /** The plaintext (STARTTLS-capable) port of {@code protocol}. */
    public int port(ListenerProtocol protocol) {
        return server.port(protocol, TlsMode.STARTTLS).or(() -> server.port(protocol, TlsMode.NONE))
                .orElseThrow(() -> new IllegalStateException("no plaintext " + protocol + " listener"));
    }

    /** The implicit-TLS port of {@code protocol}. */
    public int implicitTlsPort(ListenerProtocol protocol) {
        return server.port(protocol, TlsMode.IMPLICIT)
                .orElseThrow(() -> new IllegalStateException("no implicit TLS " + protocol + " listener"));
    }

    public int adminPort() { return server.adminPort().orElseThrow(); }

    /** A plain socket to {@code port} on loopback, with a read timeout so that a broken test fails, not hangs. */
    public static Socket connect(int port) throws IOException {
        var socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(5000);
        return socket;
    }

    /** A TLS socket to {@code port}, handshaken, trusting any certificate (the test server's is self-signed). */
    public static SSLSocket connectTls(int port) throws IOException {
        var socket = (SSLSocket) trustAll().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return socket;
    }

    /** Upgrades a connected plain socket to TLS as a client, trusting any certificate. */
    public static SSLSocket upgrade(Socket plain) throws IOException {
        var socket = (SSLSocket) trustAll().getSocketFactory()
                .createSocket(plain, "localhost", plain.getPort(), true);
        socket.setUseClientMode(true);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return socket;
    }

    public static SSLContext trustAll() {
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] chain, String type) {}

                @Override public void checkServerTrusted(X509Certificate[] chain, String type) {}

                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
