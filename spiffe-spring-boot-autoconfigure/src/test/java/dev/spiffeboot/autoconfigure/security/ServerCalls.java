package dev.spiffeboot.autoconfigure.security;

import java.io.IOException;
import java.util.List;

import javax.net.ssl.SSLContext;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.X509Source;

/** Calls to the test server (SPIFFE ID {@link SecurityTestApplication#SERVER}) over mTLS as a workload, or over TLS only. */
final class ServerCalls {

    private final int port;

    private final X509Source trust;

    /**
     * @param trust any workload's source, for the bundle that verifies the server in TLS-only calls
     */
    ServerCalls(int port, X509Source trust) {
        this.port = port;
        this.trust = trust;
    }

    /**
     * One request on a new connection.
     *
     * @param as the workload presenting its X509-SVID, or {@code null} for TLS without a client certificate
     */
    HttpsProbe.Response send(String method, String path, X509Source as, String... headers) throws IOException {
        Authorizer server = Authorizer.id(SpiffeId.parse(SecurityTestApplication.SERVER));
        SSLContext tls = (as != null) ? SpiffeSslContexts.mtlsClient(as, as, server) : SpiffeSslContexts.tlsClient(this.trust, server);
        return HttpsProbe.send(this.port, method, path, List.of(headers), tls);
    }

    static String bearer(String token) {
        return "Authorization: Bearer " + token;
    }
}
