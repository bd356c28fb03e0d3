package dev.tern.dns;

import java.util.List;

/** Where mail for a domain goes, as DNS says (RFC 5321 §5.1). */
public sealed interface Route {

    /** The exchangers to try, most preferred first (hosts of equal preference in random order). */
    record Exchangers(List<Exchanger> hosts) implements Route {
        public Exchangers {
            hosts = List.copyOf(hosts);
        }
    }

    /** The domain publishes a null MX (RFC 7505): it accepts no mail. Delivery fails at once (5.1.10). */
    record NullMx(String domain) implements Route {}

    /** The domain does not exist (NXDOMAIN), or has neither MX nor address records: delivery fails (5.1.2). */
    record NoSuchDomain(String domain, String why) implements Route {}
}
