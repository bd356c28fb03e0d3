package dev.tern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** AUTHENTICATE SCRAM-SHA-256 (RFC 7677) with SASL-IR, the client side written out from RFC 5802 §3. */
@TernTest
class ScramAuthenticationTest {
    private static final Base64.Encoder B64 = Base64.getEncoder();

    @Test
    void scramWithInitialResponseLogsIn(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        try (var c = new ImapClient(fixture.connect())) {
            c.readLine();
            var clientFirstBare = "n=" + ImapFixture.USER + ",r=clientnonce123";
            c.send("s1 AUTHENTICATE SCRAM-SHA-256 " + b64("n,," + clientFirstBare));
            var serverFirst = unb64(continuation(c.readLine()));
            var attrs = attributes(serverFirst);
            assertThat(attrs.get("r")).startsWith("clientnonce123");
            var withoutProof = "c=biws,r=" + attrs.get("r");
            var salted = pbkdf2(ImapFixture.PASSWORD, Base64.getDecoder().decode(attrs.get("s")),
                    Integer.parseInt(attrs.get("i")));
            var clientKey = hmac(salted, "Client Key");
            var storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            var signature = hmac(storedKey, clientFirstBare + "," + serverFirst + "," + withoutProof);
            var proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
            c.send(b64(withoutProof + ",p=" + B64.encodeToString(proof)));
            var serverFinal = unb64(continuation(c.readLine()));
            var serverKey = hmac(salted, "Server Key");
            var expected = B64.encodeToString(hmac(serverKey, clientFirstBare + "," + serverFirst + "," + withoutProof));
            assertThat(serverFinal).isEqualTo("v=" + expected);
            c.send("");
            assertThat(c.readLine()).startsWith("s1 OK [CAPABILITY IMAP4rev2");
            assertThat(c.command("SELECT INBOX").getLast()).contains("OK [READ-WRITE]");
        }
    }

    @Test
    void scramWithAWrongPasswordFails(TernTestServer server) throws Exception {
        var fixture = new ImapFixture(server);
        try (var c = new ImapClient(fixture.connect())) {
            c.readLine();
            c.send("s1 AUTHENTICATE SCRAM-SHA-256 " + b64("n,,n=" + ImapFixture.USER + ",r=abc"));
            var attrs = attributes(unb64(continuation(c.readLine())));
            c.send(b64("c=biws,r=" + attrs.get("r") + ",p=" + B64.encodeToString(new byte[32])));
            assertThat(c.readLine()).isEqualTo("s1 NO [AUTHENTICATIONFAILED] Authentication failed");
        }
    }

    private static String continuation(String line) {
        assertThat(line).startsWith("+ ");
        return line.substring(2);
    }

    private static HashMap<String, String> attributes(String message) {
        var map = new HashMap<String, String>();
        for (var part : message.split(",")) map.put(part.substring(0, 1), part.substring(2));
        return map;
    }

    private static String b64(String s) { return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

    private static String unb64(String s) { return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8); }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) throws Exception {
        var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    }

    private static byte[] hmac(byte[] key, String text) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }
}
