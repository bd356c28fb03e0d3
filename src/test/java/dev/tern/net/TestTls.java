package dev.tern.net;

import dev.tern.tls.SelfSignedCertificate;
import dev.tern.tls.TlsContext;
import java.nio.file.Path;

/** A server certificate made for a test; the trusting client is {@link dev.tern.server.TernTestServer#upgrade}. */
final class TestTls {
    private TestTls() {}

    static TlsContext serverContext(Path dir) {
        var cert = dir.resolve("cert.pem");
        var key = dir.resolve("key.pem");
        SelfSignedCertificate.write("localhost", cert, key);
        return TlsContext.load(cert, key);
    }
}
