package dev.tern.config;

/**
 * One key of {@code tern.toml}: where it is ({@code table} is empty for top-level keys), how its value is read,
 * its default as TOML text, and what it means. {@link ConfigKeys} lists them all; the loader, the file written
 * on first start and the documentation test all read that one list.
 */
public record ConfigKey<T>(String table, String name, ValueRule<T> rule, String defaultToml, String meaning) {

    /** The dotted name used in messages and documentation, e.g. {@code limits.message-size}. */
    public String path() { return table.isEmpty() ? name : table + "." + name; }
}
