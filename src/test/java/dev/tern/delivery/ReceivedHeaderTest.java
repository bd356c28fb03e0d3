package dev.tern.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReceivedHeaderTest {

    @Test
    void namesClientServerProtocolTlsRecipientAndTime() throws Exception {
        var header = new ReceivedHeader("client.example", InetAddress.getByName("192.0.2.7"), "mx.example.com",
                ReceivedHeader.protocol(true, true, true, false), Optional.of("using TLSv1.3 with cipher TLS_AES_128_GCM_SHA256"),
                "ABC123", Optional.of("bob@example.com"), ZonedDateTime.of(2026, 11, 26, 7, 5, 9, 0, ZoneOffset.UTC));
        assertThat(header.render()).isEqualTo("Received: from client.example ([192.0.2.7])\r\n"
                + "\tby mx.example.com (Tern) with ESMTPSA id ABC123\r\n"
                + "\t(using TLSv1.3 with cipher TLS_AES_128_GCM_SHA256)\r\n"
                + "\tfor <bob@example.com>\r\n"
                + "\t; Thu, 26 Nov 2026 07:05:09 +0000\r\n");
    }

    @Test
    void withKeywordsOfRfc3848And6531() {
        assertThat(ReceivedHeader.protocol(false, false, false, false)).isEqualTo("SMTP");
        assertThat(ReceivedHeader.protocol(true, false, false, false)).isEqualTo("ESMTP");
        assertThat(ReceivedHeader.protocol(true, true, false, false)).isEqualTo("ESMTPS");
        assertThat(ReceivedHeader.protocol(true, false, true, false)).isEqualTo("ESMTPA");
        assertThat(ReceivedHeader.protocol(true, true, true, true)).isEqualTo("UTF8SMTPSA");
    }

    @Test
    void theClientsWordsCannotBreakTheField() throws Exception {
        var header = new ReceivedHeader("evil\r\nX-Injected: yes (x)", InetAddress.getByName("::1"), "mx.example.com",
                "ESMTP", Optional.empty(), "ID", Optional.empty(), ZonedDateTime.now(ZoneOffset.UTC));
        assertThat(header.render()).startsWith("Received: from evil??X-Injected:?yes??x? ([IPv6:0:0:0:0:0:0:0:1])\r\n")
                .doesNotContain("\r\nX-Injected");
    }
}
