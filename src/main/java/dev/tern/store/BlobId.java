package dev.tern.store;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** The address of a message body: the lower-case hex SHA-256 of its bytes, so that equal bodies are kept once. */
public record BlobId(String sha256) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public BlobId {
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
        }
    }

    public static BlobId ofDigest(byte[] digest) { return new BlobId(HexFormat.of().formatHex(digest)); }

    @Override public String toString() { return sha256; }
}
