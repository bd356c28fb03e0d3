/**
 * The SQL backend of the store's metadata roles ({@link dev.tern.store.MailStore},
 * {@link dev.tern.store.DirectoryStore}) and the embedded store that pairs it with message bodies
 * ({@link dev.tern.store.sql.EmbeddedStorage}): small ones in the database, written in their message's
 * transaction, larger ones as files ({@code EmbeddedBlobStore}).
 *
 * <p>One schema (versioned migrations under {@code resources/dev/tern/store/sql/}) in the SQL that SQLite and
 * PostgreSQL share; what differs sits in a {@code Dialect}. Every write goes through one writer thread that commits
 * the operations waiting for it together (group commit), each in its own savepoint; reads use a few read-only
 * connections. Change events are published after commit, in commit order.
 */
package dev.tern.store.sql;
