package dev.tern.store;

/** How a flag change combines with the flags a message has (RFC 9051 §6.4.6: FLAGS, +FLAGS, -FLAGS). */
public enum FlagOperation { REPLACE, ADD, REMOVE }
