package dev.tern.auth;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * The PLAIN mechanism's one message (RFC 4616 §2): {@code [authzid] NUL authcid NUL passwd}, UTF-8. An empty
 * {@code authorizationId} means "act as authcid".
 */
public record SaslPlain(String authorizationId, String authenticationId, String password) {

    /** RFC 4616 §2: each part is at most 255 octets. */
    private static final int MAX_PART = 255;

    public static SaslPlain decode(byte[] message) throws SaslException {
        int first = indexOf(message, 0);
        int second = first < 0 ? -1 : indexOf(message, first + 1);
        if (first < 0 || second < 0 || indexOf(message, second + 1) >= 0) {
            throw new SaslException("PLAIN expects [authzid] NUL authcid NUL password, with exactly two NULs");
        }
        var authzid = utf8(message, 0, first);
        var authcid = utf8(message, first + 1, second);
        var password = utf8(message, second + 1, message.length);
        if (authcid.isEmpty()) throw new SaslException("PLAIN needs a user name (authcid)");
        if (password.isEmpty()) throw new SaslException("PLAIN needs a password");
        return new SaslPlain(authzid, authcid, password);
    }

    /** Whether the client asks to act as someone other than the user it authenticates as. */
    public boolean actsAsAnother() {
        return !authorizationId.isEmpty() && !authorizationId.equals(authenticationId);
    }

    @Override
    public String toString() {
        return "SaslPlain[authorizationId=" + authorizationId + ", authenticationId=" + authenticationId + "]";
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == 0) return i;
        return -1;
    }

    static String utf8(byte[] b, int from, int to) throws SaslException {
        if (to - from > MAX_PART) throw new SaslException("a PLAIN field is longer than 255 octets");
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new SaslException("the credentials are not valid UTF-8");
        }
    }
}
