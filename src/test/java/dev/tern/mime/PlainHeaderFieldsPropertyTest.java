package dev.tern.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The header split SEARCH uses on plain sections gives exactly the fields mime4j gives: whatever section it accepts,
 * its fields and decoded values equal those of {@link SearchableText#extractHeaderLeniently}.
 */
class PlainHeaderFieldsPropertyTest {

    /** Lines mixing fields, folds, encoded words and the things the plain split must leave to mime4j. */
    @Provide
    Arbitrary<String> sections() {
        var name = Arbitraries.of("Subject", "From", "to", "X-A!b", "a", "X_y~z", "Subject ", " Subject", "Sub ject",
                "", "Ünïcode", "X-\u0001");
        var separator = Arbitraries.of(":", ": ", ":  ", ":\t", " :", "");
        var value = Arbitraries.of("hello", "", "=?UTF-8?B?w6lyaWM=?=", "=?ISO-8859-1?Q?caf=E9?= and more",
                "a =?UTF-8?Q?J=C3=B6rg?= =?UTF-8?Q?_x?= b", "=?bad?X?zz?=", "trailing  ", "tab\there", "caf\u00e9",
                "x=?", "<a@example.com>, \"B\" <b@example.com>");
        var fold = Arbitraries.of("", "\r\n more", "\r\n\tmore", "\r\n \r\n end", "\n bare", "\r bare", "\r\n");
        var field = net.jqwik.api.Combinators.combine(name, separator, value, fold).as((n, s, v, f) -> n + s + v + f);
        var end = Arbitraries.of("\r\n\r\n", "\r\n", "", "\r\n\r\nbody\r\n");
        return net.jqwik.api.Combinators.combine(field.list().ofMinSize(0).ofMaxSize(6), end)
                .as((fields, e) -> String.join("\r\n", fields) + e);
    }

    @Property(tries = 3000)
    void plainSplitAgreesWithMime4jWheneverItAnswers(@ForAll("sections") String section) {
        var bytes = section.getBytes(StandardCharsets.UTF_8);
        var plain = PlainHeaderFields.split(bytes, MimeLimits.DEFAULTS);
        if (plain == null) return;
        var lenient = SearchableText.extractHeaderLeniently(bytes, MimeLimits.DEFAULTS);
        assertThat(new SearchableText(plain, "").headers()).isEqualTo(lenient.headers());
    }

    @Test
    void plainSectionsTakeThePlainSplitAndOthersDoNot() {
        var plain = "Subject: =?UTF-8?B?w6lyaWM=?=\r\n folded\r\nTo: a@example.com\r\n\r\n";
        assertThat(PlainHeaderFields.split(plain.getBytes(StandardCharsets.US_ASCII), MimeLimits.DEFAULTS))
                .containsEntry("subject", List.of("éric folded")).containsEntry("to", List.of("a@example.com"));
        for (var other : List.of("Subject: caf\u00e9\r\n\r\n", "Subject : x\r\n\r\n", " folded first\r\n\r\n",
                "Subject: bare\nTo: x\r\n\r\n", "Subject: cut short")) {
            assertThat(PlainHeaderFields.split(other.getBytes(StandardCharsets.UTF_8), MimeLimits.DEFAULTS))
                    .as(other).isNull();
        }
    }

    @Test
    void fieldsBeyondTheCountLimitAreLeftToMime4j() {
        var limits = new MimeLimits(32, 100, 1024, 16);
        var section = "X: y\r\n".repeat(17) + "\r\n";
        assertThat(PlainHeaderFields.split(section.getBytes(StandardCharsets.US_ASCII), limits)).isNull();
        assertThat(SearchableText.extractHeader(section.getBytes(StandardCharsets.US_ASCII), limits).header("x"))
                .hasSizeLessThanOrEqualTo(16);
    }
}
