package dev.tern.tls;

import java.io.IOException;
import java.io.Reader;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The server side of TLS: an {@link SSLContext} over a PEM certificate chain and key, restricted to TLS 1.2 and 1.3
 * (RFC 8996 retires the older ones). {@link #wrap} turns an accepted socket into a server-mode {@link SSLSocket},
 * for implicit TLS and after STARTTLS alike.
 */
public final class TlsContext {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext context;
    private final X509Certificate certificate;

    private TlsContext(SSLContext context, X509Certificate certificate) {
        this.context = context;
        this.certificate = certificate;
    }

    /** Loads the chain (server certificate first) and its key. @throws TlsException naming the file at fault */
    public static TlsContext load(Path certFile, Path keyFile) {
        var chain = readChain(certFile);
        var key = readKey(keyFile);
        if (!matches(chain.getFirst(), key)) {
            throw new TlsException(keyFile + ": this key does not belong to the first certificate in " + certFile
                    + "; install the key that was made with the certificate");
        }
        try {
            var context = SSLContext.getInstance("TLS");
            var chainArray = chain.toArray(X509Certificate[]::new);
            context.init(new KeyManager[] {new SingleKeyManager(key, chainArray)}, null, null);
            return new TlsContext(context, chain.getFirst());
        } catch (GeneralSecurityException e) {
            throw new TlsException(certFile + ": cannot build a TLS context from it and " + keyFile + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The one certificate and key, offered for every server handshake whose key type matches. Simpler and faster
     * to set up than a PKCS#12 key store built only to be read back by a KeyManagerFactory.
     */
    private static final class SingleKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "tern";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        SingleKeyManager(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        private String aliasFor(String keyType) {
            return keyType != null && keyType.equalsIgnoreCase(key.getAlgorithm()) ? ALIAS : null;
        }

        @Override public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) { return aliasFor(keyType); }

        @Override public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) { return aliasFor(keyType); }

        @Override public String[] getServerAliases(String keyType, Principal[] issuers) {
            return aliasFor(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override public String[] getClientAliases(String keyType, Principal[] issuers) { return null; }

        @Override public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) { return null; }

        @Override public X509Certificate[] getCertificateChain(String alias) { return ALIAS.equals(alias) ? chain.clone() : null; }

        @Override public PrivateKey getPrivateKey(String alias) { return ALIAS.equals(alias) ? key : null; }
    }

    public X509Certificate certificate() { return certificate; }

    /**
     * Wraps a connected socket in a server-mode {@link SSLSocket} over the same TCP connection; the handshake
     * happens on first use or on {@link SSLSocket#startHandshake()}. Closing the SSL socket closes {@code socket}.
     */
    public SSLSocket wrap(Socket socket) throws IOException {
        var host = socket.getInetAddress().getHostAddress();
        var ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.setEnabledProtocols(PROTOCOLS);
        return ssl;
    }

    private static List<X509Certificate> readChain(Path file) {
        var chain = new ArrayList<X509Certificate>();
        try (var parser = new PEMParser(open(file))) {
            var converter = new JcaX509CertificateConverter();
            for (Object o; (o = parser.readObject()) != null; ) {
                if (o instanceof X509CertificateHolder holder) chain.add(converter.getCertificate(holder));
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException(file + ": not a readable PEM certificate chain: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new TlsException(file + ": no certificate in it; expected PEM blocks "
                    + "\"-----BEGIN CERTIFICATE-----\", the server certificate first");
        }
        return chain;
    }

    private static PrivateKey readKey(Path file) {
        try (var parser = new PEMParser(open(file))) {
            var converter = new JcaPEMKeyConverter();
            for (Object o; (o = parser.readObject()) != null; ) {
                switch (o) {
                    case PrivateKeyInfo pkcs8 -> { return converter.getPrivateKey(pkcs8); }
                    case PEMKeyPair pkcs1 -> { return converter.getKeyPair(pkcs1).getPrivate(); }
                    default -> { } // e.g. EC PARAMETERS before the key: skip
                }
            }
        } catch (IOException e) {
            throw new TlsException(file + ": not a readable PEM private key: " + e.getMessage(), e);
        }
        throw new TlsException(file + ": no unencrypted private key in it; expected \"-----BEGIN PRIVATE KEY-----\" "
                + "(PKCS#8), \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\"; decrypt an encrypted key with openssl first");
    }

    private static Reader open(Path file) throws IOException {
        try {
            return Files.newBufferedReader(file, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TlsException(file + ": file not found; check tls.certificate and tls.key in the configuration", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new TlsException(file + ": permission denied; make it readable by the user running tern", e);
        }
    }

    /** Whether {@code key} is the private half of the certificate's public key, by signing a probe. */
    private static boolean matches(X509Certificate cert, PrivateKey key) {
        var algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) return true; // unknown kind: let the handshake be the judge
        try {
            var probe = "tern".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            var sign = java.security.Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            var verify = java.security.Signature.getInstance(algorithm);
            verify.initVerify(cert.getPublicKey());
            verify.update(probe);
            return verify.verify(sign.sign());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
