package dev.tern.outbound;

import java.util.List;

/**
 * Carries a message to the recipients of one domain in one SMTP transaction (RFC 5321 §3.3), over one of the
 * domain's exchangers or the smart host. Never throws for what the network or the peer does: every failure is an
 * {@link Outcome}.
 */
@FunctionalInterface
public interface Transport {

    /** An outcome for each recipient of {@code message}, in the same order. All recipients are of {@code domain}. */
    List<Outcome> deliver(String domain, OutboundMessage message);
}
