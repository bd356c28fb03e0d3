package dev.tern.mime;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Fuzzes {@link MessageDate#parse} with arbitrary header values: it never throws, and a date it reads, written
 * back in the RFC 1123 form, reads as the same date-time (so nothing out of range gets through). In the suite this
 * runs the seed inputs only; {@code JAZZER_FUZZ=1 mvn test -Dtest=MessageDateFuzzTest} fuzzes.
 */
class MessageDateFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyHeaderValueIsADateOrEmpty(@NotNull String value) {
        var parsed = MessageDate.parse(value);
        if (parsed.isEmpty()) return;
        OffsetDateTime when = parsed.get();
        if (when.getYear() < 1000) return; // RFC 1123 writes four-digit years only
        var again = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT).format(when);
        assertThat(MessageDate.parse(again)).as(again).contains(when);
    }
}
