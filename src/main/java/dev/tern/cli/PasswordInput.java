package dev.tern.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a new password: from the terminal, asked twice, when standard input is one; else the first line of
 * standard input (for scripts: {@code printf '%s\n' "$PW" | tern user add ...}). Never from the command line,
 * where other users could read it in the process list.
 */
final class PasswordInput {
    private PasswordInput() {}

    /** Thrown when no password could be read; the message says how to give one. */
    static final class Missing extends Exception {
        Missing(String message) { super(message); }
    }

    static String read(String address, boolean fromStdin) throws Missing {
        var console = System.console();
        if (!fromStdin && console != null && console.isTerminal()) {
            var first = console.readPassword("New password for %s: ", address);
            var again = console.readPassword("Repeat the password: ");
            if (first == null || again == null) throw new Missing("no password was entered");
            try {
                if (!Arrays.equals(first, again)) throw new Missing("the two passwords differ; run the command again");
                return new String(first);
            } finally {
                Arrays.fill(first, ' ');
                Arrays.fill(again, ' ');
            }
        }
        try {
            var line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) throw new Missing("no password on standard input; give it as the first line,"
                    + " e.g. printf '%s\\n' \"$PASSWORD\" | tern user ...");
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            return line;
        } catch (IOException e) {
            throw new Missing("cannot read the password from standard input: " + e.getMessage());
        }
    }
}
