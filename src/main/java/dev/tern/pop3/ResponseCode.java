package dev.tern.pop3;

/** The extended response codes Tern sends in {@code -ERR [CODE] text} (RFC 2449 §8, RFC 3206). */
enum ResponseCode {
    /** RFC 2449 §8.1.1: the user logged in too recently. */
    LOGIN_DELAY("LOGIN-DELAY"),
    /** RFC 2449 §8.1.2: another session holds the maildrop. */
    IN_USE("IN-USE"),
    /** RFC 3206 §4: a temporary server problem; trying again later may work. */
    SYS_TEMP("SYS/TEMP"),
    /** RFC 3206 §4: a permanent server problem; trying again will not help without an operator. */
    SYS_PERM("SYS/PERM"),
    /** RFC 3206 §5: the credentials were wrong (not a server problem). */
    AUTH("AUTH");

    private final String text;

    ResponseCode(String text) { this.text = text; }

    /** As written on the wire, without brackets. */
    String text() { return text; }
}
