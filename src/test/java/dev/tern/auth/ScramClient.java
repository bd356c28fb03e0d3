package dev.tern.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The client's side of SCRAM-SHA-256 (RFC 5802 §3), enough to drive {@link ScramServer} in tests. */
final class ScramClient {
    private ScramClient() {}

    /** The client-final message for {@code password}, given the client-first-bare and the server-first. */
    static String finalMessage(String password, String clientFirstBare, String serverFirst) {
        String nonce = null, salt = null;
        int iterations = 0;
        for (var attribute : serverFirst.split(",")) {
            if (attribute.startsWith("r=")) nonce = attribute.substring(2);
            if (attribute.startsWith("s=")) salt = attribute.substring(2);
            if (attribute.startsWith("i=")) iterations = Integer.parseInt(attribute.substring(2));
        }
        var salted = ScramCredentials.hi(password.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(salt),
                iterations);
        var clientKey = ScramCredentials.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        var withoutProof = "c=biws,r=" + nonce;
        var authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        var signature = ScramCredentials.hmac(ScramCredentials.sha256(clientKey),
                authMessage.getBytes(StandardCharsets.UTF_8));
        var proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }
}
