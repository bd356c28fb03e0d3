package dev.tern.admin;

import dev.tern.net.ConnectionMetrics;
import dev.tern.queue.QueueMetrics;
import dev.tern.store.StoreStats;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code /metrics} body in the Prometheus text exposition format (version 0.0.4): connections per protocol,
 * store counters from {@link StoreStats}, and the JVM's heap, threads, uptime and garbage collection.
 */
final class PrometheusText {
    private final StringBuilder out = new StringBuilder(4096);

    static String render(Map<String, ConnectionMetrics.Counts> connections, StoreStats store,
                         Optional<QueueMetrics.Snapshot> queue) {
        var text = new PrometheusText();
        text.connections(connections);
        text.store(store);
        queue.ifPresent(text::queue);
        text.jvm();
        return text.out.toString();
    }

    private void connections(Map<String, ConnectionMetrics.Counts> connections) {
        family("tern_connections_open", "gauge", "Client connections open now, per protocol.");
        connections.forEach((p, c) -> sample("tern_connections_open", "protocol", p, c.open()));
        family("tern_connections_total", "counter", "Client connections accepted since start, per protocol.");
        connections.forEach((p, c) -> sample("tern_connections_total", "protocol", p, c.total()));
        family("tern_connections_refused_total", "counter",
                "Client connections refused because a connection cap was reached, per protocol.");
        connections.forEach((p, c) -> sample("tern_connections_refused_total", "protocol", p, c.refused()));
    }

    private void store(StoreStats stats) {
        family("tern_store_messages_stored_total", "counter", "Messages stored since start.");
        sample("tern_store_messages_stored_total", stats.messagesStored());
        family("tern_store_commits_total", "counter", "Durable write transactions committed since start.");
        sample("tern_store_commits_total", stats.commits());
        family("tern_store_operations_total", "counter",
                "Write operations committed since start (several per transaction under group commit).");
        sample("tern_store_operations_total", stats.operations());
        family("tern_store_commit_seconds_total", "counter", "Time spent committing write transactions.");
        sample("tern_store_commit_seconds_total", stats.commitNanos() / 1e9);
    }

    private void queue(QueueMetrics.Snapshot q) {
        family("tern_queue_messages", "gauge", "Queued messages with recipients still to deliver, by state: held by"
                + " an operator, deferred (a pending recipient was attempted), or scheduled (none attempted yet).");
        sample("tern_queue_messages", "status", "scheduled", q.waiting().scheduled());
        sample("tern_queue_messages", "status", "deferred", q.waiting().deferred());
        sample("tern_queue_messages", "status", "held", q.waiting().held());
        family("tern_queue_deliveries_total", "counter", "Recipients delivered to the next hop since start.");
        sample("tern_queue_deliveries_total", q.delivered());
        family("tern_queue_deferrals_total", "counter", "Recipients deferred by a delivery attempt since start.");
        sample("tern_queue_deferrals_total", q.deferred());
        family("tern_queue_bounces_total", "counter",
                "Recipients that failed for good (5xx reply, no route, or expiry) since start.");
        sample("tern_queue_bounces_total", q.failed());
        family("tern_queue_reports_total", "counter", "Recipients reported on in delivery status notifications"
                + " since start.");
        sample("tern_queue_reports_total", q.reportsSent());
        // A Prometheus histogram: cumulative buckets, then the sum and the count.
        family("tern_queue_attempt_seconds", "histogram",
                "Duration of delivery attempts (one SMTP transaction to one domain, DNS lookup included).");
        long cumulative = 0;
        for (int i = 0; i < QueueMetrics.BUCKETS.size(); i++) {
            cumulative += q.attemptBuckets()[i];
            sample("tern_queue_attempt_seconds_bucket", "le", number(QueueMetrics.BUCKETS.get(i)), cumulative);
        }
        sample("tern_queue_attempt_seconds_bucket", "le", "+Inf", q.attempts());
        sample("tern_queue_attempt_seconds_sum", q.attemptSeconds());
        sample("tern_queue_attempt_seconds_count", q.attempts());
    }

    private void jvm() {
        var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        family("jvm_memory_heap_used_bytes", "gauge", "Heap in use.");
        sample("jvm_memory_heap_used_bytes", memory.getUsed());
        family("jvm_memory_heap_committed_bytes", "gauge", "Heap committed by the JVM.");
        sample("jvm_memory_heap_committed_bytes", memory.getCommitted());
        family("jvm_memory_heap_max_bytes", "gauge", "Largest heap the JVM may use.");
        sample("jvm_memory_heap_max_bytes", memory.getMax());
        var threads = ManagementFactory.getThreadMXBean();
        family("jvm_threads_live", "gauge", "Live platform threads (virtual threads are not counted).");
        sample("jvm_threads_live", threads.getThreadCount());
        family("process_uptime_seconds", "gauge", "Seconds since the process started.");
        sample("process_uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        family("jvm_gc_collections_total", "counter", "Garbage collections, per collector.");
        var gcs = ManagementFactory.getGarbageCollectorMXBeans();
        gcs.forEach(gc -> sample("jvm_gc_collections_total", "gc", gc.getName(), Math.max(0, gc.getCollectionCount())));
        family("jvm_gc_collection_seconds_total", "counter", "Time spent in garbage collection, per collector.");
        gcs.forEach(gc -> sample("jvm_gc_collection_seconds_total", "gc", gc.getName(),
                Math.max(0, gc.getCollectionTime()) / 1e3));
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, double value) {
        out.append(name).append(' ').append(number(value)).append('\n');
    }

    private void sample(String name, String label, String labelValue, double value) {
        out.append(name).append('{').append(label).append("=\"").append(escape(labelValue)).append("\"} ")
                .append(number(value)).append('\n');
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
