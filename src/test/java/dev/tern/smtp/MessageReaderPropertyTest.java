package dev.tern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.net.LineReader;
import dev.tern.smtp.MessageReader.Outcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever mix of CR, LF and dots a client sends, DATA ends exactly after the first CRLF "." CRLF (counting the
 * DATA command's own CRLF before the text), never earlier and never later: the property that SMTP smuggling breaks.
 */
class MessageReaderPropertyTest {

    @Provide
    Arbitrary<String> tricky() {
        return Arbitraries.strings().withChars('\r', '\n', '.', 'a').ofMaxLength(60);
    }

    @Property(tries = 2000)
    void dataEndsExactlyAtTheFirstCrlfDotCrlf(@ForAll("tricky") String text) throws Exception {
        var input = text + "\r\n.\r\nNEXT\r\n";
        int end = ("\r\n" + input).indexOf("\r\n.\r\n") - 2 + 5; // index in input just after the terminator
        var in = new LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.US_ASCII)), 1000);
        var out = new ByteArrayOutputStream();
        var result = MessageReader.readData(in, out, 10_000, 1000, System.nanoTime() + 60_000_000_000L);
        var rest = new ByteArrayOutputStream();
        in.transferTo(rest, in.buffered());
        assertThat(rest.toString(StandardCharsets.US_ASCII)).isEqualTo(input.substring(end));

        var body = input.substring(0, Math.max(0, end - 3)); // the text before ".\r\n", its last CRLF included
        boolean clean = body.replace("\r\n", "").indexOf('\r') < 0 && body.replace("\r\n", "").indexOf('\n') < 0;
        if (clean) {
            assertThat(result.outcome()).isEqualTo(Outcome.COMPLETE);
            // RFC 5321 §4.5.2: each line loses one leading dot, and nothing else changes.
            var unstuffed = new StringBuilder();
            for (var line : body.split("\r\n", -1)) {
                unstuffed.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
            }
            unstuffed.setLength(Math.max(0, unstuffed.length() - 2)); // split's empty piece after the last CRLF
            assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(unstuffed.toString());
        } else {
            assertThat(result.outcome()).isEqualTo(Outcome.BARE_LINE_END);
        }
    }
}
