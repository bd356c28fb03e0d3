package dev.tern.smtp;

/** The xtext encoding of ENVID, ORCPT and AUTH= (RFC 3461 §4): printable ASCII, with "+XX" for other octets. */
public final class Xtext {
    private Xtext() {}

    /**
     * Decodes {@code text}.
     *
     * @throws SmtpError 501 naming the bad character, when {@code text} is not xtext
     */
    public static String decode(String text) throws SmtpError {
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                if (i + 2 >= text.length()) {
                    throw SmtpError.syntax("xtext '" + text + "' ends inside a +XX escape (RFC 3461 §4)");
                }
                int hi = hex(text.charAt(i + 1));
                int lo = hex(text.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw SmtpError.syntax("xtext '" + text + "' has a + not followed by two upper-case hex digits");
                }
                out.append((char) (hi * 16 + lo));
                i += 2;
            } else if (c < 33 || c > 126 || c == '=') {
                throw SmtpError.syntax("xtext '" + text + "' holds a character that must be written +XX (RFC 3461 §4)");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Encodes {@code text} (ASCII) as xtext, for handing on ORCPT and ENVID. */
    public static String encode(String text) {
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 33 || c > 126 || c == '+' || c == '=') out.append('+').append(String.format("%02X", (int) c & 0xFF));
            else out.append(c);
        }
        return out.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
