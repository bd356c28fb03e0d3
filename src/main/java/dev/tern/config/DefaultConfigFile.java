package dev.tern.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The {@code tern.toml} written on first start: every key of {@link ConfigKeys} with its default value and, above
 * it, what it means. Loading this file gives the same configuration as loading an empty one.
 */
public final class DefaultConfigFile {
    private DefaultConfigFile() {}

    private static final String HEADER = """
            # Tern configuration, written with the defaults on first start. Every key is described in
            # docs/configuration.md. Change a value and restart Tern; unknown keys are errors, so typos show.
            #
            # Sizes are bytes, or a number with K, M or G (1024-based) in quotes: "64K", "50M".
            # Durations are a number with ms, s, m, h or d in quotes: "500ms", "10s", "30m".
            """;

    /** The file's text, with {@code hostname} as the value of the hostname key. */
    public static String render(String hostname) {
        var out = new StringBuilder(HEADER);
        String table = "";
        for (var key : ConfigKeys.SCALARS) {
            if (!key.table().equals(table)) {
                table = key.table();
                out.append("\n[").append(table).append("]\n");
            }
            out.append('\n');
            comment(out, key.meaning());
            var value = key == ConfigKeys.HOSTNAME ? "\"" + hostname + "\"" : key.defaultToml();
            var defaultText = key == ConfigKeys.HOSTNAME ? "the machine's hostname" : key.defaultToml();
            out.append("# Default: ").append(defaultText).append('\n');
            out.append(key.name()).append(" = ").append(value).append('\n');
        }
        out.append("\n# Listeners: one [[listeners]] table each. The defaults are the quick start, on 127.0.0.1 and\n")
                .append("# high ports so that no root is needed; for a public server use e.g. SMTP 25, submission\n")
                .append("# 587/465, IMAP 143/993 and POP3 110/995 on \"0.0.0.0\". Keys of each entry:\n");
        for (var key : ConfigKeys.LISTENER_KEYS) {
            comment(out, key.name() + ": " + key.meaning());
        }
        for (var listener : ConfigKeys.DEFAULT_LISTENERS) {
            var parts = listener.split(" ");
            out.append("\n[[listeners]]\n")
                    .append("protocol = \"").append(parts[0]).append("\"\n")
                    .append("address = \"127.0.0.1\"\n")
                    .append("port = ").append(parts[1]).append('\n')
                    .append("tls = \"").append(parts[2]).append("\"\n");
        }
        return out.toString();
    }

    private static void comment(StringBuilder out, String text) {
        for (var line : text.split("\n")) out.append("# ").append(line).append('\n');
    }

    /** Writes the default file if {@code file} does not exist; returns true if it wrote one. */
    public static boolean writeIfMissing(Path file) throws IOException {
        if (Files.exists(file)) return false;
        var parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        var tmp = Files.createTempFile(parent, ".tern", ".toml");
        Files.writeString(tmp, render(machineHostname()), StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            if (Files.exists(file)) return false;
            throw e;
        }
        return true;
    }

    /**
     * The machine's hostname in lower case, or {@code localhost} if it has none that is a valid DNS name. Reads the
     * kernel's name first so that start-up does not wait for a resolver.
     */
    public static String machineHostname() {
        String name = null;
        try {
            var proc = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(proc)) name = Files.readString(proc).strip();
        } catch (IOException ignored) {
            // fall back to the JDK below
        }
        if (name == null || name.isEmpty()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "localhost";
            }
        }
        name = name.toLowerCase(Locale.ROOT);
        return ValueRule.HOSTNAME.matcher(name).matches() ? name : "localhost";
    }
}
