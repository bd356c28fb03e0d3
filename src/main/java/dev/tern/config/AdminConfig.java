package dev.tern.config;

import java.net.InetAddress;

/** The HTTP admin listener ({@code /health}, {@code /metrics}); loopback unless configured otherwise. */
public record AdminConfig(boolean enabled, InetAddress address, int port) {}
