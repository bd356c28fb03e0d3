package dev.tern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Fuzzes the command parser: for any line, it returns a command or throws {@link SmtpError} with a well-formed
 * reply, never anything else. In the suite this runs the seed inputs only; {@code JAZZER_FUZZ=1 mvn test
 * -Dtest=CommandParserFuzzTest} fuzzes for the given duration.
 */
class CommandParserFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parseEitherSucceedsOrExplainsInAReply(@NotNull String line) {
        try {
            var command = CommandParser.parse(line);
            assertThat(command).isNotNull();
            if (command instanceof SmtpCommand.Rcpt rcpt) {
                assertThat(rcpt.recipient().smtpForm()).isNotEmpty();
                assertThat(rcpt.recipient().localPart()).doesNotContain("\r", "\n");
            }
        } catch (SmtpError e) {
            var reply = e.reply();
            assertThat(reply.code()).isBetween(500, 599);
            assertThat(reply.status()).matches("5\\.\\d\\.\\d+");
            assertThat(reply.render()).endsWith("\r\n");
        }
    }
}
