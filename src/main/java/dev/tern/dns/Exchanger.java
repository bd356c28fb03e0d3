package dev.tern.dns;

import java.net.InetAddress;
import java.util.List;

/** One host that takes mail for a domain: its name, MX preference (lower first), and addresses to try in order. */
public record Exchanger(String name, int preference, List<InetAddress> addresses) {
    public Exchanger {
        addresses = List.copyOf(addresses);
    }
}
