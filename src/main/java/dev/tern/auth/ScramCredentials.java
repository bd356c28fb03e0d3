package dev.tern.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the server keeps to answer SCRAM-SHA-256 (RFC 5802 §3, RFC 7677) without the password: the salt, the
 * iteration count, {@code StoredKey} and {@code ServerKey}. Written in the RFC 5803 form
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} (padded standard base64).
 */
public record ScramCredentials(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {

    /** RFC 7677 §4 asks for at least 4096; more costs each client a few milliseconds once per login. */
    public static final int DEFAULT_ITERATIONS = 10_000;
    private static final int MIN_ITERATIONS = 4096;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final Pattern RFC5803 = Pattern.compile(
            "SCRAM-SHA-256\\$(\\d{1,9}):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");

    public ScramCredentials {
        if (iterations < 1) throw new IllegalArgumentException("SCRAM iteration count must be positive");
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    @Override public byte[] salt() { return salt.clone(); }

    @Override public byte[] storedKey() { return storedKey.clone(); }

    @Override public byte[] serverKey() { return serverKey.clone(); }

    /** Derives credentials for {@code password} with a fresh 16-byte random salt. */
    public static ScramCredentials derive(String password, int iterations, SecureRandom random) {
        if (iterations < MIN_ITERATIONS) throw new IllegalArgumentException(
                "SCRAM-SHA-256 needs at least " + MIN_ITERATIONS + " iterations (RFC 7677 §4), not " + iterations);
        var salt = new byte[16];
        random.nextBytes(salt);
        return derive(password, salt, iterations);
    }

    /** RFC 5802 §3: SaltedPassword, ClientKey, StoredKey and ServerKey from the SASLprepped password. */
    public static ScramCredentials derive(String password, byte[] salt, int iterations) {
        var salted = hi(SaslPrep.prepare(password).getBytes(StandardCharsets.UTF_8), salt, iterations);
        var clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        var serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        return new ScramCredentials(iterations, salt, sha256(clientKey), serverKey);
    }

    /** The RFC 5803 string. */
    public String format() {
        var b64 = Base64.getEncoder();
        return "SCRAM-SHA-256$" + iterations + ":" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(storedKey) + ":" + b64.encodeToString(serverKey);
    }

    /** Parses an RFC 5803 string written by {@link #format}. */
    public static ScramCredentials parse(String stored) {
        var m = RFC5803.matcher(stored == null ? "" : stored);
        if (!m.matches()) throw new IllegalArgumentException(
                "not SCRAM-SHA-256 credentials in RFC 5803 form (SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>)");
        int iterations = Integer.parseInt(m.group(1));
        if (iterations > MAX_ITERATIONS) throw new IllegalArgumentException(
                "SCRAM iteration count " + iterations + " is above " + MAX_ITERATIONS);
        var b64 = Base64.getDecoder();
        var credentials = new ScramCredentials(iterations, b64.decode(m.group(2)), b64.decode(m.group(3)),
                b64.decode(m.group(4)));
        if (credentials.storedKey.length != 32 || credentials.serverKey.length != 32) throw new IllegalArgumentException(
                "SCRAM-SHA-256 keys must be 32 bytes each");
        return credentials;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredentials c && c.iterations == iterations && Arrays.equals(c.salt, salt)
                && MessageDigest.isEqual(c.storedKey, storedKey) && MessageDigest.isEqual(c.serverKey, serverKey);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(storedKey); }

    @Override
    public String toString() { return "ScramCredentials[iterations=" + iterations + "]"; }

    // RFC 5802 §2.2: Hi() is PBKDF2 (RFC 8018) with HMAC as the PRF and one block of output.
    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            // A zero-length key is legal for HMAC but refused by SecretKeySpec; HMAC pads keys with zeros to the
            // block size, so a single zero byte is the same key (RFC 2104 §2).
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
            mac.update(salt);
            var u = mac.doFinal(new byte[] {0, 0, 0, 1});
            var result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) result[j] ^= u[j];
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
