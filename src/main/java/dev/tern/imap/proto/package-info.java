/**
 * The IMAP protocol layer apart from the server: the command reader and recursive-descent parser (literals,
 * LITERAL+, binary literals, limits checked before a continuation), typed command records, sequence sets,
 * search keys, fetch items, the response writer and modified UTF-7. It depends on {@code net} only, so it can
 * be tested and fuzzed alone.
 */
package dev.tern.imap.proto;
