package dev.tern.config;

/**
 * Every bound on what a peer may send or hold, from {@code [limits]}. Sizes are in bytes. Exceeding one gets the
 * protocol's own error and never costs memory proportional to what the peer sent.
 */
public record Limits(
        int smtpLineLength,
        int imapLineLength,
        int pop3LineLength,
        long literalSize,
        long messageSize,
        int recipientsPerMessage,
        int mimeNestingDepth,
        int mimeParts,
        int mimeHeaderBytes,
        int mimeHeaderFields,
        int aliasDepth,
        int connections,
        int connectionsPerAddress,
        int commandsBeforeAuthentication,
        int authenticationFailures,
        int deliveriesPerRemoteDomain,
        int imapSessionsPerAccount,
        int imapSortCache,
        int smtpErrors,
        int messageMemory) {}
