package dev.tern.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;

/** The TRANSACTION state's commands (RFC 1939 §5, §7) over one session's {@link Maildrop}. */
final class Transaction {
    private final Pop3Session session;
    private final Maildrop maildrop;

    Transaction(Pop3Session session, Maildrop maildrop) {
        this.session = session;
        this.maildrop = maildrop;
    }

    /** Runs one command; true after QUIT. */
    boolean command(String keyword, List<String> args) throws IOException, Pop3Error {
        switch (keyword) {
            case "STAT" -> {
                arguments(args, 0, 0, "STAT");
                session.send("+OK " + maildrop.count() + " " + maildrop.size());
            }
            case "LIST" -> list(args);
            case "UIDL" -> uidl(args);
            case "RETR" -> {
                arguments(args, 1, 1, "RETR msg");
                retrieve(maildrop.number(args.get(0)), -1);
            }
            case "TOP" -> {
                arguments(args, 2, 2, "TOP msg n");
                int number = maildrop.number(args.get(0));
                retrieve(number, lines(args.get(1)));
            }
            case "DELE" -> {
                arguments(args, 1, 1, "DELE msg");
                int number = maildrop.number(args.get(0));
                maildrop.delete(number);
                session.send("+OK message " + number + " deleted");
            }
            case "NOOP" -> {
                arguments(args, 0, 0, "NOOP");
                session.send("+OK");
            }
            case "RSET" -> {
                arguments(args, 0, 0, "RSET");
                maildrop.reset();
                session.send("+OK maildrop has " + maildrop.count() + " messages (" + maildrop.size() + " octets)");
            }
            case "CAPA" -> session.capa();
            case "QUIT" -> {
                session.quit();
                return true;
            }
            case "USER", "PASS", "APOP", "AUTH", "STLS" -> throw new Pop3Error(keyword + " is not valid after login");
            default -> throw new Pop3Error("unknown command " + Pop3Session.printable(keyword));
        }
        return false;
    }

    // RFC 1939 §5: LIST without an argument lists every message not marked deleted; with one, just that one.
    private void list(List<String> args) throws IOException, Pop3Error {
        arguments(args, 0, 1, "LIST [msg]");
        if (args.size() == 1) {
            int number = maildrop.number(args.get(0));
            session.send("+OK " + number + " " + maildrop.at(number).size());
            return;
        }
        session.send("+OK " + maildrop.count() + " messages (" + maildrop.size() + " octets)");
        for (int n = 1; n <= maildrop.last(); n++) {
            if (!maildrop.isDeleted(n)) session.send(n + " " + maildrop.at(n).size());
        }
        session.send(".");
    }

    private void uidl(List<String> args) throws IOException, Pop3Error {
        arguments(args, 0, 1, "UIDL [msg]");
        if (args.size() == 1) {
            int number = maildrop.number(args.get(0));
            session.send("+OK " + number + " " + maildrop.uidl(number));
            return;
        }
        session.send("+OK unique-id listing follows");
        for (int n = 1; n <= maildrop.last(); n++) {
            if (!maildrop.isDeleted(n)) session.send(n + " " + maildrop.uidl(n));
        }
        session.send(".");
    }

    /** RETR ({@code lines} < 0) or TOP: streams the message from the store, byte-stuffed. */
    private void retrieve(int number, long lines) throws IOException, Pop3Error {
        var message = maildrop.at(number);
        InputStream in;
        try {
            in = maildrop.open(number, lines < 0);
        } catch (NoSuchFileException e) {
            throw new Pop3Error("message " + number + " was removed by another session meanwhile");
        }
        try (in) {
            var out = session.connection().out();
            if (lines < 0) {
                session.send("+OK " + message.size() + " octets");
                MessageWriter.retr(in, out);
            } else {
                session.send("+OK top of message " + number + " follows");
                MessageWriter.top(in, out, lines);
            }
        }
    }

    private static long lines(String argument) throws Pop3Error {
        if (argument.isEmpty() || argument.length() > 18 || !argument.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Pop3Error("TOP needs a number of lines of 0 or more, not " + Pop3Session.printable(argument));
        }
        return Long.parseLong(argument);
    }

    private static void arguments(List<String> args, int min, int max, String usage) throws Pop3Error {
        if (args.size() < min || args.size() > max || args.stream().anyMatch(String::isEmpty)) {
            throw new Pop3Error("usage: " + usage);
        }
    }
}
