package dev.tern.cli;

import dev.tern.auth.Accounts;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tern alias add|list|remove}: addresses that forward to others, and catch-alls. */
@Command(name = "alias", mixinStandardHelpOptions = true,
        description = "Add, list and remove aliases: addresses that deliver to other addresses.",
        subcommands = {AliasCommand.Add.class, AliasCommand.List.class, AliasCommand.Remove.class})
final class AliasCommand extends OperatorCommand.Group {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add targets to an alias (creating it).",
                    "SOURCE @example.com is the domain's catch-all: it gets mail for addresses nobody has."})
    static final class Add extends OperatorCommand {
        @Parameters(index = "0", paramLabel = "SOURCE", description = "e.g. team@example.com or @example.com")
        String source;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET",
                description = "Addresses here or elsewhere.")
        java.util.List<String> targets;

        @Override
        void run(Accounts accounts) {
            accounts.addAlias(source, targets);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the aliases and their targets.")
    static final class List extends OperatorCommand {
        @Override
        void run(Accounts accounts) {
            var table = new Columns("SOURCE", "TARGETS");
            for (var a : accounts.aliases()) table.add(a.source(), String.join(", ", a.targets()));
            table.print(out());
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an alias, or only one of its targets.")
    static final class Remove extends OperatorCommand {
        @Parameters(index = "0", paramLabel = "SOURCE")
        String source;

        @Parameters(index = "1", arity = "0..1", paramLabel = "TARGET")
        String target;

        @Override
        void run(Accounts accounts) {
            accounts.removeAlias(source, Optional.ofNullable(target));
        }
    }
}
