package dev.tern.store;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;

/**
 * Removes bodies that nothing refers to. A body is written before the metadata that refers to it commits, so a
 * crash between the two leaves an orphan (ARCHITECTURE.md, Durability); so does expunging a body's last message.
 * Bodies younger than the grace period are spared: their message may be about to commit.
 */
public final class BodySweep {
    /** Default grace period: far longer than any append takes between writing a body and committing it. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    private final MailStore mail;
    private final BlobStore blobs;
    private final Duration grace;
    private final Clock clock;

    public BodySweep(MailStore mail, BlobStore blobs) {
        this(mail, blobs, DEFAULT_GRACE, Clock.systemUTC());
    }

    public BodySweep(MailStore mail, BlobStore blobs, Duration grace, Clock clock) {
        if (grace.isNegative()) throw new IllegalArgumentException("the grace period must not be negative: " + grace);
        this.mail = mail;
        this.blobs = blobs;
        this.grace = grace;
        this.clock = clock;
    }

    /** What one sweep did: bodies old enough to be considered, and those of them deleted. */
    public record Result(int considered, int deleted) {}

    /** Deletes every body older than the grace period that no message (or queue entry) refers to. */
    public Result sweep() throws IOException {
        var cutoff = clock.instant().minus(grace);
        var old = new ArrayList<BlobId>();
        blobs.forEach(info -> {
            if (info.written().isBefore(cutoff)) old.add(info.id());
        });
        // Read the references after listing: a body listed as old had its grace period to get referenced.
        var referenced = mail.referencedBlobs();
        int deleted = 0;
        for (var id : old) {
            if (!referenced.contains(id)) {
                blobs.delete(id);
                deleted++;
            }
        }
        return new Result(old.size(), deleted);
    }
}
