package dev.tern.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.config.TlsConfig;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextTest {
    @TempDir Path dir;

    private TlsConfig defaults() {
        return new TlsConfig(dir.resolve("tls/cert.pem"), dir.resolve("tls/key.pem"), true);
    }

    @Test
    void firstStartGeneratesASelfSignedCertificateForTheHostname() throws Exception {
        var tls = defaults();
        assertThat(SelfSignedCertificate.createIfMissing(tls, "mail.example.com")).isTrue();
        assertThat(Files.getPosixFilePermissions(tls.key()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(tls.key())).startsWith("-----BEGIN PRIVATE KEY-----");
        var cert = TlsContext.load(tls.certificate(), tls.key()).certificate();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=mail.example.com");
        assertThat(cert.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))))
                .contains("mail.example.com", "localhost", "127.0.0.1");
        var validity = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
        assertThat(validity.toDays()).isBetween(365L, 366L);
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void anExistingPairIsKept() throws Exception {
        var tls = defaults();
        SelfSignedCertificate.createIfMissing(tls, "a.example");
        var before = Files.readString(tls.certificate());
        assertThat(SelfSignedCertificate.createIfMissing(tls, "b.example")).isFalse();
        assertThat(Files.readString(tls.certificate())).isEqualTo(before);
    }

    @Test
    void aMissingKeyBesideACertificateIsAnErrorNotARegeneration() throws Exception {
        var tls = defaults();
        SelfSignedCertificate.createIfMissing(tls, "a.example");
        Files.delete(tls.key());
        assertThatThrownBy(() -> SelfSignedCertificate.createIfMissing(tls, "a.example"))
                .isInstanceOf(TlsException.class).hasMessageStartingWith(tls.key() + ": file not found");
    }

    @Test
    void configuredPathsThatDoNotExistAreNamed() {
        var tls = new TlsConfig(dir.resolve("real.pem"), dir.resolve("real.key"), false);
        assertThatThrownBy(() -> SelfSignedCertificate.createIfMissing(tls, "a.example"))
                .hasMessageContaining(dir.resolve("real.pem") + ": file not found");
        assertThatThrownBy(() -> TlsContext.load(dir.resolve("real.pem"), dir.resolve("real.key")))
                .isInstanceOf(TlsException.class).hasMessageStartingWith(dir.resolve("real.pem") + ": file not found");
    }

    @Test
    void loadsAPkcs1RsaKey() throws Exception {
        var pair = generate("RSA", 2048);
        var cert = selfSign(pair, "SHA256withRSA");
        var certFile = write("rsa.pem", cert);
        var keyFile = write("rsa.key", pair);
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        var context = TlsContext.load(certFile, keyFile);
        assertThat(context.certificate()).isEqualTo(cert);
        assertThat(handshake(context, "TLSv1.3")).isEqualTo(cert);
        assertThat(handshake(context, "TLSv1.2")).isEqualTo(cert);
    }

    @Test
    void theGeneratedCertificateServesTls12AndTls13Handshakes() throws Exception {
        var tls = defaults();
        SelfSignedCertificate.createIfMissing(tls, "a.example");
        var context = TlsContext.load(tls.certificate(), tls.key());
        assertThat(handshake(context, "TLSv1.3")).isEqualTo(context.certificate());
        assertThat(handshake(context, "TLSv1.2")).isEqualTo(context.certificate());
    }

    /** Runs one handshake over loopback with a client limited to {@code version}; returns the server's certificate. */
    private static java.security.cert.Certificate handshake(TlsContext context, String version) throws Exception {
        try (var server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             var accepting = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var serverSide = accepting.submit(() -> {
                try (var ssl = context.wrap(server.accept())) {
                    ssl.setSoTimeout(5000);
                    ssl.startHandshake();
                    ssl.getOutputStream().write('x');
                    ssl.getOutputStream().flush();
                    return ssl.getSession().getProtocol();
                }
            });
            var client = javax.net.ssl.SSLContext.getInstance("TLS");
            client.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] chain, String type) {}

                @Override public void checkServerTrusted(X509Certificate[] chain, String type) {}

                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            java.security.cert.Certificate seen;
            try (var socket = (javax.net.ssl.SSLSocket) client.getSocketFactory()
                    .createSocket(java.net.InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.setSoTimeout(5000);
                socket.setEnabledProtocols(new String[] {version});
                socket.startHandshake();
                assertThat(socket.getInputStream().read()).isEqualTo('x');
                seen = socket.getSession().getPeerCertificates()[0];
            }
            // The client has closed (sending close_notify), so the server's close need not wait for it.
            assertThat(serverSide.get()).isEqualTo(version);
            return seen;
        }
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedByName() throws Exception {
        var tls = defaults();
        SelfSignedCertificate.createIfMissing(tls, "a.example");
        var other = dir.resolve("other");
        SelfSignedCertificate.write("b.example", other.resolve("cert.pem"), other.resolve("key.pem"));
        assertThatThrownBy(() -> TlsContext.load(tls.certificate(), other.resolve("key.pem")))
                .isInstanceOf(TlsException.class)
                .hasMessage(other.resolve("key.pem") + ": this key does not belong to the first certificate in "
                        + tls.certificate() + "; install the key that was made with the certificate");
    }

    @Test
    void filesWithoutPemBlocksAreNamed() throws Exception {
        var junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        var tls = defaults();
        SelfSignedCertificate.createIfMissing(tls, "a.example");
        assertThatThrownBy(() -> TlsContext.load(junk, tls.key()))
                .hasMessageStartingWith(junk + ": no certificate in it");
        assertThatThrownBy(() -> TlsContext.load(tls.certificate(), junk))
                .hasMessageStartingWith(junk + ": no unencrypted private key in it");
    }

    private static KeyPair generate(String algorithm, int size) throws Exception {
        var generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(size);
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSign(KeyPair pair, String signature) throws Exception {
        var name = new X500Name("CN=rsa.example");
        var now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now),
                Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
        var holder = builder.build(new JcaContentSignerBuilder(signature).build(pair.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private Path write(String name, Object object) throws Exception {
        var text = new StringWriter();
        try (var pem = new JcaPEMWriter(text)) {
            pem.writeObject(object);
        }
        return Files.writeString(dir.resolve(name), text.toString());
    }

}
