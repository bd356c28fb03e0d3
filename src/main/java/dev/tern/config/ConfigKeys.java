package dev.tern.config;

import java.time.Duration;
import java.util.List;

/**
 * Every key of {@code tern.toml} with its default and meaning: the one place they are written down. The loader
 * takes defaults from here, {@link DefaultConfigFile} writes them with their meaning on first start, and a test
 * checks that docs/configuration.md names each of them.
 */
public final class ConfigKeys {
    private ConfigKeys() {}

    private static final long K = 1024;
    private static final long M = 1024 * K;
    private static final long G = 1024 * M;

    // --- top level ---------------------------------------------------------------------------------------------

    /** Default: the machine's hostname, found at start; see {@link DefaultConfigFile#machineHostname()}. */
    public static final ConfigKey<String> HOSTNAME = new ConfigKey<>("", "hostname", new ValueRule.Hostname(), null,
            "The name this host gives itself in greetings (SMTP 220, EHLO) and in the self-signed certificate.\n"
                    + "Set it to the name your MX record points to.");
    public static final ConfigKey<String> DATA_DIRECTORY = new ConfigKey<>("", "data-directory",
            new ValueRule.FilePath(), "\".\"",
            "Where the mail store lives. Relative to the directory of this file. `tern serve --data DIR` overrides it.");
    public static final ConfigKey<PlaintextAuth> PLAINTEXT_AUTH = new ConfigKey<>("", "plaintext-auth",
            new ValueRule.Choice<>(PlaintextAuth.class), "\"loopback\"",
            "Where a password may be sent without TLS: \"never\", \"loopback\" (127.0.0.0/8 and ::1) or \"always\".");

    // --- [tls] -------------------------------------------------------------------------------------------------

    public static final ConfigKey<String> TLS_CERTIFICATE = new ConfigKey<>("tls", "certificate",
            new ValueRule.FilePath(), "\"tls/cert.pem\"",
            "Certificate chain (PEM, server certificate first), relative to the data directory.\n"
                    + "If it and the key are both missing at the default paths, a self-signed one is generated.");
    public static final ConfigKey<String> TLS_KEY = new ConfigKey<>("tls", "key", new ValueRule.FilePath(),
            "\"tls/key.pem\"", "Private key of the certificate (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC), mode 600.");

    // --- [limits] ----------------------------------------------------------------------------------------------

    public static final ConfigKey<Long> SMTP_LINE_LENGTH = new ConfigKey<>("limits", "smtp-line-length",
            new ValueRule.Size(80, 1 * M), "1000",
            "Longest SMTP command or text line in bytes, CRLF included (RFC 5321 §4.5.3.1.6 asks for 1000).");
    public static final ConfigKey<Long> IMAP_LINE_LENGTH = new ConfigKey<>("limits", "imap-line-length",
            new ValueRule.Size(1 * K, 16 * M), "\"64K\"",
            "Longest IMAP command line, literals not counted (RFC 7162 §4 asks servers to take at least 8192).");
    public static final ConfigKey<Long> POP3_LINE_LENGTH = new ConfigKey<>("limits", "pop3-line-length",
            new ValueRule.Size(255, 1 * M), "\"8K\"",
            "Longest POP3 command line; above the 255 of RFC 2449 §4 because SASL responses are longer.");
    public static final ConfigKey<Long> LITERAL_SIZE = new ConfigKey<>("limits", "literal-size",
            new ValueRule.Size(1, 1 * G), "\"64K\"",
            "Largest IMAP literal other than an APPEND message (those are bounded by message-size).");
    public static final ConfigKey<Long> MESSAGE_SIZE = new ConfigKey<>("limits", "message-size",
            new ValueRule.Size(1 * K, 2 * G), "\"50M\"",
            "Largest message accepted by SMTP (advertised as SIZE, RFC 1870) and IMAP APPEND.");
    public static final ConfigKey<Integer> RECIPIENTS = new ConfigKey<>("limits", "recipients-per-message",
            new ValueRule.WholeNumber(1, 100_000), "100",
            "Most RCPT TO per SMTP transaction (RFC 5321 §4.5.3.1.8: at least 100 should be accepted).");
    public static final ConfigKey<Integer> MIME_DEPTH = new ConfigKey<>("limits", "mime-nesting-depth",
            new ValueRule.WholeNumber(1, 1000), "32",
            "Deepest nesting of MIME parts that is parsed; deeper parts are treated as opaque bodies.");
    public static final ConfigKey<Integer> MIME_PARTS = new ConfigKey<>("limits", "mime-parts",
            new ValueRule.WholeNumber(1, 1_000_000), "10000",
            "Most MIME parts of one message that are parsed for IMAP's BODYSTRUCTURE and search; later parts are\n"
                    + "left out of the structure (their bytes stay in the message and in BODY[TEXT]).");
    public static final ConfigKey<Long> MIME_HEADER_SIZE = new ConfigKey<>("limits", "mime-header-size",
            new ValueRule.Size(256, 16 * M), "\"64K\"",
            "Longest header field (with its continuation lines) kept when a message or part is parsed; the rest is\n"
                    + "skipped, byte offsets stay exact. Header searches read at most this much of a header section.");
    public static final ConfigKey<Integer> MIME_HEADER_FIELDS = new ConfigKey<>("limits", "mime-header-fields",
            new ValueRule.WholeNumber(16, 1_000_000), "1000",
            "Most header fields of one message or part that are parsed.");
    public static final ConfigKey<Integer> ALIAS_DEPTH = new ConfigKey<>("limits", "alias-depth",
            new ValueRule.WholeNumber(1, 100), "10",
            "Deepest chain of aliases followed when resolving a recipient (an alias of an alias ...); deeper is\n"
                    + "treated as an unknown recipient, so that an alias loop cannot hold delivery.");
    public static final ConfigKey<Integer> CONNECTIONS = new ConfigKey<>("limits", "connections",
            new ValueRule.WholeNumber(1, 1_000_000), "1000",
            "Most client connections open at once, over all listeners; more are refused with the protocol's error.");
    public static final ConfigKey<Integer> CONNECTIONS_PER_ADDRESS = new ConfigKey<>("limits",
            "connections-per-address", new ValueRule.WholeNumber(1, 1_000_000), "20",
            "Most connections open at once from one client IP address, over all listeners.");
    public static final ConfigKey<Integer> COMMANDS_BEFORE_AUTH = new ConfigKey<>("limits",
            "commands-before-authentication", new ValueRule.WholeNumber(1, 100_000), "50",
            "Most commands a client may send before it authenticates; then the connection is closed.");
    public static final ConfigKey<Integer> AUTH_FAILURES = new ConfigKey<>("limits", "authentication-failures",
            new ValueRule.WholeNumber(1, 1000), "3",
            "Failed authentications allowed per connection; the next failure closes it.");
    public static final ConfigKey<Integer> IMAP_SESSIONS_PER_ACCOUNT = new ConfigKey<>("limits",
            "imap-sessions-per-account", new ValueRule.WholeNumber(0, 1_000_000), "100",
            "Most IMAP sessions one account may have logged in at once (each device holds several);\n"
                    + "a login beyond it is refused with NO [LIMIT]. 0: no limit.");
    public static final ConfigKey<Integer> IMAP_SORT_CACHE = new ConfigKey<>("limits", "imap-sort-cache",
            new ValueRule.WholeNumber(0, 100_000_000), "500000",
            "Most SORT keys (one per message and sort criterion) kept between IMAP commands, over all mailboxes,\n"
                    + "so that sorting a large mailbox again reads no envelopes (about 70 bytes each); the least\n"
                    + "recently used mailboxes' keys go first. 0 keeps none.");
    public static final ConfigKey<Integer> DELIVERIES_PER_DOMAIN = new ConfigKey<>("limits",
            "deliveries-per-remote-domain", new ValueRule.WholeNumber(1, 1000), "4",
            "Most outbound SMTP connections delivering to one remote domain at once.");

    public static final ConfigKey<Integer> SMTP_ERRORS = new ConfigKey<>("limits", "smtp-errors",
            new ValueRule.WholeNumber(1, 10_000), "20",
            "Syntax and sequence errors (5.5.x replies) an SMTP connection may make; then 421 and close, so that\n"
                    + "a probe gets no endless tries (RFC 5321 §4.5.3.2 lets a server end a session that goes nowhere).");

    public static final ConfigKey<Long> MESSAGE_MEMORY = new ConfigKey<>("limits", "message-memory",
            new ValueRule.Size(0, 16 * M), "\"128K\"",
            "A message arriving over SMTP or by IMAP APPEND is held in memory up to this size (one per connection;\n"
                    + "the messages of one MULTIAPPEND together); a larger one is written to the spool directory\n"
                    + "as it arrives. 0 spools every message.");

    // --- [timeouts] --------------------------------------------------------------------------------------------

    public static final ConfigKey<Duration> SMTP_IDLE = new ConfigKey<>("timeouts", "smtp-idle",
            new ValueRule.Length(Duration.ofMinutes(5), "RFC 5321 §4.5.3.2.7"), "\"5m\"",
            "An SMTP client silent this long is disconnected (RFC 5321 §4.5.3.2.7: at least 5 minutes).");
    public static final ConfigKey<Duration> IMAP_IDLE = new ConfigKey<>("timeouts", "imap-idle",
            new ValueRule.Length(Duration.ofMinutes(30), "RFC 9051 §5.4"), "\"30m\"",
            "An IMAP client silent this long is logged out (RFC 9051 §5.4: at least 30 minutes).");
    public static final ConfigKey<Duration> POP3_IDLE = new ConfigKey<>("timeouts", "pop3-idle",
            new ValueRule.Length(Duration.ofMinutes(10), "RFC 1939 §3"), "\"10m\"",
            "A POP3 client silent this long is disconnected (RFC 1939 §3: at least 10 minutes).");
    public static final ConfigKey<Duration> TLS_HANDSHAKE = new ConfigKey<>("timeouts", "tls-handshake",
            new ValueRule.Length(Duration.ofMillis(100), ""), "\"10s\"",
            "Longest a TLS handshake (implicit or after STARTTLS) may take.");
    public static final ConfigKey<Duration> SHUTDOWN_GRACE = new ConfigKey<>("timeouts", "shutdown-grace",
            new ValueRule.Length(Duration.ZERO, ""), "\"10s\"",
            "On SIGTERM, how long sessions may finish before their connections are closed.");
    public static final ConfigKey<Duration> SMTP_SESSION = new ConfigKey<>("timeouts", "smtp-session",
            new ValueRule.Length(Duration.ofSeconds(1), ""), "\"1h\"",
            "Longest an SMTP connection may last however busy it is; then 421 and close, so that a client "
                    + "dribbling bytes cannot hold a connection forever.");

    // --- [store] -----------------------------------------------------------------------------------------------

    public static final ConfigKey<Boolean> GROUP_COMMIT = new ConfigKey<>("store", "group-commit",
            new ValueRule.Switch(), "true",
            "Commit many concurrent writes in one durable transaction (one fsync for many messages).");

    public static final ConfigKey<Long> INLINE_BODY_SIZE = new ConfigKey<>("store", "inline-body-size",
            new ValueRule.Size(0, 1 * M), "\"64K\"",
            "Message bodies up to this size are kept in the database, written in the same transaction as their\n"
                    + "message: one commit (one fsync for a whole group commit) makes both durable. Larger bodies\n"
                    + "are files under blobs/, each with its own fsync. 0 keeps every body in a file.");

    public static final ConfigKey<Duration> SWEEP_INTERVAL = new ConfigKey<>("store", "sweep-interval",
            new ValueRule.Length(Duration.ofMinutes(1), ""), "\"1h\"",
            "How often message bodies that nothing references any more (deleted mail, or a crash between\n"
                    + "writing a body and committing its message) are removed. Bodies younger than an hour are kept.");

    // --- [queue] -----------------------------------------------------------------------------------------------

    public static final ConfigKey<java.util.List<Duration>> QUEUE_RETRY_INTERVALS = new ConfigKey<>("queue",
            "retry-intervals", new ValueRule.Lengths(), "\"0s 5m 10m 20m 40m 90m 3h 4h\"",
            "Wait before each attempt to deliver to a remote host: the first before the first attempt, the n-th\n"
                    + "after the (n-1)-th deferral; the last repeats until the message expires.");
    public static final ConfigKey<Integer> QUEUE_RETRY_JITTER = new ConfigKey<>("queue", "retry-jitter-percent",
            new ValueRule.WholeNumber(0, 50), "10",
            "Each wait is lengthened or shortened at random by up to this share, so that deferred messages\n"
                    + "do not all return to a recovering host at once.");
    public static final ConfigKey<Duration> QUEUE_DELAY_NOTICE = new ConfigKey<>("queue", "delay-notice",
            new ValueRule.Length(Duration.ZERO, ""), "\"4h\"",
            "After this long undelivered, the sender gets a delay notice (RFC 3464 DSN) if NOTIFY allows; \"0s\": never.");
    public static final ConfigKey<Duration> QUEUE_GIVE_UP = new ConfigKey<>("queue", "give-up",
            new ValueRule.Length(Duration.ofSeconds(1), ""), "\"5d\"",
            "After this long undelivered, delivery fails and the sender gets a failure DSN.");
    public static final ConfigKey<Integer> QUEUE_DELIVERIES = new ConfigKey<>("queue", "deliveries",
            new ValueRule.WholeNumber(1, 10_000), "20",
            "Most outbound deliveries (SMTP transactions to remote hosts) running at once, over all domains.");
    public static final ConfigKey<Integer> QUEUE_MESSAGES_PER_DELIVERY = new ConfigKey<>("queue",
            "messages-per-delivery", new ValueRule.WholeNumber(1, 1000), "20",
            "Most due messages for one domain that a delivery sends one after another, over one connection,\n"
                    + "before its slot is handed out again; 1 sends one message per slot. Larger batches need fewer\n"
                    + "store writes and scheduling rounds per message.");
    public static final ConfigKey<Duration> QUEUE_POLL_INTERVAL = new ConfigKey<>("queue", "poll-interval",
            new ValueRule.Length(Duration.ofMillis(10), ""), "\"5s\"",
            "How often the queue looks for changes made by `tern queue` (retry, release) while the server runs.");

    // --- [outbound] --------------------------------------------------------------------------------------------

    public static final ConfigKey<Integer> OUTBOUND_PORT = new ConfigKey<>("outbound", "port",
            new ValueRule.WholeNumber(1, 65535), "25", "TCP port of remote mail exchangers (25 everywhere but tests).");
    public static final ConfigKey<java.util.Optional<java.net.InetAddress>> OUTBOUND_DNS_SERVER = new ConfigKey<>(
            "outbound", "dns-server", new ValueRule.OptionalAddress(), "\"\"",
            "DNS resolver for MX lookups; \"\" uses the system's (/etc/resolv.conf).");
    public static final ConfigKey<Integer> OUTBOUND_DNS_PORT = new ConfigKey<>("outbound", "dns-port",
            new ValueRule.WholeNumber(1, 65535), "53", "Port of dns-server.");
    public static final ConfigKey<Integer> OUTBOUND_DNS_CACHE_ENTRIES = new ConfigKey<>("outbound",
            "dns-cache-entries", new ValueRule.WholeNumber(0, 10_000_000), "10000",
            "MX, A and AAAA answers kept for their TTL (at most a day), so that many messages to one domain\n"
                    + "make one lookup; the least recently used go first. 0 keeps none.");
    public static final ConfigKey<Duration> OUTBOUND_DNS_NEGATIVE_TTL = new ConfigKey<>("outbound",
            "dns-negative-ttl", new ValueRule.Length(Duration.ZERO, ""), "\"1m\"",
            "Longest time an answer saying a name or its records do not exist is kept (shorter if the zone's\n"
                    + "SOA says so, RFC 2308); \"0s\" keeps none.");
    public static final ConfigKey<Boolean> OUTBOUND_TLS_VERIFY = new ConfigKey<>("outbound", "tls-verify",
            new ValueRule.Switch(), "false",
            "Verify remote certificates on STARTTLS; when false, TLS is used when offered but not verified\n"
                    + "(opportunistic TLS, RFC 7435), as most MTAs do.");
    public static final ConfigKey<Duration> OUTBOUND_CONNECT_TIMEOUT = new ConfigKey<>("outbound", "connect-timeout",
            new ValueRule.Length(Duration.ofMillis(100), ""), "\"30s\"",
            "Longest wait for a TCP connection to a remote host; then the next host is tried.");
    public static final ConfigKey<String> OUTBOUND_SMART_HOST = new ConfigKey<>("outbound", "smart-host",
            new ValueRule.Text(), "\"\"",
            "Relay every outbound message through this host (name or IP) instead of looking up MX records;\n"
                    + "\"\" delivers directly.");
    public static final ConfigKey<Integer> OUTBOUND_SMART_HOST_PORT = new ConfigKey<>("outbound",
            "smart-host-port", new ValueRule.WholeNumber(1, 65535), "587", "Port of the smart host.");
    public static final ConfigKey<TlsMode> OUTBOUND_SMART_HOST_TLS = new ConfigKey<>("outbound", "smart-host-tls",
            new ValueRule.Choice<>(TlsMode.class), "\"starttls\"",
            "TLS to the smart host: \"starttls\" (required, certificate verified), \"implicit\" or \"none\".");
    public static final ConfigKey<String> OUTBOUND_SMART_HOST_USERNAME = new ConfigKey<>("outbound",
            "smart-host-username", new ValueRule.Text(), "\"\"",
            "User name for AUTH PLAIN at the smart host; \"\" sends no AUTH.");
    public static final ConfigKey<String> OUTBOUND_SMART_HOST_PASSWORD_FILE = new ConfigKey<>("outbound",
            "smart-host-password-file", new ValueRule.Text(), "\"\"",
            "File holding the smart host password (first line), relative to the data directory; keep it mode 600.");

    // --- [auth] ------------------------------------------------------------------------------------------------

    public static final ConfigKey<Long> ARGON2_MEMORY = new ConfigKey<>("auth", "argon2-memory",
            new ValueRule.Size(8 * K, 4 * G), "\"19M\"",
            "Memory cost of new Argon2id password hashes (19M with 2 iterations is OWASP's recommendation).\n"
                    + "Existing hashes keep the cost they were made with.");
    public static final ConfigKey<Integer> ARGON2_ITERATIONS = new ConfigKey<>("auth", "argon2-iterations",
            new ValueRule.WholeNumber(1, 100), "2", "Time cost (passes) of new Argon2id password hashes.");
    public static final ConfigKey<Integer> LOGIN_CACHE_ENTRIES = new ConfigKey<>("auth", "login-cache-entries",
            new ValueRule.WholeNumber(0, 10_000_000), "10000",
            "Verified logins remembered (as a keyed digest, never the password) so that a client logging in\n"
                    + "again skips the Argon2id work; 0 turns the cache off. A password change clears the entry.");
    public static final ConfigKey<Duration> LOGIN_CACHE_TTL = new ConfigKey<>("auth", "login-cache-ttl",
            new ValueRule.Length(Duration.ZERO, ""), "\"10m\"", "How long a verified login is remembered.");

    public static final ConfigKey<Duration> AUTH_FAILURE_DELAY = new ConfigKey<>("auth", "failure-delay",
            new ValueRule.Length(Duration.ZERO, ""), "\"500ms\"",
            "Delay before answering a client address's first failed login; it doubles with each further failure.");
    public static final ConfigKey<Duration> AUTH_FAILURE_DELAY_MAX = new ConfigKey<>("auth", "failure-delay-max",
            new ValueRule.Length(Duration.ZERO, ""), "\"15s\"",
            "Longest delay before answering a failed login (at least failure-delay).");
    public static final ConfigKey<Duration> AUTH_FAILURE_WINDOW = new ConfigKey<>("auth", "failure-window",
            new ValueRule.Length(Duration.ofSeconds(1), ""), "\"10m\"",
            "A client address's failures are forgotten after this long without a new one. Successes do not reset\n"
                    + "the count, so one valid account does not let a client guess at others undelayed.");
    public static final ConfigKey<Integer> AUTH_FAILURE_CLIENTS = new ConfigKey<>("auth", "failure-clients",
            new ValueRule.WholeNumber(1, 10_000_000), "10000",
            "Client addresses whose failures are remembered at once (the least recently failing are forgotten\n"
                    + "first), so that the table's size does not depend on what attackers send.");

    // --- [delivery] --------------------------------------------------------------------------------------------

    public static final ConfigKey<String> RECIPIENT_DELIMITER = new ConfigKey<>("delivery", "recipient-delimiter",
            new ValueRule.Text(), "\"+\"",
            "Characters that separate a local part from its tag (user+tag@domain delivers to user, into the folder\n"
                    + "tag if it exists); each character is a delimiter, \"\" turns plus-addressing off.");

    // --- [pop3] ------------------------------------------------------------------------------------------------

    public static final ConfigKey<Duration> POP3_KEEP_DELETED = new ConfigKey<>("pop3", "keep-deleted-in-trash",
            new ValueRule.Length(Duration.ZERO, ""), "\"0d\"",
            "When above 0, messages a POP3 client deletes are moved to Trash and purged from there this long\n"
                    + "after (at the account's next POP3 login); \"0d\" removes them at once, as RFC 1939 describes.");
    public static final ConfigKey<Duration> POP3_LOGIN_DELAY = new ConfigKey<>("pop3", "login-delay",
            new ValueRule.Length(Duration.ZERO, ""), "\"0s\"",
            "Shortest time between two POP3 logins of one account (RFC 2449 §6.5 LOGIN-DELAY); \"0s\" is no limit.");

    // --- [admin] -----------------------------------------------------------------------------------------------

    public static final ConfigKey<Boolean> ADMIN_ENABLED = new ConfigKey<>("admin", "enabled",
            new ValueRule.Switch(), "true", "Serve the HTTP admin listener (/health, /metrics).");
    public static final ConfigKey<java.net.InetAddress> ADMIN_ADDRESS = new ConfigKey<>("admin", "address",
            new ValueRule.Address(), "\"127.0.0.1\"",
            "Address of the admin listener. It has no authentication: keep it on loopback or a private network.");
    public static final ConfigKey<Integer> ADMIN_PORT = new ConfigKey<>("admin", "port",
            new ValueRule.WholeNumber(0, 65535), "2880", "Port of the admin listener (0 picks a free port).");

    // --- [[listeners]] -----------------------------------------------------------------------------------------

    public static final ConfigKey<ListenerProtocol> LISTENER_PROTOCOL = new ConfigKey<>("listeners", "protocol",
            new ValueRule.Choice<>(ListenerProtocol.class), null,
            "What the listener speaks: \"smtp\" (mail from other hosts), \"submission\" (users sending mail),\n"
                    + "\"imap\" or \"pop3\".");
    public static final ConfigKey<java.net.InetAddress> LISTENER_ADDRESS = new ConfigKey<>("listeners", "address",
            new ValueRule.Address(), null, "IP address to listen on: \"0.0.0.0\" or \"::\" for every address.");
    public static final ConfigKey<Integer> LISTENER_PORT = new ConfigKey<>("listeners", "port",
            new ValueRule.WholeNumber(0, 65535), null, "TCP port (0 picks a free port).");
    public static final ConfigKey<TlsMode> LISTENER_TLS = new ConfigKey<>("listeners", "tls",
            new ValueRule.Choice<>(TlsMode.class), null,
            "\"none\", \"starttls\" (plaintext upgraded by STARTTLS/STLS) or \"implicit\" (TLS from the first byte).");

    /** The scalar keys in the order the default file lists them. */
    public static final List<ConfigKey<?>> SCALARS = List.of(
            HOSTNAME, DATA_DIRECTORY, PLAINTEXT_AUTH,
            TLS_CERTIFICATE, TLS_KEY,
            SMTP_LINE_LENGTH, IMAP_LINE_LENGTH, POP3_LINE_LENGTH, LITERAL_SIZE, MESSAGE_SIZE, RECIPIENTS,
            MIME_DEPTH, MIME_PARTS, MIME_HEADER_SIZE, MIME_HEADER_FIELDS, ALIAS_DEPTH, CONNECTIONS,
            CONNECTIONS_PER_ADDRESS, COMMANDS_BEFORE_AUTH, AUTH_FAILURES, IMAP_SESSIONS_PER_ACCOUNT, IMAP_SORT_CACHE,
            DELIVERIES_PER_DOMAIN, SMTP_ERRORS, MESSAGE_MEMORY,
            SMTP_IDLE, IMAP_IDLE, POP3_IDLE, TLS_HANDSHAKE, SHUTDOWN_GRACE, SMTP_SESSION,
            GROUP_COMMIT, INLINE_BODY_SIZE, SWEEP_INTERVAL,
            QUEUE_RETRY_INTERVALS, QUEUE_RETRY_JITTER, QUEUE_DELAY_NOTICE, QUEUE_GIVE_UP, QUEUE_DELIVERIES,
            QUEUE_MESSAGES_PER_DELIVERY,
            QUEUE_POLL_INTERVAL,
            OUTBOUND_PORT, OUTBOUND_DNS_SERVER, OUTBOUND_DNS_PORT, OUTBOUND_DNS_CACHE_ENTRIES,
            OUTBOUND_DNS_NEGATIVE_TTL, OUTBOUND_TLS_VERIFY, OUTBOUND_CONNECT_TIMEOUT,
            OUTBOUND_SMART_HOST, OUTBOUND_SMART_HOST_PORT, OUTBOUND_SMART_HOST_TLS, OUTBOUND_SMART_HOST_USERNAME,
            OUTBOUND_SMART_HOST_PASSWORD_FILE,
            ARGON2_MEMORY, ARGON2_ITERATIONS, LOGIN_CACHE_ENTRIES, LOGIN_CACHE_TTL,
            AUTH_FAILURE_DELAY, AUTH_FAILURE_DELAY_MAX, AUTH_FAILURE_WINDOW, AUTH_FAILURE_CLIENTS,
            RECIPIENT_DELIMITER,
            POP3_KEEP_DELETED, POP3_LOGIN_DELAY,
            ADMIN_ENABLED, ADMIN_ADDRESS, ADMIN_PORT);

    /** The keys of each {@code [[listeners]]} entry; all four are required in an entry. */
    public static final List<ConfigKey<?>> LISTENER_KEYS =
            List.of(LISTENER_PROTOCOL, LISTENER_ADDRESS, LISTENER_PORT, LISTENER_TLS);

    /** Every key, scalars then listener keys. */
    public static final List<ConfigKey<?>> ALL =
            java.util.stream.Stream.concat(SCALARS.stream(), LISTENER_KEYS.stream()).toList();

    /** The quick start: every listener on 127.0.0.1 on a high port, so that no root is needed. */
    public static final List<String> DEFAULT_LISTENERS = List.of(
            "smtp 2525 starttls", "submission 2587 starttls", "submission 2465 implicit",
            "imap 2143 starttls", "imap 2993 implicit", "pop3 2110 starttls", "pop3 2995 implicit");
}
