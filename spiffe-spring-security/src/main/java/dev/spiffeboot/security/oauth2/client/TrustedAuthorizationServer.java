package dev.spiffeboot.security.oauth2.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * An authorization server this workload asks for access tokens: only servers configured so are contacted, whatever
 * a protected resource names.
 *
 * @param issuer its issuer identifier
 * @param http the client that reaches it (with the TLS that authenticates it: its SPIFFE ID, or the JDK's trust store)
 * @param assertion how this workload authenticates to it
 * @param tokenEndpoint its token endpoint, or {@code null} to discover it from its metadata (RFC 8414)
 */
public record TrustedAuthorizationServer(URI issuer, HttpClient http, ClientAssertion assertion, URI tokenEndpoint) {

    public TrustedAuthorizationServer {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(http, "HTTP client");
        Objects.requireNonNull(assertion, "client assertion");
    }

    @Override
    public String toString() {
        return this.issuer.toString();
    }
}
