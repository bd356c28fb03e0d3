/**
 * The mail domain as protocols use it: {@link dev.tern.mailbox.MailboxService} stores and reads messages
 * (normalising line ends, parsing structure once, filing one body into many mailboxes) and manages mailboxes;
 * {@link dev.tern.mailbox.MailboxEvents} carries committed changes to the sessions that watch a mailbox or an
 * account, without ever making the committing thread wait for a session.
 */
package dev.tern.mailbox;
