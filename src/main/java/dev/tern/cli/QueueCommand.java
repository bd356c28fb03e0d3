package dev.tern.cli;

import dev.tern.config.TernConfig;
import dev.tern.queue.MailQueue;
import dev.tern.queue.QueueId;
import dev.tern.server.Services;
import dev.tern.store.QueueStore;
import dev.tern.store.Storage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tern queue list|show|retry|hold|release|delete}: the outbound queue, while the server runs too. The
 * commands write the store; the running server's scheduler reads it again every {@code queue.poll-interval}
 * (5 seconds by default), so a retry or release takes effect within that time.
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "Inspect and steer the outbound queue (works while the server runs).",
        subcommands = {QueueCommand.List.class, QueueCommand.Show.class, QueueCommand.Retry.class,
                QueueCommand.Hold.class, QueueCommand.Release.class, QueueCommand.Delete.class})
final class QueueCommand extends OperatorCommand.Group {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    static String time(Optional<Instant> instant) {
        return instant.map(TIME::format).orElse("-");
    }

    static String lastError(QueueStore.Recipient r) {
        return r.lastReply().map(reply -> (reply.code() == 0 ? "" : reply.code() + " ")
                + (reply.enhancedCode().isEmpty() ? "" : reply.enhancedCode() + " ")
                + reply.text().replace('\n', ' ')
                + (reply.remoteHost().isEmpty() ? "" : " (" + reply.remoteHost() + ")")).orElse("-");
    }

    static String status(QueueStore.Entry entry, QueueStore.Recipient r) {
        var status = r.status().name().toLowerCase(java.util.Locale.ROOT);
        return entry.held() && r.status().pending() ? "held" : status;
    }

    /** A command about one entry, named by its id. */
    abstract static class OnEntry extends OperatorCommand {
        @Parameters(paramLabel = "ID", description = "The queue id, as `tern queue list` shows it.")
        String id;

        QueueStore.EntryId entryId() {
            try {
                return MailQueue.entryId(new QueueId(id));
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage());
            }
        }

        QueueStore.Entry entry(Storage storage) {
            return storage.queue().entry(entryId()).orElseThrow(() -> new Refused("no queue entry " + id
                    + "; it may have been delivered meanwhile (`tern queue list` shows what is queued)"));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List queued messages, one line per recipient: id, sender, recipient, status, attempts,"
                    + " next attempt, last error.")
    static final class List extends OperatorCommand {
        @Override
        void run(TernConfig config, Storage storage) {
            var columns = new Columns("ID", "SENDER", "RECIPIENT", "STATUS", "ATTEMPTS", "NEXT-ATTEMPT", "LAST-ERROR");
            for (var entry : storage.queue().entries()) {
                for (var r : entry.recipients()) {
                    columns.add(entry.id().toString(), entry.sender().isEmpty() ? "<>" : entry.sender(), r.address(),
                            status(entry, r), Integer.toString(r.attempts()), time(r.nextAttempt()), lastError(r));
                }
            }
            columns.print(out());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one queued message in full.")
    static final class Show extends OnEntry {
        @Override
        void run(TernConfig config, Storage storage) {
            var e = entry(storage);
            var out = out();
            out.println("id:          " + e.id());
            out.println("sender:      " + (e.sender().isEmpty() ? "<>" : e.sender()));
            out.println("queued:      " + time(Optional.of(e.created())));
            out.println("size:        " + e.size() + " bytes");
            out.println("body:        " + e.body());
            out.println("held:        " + (e.held() ? "yes" : "no"));
            out.println("envid:       " + e.envelopeId().orElse("-"));
            out.println("ret:         " + e.ret().orElse("-"));
            out.println("needs:       " + (e.eightBit() ? "8BITMIME " : "") + (e.smtpUtf8() ? "SMTPUTF8" : ""));
            for (var r : e.recipients()) {
                out.println("recipient:   " + r.address());
                out.println("  status:        " + status(e, r));
                out.println("  attempts:      " + r.attempts());
                out.println("  last attempt:  " + time(r.lastAttempt()));
                out.println("  next attempt:  " + time(r.nextAttempt()));
                out.println("  last reply:    " + lastError(r));
                out.println("  notify:        " + (r.notifyOn().isEmpty() ? "(default)" : r.notifyOn()));
                out.println("  orcpt:         " + r.originalRecipient().orElse("-"));
                out.println("  delay notice:  " + time(r.notifyAt()));
                out.println("  expires:       " + time(Optional.of(r.expiresAt())));
            }
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Make pending recipients due now (and release the message if held).")
    static final class Retry extends OperatorCommand {
        @ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Parameters(paramLabel = "ID", description = "The queue id.")
            String id;

            @Option(names = "--all", description = "Every queued message.")
            boolean all;
        }

        @Override
        void run(TernConfig config, Storage storage) {
            Optional<QueueStore.EntryId> entry = Optional.empty();
            if (!which.all) {
                try {
                    entry = Optional.of(MailQueue.entryId(new QueueId(which.id)));
                } catch (IllegalArgumentException e) {
                    throw new Refused(e.getMessage());
                }
                if (storage.queue().entry(entry.get()).isEmpty()) throw new Refused("no queue entry " + which.id);
            }
            int n = storage.queue().retry(entry, Instant.now());
            out().println(n + " recipient" + (n == 1 ? "" : "s") + " due now; the server picks "
                    + (n == 1 ? "it" : "them") + " up within " + config.queue().pollInterval().toSeconds() + "s");
        }
    }

    @Command(name = "hold", mixinStandardHelpOptions = true,
            description = "Stop delivery attempts for a message until it is released.")
    static final class Hold extends OnEntry {
        @Override
        void run(TernConfig config, Storage storage) {
            if (!storage.queue().hold(entryId(), true)) throw new Refused("no queue entry " + id);
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Let a held message be attempted again at its next attempt time.")
    static final class Release extends OnEntry {
        @Override
        void run(TernConfig config, Storage storage) {
            if (!storage.queue().hold(entryId(), false)) throw new Refused("no queue entry " + id);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Remove a message from the queue, silently or (--bounce) with a failure report to its"
                    + " sender for the recipients not yet delivered.")
    static final class Delete extends OnEntry {
        @Option(names = "--bounce", description = "Send the sender a failure report (RFC 3464).")
        boolean bounce;

        @Override
        void run(TernConfig config, Storage storage) throws Exception {
            var entry = entry(storage);
            if (bounce) {
                var services = Services.create(config, storage);
                try {
                    services.reports().reportDeleted(entry);
                } finally {
                    services.scheduler().close();
                }
            }
            if (!storage.queue().delete(entry.id())) throw new Refused("no queue entry " + id);
        }
    }
}
