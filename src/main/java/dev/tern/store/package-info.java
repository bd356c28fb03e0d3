/**
 * The storage contract: value types for what a mail store keeps, and the interfaces that {@code mailbox},
 * {@code auth}, {@code delivery} and {@code queue} use. Backends ({@code store.sql} for metadata,
 * {@code store.blob} for message bodies) implement them; nothing backend-specific appears here.
 *
 * <p>Protocol numbers are records ({@link dev.tern.store.Uid}, {@link dev.tern.store.ModSeq},
 * {@link dev.tern.store.UidValidity}) so that a UID is never confused with a sequence number.
 */
package dev.tern.store;
