package dev.tern.mime;

/**
 * Bounds on what parsing a message may cost, whatever the message says.
 *
 * @param maxNestingDepth multiparts and encapsulated messages deeper than this are kept as opaque leaves
 * @param maxParts        parts in one message; later parts are left out of the structure (their octets stay
 *                        in the message and in BODY[TEXT])
 * @param maxHeaderBytes  bytes of one header field that are kept (the rest is skipped, offsets stay exact)
 * @param maxHeaderFields header fields of one header section that are looked at
 */
public record MimeLimits(int maxNestingDepth, int maxParts, int maxHeaderBytes, int maxHeaderFields) {
    public static final MimeLimits DEFAULTS = new MimeLimits(32, 10_000, 64 * 1024, 1_000);

    public MimeLimits {
        if (maxNestingDepth < 1 || maxParts < 1 || maxHeaderBytes < 256 || maxHeaderFields < 16) {
            throw new IllegalArgumentException("MIME limits too small: depth >= 1, parts >= 1, header bytes >= 256,"
                    + " header fields >= 16 (got " + maxNestingDepth + ", " + maxParts + ", " + maxHeaderBytes
                    + ", " + maxHeaderFields + ")");
        }
    }
}
