package dev.tern.mime;

/** A MIME parameter ({@code name=value}) of Content-Type or Content-Disposition, as in the header. */
public record Parameter(String name, String value) {}
