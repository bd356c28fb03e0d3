package dev.tern.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A size as operators write it: {@code 500M}, {@code 2G}, {@code 1048576}; K, M, G and T are powers of 1024
 * (an optional trailing B or iB is accepted). {@code 0}, {@code none} and {@code unlimited} mean no limit (0).
 */
final class ByteSize implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    static long parse(String value) {
        var v = value.strip().toUpperCase(Locale.ROOT);
        if (v.equals("NONE") || v.equals("UNLIMITED")) return 0;
        if (v.endsWith("IB")) v = v.substring(0, v.length() - 2);
        else if (v.endsWith("B")) v = v.substring(0, v.length() - 1);
        int shift = 0;
        if (!v.isEmpty()) {
            shift = switch (v.charAt(v.length() - 1)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> 0;
            };
        }
        var digits = shift == 0 ? v : v.substring(0, v.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 15) {
            throw new TypeConversionException("'" + value
                    + "' is not a size; write a number of bytes or one with K, M, G or T (500M, 2G), or none");
        }
        long n = Long.parseLong(digits);
        if (n > (Long.MAX_VALUE >> shift)) throw new TypeConversionException("'" + value + "' is too large");
        return n << shift;
    }

    /** A short human form: {@code 0}, {@code 512}, {@code 1.5K}, {@code 500M}, {@code 2G}. */
    static String format(long bytes) {
        String[] units = {"K", "M", "G", "T"};
        if (bytes < 1024) return Long.toString(bytes);
        double v = bytes;
        int unit = -1;
        while (v >= 1024 && unit < units.length - 1) {
            v /= 1024;
            unit++;
        }
        var number = v == Math.floor(v) || v >= 100 ? Long.toString(Math.round(v))
                : String.format(Locale.ROOT, "%.1f", v);
        return number + units[unit];
    }
}
