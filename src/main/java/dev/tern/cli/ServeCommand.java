package dev.tern.cli;

import dev.tern.config.ConfigException;
import dev.tern.server.ProtocolHandlers;
import dev.tern.server.ServeStorage;
import dev.tern.server.TernServer;
import dev.tern.store.StoreException;
import dev.tern.tls.TlsException;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code tern serve}: runs the server until SIGTERM or Ctrl-C. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the mail server: SMTP, submission, IMAP, POP3 and the HTTP admin listener.",
            "On first start it writes <data>/tern.toml with every setting and its default, and a self-signed "
                    + "certificate in <data>/tls/. Stops gracefully on SIGTERM or Ctrl-C."},
        footer = {"", "Environment:", "  TERN_DATA        data directory when --data is not given (default ./data)",
            "  TERN_LOG_LEVEL   log level: error, warn, info (default), debug"})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectoryOption options;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        // The hook is in place before the server logs "ready": a SIGTERM right after that line must still close
        // the server gracefully, not end the process with the store open.
        var started = new AtomicReference<TernServer>();
        var hook = Thread.ofPlatform().name("tern-shutdown").unstarted(() -> {
            var running = started.get();
            if (running != null) running.close();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        TernServer server;
        try {
            var loaded = options.load(true);
            server = TernServer.start(loaded.config(), ServeStorage::open, ProtocolHandlers.standard(), started::set);
            if (loaded.written()) out.println("Wrote the default configuration to "
                    + loaded.file().toAbsolutePath().normalize()
                    + "; edit it and restart to change hostname, ports or limits.");
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("tern: " + p));
            return 1;
        } catch (TlsException | StoreException | IOException e) {
            err.println("tern: " + e.getMessage());
            return 1;
        }
        out.print(server.describe());
        out.flush();
        server.awaitClosed();
        return 0;
    }
}
