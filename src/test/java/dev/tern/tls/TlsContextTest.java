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
        assertThat(TlsContext.load(certFile, keyFile).certificate()).isEqualTo(cert);
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
