package dev.tern.config;

import java.nio.file.Path;

/**
 * The certificate chain and private key (PEM) for STARTTLS and implicit TLS, as absolute paths. When both are
 * missing and {@code generateIfMissing} is true (the default paths), a self-signed certificate is generated there.
 */
public record TlsConfig(Path certificate, Path key, boolean generateIfMissing) {}
