package dev.tern.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * MIME structure parsing, done once per message when it is stored (delivery, APPEND): envelope, BODYSTRUCTURE
 * tree and part offsets of a 4 KiB text/plain message and of a ~100 KiB multipart/mixed with an alternative and
 * two base64 attachments.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StructureParserBenchmark {

    @Param({"plain-4k", "multipart-100k"})
    public String message;

    private byte[] bytes;

    @Setup
    public void prepare() throws IOException {
        bytes = switch (message) {
            case "plain-4k" -> SampleMessages.plain(4096, 1);
            case "multipart-100k" -> SampleMessages.multipart(72 * 1024, 1);
            default -> throw new IllegalArgumentException("no sample message " + message);
        };
        var s = parse();
        if (s.size() != bytes.length || !"Alice Example".equals(s.envelope().from().getFirst().name())) {
            throw new IllegalStateException("parsed " + message + " wrongly: " + s);
        }
        boolean expected = switch (s.body()) {
            case BodyPart.Single p -> message.equals("plain-4k") && p.isText() && p.end() == bytes.length;
            case BodyPart.Multipart m -> message.equals("multipart-100k") && m.parts().size() == 3
                    && m.parts().get(0) instanceof BodyPart.Multipart alternative && alternative.parts().size() == 2
                    && m.parts().get(2) instanceof BodyPart.Single pdf && pdf.subtype().equalsIgnoreCase("pdf")
                    && pdf.fields().encoding().equalsIgnoreCase("base64")
                    && pdf.extension().disposition().type().equalsIgnoreCase("attachment");
            case BodyPart.Message _ -> false;
        };
        if (!expected) throw new IllegalStateException("parsed " + message + " into the wrong structure: " + s.body());
    }

    @Benchmark
    public MessageStructure parse() throws IOException {
        return StructureParser.parse(new ByteArrayInputStream(bytes), MimeLimits.DEFAULTS);
    }
}
