package dev.tern.imap;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The extensions a session has turned on (RFC 5161 ENABLE, or implicitly): they change what the server sends
 * from then on, so the session and its selected-mailbox view both look here.
 */
final class Enabled {
    static final String IMAP4REV2 = "IMAP4REV2";
    static final String UTF8_ACCEPT = "UTF8=ACCEPT";
    static final String CONDSTORE = "CONDSTORE";
    static final String QRESYNC = "QRESYNC";

    private final Set<String> names = new LinkedHashSet<>();

    /** Turns {@code name} on; false if it was on already. QRESYNC brings CONDSTORE with it (RFC 7162 §3.2.3). */
    boolean add(String name) {
        if (name.equals(QRESYNC)) names.add(CONDSTORE);
        return names.add(name);
    }

    boolean rev2() { return names.contains(IMAP4REV2); }

    /** UTF-8 mailbox names and quoted strings (RFC 6855 §3; IMAP4rev2 has them too). */
    boolean utf8() { return names.contains(IMAP4REV2) || names.contains(UTF8_ACCEPT); }

    /**
     * RFC 7162 §3.1: once on, every untagged FETCH carries MODSEQ and SELECT reports HIGHESTMODSEQ. Turned on by
     * ENABLE, or by the first command that uses CONDSTORE (§3.1 lists them).
     */
    boolean condstore() { return names.contains(CONDSTORE); }

    /** RFC 7162 §3.2.3: VANISHED instead of EXPUNGE, and the QRESYNC SELECT parameter. */
    boolean qresync() { return names.contains(QRESYNC); }
}
