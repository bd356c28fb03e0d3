package dev.tern.config;

/**
 * How recipients are read, from {@code [delivery]}: each character of {@code recipientDelimiter} separates a
 * local part from its tag (RFC 5233 sub-addressing); empty turns tags off.
 */
public record DeliveryConfig(String recipientDelimiter) {}
