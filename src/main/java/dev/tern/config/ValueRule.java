package dev.tern.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the value of one configuration key is read and checked. {@link #parse} either returns the value or throws
 * {@link BadValue} with what the value must be, which the loader puts after the key and the bad value.
 */
public sealed interface ValueRule<T> {

    T parse(JsonNode node) throws BadValue;

    /** What a good value looks like, for the documentation. */
    String describe();

    /** A value that breaks the rule; the message says what the value must be, e.g. {@code must be true or false}. */
    final class BadValue extends Exception {
        public BadValue(String mustBe) { super(mustBe, null, false, false); }
    }

    Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*([KMG]?)(?:i?B)?", Pattern.CASE_INSENSITIVE);
    Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");
    Pattern HOSTNAME = Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    /** A byte count: a whole number of bytes, or a string with K, M or G (1024-based) like {@code "50M"}. */
    record Size(long min, long max) implements ValueRule<Long> {
        @Override
        public Long parse(JsonNode node) throws BadValue {
            long bytes = -1;
            if (node.isIntegralNumber()) {
                bytes = node.asLong();
            } else if (node.isTextual()) {
                var m = SIZE.matcher(node.asText().strip());
                if (m.matches()) {
                    int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
                        case "K" -> 10;
                        case "M" -> 20;
                        case "G" -> 30;
                        default -> 0;
                    };
                    bytes = Long.parseLong(m.group(1)) << shift;
                }
            }
            // 0 only where the key allows it (min 0): there it switches something off.
            if (bytes < 0 || bytes == 0 && min > 0) {
                throw new BadValue("must be a positive size like \"50M\", \"64K\" or 1000 (bytes)");
            }
            if (bytes < min) throw new BadValue("must be at least " + min + " bytes");
            if (bytes > max) throw new BadValue("must be at most " + max + " bytes");
            return bytes;
        }

        @Override public String describe() { return "size from " + min + " to " + max + " bytes"; }
    }

    /** A duration like {@code "30m"}, {@code "10s"}, {@code "500ms"}, {@code "1h"}, {@code "1d"}. */
    record Length(Duration min, String why) implements ValueRule<Duration> {
        @Override
        public Duration parse(JsonNode node) throws BadValue {
            var m = node.isTextual() ? DURATION.matcher(node.asText().strip()) : null;
            if (m == null || !m.matches()) throw new BadValue("must be a duration like \"30m\", \"10s\" or \"500ms\"");
            long n = Long.parseLong(m.group(1));
            var d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (d.compareTo(min) < 0) {
                throw new BadValue("must be at least " + format(min) + (why.isEmpty() ? "" : " (" + why + ")"));
            }
            return d;
        }

        @Override public String describe() { return "duration, at least " + format(min); }

        static String format(Duration d) {
            if (d.toMillis() % 60_000 == 0 && !d.isZero()) return d.toMinutes() + "m";
            if (d.toMillis() % 1000 == 0) return d.toSeconds() + "s";
            return d.toMillis() + "ms";
        }
    }

    record WholeNumber(long min, long max) implements ValueRule<Integer> {
        @Override
        public Integer parse(JsonNode node) throws BadValue {
            if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
                throw new BadValue("must be a whole number from " + min + " to " + max);
            }
            return node.asInt();
        }

        @Override public String describe() { return "whole number from " + min + " to " + max; }
    }

    record Switch() implements ValueRule<Boolean> {
        @Override
        public Boolean parse(JsonNode node) throws BadValue {
            if (!node.isBoolean()) throw new BadValue("must be true or false (without quotes)");
            return node.asBoolean();
        }

        @Override public String describe() { return "true or false"; }
    }

    /** One of an enum's constants, spelled in lower case in the file. */
    record Choice<E extends Enum<E>>(Class<E> type) implements ValueRule<E> {
        @Override
        public E parse(JsonNode node) throws BadValue {
            if (node.isTextual()) {
                for (var e : type.getEnumConstants()) {
                    if (e.name().equalsIgnoreCase(node.asText())) return e;
                }
            }
            throw new BadValue("must be one of " + describe());
        }

        @Override
        public String describe() {
            return Arrays.stream(type.getEnumConstants())
                    .map(e -> "\"" + e.name().toLowerCase(Locale.ROOT) + "\"")
                    .collect(Collectors.joining(", "));
        }
    }

    record Hostname() implements ValueRule<String> {
        @Override
        public String parse(JsonNode node) throws BadValue {
            if (!node.isTextual() || !HOSTNAME.matcher(node.asText()).matches()) {
                throw new BadValue("must be a DNS name like \"mail.example.com\"");
            }
            return node.asText().toLowerCase(Locale.ROOT);
        }

        @Override public String describe() { return "DNS name"; }
    }

    /** An IP address literal; names are not resolved, so that start-up never waits for DNS. */
    record Address() implements ValueRule<InetAddress> {
        @Override
        public InetAddress parse(JsonNode node) throws BadValue {
            if (node.isTextual()) {
                try {
                    return InetAddress.ofLiteral(node.asText());
                } catch (IllegalArgumentException notLiteral) {
                    // answered below
                }
            }
            throw new BadValue("must be an IP address like \"127.0.0.1\", \"0.0.0.0\" or \"::\"");
        }

        @Override public String describe() { return "IP address"; }
    }

    record FilePath() implements ValueRule<String> {
        @Override
        public String parse(JsonNode node) throws BadValue {
            if (!node.isTextual() || node.asText().isBlank()) {
                throw new BadValue("must be a file path in quotes, absolute or relative to the data directory");
            }
            return node.asText();
        }

        @Override public String describe() { return "path"; }
    }

    /** Durations separated by spaces or commas, like {@code "0s 5m 10m"}: a schedule, in order. */
    record Lengths() implements ValueRule<java.util.List<Duration>> {
        @Override
        public java.util.List<Duration> parse(JsonNode node) throws BadValue {
            if (!node.isTextual() || node.asText().isBlank()) throw new BadValue(mustBe());
            var out = new java.util.ArrayList<Duration>();
            for (var part : node.asText().strip().split("[\\s,]+")) {
                try {
                    out.add(new Length(Duration.ZERO, "").parse(com.fasterxml.jackson.databind.node.TextNode.valueOf(part)));
                } catch (BadValue bad) {
                    throw new BadValue(mustBe() + "; \"" + part + "\" is not a duration");
                }
            }
            return java.util.List.copyOf(out);
        }

        private static String mustBe() { return "must be durations separated by spaces, like \"0s 5m 10m 4h\""; }

        @Override public String describe() { return "list of durations"; }
    }

    /** Free text, possibly empty (empty usually means "not set"). */
    record Text() implements ValueRule<String> {
        @Override
        public String parse(JsonNode node) throws BadValue {
            if (!node.isTextual()) throw new BadValue("must be text in quotes");
            return node.asText().strip();
        }

        @Override public String describe() { return "text"; }
    }

    /** An IP address literal, or {@code ""} for none. */
    record OptionalAddress() implements ValueRule<java.util.Optional<InetAddress>> {
        @Override
        public java.util.Optional<InetAddress> parse(JsonNode node) throws BadValue {
            if (node.isTextual() && node.asText().isBlank()) return java.util.Optional.empty();
            try {
                return java.util.Optional.of(new Address().parse(node));
            } catch (BadValue bad) {
                throw new BadValue("must be an IP address like \"127.0.0.1\", or \"\" for none");
            }
        }

        @Override public String describe() { return "IP address or empty"; }
    }
}
