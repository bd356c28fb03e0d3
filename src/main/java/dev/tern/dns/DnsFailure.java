package dev.tern.dns;

import java.io.IOException;

/** The DNS could not answer now (timeout, SERVFAIL, unreachable resolver): try again later (RFC 5321 §5.1). */
public final class DnsFailure extends IOException {
    public DnsFailure(String message) { super(message); }

    public DnsFailure(String message, Throwable cause) { super(message, cause); }
}
