package dev.tern.tls;

import dev.tern.config.TlsConfig;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-signed certificate for the first start, so that STARTTLS and implicit TLS work before the operator installs
 * a real one: EC P-256 (fast to generate, accepted by every current client), valid one year, with the hostname,
 * {@code localhost}, 127.0.0.1 and ::1 as subject alternative names.
 */
public final class SelfSignedCertificate {
    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);
    static final Duration VALIDITY = Duration.ofDays(365);

    private SelfSignedCertificate() {}

    /**
     * Generates a certificate at the configured paths if they are the defaults and both files are missing.
     *
     * @return true if it generated one
     * @throws TlsException if only one of the two files exists, or they cannot be written
     */
    public static boolean createIfMissing(TlsConfig tls, String hostname) {
        boolean cert = Files.exists(tls.certificate());
        boolean key = Files.exists(tls.key());
        if (cert && key) return false;
        if (cert || key || !tls.generateIfMissing()) {
            var missing = cert ? tls.key() : tls.certificate();
            throw new TlsException(missing + ": file not found; install the certificate and key as PEM files there, "
                    + "or remove tls.certificate and tls.key from the configuration (and delete "
                    + (cert ? tls.certificate() : tls.key()) + ") to have a self-signed pair generated");
        }
        write(hostname, tls.certificate(), tls.key());
        log.info("event=tls-generated cert={} hostname={} valid-days={}", tls.certificate(), hostname,
                VALIDITY.toDays());
        return true;
    }

    /** Generates a key pair and certificate for {@code hostname} and writes them as PEM; the key with mode 600. */
    public static void write(String hostname, Path certFile, Path keyFile) {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            var pair = generator.generateKeyPair();
            var name = new X500Name("CN=" + hostname);
            var now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(127, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
            var names = new LinkedHashSet<GeneralName>();
            names.add(new GeneralName(GeneralName.dNSName, hostname));
            names.add(new GeneralName(GeneralName.dNSName, "localhost"));
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            names.add(new GeneralName(GeneralName.iPAddress, "::1"));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            var holder = builder.build(signer);
            writePem(keyFile, pair.getPrivate(), true);
            writePem(certFile, holder, false);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new TlsException("cannot generate a self-signed certificate at " + certFile + ": " + e.getMessage()
                    + "; check that the directory is writable", e);
        }
    }

    private static void writePem(Path file, Object object, boolean secret) throws IOException {
        var text = new StringWriter();
        try (var pem = new JcaPEMWriter(text)) {
            pem.writeObject(object instanceof java.security.PrivateKey key
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null) : object);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (secret) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                throw new IOException(file + " exists already; not overwriting a private key", e);
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
        }
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }
}
