package dev.tern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CrlfOutputStreamTest {

    private static String normalise(String s, int chunk) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new CrlfOutputStream(bytes, Long.MAX_VALUE)) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < b.length; i += chunk) out.write(b, i, Math.min(chunk, b.length - i));
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void bareLineFeedsBecomeCrlfAndCrlfStays() throws IOException {
        assertThat(normalise("a\nb\r\nc\n\nd\r", 100)).isEqualTo("a\r\nb\r\nc\r\n\r\nd\r");
        assertThat(normalise("\n", 1)).isEqualTo("\r\n");
    }

    @Property
    void resultDoesNotDependOnHowWritesAreSplit(@ForAll String text, @ForAll("chunks") int chunk) throws IOException {
        String latin = text.chars().map(c -> c & 0xFF).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
        String expected = latin.replace("\r\n", "\n").replace("\n", "\r\n");
        // a lone CR before an LF that was already there still pairs with it
        assertThat(normalise(latin, chunk)).isEqualTo(expected);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> chunks() { return net.jqwik.api.Arbitraries.integers().between(1, 7); }

    @Test
    void countsOctetsAndStopsAtTheLimit() throws IOException {
        var out = new CrlfOutputStream(new ByteArrayOutputStream(), 5);
        out.write("ab\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(out.count()).isEqualTo(4);
        assertThatThrownBy(() -> out.write("cd".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(MessageTooLarge.class);
    }
}
