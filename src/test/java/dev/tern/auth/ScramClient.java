package dev.tern.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client's side of SCRAM-SHA-256 (RFC 5802 §3, RFC 7677), written out from the RFC on the JDK's primitives
 * so that protocol tests do not check the server's code with itself.
 */
public final class ScramClient {
    private ScramClient() {}

    /** The client-final message and the server-final message a correct server must answer with. */
    public record Final(String message, String expectedServerFinal) {}

    /** Answers {@code serverFirst} for {@code clientFirstBare} (e.g. {@code n=alice,r=nonce}) with no channel binding. */
    public static Final finish(String password, String clientFirstBare, String serverFirst) throws Exception {
        var attributes = attributes(serverFirst);
        var salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(
                password.toCharArray(), Base64.getDecoder().decode(attributes.get("s")),
                Integer.parseInt(attributes.get("i")), 256)).getEncoded();
        var clientKey = hmac(salted, "Client Key");
        var withoutProof = "c=biws,r=" + attributes.get("r");
        var authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        var signature = hmac(MessageDigest.getInstance("SHA-256").digest(clientKey), authMessage);
        var proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
        var serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
        var b64 = Base64.getEncoder();
        return new Final(withoutProof + ",p=" + b64.encodeToString(proof), "v=" + b64.encodeToString(serverSignature));
    }

    /** Just the client-final message of {@link #finish}. */
    public static String finalMessage(String password, String clientFirstBare, String serverFirst) {
        try {
            return finish(password, clientFirstBare, serverFirst).message();
        } catch (Exception e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256 or HmacSHA256", e);
        }
    }

    /** The message's {@code x=value} attributes by their one-letter name. */
    public static Map<String, String> attributes(String message) {
        var map = new HashMap<String, String>();
        for (var part : message.split(",")) map.put(part.substring(0, 1), part.substring(2));
        return map;
    }

    private static byte[] hmac(byte[] key, String text) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }
}
