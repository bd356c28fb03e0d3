package dev.tern.queue;

import dev.tern.store.BlobId;
import dev.tern.store.QueueStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStatusNotificationTest {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final String ORIGINAL = "Subject: hello\r\nFrom: a@example.org\r\n\r\nthe body\r\n";

    private static QueueStore.Entry entry(Optional<String> ret) {
        return new QueueStore.Entry(new QueueStore.EntryId(7), new BlobId("0".repeat(64)), ORIGINAL.length(),
                "a@example.org", Optional.empty(), ret, false, false, T0, false, List.of());
    }

    private static QueueStore.Recipient recipient(QueueStore.Status status, QueueStore.Reply reply) {
        return new QueueStore.Recipient(0, "b@remote.example", "", Optional.empty(), status, 3,
                Optional.of(T0.plus(Duration.ofHours(5))), Optional.of(T0.plus(Duration.ofHours(4))),
                Optional.of(reply), Optional.empty(), T0.plus(Duration.ofDays(5)), true);
    }

    private static String write(QueueStore.Entry entry, QueueStore.Recipient r) throws Exception {
        var out = new ByteArrayOutputStream();
        new DeliveryStatusNotification("mx.example.org").write(entry, List.of(r),
                new ByteArrayInputStream(ORIGINAL.getBytes(StandardCharsets.UTF_8)), T0.plus(Duration.ofHours(4)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aDelayNoticeSaysDelayedWithATemporaryStatusAndUntilWhenItIsRetried() throws Exception {
        var text = write(entry(Optional.empty()), recipient(QueueStore.Status.DEFERRED,
                new QueueStore.Reply(451, "4.7.1", "greylisted", "mx.remote.example")));
        assertThat(text).contains("Subject: Delayed Mail (still being retried)", "Action: delayed\r\n",
                "Status: 4.7.1\r\n", "Will-Retry-Until: Fri, 6 Mar 2026 08:00:00 GMT\r\n",
                "Diagnostic-Code: smtp; 451 4.7.1 greylisted\r\n", "Content-Type: text/rfc822-headers");
        assertThat(text).doesNotContain("the body");
    }

    @Test
    void retFullReturnsTheWholeMessage() throws Exception {
        var text = write(entry(Optional.of("FULL")), recipient(QueueStore.Status.FAILED,
                new QueueStore.Reply(554, "", "rejected", "mx.remote.example")));
        assertThat(text).contains("Content-Type: message/rfc822\r\n\r\n" + ORIGINAL, "Status: 5.0.0\r\n",
                "Action: failed\r\n");
        assertThat(text).doesNotContain("Will-Retry-Until");
    }

    @Test
    void aNetworkFailureHasNoDiagnosticCodeButIsNamedForTheReader() throws Exception {
        var text = write(entry(Optional.empty()), recipient(QueueStore.Status.FAILED,
                new QueueStore.Reply(0, "4.4.1", "connection refused", "mx.remote.example")));
        assertThat(text).doesNotContain("Diagnostic-Code").contains("Status: 5.4.1\r\n",
                "<b@remote.example>: failed (host mx.remote.example: connection refused)");
    }

    @Test
    void aSuccessReportForLocalDeliverySaysDeliveredAndReturnsOnlyTheHeader() throws Exception {
        var out = new ByteArrayOutputStream();
        var delivered = new QueueStore.Recipient(0, "b@example.org", "SUCCESS", Optional.of("rfc822;B@example.org"),
                QueueStore.Status.DELIVERED, 1, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                T0, false);
        new DeliveryStatusNotification("mx.example.org").writeDelivered(
                new DeliveryStatusNotification.Original("a@example.org", Optional.of("env-1"), T0, false),
                List.of(delivered), new ByteArrayInputStream(ORIGINAL.getBytes(StandardCharsets.UTF_8)), T0, out);
        var text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("Subject: Successful Mail Delivery Report\r\n", "Original-Envelope-Id: env-1\r\n",
                "Original-Recipient: rfc822;B@example.org\r\n", "Final-Recipient: rfc822; b@example.org\r\n",
                "Action: delivered\r\n", "Status: 2.0.0\r\n", "<b@example.org>: delivered\r\n",
                "Content-Type: text/rfc822-headers\r\n\r\nSubject: hello\r\n");
        assertThat(text).doesNotContain("the body", "Diagnostic-Code", "Will-Retry-Until", "Remote-MTA");
    }
}
