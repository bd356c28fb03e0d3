package dev.tern.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The base64 wrapping that IMAP, SMTP and POP3 all put around SASL messages. */
public final class SaslBase64 {
    private SaslBase64() {}

    /** A client's "*" cancels the exchange (RFC 9051 §6.2.2, RFC 4954 §4, RFC 5034 §4). */
    public static boolean isCancel(String line) {
        return line.equals("*");
    }

    /**
     * Decodes a client response. A lone "=" is an empty initial response (RFC 4954 §4, RFC 9051 §6.2.2).
     *
     * @throws SaslException if {@code line} is not base64
     */
    public static byte[] decode(String line) throws SaslException {
        if (line.equals("=")) return new byte[0];
        try {
            return Base64.getDecoder().decode(line.strip());
        } catch (IllegalArgumentException e) {
            throw new SaslException("the response is not valid base64");
        }
    }

    /** Encodes a server challenge; an empty one is the empty string. */
    public static String encode(String challenge) {
        return Base64.getEncoder().encodeToString(challenge.getBytes(StandardCharsets.UTF_8));
    }
}
