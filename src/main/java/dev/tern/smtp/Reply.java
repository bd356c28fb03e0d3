package dev.tern.smtp;

import java.util.List;

/**
 * One SMTP reply: a three-digit code (RFC 5321 §4.2), an enhanced status code (RFC 3463, announced as
 * ENHANCEDSTATUSCODES, RFC 2034) and one or more lines of text. The greeting and the EHLO/HELO answer carry no
 * enhanced code (RFC 2034 §3), so {@code status} is empty there.
 */
public record Reply(int code, String status, List<String> lines) {

    public Reply {
        if (code < 200 || code > 599) throw new IllegalArgumentException("not an SMTP reply code: " + code);
        lines = List.copyOf(lines);
        if (lines.isEmpty()) throw new IllegalArgumentException("a reply needs at least one line of text");
    }

    public Reply(int code, String status, String text) {
        this(code, status, List.of(text));
    }

    /** Whether this is a positive completion (2yz) or intermediate (3yz) reply. */
    public boolean isPositive() { return code < 400; }

    /** The reply as sent: each line {@code code-text} but the last {@code code text}, each ending in CRLF. */
    public String render() {
        var out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (!status.isEmpty()) out.append(status).append(' ');
            out.append(lines.get(i)).append("\r\n");
        }
        return out.toString();
    }

    @Override
    public String toString() { return render().strip(); }
}
