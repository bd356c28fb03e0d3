package dev.tern.delivery;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Received:} trace field a receiving SMTP server prepends (RFC 5321 §4.4): who sent it (the EHLO name
 * and the client's address), who took it, with which protocol — the "with" keywords of RFC 3848 and RFC 6531
 * §3.7.3 say whether TLS and authentication were used, and the TLS version and cipher follow as a comment, as
 * RFC 8314 §7.4 recommends — the transaction id, the recipient when there is only one, and the time.
 *
 * @param heloName what the client gave in EHLO/HELO (sanitised here: it is the client's text)
 * @param tls      e.g. "TLSv1.3 TLS_AES_128_GCM_SHA256" when the message came over TLS
 */
public record ReceivedHeader(String heloName, InetAddress client, String byHost, String with, Optional<String> tls,
                             String id, Optional<String> forRecipient, ZonedDateTime date) {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    /**
     * The "with" keyword (RFC 3848 §2, RFC 6531 §3.7.3): SMTP after HELO, ESMTP after EHLO, an S for TLS, an A
     * for an authenticated client; UTF8SMTP in place of ESMTP for an SMTPUTF8 transaction.
     */
    public static String protocol(boolean extended, boolean tls, boolean authenticated, boolean smtpUtf8) {
        var base = smtpUtf8 ? "UTF8SMTP" : extended ? "ESMTP" : "SMTP";
        if (!extended && !smtpUtf8) return base;
        return base + (tls ? "S" : "") + (authenticated ? "A" : "");
    }

    /** The field with its CRLF, folded before each clause so no line grows long. */
    public String render() {
        var address = client.getHostAddress();
        var literal = client instanceof Inet6Address ? "[IPv6:" + address + "]" : "[" + address + "]";
        var out = new StringBuilder("Received: from ").append(clean(heloName)).append(" (").append(literal).append(")\r\n");
        out.append("\tby ").append(byHost).append(" (Tern) with ").append(with).append(" id ").append(id).append("\r\n");
        tls.ifPresent(t -> out.append("\t(").append(t).append(")\r\n")); // the JDK's names, not client text
        forRecipient.ifPresent(r -> out.append("\tfor <").append(clean(r)).append(">\r\n"));
        out.append("\t; ").append(DATE.format(date)).append("\r\n");
        return out.toString();
    }

    /** Only printable ASCII other than parentheses: the text comes from the client and must not break the field. */
    private static String clean(String text) {
        var out = new StringBuilder(Math.min(text.length(), 255));
        for (int i = 0; i < text.length() && i < 255; i++) {
            char c = text.charAt(i);
            out.append(c > 32 && c < 127 && c != '(' && c != ')' ? c : '?');
        }
        return out.isEmpty() ? "?" : out.toString();
    }
}
