package dev.tern.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code tern.toml} into a {@link TernConfig}: the TOML is parsed into a tree and each key is mapped by hand,
 * checked by its {@link ValueRule}, with the default from {@link ConfigKeys} where absent. Every problem is
 * collected and reported at once; unknown keys are problems too, so that a typo is never silently ignored.
 */
public final class ConfigLoader {
    private static final TomlMapper TOML = new TomlMapper();

    private final String source;
    private final JsonNode file;
    private final JsonNode defaults;
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader(String source, JsonNode file, JsonNode defaults) {
        this.source = source;
        this.file = file;
        this.defaults = defaults;
    }

    /**
     * Loads {@code file}. Relative paths in it are relative to its directory; {@code dataDirectory}, when present,
     * replaces the file's {@code data-directory}.
     *
     * @throws ConfigException naming every problem
     */
    public static TernConfig load(Path file, Optional<Path> dataDirectory) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config " + file + ": no such file; check the path, or leave out --config "
                    + "to use <data>/tern.toml, which is created on first start", e);
        } catch (IOException e) {
            throw new ConfigException("config " + file + ": cannot read it: " + e.getMessage(), e);
        }
        var base = file.toAbsolutePath().getParent();
        return parse(text, file.getFileName().toString(), base, dataDirectory);
    }

    /** Loads configuration text; {@code source} names it in messages, {@code base} anchors relative paths. */
    public static TernConfig parse(String text, String source, Path base, Optional<Path> dataDirectory) {
        JsonNode tree;
        try {
            tree = TOML.readTree(text);
        } catch (JacksonException e) {
            var where = e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr() + ":";
            throw new ConfigException("config " + source + ":" + where + " not valid TOML: "
                    + e.getOriginalMessage() + "; see docs/configuration.md for the syntax", e);
        }
        return new ConfigLoader(source, tree == null ? TOML.createObjectNode() : tree, Defaults.TREE)
                .read(base, dataDirectory);
    }

    /** The default file as a tree, parsed once: defaults come from the very text written on first start. */
    private static final class Defaults {
        static final JsonNode TREE;

        static {
            try {
                TREE = TOML.readTree(DefaultConfigFile.render(DefaultConfigFile.machineHostname()));
            } catch (JacksonException e) {
                throw new IllegalStateException("the default configuration is not valid TOML", e);
            }
        }
    }

    private TernConfig read(Path base, Optional<Path> dataDirectoryOverride) {
        checkKeys();
        var dataDirectory = dataDirectoryOverride
                .orElseGet(() -> base.resolve(get(ConfigKeys.DATA_DIRECTORY)))
                .toAbsolutePath().normalize();
        var certificate = get(ConfigKeys.TLS_CERTIFICATE);
        var key = get(ConfigKeys.TLS_KEY);
        var tls = new TlsConfig(dataDirectory.resolve(certificate), dataDirectory.resolve(key),
                certificate.equals(unquote(ConfigKeys.TLS_CERTIFICATE)) && key.equals(unquote(ConfigKeys.TLS_KEY)));
        var limits = new Limits(
                get(ConfigKeys.SMTP_LINE_LENGTH).intValue(), get(ConfigKeys.IMAP_LINE_LENGTH).intValue(),
                get(ConfigKeys.POP3_LINE_LENGTH).intValue(), get(ConfigKeys.LITERAL_SIZE),
                get(ConfigKeys.MESSAGE_SIZE), get(ConfigKeys.RECIPIENTS), get(ConfigKeys.MIME_DEPTH),
                get(ConfigKeys.MIME_PARTS), get(ConfigKeys.MIME_HEADER_SIZE).intValue(),
                get(ConfigKeys.MIME_HEADER_FIELDS), get(ConfigKeys.ALIAS_DEPTH),
                get(ConfigKeys.CONNECTIONS), get(ConfigKeys.CONNECTIONS_PER_ADDRESS),
                get(ConfigKeys.COMMANDS_BEFORE_AUTH), get(ConfigKeys.AUTH_FAILURES),
                get(ConfigKeys.DELIVERIES_PER_DOMAIN), get(ConfigKeys.IMAP_SESSIONS_PER_ACCOUNT),
                get(ConfigKeys.IMAP_SORT_CACHE),
                get(ConfigKeys.SMTP_ERRORS), get(ConfigKeys.MESSAGE_MEMORY).intValue());
        var timeouts = new Timeouts(get(ConfigKeys.SMTP_IDLE), get(ConfigKeys.IMAP_IDLE), get(ConfigKeys.POP3_IDLE),
                get(ConfigKeys.TLS_HANDSHAKE), get(ConfigKeys.SHUTDOWN_GRACE), get(ConfigKeys.SMTP_SESSION));
        var admin = new AdminConfig(get(ConfigKeys.ADMIN_ENABLED), get(ConfigKeys.ADMIN_ADDRESS),
                get(ConfigKeys.ADMIN_PORT));
        var auth = new AuthConfig((int) (get(ConfigKeys.ARGON2_MEMORY) / 1024), get(ConfigKeys.ARGON2_ITERATIONS),
                get(ConfigKeys.LOGIN_CACHE_ENTRIES), get(ConfigKeys.LOGIN_CACHE_TTL),
                get(ConfigKeys.AUTH_FAILURE_DELAY), get(ConfigKeys.AUTH_FAILURE_DELAY_MAX),
                get(ConfigKeys.AUTH_FAILURE_WINDOW), get(ConfigKeys.AUTH_FAILURE_CLIENTS));
        if (auth.failureDelayMax().compareTo(auth.failureDelay()) < 0) {
            problems.add("config " + source + ": auth.failure-delay-max is shorter than auth.failure-delay; "
                    + "raise failure-delay-max or lower failure-delay");
        }
        var delivery = new DeliveryConfig(get(ConfigKeys.RECIPIENT_DELIMITER));
        if (delivery.recipientDelimiter().chars().anyMatch(ch -> ch == '@' || ch == '.' || Character.isWhitespace(ch))) {
            problems.add("config " + source + ": delivery.recipient-delimiter = \"" + delivery.recipientDelimiter()
                    + "\": '@', '.' and spaces cannot separate a tag; use characters such as + or -");
        }
        var queue = new QueueConfig(get(ConfigKeys.QUEUE_RETRY_INTERVALS), get(ConfigKeys.QUEUE_RETRY_JITTER),
                get(ConfigKeys.QUEUE_DELAY_NOTICE), get(ConfigKeys.QUEUE_GIVE_UP), get(ConfigKeys.QUEUE_DELIVERIES),
                get(ConfigKeys.QUEUE_MESSAGES_PER_DELIVERY), get(ConfigKeys.QUEUE_POLL_INTERVAL));
        var config = new TernConfig(get(ConfigKeys.HOSTNAME), dataDirectory, get(ConfigKeys.PLAINTEXT_AUTH),
                listeners(), tls, limits, timeouts,
                new StoreConfig(get(ConfigKeys.GROUP_COMMIT), get(ConfigKeys.INLINE_BODY_SIZE).intValue(),
                        get(ConfigKeys.SWEEP_INTERVAL)), auth, delivery, admin,
                new Pop3Config(get(ConfigKeys.POP3_KEEP_DELETED), get(ConfigKeys.POP3_LOGIN_DELAY)),
                queue, outbound(dataDirectory));
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return config;
    }

    private OutboundConfig outbound(Path dataDirectory) {
        var host = get(ConfigKeys.OUTBOUND_SMART_HOST);
        var username = get(ConfigKeys.OUTBOUND_SMART_HOST_USERNAME);
        var passwordFile = get(ConfigKeys.OUTBOUND_SMART_HOST_PASSWORD_FILE);
        if (!username.isEmpty() && passwordFile.isEmpty()) {
            problems.add("config " + source + ": outbound.smart-host-username is set but"
                    + " outbound.smart-host-password-file is not; name the file that holds the password");
        }
        var smartHost = host.isEmpty() ? Optional.<OutboundConfig.SmartHost>empty()
                : Optional.of(new OutboundConfig.SmartHost(host, get(ConfigKeys.OUTBOUND_SMART_HOST_PORT),
                        get(ConfigKeys.OUTBOUND_SMART_HOST_TLS),
                        username.isEmpty() ? Optional.empty() : Optional.of(username),
                        passwordFile.isEmpty() ? Optional.empty() : Optional.of(dataDirectory.resolve(passwordFile))));
        return new OutboundConfig(get(ConfigKeys.OUTBOUND_PORT), get(ConfigKeys.OUTBOUND_DNS_SERVER),
                get(ConfigKeys.OUTBOUND_DNS_PORT), get(ConfigKeys.OUTBOUND_DNS_CACHE_ENTRIES),
                get(ConfigKeys.OUTBOUND_DNS_NEGATIVE_TTL), get(ConfigKeys.OUTBOUND_TLS_VERIFY),
                get(ConfigKeys.OUTBOUND_CONNECT_TIMEOUT), smartHost);
    }

    private static String unquote(ConfigKey<?> key) {
        return key.defaultToml().substring(1, key.defaultToml().length() - 1);
    }

    /** The value of a scalar key from the file, or its default; a bad value is a problem and yields the default. */
    private <T> T get(ConfigKey<T> key) {
        var node = scalar(file, key);
        var fallback = scalar(defaults, key);
        if (node != null) {
            try {
                return key.rule().parse(node);
            } catch (ValueRule.BadValue bad) {
                problem(key.path(), node, bad.getMessage());
            }
        }
        try {
            return key.rule().parse(fallback);
        } catch (ValueRule.BadValue impossible) {
            throw new IllegalStateException("default of " + key.path() + " breaks its own rule", impossible);
        }
    }

    private static JsonNode scalar(JsonNode root, ConfigKey<?> key) {
        var table = key.table().isEmpty() ? root : root.get(key.table());
        return table == null || !table.isObject() ? null : table.get(key.name());
    }

    private List<ListenerConfig> listeners() {
        var node = file.has("listeners") ? file.get("listeners") : defaults.get("listeners");
        var result = new ArrayList<ListenerConfig>();
        var seen = new HashSet<String>();
        if (!(node instanceof ArrayNode entries)) return result; // reported by checkKeys
        for (int i = 0; i < entries.size(); i++) {
            var entry = entries.get(i);
            var where = "listeners[" + i + "]";
            if (!entry.isObject()) continue;
            var missing = ConfigKeys.LISTENER_KEYS.stream().filter(k -> !entry.has(k.name())).map(ConfigKey::name)
                    .toList();
            if (!missing.isEmpty()) {
                problems.add("config " + source + ": " + where + ": missing " + String.join(", ", missing)
                        + "; every [[listeners]] entry needs protocol, address, port and tls");
                continue;
            }
            var protocol = entryValue(entry, where, ConfigKeys.LISTENER_PROTOCOL);
            var address = entryValue(entry, where, ConfigKeys.LISTENER_ADDRESS);
            var port = entryValue(entry, where, ConfigKeys.LISTENER_PORT);
            var tls = entryValue(entry, where, ConfigKeys.LISTENER_TLS);
            if (protocol == null || address == null || port == null || tls == null) continue;
            if (port != 0 && !seen.add(address.getHostAddress() + " " + port)) {
                problem(where + ".port", entry.get("port"), "is used by an earlier listener on "
                        + address.getHostAddress() + "; give each listener its own address and port");
                continue;
            }
            result.add(new ListenerConfig(protocol, address, port, tls));
        }
        return result;
    }

    private <T> T entryValue(JsonNode entry, String where, ConfigKey<T> key) {
        var node = entry.get(key.name());
        try {
            return key.rule().parse(node);
        } catch (ValueRule.BadValue bad) {
            problem(where + "." + key.name(), node, bad.getMessage());
            return null;
        }
    }

    /** Every key in the file must be known, and tables must be tables. */
    private void checkKeys() {
        var tables = ConfigKeys.SCALARS.stream().map(ConfigKey::table).filter(t -> !t.isEmpty()).distinct().toList();
        for (var name : iterable(file)) {
            var node = file.get(name);
            if (tables.contains(name)) {
                if (!(node instanceof ObjectNode table)) {
                    problem(name, node, "must be a table; write it as [" + name + "] followed by its keys");
                    continue;
                }
                for (var inner : iterable(table)) {
                    if (ConfigKeys.SCALARS.stream().noneMatch(k -> k.table().equals(name) && k.name().equals(inner))) {
                        unknown(name + "." + inner, known(name));
                    }
                }
            } else if (name.equals("listeners")) {
                if (!(node instanceof ArrayNode entries) || !allObjects(entries)) {
                    problem(name, node, "must be a list of tables; write each as [[listeners]] with its keys");
                    continue;
                }
                for (int i = 0; i < entries.size(); i++) {
                    for (var inner : iterable(entries.get(i))) {
                        if (ConfigKeys.LISTENER_KEYS.stream().noneMatch(k -> k.name().equals(inner))) {
                            unknown("listeners[" + i + "]." + inner, known("listeners"));
                        }
                    }
                }
            } else if (ConfigKeys.SCALARS.stream().noneMatch(k -> k.table().isEmpty() && k.name().equals(name))) {
                unknown(name, known(""));
            }
        }
    }

    private static boolean allObjects(ArrayNode entries) {
        for (var e : entries) if (!e.isObject()) return false;
        return true;
    }

    private static String known(String table) {
        var keys = (table.equals("listeners") ? ConfigKeys.LISTENER_KEYS : ConfigKeys.SCALARS).stream()
                .filter(k -> k.table().equals(table)).map(ConfigKey::name).toList();
        if (table.isEmpty()) {
            var all = new ArrayList<>(keys);
            ConfigKeys.SCALARS.stream().map(ConfigKey::table).filter(t -> !t.isEmpty()).distinct()
                    .forEach(t -> all.add("[" + t + "]"));
            all.add("[[listeners]]");
            keys = all;
        }
        return String.join(", ", keys);
    }

    private void unknown(String path, String known) {
        problems.add("config " + source + ": " + path + ": unknown key; check its spelling (known here: "
                + known + ")");
    }

    private void problem(String path, JsonNode value, String mustBe) {
        problems.add("config " + source + ": " + path + " = " + value + ": " + mustBe);
    }

    private static Iterable<String> iterable(JsonNode node) {
        return node::fieldNames;
    }
}
