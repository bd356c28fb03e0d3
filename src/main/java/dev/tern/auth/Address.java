package dev.tern.auth;

import java.net.IDN;
import java.util.Locale;

/**
 * A mailbox address {@code local@domain} as Tern keys accounts and aliases: lower case, the domain in ASCII
 * (IDNA, via {@link IDN}). Tern compares local parts case-insensitively, as nearly every mail host does, although
 * RFC 5321 §2.4 lets a host treat them as case-sensitive.
 */
public record Address(String localPart, String domain) {

    // RFC 5321 §4.5.3.1.1 and §4.5.3.1.2
    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_DOMAIN = 255;
    private static final int MAX_LABEL = 63;

    /** The address in lower case, as the store keys it. */
    @Override
    public String toString() { return localPart + "@" + domain; }

    /** An address invalid for an account or alias; the message says what is wrong and what is accepted. */
    public static final class InvalidException extends IllegalArgumentException {
        InvalidException(String message) { super(message); }
    }

    /**
     * Parses an address for an account or alias: the local part a dot-atom (RFC 5322 §3.2.3) of ASCII characters,
     * the domain a host name. Quoted local parts, address literals and non-ASCII local parts are refused.
     *
     * @throws InvalidException naming what is wrong
     */
    public static Address parse(String address) {
        var at = address.lastIndexOf('@');
        if (at < 0) throw new InvalidException("'" + address + "' is not an address: it needs local@domain");
        var local = address.substring(0, at);
        if (local.isEmpty()) throw new InvalidException("'" + address + "' has nothing before the @");
        return new Address(localPart(local, address), domain(address.substring(at + 1)));
    }

    /**
     * Normalises a domain name: IDNA to ASCII, lower case, no trailing dot; each label letters, digits and
     * hyphens, not starting or ending with a hyphen (RFC 5321 §4.1.2, RFC 1123 §2.1).
     *
     * @throws InvalidException naming what is wrong
     */
    public static String domain(String domain) {
        var d = domain.strip();
        if (d.endsWith(".")) d = d.substring(0, d.length() - 1);
        if (d.isEmpty()) throw new InvalidException("the domain is empty; give a name like example.com");
        if (d.startsWith("[")) throw new InvalidException(
                "'" + domain + "' is an address literal; accounts need a domain name like example.com");
        String ascii;
        try {
            ascii = IDN.toASCII(d, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidException("'" + domain + "' is not a valid domain name: " + e.getMessage());
        }
        if (ascii.length() > MAX_DOMAIN) throw new InvalidException(
                "the domain '" + domain + "' is longer than " + MAX_DOMAIN + " characters");
        for (var label : ascii.split("\\.", -1)) {
            if (label.isEmpty()) throw new InvalidException("'" + domain + "' has an empty label (two dots in a row)");
            if (label.length() > MAX_LABEL) throw new InvalidException(
                    "'" + domain + "' has a label longer than " + MAX_LABEL + " characters");
            if (label.startsWith("-") || label.endsWith("-")) throw new InvalidException(
                    "'" + domain + "' has a label that starts or ends with a hyphen");
            if (!label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                throw new InvalidException(
                        "'" + domain + "' may hold only letters, digits, hyphens and dots");
            }
        }
        return ascii;
    }

    /**
     * The canonical form of an envelope address that SMTP already checked: lower case, the domain in ASCII where
     * IDNA accepts it. Unlike {@link #parse} it refuses nothing but a missing '@', since a recipient we cannot
     * host is simply not ours.
     */
    public static Address canonical(String address) {
        var at = address.lastIndexOf('@');
        if (at < 0) throw new InvalidException("'" + address + "' is not an address: it needs local@domain");
        var local = address.substring(0, at).toLowerCase(Locale.ROOT);
        var domain = address.substring(at + 1).strip();
        if (domain.endsWith(".")) domain = domain.substring(0, domain.length() - 1);
        try {
            domain = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            // not a name IDNA accepts, so not one of our domains either; compare it as written
        }
        return new Address(local, domain.toLowerCase(Locale.ROOT));
    }

    private static String localPart(String local, String address) {
        if (local.length() > MAX_LOCAL_PART) throw new InvalidException(
                "the local part of '" + address + "' is longer than " + MAX_LOCAL_PART + " characters");
        if (local.startsWith("\"")) throw new InvalidException(
                "'" + address + "' has a quoted local part; use letters, digits, dots and !#$%&'*+-/=?^_`{|}~");
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) throw new InvalidException(
                "the local part of '" + address + "' must not start or end with a dot or hold two dots in a row");
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c > 0x7E) throw new InvalidException("'" + address
                    + "' has a non-ASCII local part, which Tern does not host; use ASCII letters and digits");
            if (!isAtext(c) && c != '.') throw new InvalidException("the local part of '" + address
                    + "' holds '" + c + "'; use letters, digits, dots and !#$%&'*+-/=?^_`{|}~");
        }
        return local.toLowerCase(Locale.ROOT);
    }

    // RFC 5322 §3.2.3 atext
    private static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }
}
