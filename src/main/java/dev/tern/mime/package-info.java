/**
 * What IMAP needs from a message's MIME structure: the ENVELOPE, the BODYSTRUCTURE tree with the byte offsets of
 * every part in the stored message (so that FETCH of a section is a read of a byte range), a compact encoding of
 * both for the store's structure cache, their IMAP syntax, and the decoded text that SEARCH looks at.
 *
 * <p>Messages are parsed as stored: CRLF line ends (RFC 5322 §2.1), so that sizes and line counts are those IMAP
 * reports. Bad input never throws; a message that cannot be read as MIME is text/plain.
 */
package dev.tern.mime;
