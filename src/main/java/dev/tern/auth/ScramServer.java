package dev.tern.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802 §5, RFC 7677): client-first, server-first,
 * client-final, server-final. The protocol decodes each client response from base64 to a string, passes it to
 * {@link #receive}, and sends what the returned {@link Step} says.
 *
 * <p>Tern does not offer SCRAM-SHA-256-PLUS, so a client's "y" flag is accepted and "n" too (RFC 5802 §6),
 * while "p=" (the client insists on channel binding) fails with {@code channel-binding-not-supported}. An
 * unknown user gets a plausible salt and iteration count and fails only at the proof, as RFC 5802 §9 suggests,
 * so that the exchange does not tell which users exist.
 */
public final class ScramServer {

    /** What to do after a client message. */
    public sealed interface Step {
        /** Send {@code message} as a challenge and wait for the next client response. */
        record Challenge(String message) implements Step {}

        /** Authenticated as {@code username}; send {@code serverFinal} ({@code v=...}) as the success data. */
        record Success(String username, String serverFinal) implements Step {}

        /**
         * Authentication failed. {@code error} is the RFC 5802 §7 server-error-value; {@code serverFinal}
         * ({@code e=...}) is present when the exchange reached client-final; {@code detail} is for the log.
         */
        record Failure(String error, String detail, Optional<String> serverFinal) implements Step {}
    }

    private enum State { CLIENT_FIRST, CLIENT_FINAL, DONE }

    private static final byte[] UNKNOWN_USER_SECRET = new byte[32];
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        RANDOM.nextBytes(UNKNOWN_USER_SECRET);
    }

    private final Function<String, Optional<ScramCredentials>> credentials;
    private final Supplier<String> serverNonces;
    private State state = State.CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private String username;
    private ScramCredentials user;
    private boolean userKnown;

    /**
     * @param credentials looks up the stored credentials of a SASLprepped user name
     * @param serverNonces the server's part of each nonce: printable ASCII without ','
     */
    public ScramServer(Function<String, Optional<ScramCredentials>> credentials, Supplier<String> serverNonces) {
        this.credentials = credentials;
        this.serverNonces = serverNonces;
    }

    /** A server with 24 random bytes (base64) as its nonce. */
    public ScramServer(Function<String, Optional<ScramCredentials>> credentials) {
        this(credentials, () -> {
            var bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        });
    }

    public Step receive(String clientMessage) {
        return switch (state) {
            case CLIENT_FIRST -> clientFirst(clientMessage);
            case CLIENT_FINAL -> clientFinal(clientMessage);
            case DONE -> throw new IllegalStateException("the SCRAM exchange has ended; start a new one");
        };
    }

    // RFC 5802 §7: client-first-message = gs2-header client-first-message-bare
    private Step clientFirst(String message) {
        state = State.DONE;
        if (message.startsWith("p=")) {
            return fail("channel-binding-not-supported", "the client requires channel binding, which Tern does not offer");
        }
        if (!message.startsWith("n,") && !message.startsWith("y,")) {
            return fail("other-error", "client-first must start with the gs2-cbind-flag n, y or p=");
        }
        int authzEnd = message.indexOf(',', 2);
        if (authzEnd < 0) return fail("other-error", "client-first lacks the gs2-header's second comma");
        var authzid = message.substring(2, authzEnd);
        gs2Header = message.substring(0, authzEnd + 1);
        clientFirstBare = message.substring(authzEnd + 1);
        var attributes = clientFirstBare.split(",", -1);
        if (attributes[0].startsWith("m=")) {
            return fail("extensions-not-supported", "the client asked for a mandatory extension (m=)");
        }
        if (attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")) {
            return fail("other-error", "client-first-message-bare must be n=<user>,r=<nonce>");
        }
        var name = decodeSaslName(attributes[0].substring(2));
        if (name.isEmpty()) return fail("invalid-username-encoding", "the user name has a bad '=' escape");
        try {
            username = SaslPrep.prepare(name.get());
        } catch (SaslPrep.ProhibitedException e) {
            return fail("invalid-username-encoding", e.getMessage());
        }
        if (!authzid.isEmpty()) {
            var requested = authzid.startsWith("a=") ? decodeSaslName(authzid.substring(2)) : Optional.<String>empty();
            if (requested.isEmpty() || !requested.get().equals(name.get())) {
                return fail("other-error", "acting as another user (authzid) is not supported");
            }
        }
        var clientNonce = attributes[1].substring(2);
        if (clientNonce.isEmpty() || !isPrintable(clientNonce)) {
            return fail("other-error", "the client nonce must be printable ASCII without ','");
        }
        var found = credentials.apply(username);
        userKnown = found.isPresent();
        user = found.orElseGet(() -> standIn(username));
        nonce = clientNonce + serverNonces.get();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(user.salt()) + ",i=" + user.iterations();
        state = State.CLIENT_FINAL;
        return new Step.Challenge(serverFirst);
    }

    // RFC 5802 §7: client-final-message = client-final-message-without-proof "," proof
    private Step clientFinal(String message) {
        state = State.DONE;
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) return failFinal("other-error", "client-final has no proof (p=)");
        var withoutProof = message.substring(0, proofAt);
        var attributes = withoutProof.split(",", -1);
        if (attributes.length < 2 || !attributes[0].startsWith("c=") || !attributes[1].startsWith("r=")) {
            return failFinal("other-error", "client-final must be c=<binding>,r=<nonce>,...,p=<proof>");
        }
        byte[] binding, proof;
        try {
            binding = Base64.getDecoder().decode(attributes[0].substring(2));
            proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            return failFinal("invalid-encoding", "channel binding or proof is not base64");
        }
        // RFC 5802 §6: without channel binding, c= carries exactly the gs2-header the client sent first.
        if (!Arrays.equals(binding, gs2Header.getBytes(StandardCharsets.UTF_8))) {
            return failFinal("channel-bindings-dont-match", "c= does not repeat the gs2-header");
        }
        if (!attributes[1].substring(2).equals(nonce)) {
            return failFinal("other-error", "the nonce is not the one the server sent");
        }
        var authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        var storedKey = user.storedKey();
        var clientSignature = ScramCredentials.hmac(storedKey, authMessage);
        if (proof.length != clientSignature.length) return failFinal("invalid-proof", "the proof has the wrong length");
        var clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        boolean proven = MessageDigest.isEqual(ScramCredentials.sha256(clientKey), storedKey);
        if (!proven || !userKnown) {
            return failFinal("invalid-proof", userKnown ? "wrong password" : "no such user");
        }
        var serverSignature = ScramCredentials.hmac(user.serverKey(), authMessage);
        return new Step.Success(username, "v=" + Base64.getEncoder().encodeToString(serverSignature));
    }

    /** The user name this exchange is about, once client-first has been read. */
    public Optional<String> username() { return Optional.ofNullable(username); }

    private static Step fail(String error, String detail) {
        return new Step.Failure(error, detail, Optional.empty());
    }

    private static Step failFinal(String error, String detail) {
        return new Step.Failure(error, detail, Optional.of("e=" + error));
    }

    // RFC 5802 §5.1: in a saslname ',' is "=2C" and '=' is "=3D"; any other '=' is an error.
    static Optional<String> decodeSaslName(String s) {
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '=') {
                out.append(c);
            } else if (s.startsWith("=2C", i)) {
                out.append(',');
                i += 2;
            } else if (s.startsWith("=3D", i)) {
                out.append('=');
                i += 2;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(out.toString());
    }

    private static boolean isPrintable(String s) {
        return s.chars().allMatch(c -> c >= 0x21 && c <= 0x7E && c != ',');
    }

    // The same user name always gets the same salt, so that repeated probes cannot tell a stand-in from a user.
    private static ScramCredentials standIn(String username) {
        var salt = Arrays.copyOf(ScramCredentials.hmac(UNKNOWN_USER_SECRET,
                username.getBytes(StandardCharsets.UTF_8)), 16);
        var key = new byte[32];
        RANDOM.nextBytes(key);
        return new ScramCredentials(ScramCredentials.DEFAULT_ITERATIONS, salt, key, key);
    }
}
