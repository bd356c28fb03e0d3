/**
 * POP3 (RFC 1939) with CAPA and response codes (RFC 2449, RFC 3206), STLS (RFC 2595) and SASL AUTH (RFC 5034)
 * over the same mailboxes as IMAP: the maildrop is INBOX as it was at login, and QUIT deletes through the same
 * expunge an IMAP session sees.
 */
package dev.tern.pop3;
