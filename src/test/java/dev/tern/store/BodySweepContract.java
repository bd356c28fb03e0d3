package dev.tern.store;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static dev.tern.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

/** The body sweep over a backend: orphans older than the grace period go, everything else stays. */
public abstract class BodySweepContract extends StoreContract {

    private BodySweep sweepAt(Instant now) {
        return new BodySweep(mail, storage.blobs(), BodySweep.DEFAULT_GRACE, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void oldOrphansAreDeletedAndReferencedBodiesKept() throws Exception {
        var kept = message(storage, "referenced");
        mail.append(inbox.id(), kept);
        var orphan = storage.blobs().put(new ByteArrayInputStream("written, never committed".getBytes()));

        var result = sweepAt(Instant.now().plus(Duration.ofHours(2))).sweep();

        assertThat(result).isEqualTo(new BodySweep.Result(2, 1));
        assertThat(storage.blobs().exists(orphan.id())).isFalse();
        assertThat(storage.blobs().exists(kept.blob())).isTrue();
    }

    @Test
    void youngOrphansAreSpared() throws Exception {
        var orphan = storage.blobs().put(new ByteArrayInputStream("about to be committed".getBytes()));
        assertThat(new BodySweep(mail, storage.blobs()).sweep()).isEqualTo(new BodySweep.Result(0, 0));
        assertThat(storage.blobs().exists(orphan.id())).isTrue();
    }

    @Test
    void bodyOfAnExpungedMessageIsSweptOnceOld() throws Exception {
        var gone = message(storage, "expunged", Flags.of(SystemFlag.DELETED));
        mail.append(inbox.id(), gone);
        mail.expunge(inbox.id(), Optional.empty());
        sweepAt(Instant.now().plus(Duration.ofHours(2))).sweep();
        assertThat(storage.blobs().exists(gone.blob())).isFalse();
    }
}
