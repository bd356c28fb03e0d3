package dev.tern.outbound;

/**
 * A reply from a remote host (RFC 5321 §4.2): its code, the enhanced status code of RFC 3463 when the host gave one
 * (else empty), the text, and the host that said it. Code 0 stands for no reply at all: a network failure, named
 * in {@code text}.
 */
public record SmtpReply(int code, String enhancedCode, String text, String remoteHost) {

    /** A connection failure or timeout: no SMTP reply to report. */
    public static SmtpReply network(String what, String remoteHost) {
        return new SmtpReply(0, "4.4.1", what, remoteHost);
    }

    /** 2yz: accepted. */
    public boolean positive() { return code >= 200 && code < 400; }

    /** 5yz: permanent; the same request will fail again (RFC 5321 §4.2.1). */
    public boolean permanent() { return code >= 500; }

    /** The text as it appears after {@code smtp;} in a DSN's Diagnostic-Code. */
    public String diagnostic() {
        var oneLine = text.replace('\n', ' ');
        if (code == 0) return oneLine;
        return code + (enhancedCode.isEmpty() ? "" : " " + enhancedCode) + " " + oneLine;
    }
}
