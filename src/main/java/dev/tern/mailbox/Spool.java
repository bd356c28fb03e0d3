package dev.tern.mailbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The spool directory: where a message waits while it arrives (SMTP DATA, an IMAP APPEND literal) and while it is
 * normalised and parsed before it is stored. Nothing in it is ever acknowledged to a client, so whatever a crash
 * leaves here is garbage. Files made here carry the writing process's id ({@code smtp-<pid>-<random>.eml}), so
 * that {@link #sweep} can tell a dead process's leftovers from the files of a live one (the server and the CLI
 * may share a data directory).
 */
public final class Spool {
    /** How long a file whose writer cannot be told is kept: far longer than any message takes to arrive. */
    public static final Duration MAX_AGE = Duration.ofDays(1);

    private static final long PID = ProcessHandle.current().pid();
    private static final Pattern NAME = Pattern.compile("[a-z]+-(\\d{1,18})-.*");

    private Spool() {}

    /** Creates an empty file in {@code spool} named for its purpose (e.g. "smtp") and this process. */
    public static Path createFile(Path spool, String purpose) throws IOException {
        return Files.createTempFile(spool, purpose + "-" + PID + "-", ".eml");
    }

    /**
     * Deletes the files of processes that are gone, and any file older than {@link #MAX_AGE} (its process id may
     * have been reused, or its name does not say which process wrote it); a live process's files are messages
     * arriving now.
     *
     * @return how many files were deleted
     */
    public static int sweep(Path spool) throws IOException {
        if (!Files.isDirectory(spool)) return 0;
        var cutoff = Instant.now().minus(MAX_AGE);
        int deleted = 0;
        try (var files = Files.newDirectoryStream(spool, Files::isRegularFile)) {
            for (var file : files) {
                var name = NAME.matcher(file.getFileName().toString());
                boolean writerGone = name.matches() && ProcessHandle.of(Long.parseLong(name.group(1)))
                        .map(p -> !p.isAlive()).orElse(true);
                try {
                    if ((writerGone || Files.getLastModifiedTime(file).toInstant().isBefore(cutoff))
                            && Files.deleteIfExists(file)) {
                        deleted++;
                    }
                } catch (NoSuchFileException finishedMeanwhile) {
                    // its writer was done with it and removed it
                }
            }
        }
        return deleted;
    }
}
