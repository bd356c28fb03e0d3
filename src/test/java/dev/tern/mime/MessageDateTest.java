package dev.tern.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Date headers (RFC 5322 §3.3 and the obsolete forms of §4.3) as SORT and SEARCH SENT* read them. */
class MessageDateTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Thu, 26 Nov 2026 08:00:00 +0000                 | 2026-11-26T08:00Z",
            "Fri, 21 Nov 1997 09:55:06 -0600                 | 1997-11-21T09:55:06-06:00",
            "21 Nov 1997 09:55:06 -0600                      | 1997-11-21T09:55:06-06:00",
            "Tue, 1 Jul 2003 10:52:37 +0200                  | 2003-07-01T10:52:37+02:00",
            "Thu,13 Feb 1969 23:32 -0330 (Newfoundland Time) | 1969-02-13T23:32-03:30",
            "Thu, 13\\r\\n Feb\\r\\n   1969\\r\\n 23:32\\r\\n  -0330 (Newfoundland Time) | 1969-02-13T23:32-03:30",
            "Fri, 21 Nov 97 09:55:06 GMT                     | 1997-11-21T09:55:06Z",
            "Fri, 21 Nov 19 09:55:06 GMT                     | 2019-11-21T09:55:06Z",
            "Fri, 21 Nov 103 09:55:06 GMT                    | 2003-11-21T09:55:06Z",
            "Mon, 2 Jan 2006 15:04:05 PST                    | 2006-01-02T15:04:05-08:00",
            "Mon, 2 Jan 2006 15:04:05 edt                    | 2006-01-02T15:04:05-04:00",
            "Mon, 2 Jan 2006 15:04:05 Z                      | 2006-01-02T15:04:05Z",
            "Mon, 2 Jan 2006 15:04:05                        | 2006-01-02T15:04:05Z",
            "Mon, 2 Jan 2006 15 : 04 : 05 +0100              | 2006-01-02T15:04:05+01:00",
            "(comment (nested \\) here)) Mon, 2 JAN 2006 15:04:05 +0100 | 2006-01-02T15:04:05+01:00",
            "Sat, 31 Dec 2016 23:59:60 +0000                 | 2016-12-31T23:59:59Z",
    })
    void readsTheDateTimeInItsZone(String header, String expected) {
        assertThat(MessageDate.parse(header.replace("\\r\\n", "\r\n"))).contains(OffsetDateTime.parse(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "''", "yesterday", "Thu, 26 Nov", "Thu, 31 Feb 2026 08:00:00 +0000", "Thu, 26 Nov 2026 24:00:00 +0000",
            "Thu, 26 Nov 2026 08:60:00 +0000", "Thu, 26 Nov 2026 08:00:00 +0099", "Thu, 26 Nov 2026 08:00:00 +2400",
            "Thu, 26 Nov 2026 08:00:00 +01", "Thu, 26 Nov 2026 08:00:00 CEST", "Thx, 26 Nov 2026 08:00:00 +0000",
            "26 Noe 2026 08:00:00 +0000", "2026-11-26T08:00:00Z", "Thu, 26 Nov 2026 0800 +0000", "(unclosed",
            "Thu, 26 Nov 2026 (a\\", "Thu, 026 Nov 2026 08:00:00 +0000",
    })
    void whatIsNotADateIsEmptyNeverAnException(String header) {
        assertThat(MessageDate.parse(header)).isEmpty();
    }

    @Test
    void nothingIsNothing() {
        assertThat(MessageDate.parse(null)).isEmpty();
    }

    /** Whatever a formatter writes as RFC 1123 (the form nearly all mail uses) reads back as the same instant. */
    @Property(tries = 2000)
    void readsWhatAnRfc1123FormatterWrites(@ForAll @LongRange(min = -2_000_000_000L, max = 4_000_000_000L) long seconds,
                                           @ForAll @IntRange(min = -14 * 60, max = 14 * 60) int offsetMinutes) {
        var offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
        var when = OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds), offset);
        var header = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT).format(when);
        assertThat(MessageDate.parse(header)).as(header).contains(when);
    }
}
