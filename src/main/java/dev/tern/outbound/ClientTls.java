package dev.tern.outbound;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for outbound connections. Opportunistic (RFC 7435): encrypt whatever certificate the peer shows, since
 * most MX hosts have none a client could verify and plaintext is the alternative. Verifying: the JDK's trust
 * store and the host name (RFC 6125) must match, or the handshake fails.
 */
public final class ClientTls {
    private final SSLContext context;
    private final boolean verify;

    private ClientTls(SSLContext context, boolean verify) {
        this.context = context;
        this.verify = verify;
    }

    public static ClientTls opportunistic() {
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyCertificate()}, null);
            return new ClientTls(context, false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS client context", e);
        }
    }

    public static ClientTls verifying() {
        try {
            return new ClientTls(SSLContext.getDefault(), true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no default TLS context", e);
        }
    }

    public boolean verifies() { return verify; }

    /** Wraps a connected socket and completes the handshake with {@code host} (also sent as SNI). */
    SSLSocket wrap(Socket plain, String host, int port, int timeoutMillis) throws IOException {
        var ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        var params = ssl.getSSLParameters();
        params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        if (verify) params.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(timeoutMillis);
        ssl.startHandshake();
        return ssl;
    }

    /** Accepts every certificate: for opportunistic TLS only, where the alternative is no encryption at all. */
    private static final class AnyCertificate extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
