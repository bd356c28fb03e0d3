package dev.tern.cli;

import dev.tern.auth.Accounts;
import dev.tern.config.ConfigException;
import dev.tern.config.TernConfig;
import dev.tern.server.ServeStorage;
import dev.tern.server.Services;
import dev.tern.store.Storage;
import dev.tern.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that opens the store on the data directory, does one short piece of work, and closes it again, so
 * that it can run beside {@code tern serve} on the same directory. Refusals become {@code tern: ...} on stderr
 * and exit code 1.
 */
abstract class OperatorCommand implements Callable<Integer> {

    @Mixin
    DataDirectoryOption dataDirectory;

    @Spec
    CommandSpec spec;

    /** Does the work; prints only what was asked for. */
    void run(Accounts accounts) throws Exception {
        throw new IllegalStateException(getClass().getSimpleName() + " overrides neither run method");
    }

    /** Does the work with the open store; commands about accounts need only {@link #run(Accounts)}. */
    void run(TernConfig config, Storage storage) throws Exception {
        run(new Accounts(storage.directory(), Services.passwordHash(config)));
    }

    @Override
    public final Integer call() {
        TernConfig config;
        try {
            config = dataDirectory.load(false).config();
        } catch (ConfigException e) {
            e.problems().forEach(p -> spec.commandLine().getErr().println("tern: " + p));
            return 1;
        } catch (IOException e) {
            return fail("cannot read the configuration: " + e.getMessage());
        }
        try (var storage = ServeStorage.open(config)) {
            run(config, storage);
            out().flush();
            return 0;
        } catch (Accounts.Refused | PasswordInput.Missing | Refused e) {
            return fail(e.getMessage());
        } catch (StoreException e) {
            return fail("the store in " + dataDirectory.dataDirectory().toAbsolutePath() + " failed: " + e.getMessage());
        } catch (Exception e) {
            return fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private int fail(String message) {
        var err = spec.commandLine().getErr();
        err.println("tern: " + message);
        err.flush();
        return 1;
    }

    /** The operator asked for something that cannot be done; the message says why and what to do instead. */
    static final class Refused extends RuntimeException {
        Refused(String message) { super(message); }
    }

    /** The parent of a group of subcommands: without a subcommand it shows the usage and exits 2. */
    abstract static class Group implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var err = spec.commandLine().getErr();
            err.println("tern: " + spec.name() + " needs a subcommand");
            spec.commandLine().usage(err);
            return 2;
        }
    }
}
