package dev.tern.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tern} command: the server and the operator's tools. Exit codes: 0 ok, 1 failed, 2 usage error. */
@Command(name = "tern",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Tern mail server: SMTP, IMAP and POP3 over one mail store.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        var cli = new CommandLine(new Main());
        // subcommands are registered here, one line each
        cli.addSubcommand(new ServeCommand());
        cli.addSubcommand(new DomainCommand());
        cli.addSubcommand(new UserCommand());
        cli.addSubcommand(new AliasCommand());
        cli.addSubcommand(new QueueCommand());
        cli.setExitCodeExceptionMapper(ex -> 1);
        // A usage error exits 2; the exit code mapper above would otherwise turn it into 1.
        cli.setParameterExceptionHandler((ex, args) -> {
            var err = ex.getCommandLine().getErr();
            err.println("tern: " + ex.getMessage() + "; see " + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help");
            err.flush();
            return 2;
        });
        return cli;
    }

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        err.println("tern: missing command");
        spec.commandLine().usage(err);
        return 2;
    }
}
