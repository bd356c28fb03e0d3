package dev.tern.auth;

import java.util.Optional;

/**
 * The LOGIN mechanism (draft-murchison-sasl-login): the server asks "Username:" and then "Password:", and the
 * client answers each with one base64 line. Not standardised, but Outlook and many devices still use it. The
 * protocol sends the challenges and hands each decoded answer here.
 */
public final class SaslLogin {
    /** The first challenge, already base64 ("Username:"). */
    public static final String USERNAME_CHALLENGE = "VXNlcm5hbWU6";
    /** The second challenge, already base64 ("Password:"). */
    public static final String PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";

    private String username;

    /**
     * Takes the next decoded client response: the user name first (possibly as the initial response), then the
     * password. Returns the credentials once both are in, empty while the password is still to be asked.
     */
    public Optional<SaslPlain> receive(byte[] response) throws SaslException {
        var text = SaslPlain.utf8(response, 0, response.length);
        if (username == null) {
            if (text.isEmpty()) throw new SaslException("LOGIN needs a user name");
            username = text;
            return Optional.empty();
        }
        if (text.isEmpty()) throw new SaslException("LOGIN needs a password");
        return Optional.of(new SaslPlain("", username, text));
    }
}
