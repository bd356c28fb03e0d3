package dev.tern.outbound;

import dev.tern.mime.MessageStructure;
import dev.tern.mime.MimeLimits;
import dev.tern.mime.SevenBitConversion;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An 8-bit message made fit for a host without 8BITMIME (RFC 6152 §3): converted to 7 bits into a temporary file
 * that lives as long as the transaction. The queued body is not changed: the next host may take it as it is.
 */
final class SevenBitDowngrade implements AutoCloseable {
    private final Path file;
    private final OutboundMessage message;

    private SevenBitDowngrade(Path file, OutboundMessage message) {
        this.file = file;
        this.message = message;
    }

    /**
     * Converts {@code original}.
     *
     * @throws SevenBitConversion.NotConvertible if it cannot be carried in 7 bits (8-bit header fields, ...)
     */
    static SevenBitDowngrade of(OutboundMessage original) throws IOException, SevenBitConversion.NotConvertible {
        MessageStructure structure;
        try (var in = original.body().open()) {
            structure = MessageStructure.parse(in, MimeLimits.DEFAULTS);
        }
        SevenBitConversion conversion;
        try (var in = original.body().open()) {
            conversion = SevenBitConversion.plan(structure, in);
        }
        var file = Files.createTempFile("tern-7bit-", ".eml");
        try (var in = original.body().open(); var out = new BufferedOutputStream(Files.newOutputStream(file))) {
            conversion.write(in, out);
        } catch (IOException | SevenBitConversion.NotConvertible | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        var converted = new OutboundMessage(original.sender(), original.envelopeId(), original.ret(), false,
                original.smtpUtf8(), Files.size(file), original.recipients(), () -> Files.newInputStream(file));
        return new SevenBitDowngrade(file, converted);
    }

    /** The converted message: no BODY=8BITMIME, its own size and body. */
    OutboundMessage message() { return message; }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
