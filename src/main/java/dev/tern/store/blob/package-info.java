/**
 * Message bodies as files, content-addressed by SHA-256 ({@link dev.tern.store.blob.FileBlobStore}): written to a
 * temporary file, fsynced, renamed into place and the directory fsynced before a put returns.
 */
package dev.tern.store.blob;
