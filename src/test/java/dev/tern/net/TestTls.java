package dev.tern.net;

import dev.tern.tls.SelfSignedCertificate;
import dev.tern.tls.TlsContext;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A server certificate made for a test, and a client that trusts any certificate. */
final class TestTls {
    private TestTls() {}

    static TlsContext serverContext(Path dir) {
        var cert = dir.resolve("cert.pem");
        var key = dir.resolve("key.pem");
        SelfSignedCertificate.write("localhost", cert, key);
        return TlsContext.load(cert, key);
    }

    static SSLSocket clientOver(Socket plain) throws IOException {
        var socket = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
        socket.setUseClientMode(true);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return socket;
    }

    static SSLContext trustAll() {
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
