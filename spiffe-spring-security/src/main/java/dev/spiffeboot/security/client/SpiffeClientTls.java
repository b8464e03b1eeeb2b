package dev.spiffeboot.security.client;

import java.util.Objects;

import dev.spiffeboot.svid.x509.X509SvidSource;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.tls.SpiffeTlsConfig;

/**
 * The TLS an HTTP client of this workload uses to reach a server: mTLS with this workload's X509-SVID, or TLS that
 * only authenticates the server; the server's chain is verified against the bundle of its own trust domain and its
 * SPIFFE ID authorized during the handshake.
 */
public final class SpiffeClientTls {

    private final X509SvidSource svids;

    private final X509SvidVerifier verifier;

    private final Authorizer defaultServers;

    private final RejectionListener rejections;

    /**
     * Client TLS.
     *
     * @param svids this workload's X509-SVID, or {@code null} for a workload without one (TLS only)
     * @param verifier how server chains are verified
     * @param defaultServers the servers accepted when none are named, or {@code null} when they must be named
     * @param rejections who is told about refused servers
     */
    public SpiffeClientTls(X509SvidSource svids, X509SvidVerifier verifier, Authorizer defaultServers, RejectionListener rejections) {
        this.svids = svids;
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.defaultServers = defaultServers;
        this.rejections = Objects.requireNonNull(rejections, "rejection listener");
    }

    /**
     * mTLS accepting the servers the authorizer allows.
     *
     * @throws IllegalStateException if this workload has no X509-SVID to present
     */
    public SpiffeTlsConfig mtls(Authorizer servers) {
        if (this.svids == null) {
            throw new IllegalStateException("mTLS needs this workload's X509-SVID, and it has none "
                    + "(spiffe.workload-api.fetch-x509-svid=false): use tls(serverId) and JWT-SVID bearer tokens");
        }
        return builder(servers).svid(this.svids).build();
    }

    /** TLS without a client certificate, accepting the servers the authorizer allows. */
    public SpiffeTlsConfig tls(Authorizer servers) {
        return builder(servers).build();
    }

    /**
     * The servers accepted when none are named.
     *
     * @throws IllegalStateException if there is no such default
     */
    public Authorizer defaultServers() {
        if (this.defaultServers == null) {
            throw new IllegalStateException("no default server IDs: name the server, e.g. mtls(\"spiffe://example.org/server\")");
        }
        return this.defaultServers;
    }

    private SpiffeTlsConfig.Builder builder(Authorizer servers) {
        return SpiffeTlsConfig.builder(this.verifier)
            .authorizer(Objects.requireNonNull(servers, "server authorizer"))
            .rejectionListener(this.rejections);
    }
}
