package dev.tern.imap.proto;

/** Character classes of RFC 9051 §9's formal syntax. */
final class Syntax {
    private Syntax() {}

    /** ATOM-CHAR: any CHAR except atom-specials ( ) { SP CTL % * " \ ] */
    static boolean isAtomChar(int c) {
        if (c <= 0x20 || c >= 0x7F) return false;
        return switch (c) {
            case '(', ')', '{', '%', '*', '"', '\\', ']' -> false;
            default -> true;
        };
    }

    /** ASTRING-CHAR: ATOM-CHAR or resp-specials ("]"). */
    static boolean isAstringChar(int c) { return isAtomChar(c) || c == ']'; }

    /** list-char: ATOM-CHAR, list-wildcards or resp-specials; 8-bit UTF-8 too, for UTF8=ACCEPT names. */
    static boolean isListChar(int c) { return isAstringChar(c) || c == '%' || c == '*' || c >= 0x80; }
}
