package dev.tern.cli;

import dev.tern.auth.Accounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tern user add|list|passwd|remove|quota}: accounts, their passwords and quotas. */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Add, list and remove accounts; set their passwords and quotas.",
        subcommands = {UserCommand.Add.class, UserCommand.List.class, UserCommand.Passwd.class,
                UserCommand.Remove.class, UserCommand.Quota.class})
final class UserCommand extends OperatorCommand.Group {

    private static final String PASSWORD_HELP = "Read the password from the first line of standard input even "
            + "when it is a terminal (it is read from there anyway when standard input is not a terminal).";

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add an account with INBOX, Sent, Drafts, Trash, Junk and Archive.",
                    "The password is asked twice on the terminal, or read from the first line of standard input."})
    static final class Add extends OperatorCommand {
        @Parameters(paramLabel = "ADDRESS", description = "e.g. alice@example.com; its domain must be added first")
        String address;

        @Option(names = "--quota", paramLabel = "SIZE", converter = ByteSize.class, defaultValue = "none",
                description = "Storage limit: 500M, 2G, ... or none (default).")
        long quota;

        @Option(names = "--password-stdin", description = PASSWORD_HELP)
        boolean passwordStdin;

        @Override
        void run(Accounts accounts) throws PasswordInput.Missing {
            var normalised = accounts.checkNewUser(address).toString();
            accounts.addUser(normalised, PasswordInput.read(normalised, passwordStdin), quota);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the accounts with the storage they use and their quota.")
    static final class List extends OperatorCommand {
        @Override
        void run(Accounts accounts) {
            var table = new Columns("ADDRESS", "USED", "QUOTA");
            for (var a : accounts.users()) {
                table.add(a.address(), ByteSize.format(a.usedBytes()),
                        a.quotaBytes() == 0 ? "none" : ByteSize.format(a.quotaBytes()));
            }
            table.print(out());
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set an account's password (asked twice, or the first line of standard input).")
    static final class Passwd extends OperatorCommand {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Option(names = "--password-stdin", description = PASSWORD_HELP)
        boolean passwordStdin;

        @Override
        void run(Accounts accounts) throws PasswordInput.Missing {
            var account = accounts.user(address);
            accounts.setPassword(account.address(), PasswordInput.read(account.address(), passwordStdin));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an account and all its mail, and aliases that point only to it.")
    static final class Remove extends OperatorCommand {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Override
        void run(Accounts accounts) {
            accounts.removeUser(address);
        }
    }

    @Command(name = "quota", mixinStandardHelpOptions = true, description = "Set an account's storage limit.")
    static final class Quota extends OperatorCommand {
        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @Parameters(index = "1", paramLabel = "SIZE", converter = ByteSize.class,
                description = "500M, 2G, ... or 0 / none for no limit")
        long quota;

        @Override
        void run(Accounts accounts) {
            accounts.setQuota(address, quota);
        }
    }
}
