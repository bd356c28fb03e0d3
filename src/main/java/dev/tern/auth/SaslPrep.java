package dev.tern.auth;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013), the stringprep profile that SCRAM applies to user names and passwords (RFC 5802 §2.2).
 * Unicode property tables come from the running JDK rather than Unicode 3.2, which matters only for characters
 * assigned after 2002; ASCII strings (the common case) pass unchanged unless they hold control characters.
 */
public final class SaslPrep {
    private SaslPrep() {}

    /** A string that SASLprep refuses; the message names the character. */
    public static final class ProhibitedException extends IllegalArgumentException {
        ProhibitedException(String message) { super(message); }
    }

    /**
     * Prepares {@code s} as a stored string (RFC 3454 §7: unassigned code points are refused), which is what
     * both the credentials we store and the SCRAM exchange use, so that both sides agree.
     */
    public static String prepare(String s) {
        var mapped = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (isNonAsciiSpace(cp)) mapped.append(' ');             // RFC 4013 §2.1, table C.1.2
            else if (!isMappedToNothing(cp)) mapped.appendCodePoint(cp); // RFC 4013 §2.1, table B.1
        });
        var normal = Normalizer.normalize(mapped, Normalizer.Form.NFKC); // RFC 4013 §2.2
        normal.codePoints().forEach(cp -> {
            if (isProhibited(cp)) throw new ProhibitedException(
                    "the character U+%04X is not allowed in a user name or password (RFC 4013 §2.3)".formatted(cp));
        });
        checkBidi(normal);
        return normal;
    }

    // RFC 3454 table B.1
    private static boolean isMappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF;
    }

    // RFC 3454 table C.1.2
    private static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    // RFC 4013 §2.3: tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9, and unassigned (A.1)
    private static boolean isProhibited(int cp) {
        if (isNonAsciiSpace(cp)) return true;
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return true;              // C.2.1, C.2.2
        if (cp == 0x06DD || cp == 0x070F || cp == 0x180E || cp == 0x200C || cp == 0x200D || cp == 0x2028
                || cp == 0x2029 || (cp >= 0x2060 && cp <= 0x2063) || (cp >= 0x206A && cp <= 0x206F)
                || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFC) || (cp >= 0x1D173 && cp <= 0x1D17A)) return true;
        int type = Character.getType(cp);
        if (type == Character.PRIVATE_USE || type == Character.SURROGATE) return true;       // C.3, C.5
        if ((cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF)) return true;           // C.4
        if (cp >= 0xFFF9 && cp <= 0xFFFD) return true;                                        // C.6
        if (cp >= 0x2FF0 && cp <= 0x2FFB) return true;                                        // C.7
        if (cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x206A && cp <= 0x206F)) return true; // C.8
        if (cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F)) return true;                   // C.9
        return !Character.isDefined(cp);                                                      // A.1
    }

    // RFC 3454 §6: a string with right-to-left characters must not contain left-to-right ones, and must start
    // and end with a right-to-left character.
    private static void checkBidi(String s) {
        boolean rtl = false, ltr = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            byte d = Character.getDirectionality(cp);
            if (d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC) rtl = true;
            if (d == Character.DIRECTIONALITY_LEFT_TO_RIGHT) ltr = true;
            i += Character.charCount(cp);
        }
        if (!rtl) return;
        if (ltr || !isRtl(s.codePointAt(0)) || !isRtl(s.codePointBefore(s.length()))) {
            throw new ProhibitedException(
                    "a user name or password with right-to-left characters must not mix in left-to-right ones"
                            + " and must begin and end with a right-to-left character (RFC 3454 §6)");
        }
    }

    private static boolean isRtl(int cp) {
        byte d = Character.getDirectionality(cp);
        return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }
}
