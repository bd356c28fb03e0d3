package dev.tern.cli;

import dev.tern.auth.Accounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tern domain add|list|remove}: the domains this server receives mail for. */
@Command(name = "domain", mixinStandardHelpOptions = true,
        description = "Add, list and remove the domains this server receives mail for.",
        subcommands = {DomainCommand.Add.class, DomainCommand.List.class, DomainCommand.Remove.class})
final class DomainCommand extends OperatorCommand.Group {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a domain (international names are stored in their ASCII form).")
    static final class Add extends OperatorCommand {
        @Parameters(paramLabel = "DOMAIN", description = "e.g. example.com")
        String domain;

        @Override
        void run(Accounts accounts) {
            accounts.addDomain(domain);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the domains, one a line.")
    static final class List extends OperatorCommand {
        @Override
        void run(Accounts accounts) {
            accounts.domains().forEach(out()::println);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a domain that has no accounts or aliases left.")
    static final class Remove extends OperatorCommand {
        @Parameters(paramLabel = "DOMAIN")
        String domain;

        @Override
        void run(Accounts accounts) {
            accounts.removeDomain(domain);
        }
    }
}
