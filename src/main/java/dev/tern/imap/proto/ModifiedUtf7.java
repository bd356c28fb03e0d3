package dev.tern.imap.proto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Modified UTF-7 for mailbox names (RFC 3501 §5.1.3): printable ASCII stands for itself except {@code &}, which
 * is {@code &-}; other characters are UTF-16 in modified base64 ({@code ,} for {@code /}, no padding) between
 * {@code &} and {@code -}. IMAP4rev1 clients send and expect names in this form unless UTF-8 is enabled.
 */
public final class ModifiedUtf7 {
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private ModifiedUtf7() {}

    public static String encode(String name) {
        var out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c >= 0x20 && c <= 0x7E) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int end = i;
            while (end < name.length() && (name.charAt(end) < 0x20 || name.charAt(end) > 0x7E)) end++;
            var utf16 = name.substring(i, end).getBytes(StandardCharsets.UTF_16BE);
            out.append('&').append(ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
            i = end;
        }
        return out.toString();
    }

    /**
     * Decodes a name sent by an IMAP4rev1 client.
     *
     * @throws IllegalArgumentException naming the fault if {@code name} is not valid modified UTF-7
     */
    public static String decode(String name) {
        var out = new StringBuilder(name.length());
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c > 0x7E) throw new IllegalArgumentException("8-bit character in a modified UTF-7 mailbox name");
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = name.indexOf('-', i + 1);
            if (end < 0) throw new IllegalArgumentException("'&' without its closing '-' in mailbox name " + name);
            if (end == i + 1) {
                out.append('&');
            } else {
                out.append(decodeRun(name.substring(i + 1, end)));
            }
            i = end + 1;
        }
        return out.toString();
    }

    private static String decodeRun(String run) {
        byte[] utf16;
        try {
            utf16 = DECODER.decode(run.replace(',', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad base64 in modified UTF-7 run &" + run + "-");
        }
        if (utf16.length % 2 != 0) throw new IllegalArgumentException("odd UTF-16 length in &" + run + "-");
        var text = StandardCharsets.UTF_16BE.decode(ByteBuffer.wrap(utf16)).toString();
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            // RFC 3501 §5.1.3: printable ASCII must represent itself, never be encoded.
            if (c >= 0x20 && c <= 0x7E) throw new IllegalArgumentException("encoded printable ASCII in &" + run + "-");
        }
        return text;
    }
}
