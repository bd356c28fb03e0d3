package dev.tern.mime;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes {@link MessageStructure#parse} with arbitrary bytes: it never throws, the size is exact, every part's
 * header and body lie within its parent (and so within the message) in order, and the stored encoding decodes
 * to the same structure. Runs once with the defaults and once with tight limits, so that the limit paths are
 * fuzzed too. In the suite this runs the seed inputs only; {@code JAZZER_FUZZ=1 mvn test
 * -Dtest=MessageStructureFuzzTest} fuzzes.
 */
class MessageStructureFuzzTest {
    private static final MimeLimits TIGHT = new MimeLimits(3, 8, 256, 16);

    @FuzzTest(maxDuration = "30s")
    void anyBytesParseToAConsistentStructure(@NotNull byte[] message) throws IOException {
        for (var limits : new MimeLimits[] {MimeLimits.DEFAULTS, TIGHT}) {
            var structure = MessageStructure.parse(new ByteArrayInputStream(message), limits);
            assertThat(structure.size()).isEqualTo(message.length);
            assertThat(structure.envelope()).isNotNull();
            within(structure.body(), new ByteRange(0, message.length));
            assertThat(structure.section(java.util.List.of(), MessageStructure.SectionText.NONE))
                    .contains(new ByteRange(0, message.length));
            assertThat(MessageStructure.decode(structure.encode())).isEqualTo(structure);
        }
    }

    /** The part lies within {@code outer}, its header before its body, and its children inside its body in order. */
    private static void within(BodyPart part, ByteRange outer) {
        assertThat(part.headerStart()).as("header start of %s", part).isBetween(outer.start(), outer.end());
        assertThat(part.bodyStart()).as("body start of %s", part).isBetween(part.headerStart(), outer.end());
        assertThat(part.end()).as("end of %s", part).isBetween(part.bodyStart(), outer.end());
        assertThat(part.type()).isNotEmpty();
        assertThat(part.subtype()).isNotEmpty();
        switch (part) {
            case BodyPart.Single s -> assertThat(s.fields().size()).isEqualTo(s.end() - s.bodyStart());
            case BodyPart.Message m -> {
                assertThat(m.fields().size()).isEqualTo(m.end() - m.bodyStart());
                within(m.message(), m.body());
            }
            case BodyPart.Multipart mp -> {
                long after = mp.bodyStart();
                for (var child : mp.parts()) {
                    within(child, new ByteRange(after, mp.end()));
                    after = child.end();
                }
            }
        }
    }
}
