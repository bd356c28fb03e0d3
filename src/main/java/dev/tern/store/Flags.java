package dev.tern.store;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A message's flags: system flags and keywords (RFC 9051 §2.3.2). Immutable. Keywords compare case-sensitively
 * as stored; IMAP's case-insensitive matching is the protocol layer's concern.
 */
public record Flags(Set<SystemFlag> system, SortedSet<String> keywords) {
    public static final Flags NONE = new Flags(EnumSet.noneOf(SystemFlag.class), new TreeSet<>());

    public Flags {
        system = Collections.unmodifiableSet(system.isEmpty() ? EnumSet.noneOf(SystemFlag.class) : EnumSet.copyOf(system));
        keywords = Collections.unmodifiableSortedSet(new TreeSet<>(keywords));
    }

    public static Flags of(SystemFlag... flags) {
        var set = EnumSet.noneOf(SystemFlag.class);
        set.addAll(java.util.List.of(flags));
        return new Flags(set, new TreeSet<>());
    }

    public static Flags of(Collection<SystemFlag> system, Collection<String> keywords) {
        var set = EnumSet.noneOf(SystemFlag.class);
        set.addAll(system);
        return new Flags(set, new TreeSet<>(keywords));
    }

    /** The system flags as a bit set of {@link SystemFlag#bit()}. */
    public int systemBits() {
        int bits = 0;
        for (var f : system) bits |= f.bit();
        return bits;
    }

    public static Flags fromBits(int bits, Collection<String> keywords) {
        var set = EnumSet.noneOf(SystemFlag.class);
        for (var f : SystemFlag.values()) if ((bits & f.bit()) != 0) set.add(f);
        return new Flags(set, new TreeSet<>(keywords));
    }

    public boolean has(SystemFlag flag) { return system.contains(flag); }

    public Flags with(Flags more) {
        var s = EnumSet.noneOf(SystemFlag.class);
        s.addAll(system);
        s.addAll(more.system);
        var k = new TreeSet<>(keywords);
        k.addAll(more.keywords);
        return new Flags(s, k);
    }

    public Flags without(Flags less) {
        var s = EnumSet.noneOf(SystemFlag.class);
        s.addAll(system);
        s.removeAll(less.system);
        var k = new TreeSet<>(keywords);
        k.removeAll(less.keywords);
        return new Flags(s, k);
    }

    /** This set after {@code op} with {@code operand}, as STORE FLAGS / +FLAGS / -FLAGS would leave it. */
    public Flags apply(FlagOperation op, Flags operand) {
        return switch (op) {
            case REPLACE -> operand;
            case ADD -> with(operand);
            case REMOVE -> without(operand);
        };
    }
}
