package dev.spiffeboot.security.grpc.server;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * What a gRPC call presented, before anything is verified: the client certificate chain of its TLS session, the
 * bearer token of its {@code authorization} metadata, or both. Never authenticated: the
 * {@link SpiffeGrpcAuthenticationProvider} verifies it into a
 * {@link dev.spiffeboot.security.authentication.SpiffeAuthentication}.
 */
public final class UnverifiedCallerToken extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final transient List<X509Certificate> chain;

    private final transient String bearerToken;

    /**
     * What a call presented.
     *
     * @param chain the client certificate chain, leaf first (empty without one)
     * @param bearerToken the bearer token, or {@code null}
     */
    public UnverifiedCallerToken(List<X509Certificate> chain, String bearerToken) {
        super(List.of());
        this.chain = List.copyOf(Objects.requireNonNull(chain, "chain"));
        this.bearerToken = bearerToken;
        setAuthenticated(false);
    }

    /** The client certificate chain, leaf first; empty when the client presented none. */
    public List<X509Certificate> chain() {
        return this.chain;
    }

    /** The bearer token, or {@code null}. */
    public String bearerToken() {
        return this.bearerToken;
    }

    @Override
    public Object getCredentials() {
        return (this.bearerToken != null) ? this.bearerToken : "";
    }

    @Override
    public Object getPrincipal() {
        return "unverified caller";
    }

    @Override
    public String toString() {
        return "UnverifiedCallerToken[certificates=" + this.chain.size() + ", bearerToken=" + (this.bearerToken != null) + "]";
    }
}
