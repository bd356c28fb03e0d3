package dev.tern.imap;

import dev.tern.imap.proto.FetchAttribute;
import dev.tern.imap.proto.ResponseWriter;
import dev.tern.mime.ImapStructureWriter;
import dev.tern.mime.MessageStructure;
import dev.tern.mime.MimeLimits;
import dev.tern.mime.SampleMessages;
import dev.tern.store.BlobId;
import dev.tern.store.Flags;
import dev.tern.store.MailboxId;
import dev.tern.store.MessageRecord;
import dev.tern.store.ModSeq;
import dev.tern.store.SystemFlag;
import dev.tern.store.Uid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One message's response to {@code UID FETCH n (FLAGS ENVELOPE BODYSTRUCTURE)}, the item list clients use to
 * list a folder, for a multipart/mixed with an alternative and two attachments: {@code write} from the structure
 * in memory, {@code decodeAndWrite} from the store's encoded structure, decoded first as a FETCH does for every
 * message it answers. These items never open the message body, so the responder gets no mailbox service.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FetchResponseBenchmark {
    private static final List<FetchAttribute> ITEMS = List.of(new FetchAttribute.Flags(),
            new FetchAttribute.Envelope(), new FetchAttribute.Structure(true));

    private final ByteArrayOutputStream wire = new ByteArrayOutputStream(8192);
    private final FetchResponder responder = new FetchResponder(null, new ResponseWriter(wire));
    private MessageRecord record;
    private MessageStructure structure;
    private byte[] encoded;

    @Setup
    public void prepare() throws IOException {
        var message = SampleMessages.multipart(72 * 1024, 3);
        structure = MessageStructure.parse(new ByteArrayInputStream(message), MimeLimits.DEFAULTS);
        encoded = structure.encode();
        record = new MessageRecord(new MailboxId(1), new Uid(1234), new ModSeq(98765),
                Flags.of(List.of(SystemFlag.SEEN, SystemFlag.ANSWERED), List.of("$Forwarded", "$Label1")),
                Instant.parse("2026-11-26T09:12:44Z"), message.length, new BlobId("0".repeat(64)));
        if (!MessageStructure.decode(encoded).equals(structure)) {
            throw new IllegalStateException("the encoded structure does not decode to the parsed one");
        }
        wire.reset();
        responder.write(7, record, MessageStructure.decode(encoded), ITEMS, true, false, false);
        var response = wire.toString(StandardCharsets.UTF_8);
        var expected = "* 7 FETCH (UID 1234 FLAGS (\\Seen \\Answered $Forwarded $Label1) ENVELOPE "
                + new String(ImapStructureWriter.envelopeBytes(structure.envelope()), StandardCharsets.UTF_8)
                + " BODYSTRUCTURE "
                + new String(ImapStructureWriter.bodyStructureBytes(structure.body()), StandardCharsets.UTF_8) + ")\r\n";
        if (!response.equals(expected)
                || !response.contains("((\"Alice Example\" NIL \"alice\" \"example.org\"))")
                || !response.contains("\"mixed\" (\"boundary\" \"mixed-0123456789\")")
                || !response.contains("(\"attachment\" (\"filename\" \"Vertrag 2027.pdf\"")) {
            throw new IllegalStateException("unexpected FETCH response: " + response);
        }
    }

    @Benchmark
    public void write(Blackhole bh) throws IOException {
        wire.reset();
        responder.write(7, record, structure, ITEMS, true, false, false);
        bh.consume(wire.size());
    }

    @Benchmark
    public void decodeAndWrite(Blackhole bh) throws IOException {
        wire.reset();
        responder.write(7, record, MessageStructure.decode(encoded), ITEMS, true, false, false);
        bh.consume(wire.size());
    }
}
