package dev.tern.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The address of a message body: the lower-case hex SHA-256 of its bytes, so that equal bodies are kept once. */
public record BlobId(String sha256) {
    public BlobId {
        if (!isHex64(sha256)) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
        }
    }

    /** 64 lower-case hex digits; a loop, not a regex: every message row read from the store makes a BlobId. */
    private static boolean isHex64(String s) {
        if (s == null || s.length() != 64) return false;
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    public static BlobId ofDigest(byte[] digest) { return new BlobId(HexFormat.of().formatHex(digest)); }

    /** The address of {@code body}, held in memory. */
    public static BlobId of(byte[] body) { return ofDigest(digest().digest(body)); }

    /** A fresh SHA-256 digest, for a body read as a stream and addressed by {@link #ofDigest}. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    @Override public String toString() { return sha256; }
}
