package dev.tern.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.auth.ScramServer.Step;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScramServerTest {
    // RFC 7677 §3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
    private static final ScramCredentials PENCIL =
            ScramCredentials.derive("pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO" + SERVER_NONCE;
    private static final String CLIENT_FINAL =
            "c=biws,r=" + NONCE + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";

    private static ScramServer server() {
        return new ScramServer(u -> u.equals("user") ? Optional.of(PENCIL) : Optional.empty(), () -> SERVER_NONCE);
    }

    @Test
    void answersRfc7677sExampleExactly() {
        var server = server();
        assertThat(server.receive("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")).isEqualTo(new Step.Challenge(
                "r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThat(server.receive(CLIENT_FINAL)).isEqualTo(
                new Step.Success("user", "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
    }

    @Test
    void storesCredentialsInRfc5803Form() {
        var text = PENCIL.format();
        assertThat(text).startsWith("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$");
        assertThat(ScramCredentials.parse(text)).isEqualTo(PENCIL);
    }

    @Test
    void refusesAWrongProof() {
        var server = server();
        server.receive("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        var step = server.receive("c=biws,r=" + NONCE + ",p=" + Base64.getEncoder().encodeToString(new byte[32]));
        assertThat(step).isEqualTo(new Step.Failure("invalid-proof", "wrong password", Optional.of("e=invalid-proof")));
    }

    @Test
    void anUnknownUserGetsAChallengeAndFailsOnlyAtTheProof() {
        var server = server();
        var first = server.receive("n,,n=nobody,r=abc");
        assertThat(first).isInstanceOf(Step.Challenge.class);
        assertThat(((Step.Challenge) first).message()).matches("r=abc.+,s=[A-Za-z0-9+/=]+,i=\\d+");
        var again = server().receive("n,,n=nobody,r=abc");
        assertThat(again).as("the same stand-in salt each time").isEqualTo(first);
        var last = server.receive("c=biws,r=abc" + SERVER_NONCE + ",p=" + Base64.getEncoder().encodeToString(new byte[32]));
        assertThat(last).isInstanceOf(Step.Failure.class);
        assertThat(((Step.Failure) last).serverFinal()).contains("e=invalid-proof");
    }

    @Test
    void acceptsTheClientsYFlagSinceNoPlusVariantIsOffered() {
        var server = server();
        assertThat(server.receive("y,,n=user,r=rOprNGfwEbeRWgbNEkqO")).isInstanceOf(Step.Challenge.class);
        // c= must now repeat "y,," and the proof is over that AuthMessage, so the RFC's proof no longer fits
        var step = server.receive("c=eSws,r=" + NONCE + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(((Step.Failure) step).error()).isEqualTo("invalid-proof");
    }

    @Test
    void rejectsChannelBindingCleanly() {
        var step = server().receive("p=tls-exporter,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        assertThat(step).isInstanceOf(Step.Failure.class);
        assertThat(((Step.Failure) step).error()).isEqualTo("channel-binding-not-supported");
    }

    @Test
    void rejectsAChannelBindingThatDoesNotRepeatTheHeader() {
        var server = server();
        server.receive("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        var step = server.receive("c=eSws,r=" + NONCE + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(((Step.Failure) step).serverFinal()).contains("e=channel-bindings-dont-match");
    }

    @Test
    void rejectsANonceTheServerDidNotSend() {
        var server = server();
        server.receive("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        var step = server.receive("c=biws,r=rOprNGfwEbeRWgbNEkqOforged,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(((Step.Failure) step).error()).isEqualTo("other-error");
    }

    @Test
    void rejectsMandatoryExtensionsAndBadEscapes() {
        assertThat(((Step.Failure) server().receive("n,,m=x,n=user,r=abc")).error())
                .isEqualTo("extensions-not-supported");
        assertThat(((Step.Failure) server().receive("n,,n=us=er,r=abc")).error())
                .isEqualTo("invalid-username-encoding");
        assertThat(((Step.Failure) server().receive("n,,r=abc")).error()).isEqualTo("other-error");
    }

    @Test
    void decodesEscapedCommasAndEqualsInUserNames() {
        assertThat(ScramServer.decodeSaslName("a=2Cb=3Dc")).contains("a,b=c");
        assertThat(ScramServer.decodeSaslName("a=2")).isEmpty();
    }

    @Test
    void refusesActingAsAnotherUser() {
        assertThat(((Step.Failure) server().receive("n,a=admin,n=user,r=abc")).error()).isEqualTo("other-error");
        assertThat(server().receive("n,a=user,n=user,r=abc")).isInstanceOf(Step.Challenge.class);
    }

    @Test
    void derivesTheSameKeysForAnEmptyPasswordAsHmacWithAnEmptyKey() {
        var salt = new byte[16];
        var empty = ScramCredentials.derive("", salt, 4096);
        assertThat(empty.storedKey()).hasSize(32);
        assertThat(empty).isNotEqualTo(ScramCredentials.derive("x", salt, 4096));
    }
}
